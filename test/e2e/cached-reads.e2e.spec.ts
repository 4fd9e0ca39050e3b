import request from 'supertest';
import { createTestApp, TestApp } from '../support/test-app';

const KADER = { titel: 'Beleidskader maatschappelijke zorg 2026-2032', periode: { van: 2026, tot: 2032 }, opdrachtgever: 'directeurenoverleg' };
// Only these differ between two answers of the same URL: the clock and the allowance left.
const VARYING = ['date', 'ratelimit-remaining'];
// And, for a gzipped answer, how its length is told: the compression middleware streams the first one (chunked); the cache knows the length of the gzip it keeps.
const FRAMING = ['content-length', 'transfer-encoding'];
const steady = (headers: Record<string, string>, also: string[] = []) =>
  Object.fromEntries(Object.entries(headers).filter(([name]) => !VARYING.includes(name) && !also.includes(name)));

/** A repeated read of a ready answer is answered before Express; it must not be told apart from the normal answer. */
describe('cached reads before Express', () => {
  const apps: TestApp[] = [];
  const start = async (rateLimit?: number, env: Record<string, string> = {}) => {
    const settings = { ...(rateLimit ? { RATE_LIMIT_MAX: String(rateLimit) } : {}), ...env };
    const before = Object.fromEntries(Object.keys(settings).map((name) => [name, process.env[name]]));
    Object.assign(process.env, settings);
    try {
      // Without the routes lane, Express's app.handle is reached exactly by the requests the cached lane left to it.
      const t = await createTestApp({ app: { routesFirst: false } });
      apps.push(t);
      return t;
    } finally {
      for (const [name, value] of Object.entries(before)) {
        if (value === undefined) delete process.env[name];
        else process.env[name] = value;
      }
    }
  };
  afterAll(async () => {
    for (const t of apps) await t.close();
  });

  /** GETs url until an answer did not reach Express; returns it and the normal answer just before it. */
  const readUntilFast = async (t: TestApp, url: string, bearer: string, acceptEncoding = 'gzip, deflate', extra: Record<string, string> = {}) => {
    const express = jest.spyOn(t.app.getHttpAdapter().getInstance(), 'handle');
    try {
      let normal: request.Response | undefined;
      for (let i = 0; i < 20; i++) {
        express.mockClear();
        const res = await t.http.get(url).set('Authorization', bearer).set('Accept-Encoding', acceptEncoding).set(extra).expect(200);
        if (express.mock.calls.length === 0 && normal) return { normal, fast: res };
        if (express.mock.calls.length > 0) normal = res;
        await new Promise((r) => setTimeout(r, 50));
      }
      throw new Error(`${url} was never answered before Express`);
    } finally {
      express.mockRestore();
    }
  };

  const kaderOf = async (t: TestApp, bearer: string) => {
    const { kaderId, positie } = (await t.http.post('/api/v1/kaders').set('Authorization', bearer).send(KADER).expect(201)).body;
    await t.http.get(`/api/v1/kaders/${kaderId}?naPositie=${positie}`).set('Authorization', bearer).expect(200);
    return `/api/v1/kaders/${kaderId}`;
  };

  it('carries every header the normal answer carries, with the same values, and counts toward the rate limit', async () => {
    const t = await start();
    const directeur = `Bearer ${await t.token('directeur', 'directeurenoverleg')}`;
    const { normal, fast } = await readUntilFast(t, await kaderOf(t, directeur), directeur, 'identity');

    expect(fast.text).toBe(normal.text);
    expect(fast.headers['content-encoding']).toBeUndefined();
    expect(steady(fast.headers)).toEqual(steady(normal.headers));
    expect(Object.keys(fast.headers).sort()).toEqual(Object.keys(normal.headers).sort());
    expect(fast.headers).toMatchObject({ 'x-content-type-options': 'nosniff', 'content-security-policy': "default-src 'none';frame-ancestors 'none'" });
    expect(Number(fast.headers['ratelimit-remaining'])).toBe(Number(normal.headers['ratelimit-remaining']) - 1);
  });

  it('gives a client that asks for gzip the same answer gzipped, as the normal answer is', async () => {
    const t = await start();
    const directeur = `Bearer ${await t.token('directeur', 'directeurenoverleg')}`;
    const { normal, fast } = await readUntilFast(t, await kaderOf(t, directeur), directeur);

    // supertest decodes the gzip: the text is the JSON the client reads.
    expect(fast.text).toBe(normal.text);
    expect(fast.text.length).toBeGreaterThan(1024);
    expect(normal.headers).toMatchObject({ 'content-encoding': 'gzip', vary: 'Accept-Encoding' });
    expect(steady(fast.headers, FRAMING)).toEqual(steady(normal.headers, FRAMING));
    expect(Number(fast.headers['content-length'])).toBeLessThan(fast.text.length / 2);
  });

  it('refuses a missing or bad token the normal way, with the same headers', async () => {
    const t = await start();
    const directeur = `Bearer ${await t.token('directeur', 'directeurenoverleg')}`;
    const url = await kaderOf(t, directeur);
    const { fast } = await readUntilFast(t, url, directeur);
    for (const bearer of [undefined, 'Bearer niet.een.token']) {
      const req = t.http.get(url);
      const refused = await (bearer ? req.set('Authorization', bearer) : req).expect(401);
      expect(refused.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(refused.body).not.toHaveProperty('mijlpalen');
      for (const name of ['api-version', 'content-security-policy', 'strict-transport-security', 'x-frame-options', 'ratelimit-limit']) {
        expect(refused.headers[name]).toBe(fast.headers[name]);
      }
    }
  });

  it('answers 429 once the allowance is used up, also when every earlier read was answered before Express', async () => {
    const limit = 12;
    const t = await start(limit);
    const directeur = `Bearer ${await t.token('directeur', 'directeurenoverleg')}`;
    const url = await kaderOf(t, directeur);
    const { fast } = await readUntilFast(t, url, directeur);
    let remaining = Number(fast.headers['ratelimit-remaining']);
    while (remaining > 0) {
      const res = await t.http.get(url).set('Authorization', directeur).expect(200);
      expect(Number(res.headers['ratelimit-remaining'])).toBe(remaining - 1);
      remaining--;
    }
    const limited = await t.http.get(url).set('Authorization', directeur).expect(429);
    expect(limited.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect(limited.headers['api-version']).toBe(fast.headers['api-version']);
    expect(limited.headers['ratelimit-remaining']).toBe('0');
  });

  it('behind a trusted proxy (TRUST_PROXY) counts each client named in X-Forwarded-For apart, before Express as in it', async () => {
    const t = await start(undefined, { TRUST_PROXY: 'loopback' });
    const directeur = `Bearer ${await t.token('directeur', 'directeurenoverleg')}`;
    const url = await kaderOf(t, directeur);
    await readUntilFast(t, url, directeur);
    const express = jest.spyOn(t.app.getHttpAdapter().getInstance(), 'handle');
    const remaining = async (client: string) => {
      const res = await t.http.get(url).set('Authorization', directeur).set('X-Forwarded-For', client).expect(200);
      return Number(res.headers['ratelimit-remaining']);
    };
    try {
      const first = await remaining('203.0.113.5');
      expect(await remaining('203.0.113.5')).toBe(first - 1);
      expect(await remaining('203.0.113.5')).toBe(first - 2);
      // Another client behind the same proxy has its own allowance.
      expect(await remaining('203.0.113.6')).toBe(first);
      expect(express).not.toHaveBeenCalled();
    } finally {
      express.mockRestore();
    }
    // Through Express (a route the cache does not answer) the same client has the same count.
    const viaExpress = await t.http.get('/api/v1/kaders').set('Authorization', directeur).set('X-Forwarded-For', '203.0.113.6').expect(200);
    expect(Number(viaExpress.headers['ratelimit-remaining'])).toBe(await remaining('203.0.113.6') + 1);
  });

  it('without TRUST_PROXY takes no client\'s word for who it is: X-Forwarded-For is not read', async () => {
    const t = await start();
    const directeur = `Bearer ${await t.token('directeur', 'directeurenoverleg')}`;
    const url = await kaderOf(t, directeur);
    await readUntilFast(t, url, directeur);
    const a = await t.http.get(url).set('Authorization', directeur).set('X-Forwarded-For', '203.0.113.5').expect(200);
    const b = await t.http.get(url).set('Authorization', directeur).set('X-Forwarded-For', '203.0.113.6').expect(200);
    expect(Number(b.headers['ratelimit-remaining'])).toBe(Number(a.headers['ratelimit-remaining']) - 1);
  });

  it('with CORS configured carries the CORS headers the middleware sets, for an allowed origin and another, plain and gzipped', async () => {
    const allowed = 'https://kader.example';
    const t = await start(undefined, { CORS_ORIGINS: `${allowed},https://tweede.example` });
    const directeur = `Bearer ${await t.token('directeur', 'directeurenoverleg')}`;
    for (const [origin, encoding] of [[allowed, 'identity'], [allowed, 'gzip, deflate'], ['https://elders.example', 'identity']]) {
      // A new kader each time: its first read goes the normal way.
      const { normal, fast } = await readUntilFast(t, await kaderOf(t, directeur), directeur, encoding, { Origin: origin });
      const framing = encoding === 'identity' ? [] : FRAMING;
      expect(fast.text).toBe(normal.text);
      expect(steady(fast.headers, framing)).toEqual(steady(normal.headers, framing));
      expect(fast.headers.vary).toBe('Origin, Accept-Encoding');
      expect(fast.headers['access-control-allow-origin']).toBe(origin === allowed ? allowed : undefined);
      expect(fast.headers['access-control-expose-headers']).toBe('ETag,Location,API-Version,Retry-After');
    }
  });
});
