import express from 'express';
import helmet from 'helmet';
import request from 'supertest';
import { fixedHeaders, headersSetBy, HELMET_OPTIONS, setFixedHeaders } from './security';

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

  it('are what helmet itself sets on an answer, plus API-Version, made once', async () => {
    const direct = await serve(helmet(HELMET_OPTIONS));
    const fixed = await serve(setFixedHeaders(fixedHeaders()));
    expect(ours(fixed.headers)).toEqual({ ...ours(direct.headers), 'api-version': '1.0.0' });
    expect(fixed.headers['content-security-policy']).toMatch(/script-src 'self' 'unsafe-inline'/);
  });

  it('refuse a middleware that does not finish at once', () => {
    expect(() => headersSetBy(() => undefined)).toThrow(/finish at once/);
  });
});
