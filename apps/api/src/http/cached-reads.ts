import type { NextFunction, Request, Response } from 'express';
import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import { Authenticator } from '../../../../libs/auth/src';
import { RequestSink } from '../gezondheid/request-log';
import { Lane } from './before-express';
import { encodedAnswer } from './compression';
import { ReadCache } from './read-cache';
import { AuthenticatedRequest, correlationIdOf } from './request-context';
import { markCounted, Security } from './security';

/**
 * Answers a GET that the read cache can answer as it stands (the same URL answered before, and no
 * projection has moved since) before Nest routes it: the token is still verified, every middleware
 * before this one (security headers, rate limit, API-Version) has run, and requestLog logs it as any
 * other. Anything else (no or a bad token, naPositie, an answer not ready) goes the whole way,
 * so errors keep their one problem+json path.
 */
export function cachedReads(cache: ReadCache, authenticator: Authenticator) {
  return (req: Request, res: Response, next: NextFunction): void => {
    if (req.method !== 'GET' || req.query.naPositie !== undefined || !cache.ready(req.originalUrl)) return next();
    authenticator.authenticate(req.header('Authorization')).then(
      (actor) => {
        // The answer may have moved on while the token was checked.
        const answer = cache.ready(req.originalUrl);
        if (!answer) return next();
        res.setHeader('ETag', answer.etag);
        res.setHeader('Content-Type', 'application/json; charset=utf-8');
        const r = req as AuthenticatedRequest;
        // For the log line (requestLog): this request never reaches a route.
        r.actor = actor;
        r.correlationId = correlationIdOf(req.headers['x-correlation-id']);
        r.routePath = answer.route;
        // The gzip made once for this answer (the compression middleware passes an answer already encoded);
        // Vary is added to, not set, so CORS's Vary: Origin stays.
        const { body, headers } = encodedAnswer(req, answer);
        for (let i = 0; i < headers.length; i += 2) {
          if (headers[i] === 'Vary') res.vary(headers[i + 1]);
          else res.setHeader(headers[i], headers[i + 1]);
        }
        res.status(200).send(body);
      },
      () => next(),
    );
  };
}

export interface CachedReadsFirst {
  cache: ReadCache;
  authenticator: Authenticator;
  security: Security;
  log: RequestSink;
  /** Express's own query parser ('query parser fn'), so naPositie is seen exactly as the controllers see it. */
  parseQuery: (query: string) => Record<string, unknown>;
  /** The client's address as Express's req.ip gives it (clientAddress in security.ts): the rate limit's key. */
  clientOf: (req: IncomingMessage) => string;
  /** The CORS headers for a request's Origin, as the cors middleware sets them (corsHeaders in security.ts). */
  corsFor: (origin: string | undefined) => string[];
}

/** One Vary header from several (Origin from CORS, Accept-Encoding from the encoding), in the order they came, as `vary` would merge them. */
function oneVary(headers: string[]): string[] {
  const out: string[] = [];
  const vary: string[] = [];
  for (let i = 0; i < headers.length; i += 2) {
    if (headers[i] === 'Vary') vary.push(headers[i + 1]);
    else out.push(headers[i], headers[i + 1]);
  }
  return vary.length ? [...out, 'Vary', vary.join(', ')] : out;
}

const CONTENT_TYPE = 'application/json; charset=utf-8';

/**
 * The same answer before Express itself, for the plain case: a GET without a body, without
 * If-None-Match or If-Modified-Since (Express answers those with 304) and without naPositie, of a
 * URL the cache has ready. It carries the fixed headers from the one list the middleware sets them
 * from, counts toward the same rate limit and checks the token the same way, and is written with its
 * headers in one go. Whatever it is not sure of (over the limit, a bad token, an answer that moved
 * while the token was checked) goes on to Express, marked as counted, and is answered there.
 * `express` takes what it hands on (the lane is put in front by answerBeforeExpress).
 */
export function cachedReadsBeforeExpress(express: RequestListener, { cache, authenticator, security, log, parseQuery, clientOf, corsFor }: CachedReadsFirst): Lane {
  const fixed = security.headers.flat();
  const max = String(security.limit.max);
  const plain = (req: IncomingMessage): boolean => {
    const h = req.headers;
    if (req.method !== 'GET' || h['if-none-match'] !== undefined || h['if-modified-since'] !== undefined) return false;
    if (h['transfer-encoding'] !== undefined || (h['content-length'] !== undefined && h['content-length'] !== '0')) return false;
    const q = req.url!.indexOf('?');
    return q === -1 || parseQuery(req.url!.slice(q + 1)).naPositie === undefined;
  };

  /** True when it took the request on (it may still hand it to Express later). */
  return (req: IncomingMessage, res: ServerResponse): boolean => {
    if (!plain(req) || !cache.ready(req.url!)) return false;
    const started = process.hrtime.bigint();
    const count = security.limit.take(clientOf(req));
    markCounted(req, count);
    if (count > security.limit.max) return false;
    authenticator.authenticate(req.headers.authorization).then(
      (actor) => {
        // The answer may have moved on while the token was checked.
        const answer = cache.ready(req.url!);
        if (!answer) return express(req, res);
        try {
          // A client that asks for gzip gets the gzip made once for this answer.
          const { body, headers } = encodedAnswer(req, answer);
          const cors = corsFor(req.headers.origin);
          const varying = cors.length ? oneVary([...cors, ...headers]) : headers;
          res.writeHead(200, [...fixed,
            'RateLimit-Limit', max, 'RateLimit-Remaining', String(Math.max(0, security.limit.max - count)),
            'ETag', answer.etag, 'Content-Type', CONTENT_TYPE, ...varying, 'Content-Length', String(body.length)]);
          res.end(body);
        } catch (error) {
          if (!res.headersSent) return express(req, res);
          return res.destroy(error as Error);
        }
        const correlationId = correlationIdOf(req.headers['x-correlation-id']);
        log({ route: `GET ${answer.route}`, status: 200, correlationId, started, rol: actor.role });
      },
      () => express(req, res),
    );
    return true;
  };
}
