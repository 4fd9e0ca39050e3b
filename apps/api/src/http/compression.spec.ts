import type { Request, Response } from 'express';
import type { IncomingMessage } from 'node:http';
import { acceptsGzip, mayCompress } from './compression';

const request = (acceptEncoding?: string) =>
  ({ headers: acceptEncoding === undefined ? {} : { 'accept-encoding': acceptEncoding } }) as IncomingMessage;
const answer = (headers: Record<string, string>) =>
  ({ getHeader: (name: string) => headers[name.toLowerCase()] }) as unknown as Response;

describe('compression', () => {
  it('reads Accept-Encoding as negotiator does: gzip when the client takes it before identity', () => {
    expect(acceptsGzip(request('gzip, deflate, br'))).toBe(true);
    expect(acceptsGzip(request('*'))).toBe(true);
    expect(acceptsGzip(request('gzip;q=0, identity'))).toBe(false);
    expect(acceptsGzip(request('br'))).toBe(false);
    expect(acceptsGzip(request('identity;q=1, gzip;q=0.5'))).toBe(false);
    expect(acceptsGzip(request())).toBe(false);
  });

  it('never compresses an answer marked no-store (a secret), nor one of a type that does not compress', () => {
    const req = request('gzip') as Request;
    expect(mayCompress(req, answer({ 'content-type': 'application/json; charset=utf-8' }))).toBe(true);
    expect(mayCompress(req, answer({ 'content-type': 'text/csv' }))).toBe(true);
    expect(mayCompress(req, answer({ 'content-type': 'application/json', 'cache-control': 'no-store' }))).toBe(false);
    expect(mayCompress(req, answer({ 'content-type': 'application/json', 'cache-control': 'private, No-Store' }))).toBe(false);
    expect(mayCompress(req, answer({ 'content-type': 'application/json', 'cache-control': 'private, max-age=300' }))).toBe(true);
    expect(mayCompress(req, answer({ 'content-type': 'application/pdf' }))).toBe(false);
  });
});
