import compression from 'compression';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { IncomingMessage } from 'node:http';
import Negotiator from 'negotiator';
import { constants, gzipSync } from 'node:zlib';

/**
 * Answers of this size or more are compressed for a client that asks (Accept-Encoding); smaller ones
 * are sent as they are (the command answers, problems): gzip's own header and the work would cost
 * more than they save.
 */
export const COMPRESS_FROM_BYTES = 1024;

/** True when the request's Accept-Encoding takes gzip before identity (q > 0), as negotiator reads it. */
export function acceptsGzip(req: IncomingMessage): boolean {
  if (req.headers['accept-encoding'] === undefined) return false;
  return new Negotiator(req).encoding(['gzip', 'identity']) === 'gzip';
}

/**
 * Whether an answer may be compressed: of a type that compresses (the middleware's own filter), and not
 * marked `Cache-Control: no-store`, the mark of an answer that carries a secret (a new agenda key): a
 * secret is never compressed, so no compression side channel (BREACH) can recover it.
 */
export function mayCompress(req: Request, res: Response): boolean {
  if (/\bno-store\b/i.test(String(res.getHeader('Cache-Control') ?? ''))) return false;
  return compression.filter(req, res);
}

/**
 * The compression middleware (expressjs/compression: br, gzip or deflate as the client prefers, Vary:
 * Accept-Encoding, nothing below COMPRESS_FROM_BYTES, of a type that does not compress, already
 * encoded or marked no-store: mayCompress). A request without Accept-Encoding goes past it untouched, so it pays nothing for it.
 */
export function compressAnswers(): RequestHandler {
  const compress = compression({ threshold: COMPRESS_FROM_BYTES, filter: mayCompress });
  return (req: Request, res: Response, next: NextFunction) => {
    if (req.headers['accept-encoding'] === undefined) return next();
    compress(req, res, next);
  };
}

/**
 * What a ready answer (read cache) is sent as to this request, with the headers the compression
 * middleware would add: to a client that asks for gzip the gzip made once for the answer, and Vary:
 * Accept-Encoding to every client that sends Accept-Encoding (as the middleware does for JSON).
 */
export function encodedAnswer(req: IncomingMessage, answer: { body: Buffer; gzip(): Buffer | undefined }): { body: Buffer; headers: string[] } {
  if (req.headers['accept-encoding'] === undefined) return { body: answer.body, headers: [] };
  const gzip = acceptsGzip(req) ? answer.gzip() : undefined;
  return gzip ? { body: gzip, headers: GZIPPED } : { body: answer.body, headers: VARY };
}
const VARY = ['Vary', 'Accept-Encoding'];
const GZIPPED = ['Content-Encoding', 'gzip', ...VARY];

/** gzip of an answer's bytes, made once per answer and sent to every client that asks; undefined when too small to be worth it. */
export function gzipAnswer(body: Buffer): Buffer | undefined {
  if (body.length < COMPRESS_FROM_BYTES) return undefined;
  return gzipSync(body, { level: constants.Z_DEFAULT_COMPRESSION });
}
