import express, { json } from 'express';
import request from 'supertest';
import { jsonBody, limitBytes } from './json-body';

/** The fast reader must read every body as body-parser does; these run both on the same requests. */
describe('JSON bodies', () => {
  const app = (fast: boolean) => {
    const parser = json({ limit: '1kb', type: ['application/json', 'application/*+json'] });
    const calls = { fallback: 0 };
    const fallback: express.RequestHandler = (req, res, next) => (calls.fallback++, parser(req, res, next));
    const a = express();
    a.use(fast ? jsonBody(limitBytes('1kb'), fallback) : fallback);
    a.post('/', (req, res) => void res.json({ body: req.body }));
    a.use((error: { status?: number; type?: string; message: string }, _req: express.Request, res: express.Response, _next: express.NextFunction) => {
      res.status(error.status ?? 500).json({ status: error.status, type: error.type, syntax: error instanceof SyntaxError, body: 'body' in error });
    });
    return { http: request(a), calls };
  };
  const both = async (send: (r: request.Test) => request.Test) => {
    const fast = app(true);
    const slow = app(false);
    const [a, b] = [await send(fast.http.post('/')), await send(slow.http.post('/'))];
    expect({ status: a.status, body: a.body }).toEqual({ status: b.status, body: b.body });
    return { res: a, fallbacks: fast.calls.fallback };
  };
  const plain = (body: string | Buffer, type = 'application/json') => (r: request.Test) => r.set('Content-Type', type).send(body);

  it.each([
    ['an object', '{"titel":"Plan","periode":{"van":2026}}'],
    ['an array', ' [1, 2]'],
    ['an empty body', ''],
    ['utf-8 text', '{"titel":"Één ´ü"}'],
    ['a byte order mark', '\ufeff{"a":1}'],
    ['invalid utf-8', Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xff, 0x22, 0x7d])],
    ['broken JSON', '{"titel": '],
    ['a string at the top', '"tekst"'],
    ['a number at the top', '  42'],
    ['whitespace only', '  \n'],
  ])('reads %s as body-parser does, without it', async (_name, body) => {
    expect((await both(plain(body))).fallbacks).toBe(0);
  });

  it.each([
    ['a charset other than utf-8', plain('{}', 'application/json; charset=latin1')],
    ['a +json type', plain('{"a":1}', 'application/merge-patch+json')],
    ['a body over the limit', plain(JSON.stringify({ titel: 'x'.repeat(2000) }))],
    ['a compressed body', (r: request.Test) => r.set('Content-Type', 'application/json').set('Content-Encoding', 'gzip').send('{}')],
  ])('leaves %s to body-parser', async (_name, send) => {
    expect((await both(send)).fallbacks).toBe(1);
  });

  it('reads body limits as body-parser does', () => {
    expect([limitBytes('100kb'), limitBytes('1mb'), limitBytes('512'), limitBytes('1.5KB'), limitBytes('veel')]).toEqual([102_400, 1_048_576, 512, 1536, 0]);
  });
});
