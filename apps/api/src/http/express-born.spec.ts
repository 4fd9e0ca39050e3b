import express, { Request, Response } from 'express';
import { createServer, IncomingMessage, ServerResponse } from 'node:http';
import request from 'supertest';
import { createAuthenticator, generateSigningKey, localAuthConfig } from '../../../../libs/auth/src';
import { createRuntime } from '../../../../libs/runtime/src';
import { createApp } from '../create-app';
import { expressBorn } from './express-born';

/** The prototypes a request and its response had when the server handed them over, before Express saw them. */
function watch(server: ReturnType<typeof createServer>) {
  const seen: Array<{ req: object; res: object }> = [];
  server.prependListener('request', (req: IncomingMessage, res: ServerResponse) => seen.push({ req: Object.getPrototypeOf(req), res: Object.getPrototypeOf(res) }));
  return seen;
}

describe('expressBorn: requests and responses made with Express prototypes', () => {
  it('hands Express objects that already have its prototypes, and Express answers on them as usual', async () => {
    const app = express();
    app.set('trust proxy', false);
    app.post('/kaders/:id', express.json(), (req: Request, res: Response) => {
      res.status(201).json({ id: req.params.id, type: req.header('content-type'), body: req.body, ip: req.ip });
    });
    const server = createServer(expressBorn(app), app);
    const seen = watch(server);
    const res = await request(server).post('/kaders/k-1').send({ titel: 'Mijlpaal' });
    expect(res.status).toBe(201);
    expect(res.body).toEqual({ id: 'k-1', type: 'application/json', body: { titel: 'Mijlpaal' }, ip: expect.stringMatching(/127\.0\.0\.1/) });
    const { request: reqProto, response: resProto } = app as unknown as { request: object; response: object };
    expect(seen).toEqual([{ req: reqProto, res: resProto }]);
    // Still Node's own objects underneath.
    expect(ServerResponse.prototype.isPrototypeOf(resProto)).toBe(true);
    expect(IncomingMessage.prototype.isPrototypeOf(reqProto)).toBe(true);
  });

  it('makes them with classes that extend Node\'s own, whose prototypes carry what Express put on its own', () => {
    const app = express();
    const { request: before, response: responseBefore } = app as unknown as { request: object; response: object };
    const { IncomingMessage: Req, ServerResponse: Res } = expressBorn(app);
    const { request: reqProto, response: resProto } = app as unknown as { request: Record<string, unknown>; response: Record<string, unknown> };
    // Made with `new` on a class, as Node makes its own, not by calling Node's constructor on another object.
    expect(Function.prototype.toString.call(Req)).toMatch(/^class /);
    expect(Function.prototype.toString.call(Res)).toMatch(/^class /);
    expect([Req.prototype, Res.prototype]).toEqual([reqProto, resProto]);
    // Express's request and response methods above them, and the app on them, as on the ones they replace.
    expect([Object.getPrototypeOf(reqProto), Object.getPrototypeOf(resProto)]).toEqual([Object.getPrototypeOf(before), Object.getPrototypeOf(responseBefore)]);
    expect([reqProto.app, resProto.app]).toEqual([app, app]);
    expect(typeof resProto.json).toBe('function');
    expect(typeof reqProto.header).toBe('function');
  });

  it('is how the api makes them', async () => {
    const runtime = await createRuntime({ dataDir: ':memory:', databaseUrl: undefined, runProjector: false, runWorker: false });
    const app = await createApp(runtime, createAuthenticator(localAuthConfig(generateSigningKey())));
    try {
      const instance = app.getHttpAdapter().getInstance() as { request: object; response: object };
      const seen = watch(app.getHttpServer());
      expect((await request(app.getHttpServer()).get('/api/v1/subregios')).status).toBe(200);
      expect(seen).toEqual([{ req: instance.request, res: instance.response }]);
    } finally {
      await app.close();
      await runtime.close();
    }
  });
});
