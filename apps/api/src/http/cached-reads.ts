import type { NextFunction, Request, Response } from 'express';
import { randomUUID } from 'node:crypto';
import { Authenticator } from '../../../../libs/auth/src';
import { ReadCache } from './read-cache';
import { AuthenticatedRequest } from './request-context';

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
        r.correlationId = req.header('X-Correlation-ID')?.slice(0, 100) || randomUUID();
        r.routePath = answer.route;
        res.status(200).send(answer.body);
      },
      () => next(),
    );
  };
}
