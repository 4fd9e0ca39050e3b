import { INestApplication } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import helmet from 'helmet';
import { PROBLEM_CONTENT_TYPE, ProblemException, problemBody } from './problem';
import { toProblem } from './problem.filter';

export interface SecurityConfig {
  /** Allowed browser origins; empty means no CORS headers at all. */
  corsOrigins: string[];
  /** Requests per client per window. */
  rateLimitMax: number;
  rateLimitWindowMs: number;
}

const positive = (raw: string | undefined, fallback: number, name: string): number => {
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1) throw new Error(`${name} must be a positive whole number, got ${raw}`);
  return value;
};

export const securityConfigFromEnv = (env: NodeJS.ProcessEnv = process.env): SecurityConfig => ({
  corsOrigins: (env.CORS_ORIGINS ?? '').split(',').map((o) => o.trim()).filter(Boolean),
  rateLimitMax: positive(env.RATE_LIMIT_MAX, 1200, 'RATE_LIMIT_MAX'),
  rateLimitWindowMs: positive(env.RATE_LIMIT_WINDOW_MS, 60_000, 'RATE_LIMIT_WINDOW_MS'),
});

const sendProblem = (req: Request, res: Response, problem: ProblemException) => {
  for (const [name, value] of Object.entries(problem.extra.headers ?? {})) res.setHeader(name, value);
  res.status(problem.status).type(PROBLEM_CONTENT_TYPE).send(JSON.stringify(problemBody(problem, req.originalUrl?.split('?')[0])));
};

/** Fixed window per client address; in memory, so per process (put a shared limiter in front when scaling out). */
export const rateLimiter = (max: number, windowMs: number, now: () => number = Date.now) => {
  let windowStart = now();
  let counts = new Map<string, number>();
  return (req: Request, res: Response, next: NextFunction) => {
    const t = now();
    if (t - windowStart >= windowMs) {
      windowStart = t;
      counts = new Map();
    }
    const key = req.ip ?? req.socket.remoteAddress ?? 'onbekend';
    const count = (counts.get(key) ?? 0) + 1;
    counts.set(key, count);
    res.setHeader('RateLimit-Limit', String(max));
    res.setHeader('RateLimit-Remaining', String(Math.max(0, max - count)));
    if (count <= max) return next();
    const retryAfter = String(Math.max(1, Math.ceil((windowStart + windowMs - t) / 1000)));
    sendProblem(req, res, new ProblemException(429, 'te-veel-verzoeken', 'Te veel verzoeken',
      `U deed meer dan ${max} verzoeken in korte tijd. Wacht ${retryAfter} seconden en probeer het opnieuw; er is niets vastgelegd.`,
      { headers: { 'Retry-After': retryAfter } }));
  };
};

/** Errors raised by Express middleware (body too large, broken JSON) become problem+json too, never an HTML stack trace. */
export const middlewareErrors = (error: unknown, req: Request, res: Response, next: NextFunction) => {
  if (res.headersSent) return next(error);
  sendProblem(req, res, toProblem(error));
};

/** Security headers, CORS only for configured origins, and the rate limit; before anything else runs. */
export function applySecurity(app: INestApplication, config: SecurityConfig = securityConfigFromEnv()): void {
  app.use(helmet({
    // The Swagger UI at /api/v1/docs needs its inline script and style.
    contentSecurityPolicy: { directives: { 'script-src': ["'self'", "'unsafe-inline'"], 'style-src': ["'self'", "'unsafe-inline'", 'https:'] } },
  }));
  if (config.corsOrigins.length) {
    app.enableCors({
      origin: config.corsOrigins,
      methods: ['GET', 'POST', 'PUT', 'DELETE'],
      allowedHeaders: ['Authorization', 'Content-Type', 'If-Match', 'Idempotency-Key', 'X-Audit-Toelichting', 'X-Correlation-ID'],
      exposedHeaders: ['ETag', 'Location', 'API-Version', 'Retry-After'],
    });
  }
  app.use(rateLimiter(config.rateLimitMax, config.rateLimitWindowMs));
}
