import { IncomingHttpHeaders, request } from 'node:http';
import { AddressInfo } from 'node:net';
import { gunzipSync } from 'node:zlib';
import { createTestApp, TestApp } from '../support/test-app';

const KADER = { titel: 'Beleidskader maatschappelijke zorg 2026-2032', periode: { van: 2026, tot: 2032 }, opdrachtgever: 'directeurenoverleg' };

interface Raw { status: number; headers: IncomingHttpHeaders; body: Buffer }

/** Answers of 1 kB and more are gzipped for a client that asks, on every path an answer can take. */
describe('compression', () => {
  let t: TestApp;
  let port: number;
  beforeAll(async () => {
    t = await createTestApp();
    await t.app.listen(0, '127.0.0.1');
    port = (t.app.getHttpServer().address() as AddressInfo).port;
  });
  afterAll(() => t.close());

  /** The answer's bytes as they came over the wire (supertest would decode a gzip itself). */
  const raw = (method: string, path: string, headers: Record<string, string>, body?: unknown) =>
    new Promise<Raw>((resolve, reject) => {
      const text = body === undefined ? undefined : JSON.stringify(body);
      const req = request({ host: '127.0.0.1', port, method, path, headers: text ? { ...headers, 'content-type': 'application/json' } : headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks) }));
      });
      req.on('error', reject);
      req.end(text);
    });

  it('gzips a large JSON answer for a client that asks, and only then', async () => {
    const asked = await raw('GET', '/api/v1/gemeenten', { 'accept-encoding': 'gzip' });
    expect(asked.status).toBe(200);
    expect(asked.headers).toMatchObject({ 'content-encoding': 'gzip', vary: 'Accept-Encoding' });
    const plain = await raw('GET', '/api/v1/gemeenten', { 'accept-encoding': 'identity' });
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body.length).toBeGreaterThan(1024);
    expect(gunzipSync(asked.body).toString()).toBe(plain.body.toString());
    expect(asked.body.length).toBeLessThan(plain.body.length / 2);

    // gzip refused outright (q=0), and no Accept-Encoding at all: the JSON as it is.
    const refused = await raw('GET', '/api/v1/gemeenten', { 'accept-encoding': 'gzip;q=0, identity' });
    expect(refused.headers['content-encoding']).toBeUndefined();
    expect(refused.body.toString()).toBe(plain.body.toString());
    const none = await raw('GET', '/api/v1/gemeenten', {});
    expect(none.headers['content-encoding']).toBeUndefined();
    expect(none.headers.vary).toBeUndefined();
  });

  it('sends small answers (a command\'s, a problem) as they are', async () => {
    const bearer = `Bearer ${await t.token('directeur', 'directeurenoverleg')}`;
    const created = await raw('POST', '/api/v1/kaders', { authorization: bearer, 'accept-encoding': 'gzip' }, KADER);
    expect(created.status).toBe(201);
    expect(created.headers['content-encoding']).toBeUndefined();
    expect(JSON.parse(created.body.toString())).toHaveProperty('kaderId');
    const refused = await raw('POST', '/api/v1/kaders', { authorization: bearer, 'accept-encoding': 'gzip' }, {});
    expect(refused.status).toBe(400);
    expect(refused.headers['content-encoding']).toBeUndefined();
    expect(refused.headers['content-type']).toMatch(/^application\/problem\+json/);
  });

  it('sends a new agenda key (a secret) marked no-store, which is never compressed', async () => {
    const bearer = `Bearer ${await t.token('projectleider')}`;
    const { kaderId } = JSON.parse((await raw('POST', '/api/v1/kaders', { authorization: `Bearer ${await t.token('directeur', 'directeurenoverleg')}` }, KADER)).body.toString());
    const key = await raw('POST', `/api/v1/kaders/${kaderId}/agendasleutels`, { authorization: bearer, 'accept-encoding': 'gzip' }, {});
    expect(key.status).toBe(201);
    expect(key.headers['cache-control']).toBe('no-store');
    expect(key.headers['content-encoding']).toBeUndefined();
    expect(JSON.parse(key.body.toString())).toHaveProperty('sleutel');
    const spec = (await t.http.get('/api/v1/openapi.json').expect(200)).body;
    expect(spec.paths['/kaders/{kaderId}/agendasleutels'].post.responses['201'].headers['Cache-Control'].schema.example).toBe('no-store');
    expect(spec.info.description).toMatch(/Accept-Encoding: gzip/);
  });

  it('gives a repeated read of a kader (answered from the read cache, before Express) gzipped, and the same JSON as unencoded', async () => {
    const bearer = `Bearer ${await t.token('directeur', 'directeurenoverleg')}`;
    const { kaderId, positie } = (await t.http.post('/api/v1/kaders').set('Authorization', bearer).send(KADER).expect(201)).body;
    await t.http.get(`/api/v1/kaders/${kaderId}?naPositie=${positie}`).set('Authorization', bearer).expect(200);
    const texts = new Set<string>();
    const express = jest.spyOn(t.app.getHttpAdapter().getInstance(), 'handle');
    let beforeExpress = 0;
    for (let i = 0; i < 4; i++) {
      express.mockClear();
      const gz = await raw('GET', `/api/v1/kaders/${kaderId}`, { authorization: bearer, 'accept-encoding': 'gzip, deflate' });
      expect(gz.status).toBe(200);
      expect(gz.headers['content-encoding']).toBe('gzip');
      if (express.mock.calls.length === 0) beforeExpress++;
      texts.add(gunzipSync(gz.body).toString());
      const plain = await raw('GET', `/api/v1/kaders/${kaderId}`, { authorization: bearer });
      expect(plain.headers['content-encoding']).toBeUndefined();
      texts.add(plain.body.toString());
    }
    express.mockRestore();
    expect(beforeExpress).toBeGreaterThan(0);
    expect(texts.size).toBe(1);
    expect(JSON.parse([...texts][0])).toMatchObject({ kaderId });
  });
});
