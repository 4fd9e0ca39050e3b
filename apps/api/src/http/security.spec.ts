import express from 'express';
import helmet from 'helmet';
import request from 'supertest';
import { API_HELMET_OPTIONS, documentHeaders, fixedHeaders, headersSetBy, HELMET_OPTIONS, securityConfigFromEnv, setFixedHeaders, trustProxyFrom } from './security';

describe('fixed headers', () => {
  const serve = (use: express.RequestHandler) => {
    const app = express();
    app.disable('x-powered-by');
    app.use(use);
    app.get('/', (_req, res) => void res.send('ok'));
    return request(app).get('/');
  };
  const ours = (headers: Record<string, unknown>) => {
    const { date, connection, 'keep-alive': _keepAlive, 'content-length': _length, 'content-type': _type, etag: _etag, ...rest } = headers;
    return rest;
  };

  it('are what helmet itself sets on an API answer, plus API-Version, made once', async () => {
    const direct = await serve(helmet(API_HELMET_OPTIONS));
    const fixed = await serve(setFixedHeaders(fixedHeaders()));
    expect(ours(fixed.headers)).toEqual({ ...ours(direct.headers), 'api-version': '1.0.0' });
  });

  it('are the security headers OWASP names for API answers, and none that only an HTML page needs', async () => {
    const fixed = await serve(setFixedHeaders(fixedHeaders()));
    expect(ours(fixed.headers)).toEqual({
      'api-version': '1.0.0',
      'content-security-policy': "default-src 'none';frame-ancestors 'none'",
      'cross-origin-resource-policy': 'same-origin',
      'referrer-policy': 'no-referrer',
      'strict-transport-security': 'max-age=31536000; includeSubDomains',
      'x-content-type-options': 'nosniff',
      'x-frame-options': 'DENY',
    });
  });

  it('for the docs pages, are helmet\'s for a document with the Swagger UI\'s inline script, and replace the API\'s', async () => {
    const direct = await serve(helmet(HELMET_OPTIONS));
    const app = express();
    app.disable('x-powered-by');
    app.use(setFixedHeaders(fixedHeaders()));
    app.use('/docs', setFixedHeaders(documentHeaders()));
    app.get('/docs', (_req, res) => void res.send('ok'));
    const page = await request(app).get('/docs');
    expect(ours(page.headers)).toEqual({ ...ours(direct.headers), 'api-version': '1.0.0', 'cross-origin-resource-policy': 'same-origin' });
    expect(page.headers['content-security-policy']).toMatch(/script-src 'self' 'unsafe-inline'/);
    expect(page.headers['x-frame-options']).toBe('SAMEORIGIN');
  });

  it('refuse a middleware that does not finish at once', () => {
    expect(() => headersSetBy(() => undefined)).toThrow(/finish at once/);
  });
});

describe('TRUST_PROXY', () => {
  it('is read as Express\'s trust proxy takes it, and off unless set', () => {
    expect(securityConfigFromEnv({}).trustProxy).toBe(false);
    expect(trustProxyFrom('false')).toBe(false);
    expect(trustProxyFrom('true')).toBe(true);
    expect(trustProxyFrom('2')).toBe(2);
    expect(trustProxyFrom(' loopback, 10.0.0.0/8 ')).toBe('loopback,10.0.0.0/8');
  });

  it('stops the start-up with its name when an address cannot be read', () => {
    expect(() => trustProxyFrom('loopback, 10.0.0.300/8')).toThrow(/^TRUST_PROXY must be/);
    expect(() => securityConfigFromEnv({ TRUST_PROXY: 'de-proxy' })).toThrow(/TRUST_PROXY/);
  });
});
