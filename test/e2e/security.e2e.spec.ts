import { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { createAuthenticator, generateSigningKey, issueDevToken, localAuthConfig } from '../../libs/auth/src';
import { createRuntime, Runtime } from '../../libs/runtime/src';
import { createApp } from '../../apps/api/src/create-app';

const RATE_LIMIT = 150;

describe('hardening over HTTP', () => {
  let runtime: Runtime;
  let app: INestApplication;
  let http: ReturnType<typeof request>;
  const auth = localAuthConfig(generateSigningKey());
  const token = (ttl: number | string = '1h', config = auth) => issueDevToken({ sub: 'sub-security', rol: 'directeur', organisatie: 'directeurenoverleg', ttl }, config);

  beforeAll(async () => {
    process.env.RATE_LIMIT_MAX = String(RATE_LIMIT);
    delete process.env.CORS_ORIGINS;
    runtime = await createRuntime({ dataDir: ':memory:', databaseUrl: undefined, runProjector: false, runWorker: false });
    app = await createApp(runtime, createAuthenticator(auth));
    http = request(app.getHttpServer());
  });
  afterAll(async () => {
    await app.close();
    await runtime.close();
  });

  const expectProblem = (res: request.Response, status: number) => {
    expect(res.status).toBe(status);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body).toMatchObject({ status, type: expect.stringMatching(/^https:\/\/kaderflow\.nl\/problemen\//) });
    expect(res.text).not.toMatch(/\n\s+at |node_modules|SELECT |INSERT |syntax error at/);
  };

  it.each([
    ['no token', async () => undefined],
    ['not a bearer header', async () => 'Basic dXNlcjpwYXNz'],
    ['garbage', async () => 'Bearer abc.def.ghi'],
    ['a token signed with another key', async () => `Bearer ${await token('1h', localAuthConfig(generateSigningKey()))}`],
    ['an expired token', async () => `Bearer ${await token(-300)}`],
  ])('answers 401 problem+json for %s', async (_name, header) => {
    const value = await header();
    const req = http.get('/api/v1/kaders');
    const res = await (value ? req.set('Authorization', value) : req);
    expectProblem(res, 401);
    expect(res.headers['www-authenticate']).toMatch(/^Bearer/);
  });

  it('says in Dutch that an expired token expired', async () => {
    const res = await http.get('/api/v1/kaders').set('Authorization', `Bearer ${await token(-300)}`);
    expect(res.body.detail).toMatch(/verlopen/);
  });

  it('refuses an oversized body with 413, broken JSON and a foreign charset with 400, all problem+json, and stores nothing', async () => {
    const bearer = `Bearer ${await token()}`;
    const before = await runtime.store.headPosition();
    const big = await http.post('/api/v1/kaders').set('Authorization', bearer).set('Content-Type', 'application/json')
      .send(JSON.stringify({ titel: 'x'.repeat(200_000), periode: { van: 2026, tot: 2032 }, opdrachtgever: 'directeurenoverleg' }));
    expectProblem(big, 413);
    expectProblem(await http.post('/api/v1/kaders').set('Authorization', bearer).set('Content-Type', 'application/json').send('{"titel": '), 400);
    const charset = await http.post('/api/v1/kaders').set('Authorization', bearer).set('Content-Type', 'application/json; charset=klingon').send('{}');
    expect(charset.status).toBeGreaterThanOrEqual(400);
    expect(charset.status).toBeLessThan(500);
    expectProblem(charset, charset.status);
    expect(await runtime.store.headPosition()).toBe(before);
  });

  it('sends security headers and no X-Powered-By', async () => {
    const res = await http.get('/api/v1/gezondheid').expect(200);
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['x-frame-options']).toBe('DENY');
    expect(res.headers['strict-transport-security']).toMatch(/max-age=/);
    expect(res.headers['content-security-policy']).toBe("default-src 'none';frame-ancestors 'none'");
    expect(res.headers['x-powered-by']).toBeUndefined();
    // A problem answer carries them too.
    const missing = await http.get('/api/v1/bestaat-niet').expect(404);
    expect(missing.headers['content-security-policy']).toBe("default-src 'none';frame-ancestors 'none'");
  });

  it('gives the Swagger UI, the one HTML page, a document\'s security headers that let its own script run', async () => {
    const page = await http.get('/api/v1/docs/').redirects(1).expect(200);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    expect(page.headers['content-security-policy']).toMatch(/default-src 'self'.*script-src 'self' 'unsafe-inline'/);
    expect(page.headers['x-frame-options']).toBe('SAMEORIGIN');
    expect(page.headers['cross-origin-opener-policy']).toBe('same-origin');
    expect(page.headers['api-version']).toBe('1.0.0');
    // The OpenAPI document beside it is an API answer.
    const doc = await http.get('/api/v1/openapi.json').expect(200);
    expect(doc.headers['content-security-policy']).toBe("default-src 'none';frame-ancestors 'none'");
  });

  it('sends no CORS headers unless CORS_ORIGINS is set, and then only for those origins', async () => {
    const closed = await http.get('/api/v1/gezondheid').set('Origin', 'https://evil.example').expect(200);
    expect(closed.headers['access-control-allow-origin']).toBeUndefined();

    process.env.CORS_ORIGINS = 'https://kaderflow.example';
    const open = await createApp(runtime, createAuthenticator(auth));
    delete process.env.CORS_ORIGINS;
    try {
      const allowed = await request(open.getHttpServer()).get('/api/v1/gezondheid').set('Origin', 'https://kaderflow.example').expect(200);
      expect(allowed.headers['access-control-allow-origin']).toBe('https://kaderflow.example');
      const other = await request(open.getHttpServer()).get('/api/v1/gezondheid').set('Origin', 'https://evil.example').expect(200);
      expect(other.headers['access-control-allow-origin']).toBeUndefined();
    } finally {
      await open.close();
    }
  });

  // Last: it uses up this client's allowance.
  it('answers 429 problem+json with Retry-After once a client exceeds the rate limit', async () => {
    let limited: request.Response | undefined;
    for (let i = 0; i <= RATE_LIMIT && !limited; i++) {
      const res = await http.get('/api/v1/gezondheid');
      if (res.status === 429) limited = res;
    }
    expect(limited).toBeDefined();
    expectProblem(limited!, 429);
    expect(Number(limited!.headers['retry-after'])).toBeGreaterThan(0);
  });
});
