import { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { createAuthenticator, generateSigningKey, issueDevToken, localAuthConfig } from '../../libs/auth/src';
import { createRuntime, Runtime } from '../../libs/runtime/src';
import { createApp } from '../../apps/api/src/create-app';
import { RequestLine } from '../../apps/api/src/gezondheid/request-log';
import { directHandlers } from '../../apps/api/src/http/direct-handlers';

const KADER = { titel: 'Beleidskader maatschappelijke zorg 2026-2032', periode: { van: 2026, tot: 2032 }, opdrachtgever: 'directeurenoverleg' };
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g;
// The clock and the allowance left differ between two answers; ids are random per app.
const VARYING = ['date', 'ratelimit-remaining'];

interface Side {
  app: INestApplication;
  runtime: Runtime;
  http: ReturnType<typeof request>;
  lines: RequestLine[];
  /** Calls of Express's own app.handle: a request the lane took never reaches it. */
  express: jest.SpyInstance;
}

/** The same app twice on its own in-memory store, with the same clock and the same signing key: once with the lane, once without. */
async function sides() {
  const auth = localAuthConfig(generateSigningKey());
  const make = async (routesFirst: boolean): Promise<Side> => {
    const now = new Date('2025-03-03T09:00:00.000Z');
    const runtime = await createRuntime({ dataDir: ':memory:', databaseUrl: undefined, runProjector: true, runWorker: false, clock: () => now });
    const lines: RequestLine[] = [];
    const app = await createApp(runtime, createAuthenticator(auth), { routesFirst, requestSink: (line) => lines.push(line) });
    const express = jest.spyOn(app.getHttpAdapter().getInstance(), 'handle');
    return { app, runtime, http: request(app.getHttpServer()), lines, express };
  };
  const token = `Bearer ${await issueDevToken({ sub: 'test-projectleider', rol: 'projectleider', naam: 'Fictieve projectleider', ttl: '1h' }, auth)}`;
  const directeur = `Bearer ${await issueDevToken({ sub: 'test-directeur', rol: 'directeur', organisatie: 'directeurenoverleg', naam: 'Fictieve directeur', ttl: '1h' }, auth)}`;
  return { fast: await make(true), normal: await make(false), token, directeur };
}

/** What a user sees of an answer, with the random ids taken out. */
const seen = (res: request.Response) => ({
  status: res.status,
  body: res.text.replace(UUID, '<id>'),
  // Express's weak ETag hashes the body, ids and all; the body itself is compared above.
  headers: Object.fromEntries(Object.entries(res.headers).filter(([name, value]) => !VARYING.includes(name) && !(name === 'etag' && String(value).startsWith('W/'))).map(([name, value]) => [name, String(value).replace(UUID, '<id>')])),
});

describe('routes dispatched before the router walk', () => {
  let s: Awaited<ReturnType<typeof sides>>;
  beforeAll(async () => {
    s = await sides();
  });
  afterAll(async () => {
    for (const side of [s.fast, s.normal]) {
      await side.app.close();
      await side.runtime.close();
    }
  });

  /** The same request on both apps: the answers, and whether each reached Express's router. */
  const both = async (send: (http: ReturnType<typeof request>) => request.Test) => {
    s.fast.express.mockClear();
    s.normal.express.mockClear();
    const fast = await send(s.fast.http);
    const normal = await send(s.normal.http);
    return { fast, normal, fastReachedExpress: s.fast.express.mock.calls.length > 0, normalReachedExpress: s.normal.express.mock.calls.length > 0 };
  };

  const kaderOn = async (side: Side) => (await side.http.post('/api/v1/kaders').set('Authorization', s.directeur).send(KADER).expect(201)).body.kaderId as string;

  it('answers commands, refusals and reads as Express does, without its router', async () => {
    const [fastKader, normalKader] = [await kaderOn(s.fast), await kaderOn(s.normal)];
    const cases: Array<[string, (http: ReturnType<typeof request>, kaderId: string) => request.Test]> = [
      ['command', (http, id) => http.post(`/api/v1/kaders/${id}/mijlpalen`).set('Authorization', s.token)
        .send({ titel: 'Plan van aanpak vastgesteld', fase: 'plan-van-aanpak', deadline: '2025-04-15', eigenaar: 'projectleider' })],
      ['invalid field', (http, id) => http.post(`/api/v1/kaders/${id}/mijlpalen`).set('Authorization', s.token)
        .send({ titel: 'Plan van aanpak', fase: 'plan-van-aanpak', deadline: '2025-13-45', eigenaar: 'projectleider' })],
      ['broken JSON', (http, id) => http.post(`/api/v1/kaders/${id}/mijlpalen`).set('Authorization', s.token).set('Content-Type', 'application/json').send('{"titel": ')],
      ['no token', (http, id) => http.post(`/api/v1/kaders/${id}/mijlpalen`).send({ titel: 'x' })],
      ['not allowed', (http, id) => http.put(`/api/v1/kaders/${id}/projectleider`).set('Authorization', s.token).send({ projectleiderId: 'test-projectleider' })],
      ['unknown kader', (http) => http.post('/api/v1/kaders/00000000-0000-4000-8000-000000000000/mijlpalen').set('Authorization', s.token)
        .send({ titel: 'Plan van aanpak', fase: 'plan-van-aanpak', deadline: '2025-04-15', eigenaar: 'projectleider' })],
      ['not a uuid', (http) => http.post('/api/v1/kaders/geen-id/mijlpalen').set('Authorization', s.token).send({})],
      ['stale If-Match', (http, id) => http.post(`/api/v1/kaders/${id}/mijlpalen`).set('Authorization', s.token).set('If-Match', '"1"')
        .send({ titel: 'Later', fase: 'plan-van-aanpak', deadline: '2025-05-15', eigenaar: 'projectleider' })],
      ['start, with Location', (http) => http.post('/api/v1/kaders').set('Authorization', s.directeur).send({ ...KADER, titel: 'Tweede kader' })],
      ['refused by the domain (409)', (http, id) => http.post(`/api/v1/kaders/${id}/fase-overgangen`).set('Authorization', s.token)
        .send({ naarFase: 'inventarisatie' })],
      ['read', (http) => http.get('/api/v1/subregios')],
    ];
    const statuses: number[] = [];
    for (const [name, send] of cases) {
      const { fast, normal, fastReachedExpress, normalReachedExpress } = await both((http) => send(http, http === s.fast.http ? fastKader : normalKader));
      expect({ name, ...seen(fast) }).toEqual({ name, ...seen(normal) });
      expect({ name, fastReachedExpress, normalReachedExpress }).toEqual({ name, fastReachedExpress: false, normalReachedExpress: true });
      statuses.push(fast.status);
    }
    expect(statuses).toEqual([201, 400, 400, 401, 403, 404, 400, 412, 201, 409, 200]);
  });

  it('logs each request once, under its route template, and counts it once toward the rate limit', async () => {
    const kaderId = await kaderOn(s.fast);
    const send = () => s.fast.http.post(`/api/v1/kaders/${kaderId}/mijlpalen`).set('Authorization', s.token).set('X-Correlation-ID', 'lane-1')
      .send({ titel: 'Concept gereed', fase: 'plan-van-aanpak', deadline: '2025-09-01', eigenaar: 'projectleider' }).expect(201);
    const first = await send();
    const second = await send();
    expect(Number(second.headers['ratelimit-remaining'])).toBe(Number(first.headers['ratelimit-remaining']) - 1);
    await new Promise((r) => setTimeout(r, 20));
    expect(s.fast.lines.filter((l) => l.correlationId === 'lane-1')).toEqual([
      expect.objectContaining({ route: 'POST /api/v1/kaders/:kaderId/mijlpalen', status: 201 }),
      expect.objectContaining({ route: 'POST /api/v1/kaders/:kaderId/mijlpalen', status: 201 }),
    ]);
  });

  it('runs every write\'s controller method directly, without Nest\'s route handler, and reads through Nest', async () => {
    const stack = (s.fast.app.getHttpAdapter().getInstance() as { router: { stack: Array<{ route?: { path: string; methods: Record<string, boolean> } }> } }).router.stack;
    const writes = stack.flatMap((l) => (l.route && !l.route.methods.get ? Object.keys(l.route.methods).map((m) => `${m.toUpperCase()} ${l.route!.path}`) : []));
    expect(writes.length).toBeGreaterThan(30);
    expect([...directHandlers(s.fast.app).keys()].sort()).toEqual([...writes].sort());

    const kaderId = await kaderOn(s.fast);
    const reply = jest.spyOn(s.fast.app.getHttpAdapter(), 'reply');
    try {
      await s.fast.http.post(`/api/v1/kaders/${kaderId}/mijlpalen`).set('Authorization', s.token)
        .send({ titel: 'Startnotitie', fase: 'plan-van-aanpak', deadline: '2025-05-01', eigenaar: 'projectleider' }).expect(201);
      expect(reply).not.toHaveBeenCalled();
      await s.fast.http.get('/api/v1/subregios').expect(200);
      expect(reply).toHaveBeenCalledTimes(1);
    } finally {
      reply.mockRestore();
    }
  });

  it('leaves to Express what it cannot be sure of, with the same answer', async () => {
    const kaderId = await kaderOn(s.fast);
    const cases: Array<[string, (http: ReturnType<typeof request>) => request.Test]> = [
      ['trailing slash', (http) => http.post(`/api/v1/kaders/${kaderId}/mijlpalen/`).set('Authorization', s.token).send({})],
      ['undecodable parameter', (http) => http.post('/api/v1/kaders/%E0%A4%A/mijlpalen').set('Authorization', s.token).send({})],
      ['no such route', (http) => http.post('/api/v1/onbekend').set('Authorization', s.token).send({})],
      ['a method without routes', (http) => http.options('/api/v1/kaders')],
      ['a mounted static file', (http) => http.get('/api/v1/docs/swagger-ui.css')],
    ];
    for (const [name, send] of cases) {
      const { fast, normal, fastReachedExpress } = await both(send);
      expect({ name, ...seen(fast) }).toEqual({ name, ...seen(normal) });
      expect({ name, fastReachedExpress }).toEqual({ name, fastReachedExpress: true });
    }
  });
});
