import { INestApplication } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import helmet from 'helmet';
import type { IncomingMessage } from 'node:http';
import proxyaddr from 'proxy-addr';
import { API_VERSION } from './api-version';
import { PROBLEM_CONTENT_TYPE, ProblemException, problemBody } from './problem';
import { toProblem } from './problem.filter';

export interface SecurityConfig {
  /** Allowed browser origins; empty means no CORS headers at all. */
  corsOrigins: string[];
  /** Requests per client per window. */
  rateLimitMax: number;
  rateLimitWindowMs: number;
  /**
   * Which proxies in front of the api are trusted to name the client (X-Forwarded-For), as Express's
   * `trust proxy` takes it: false (none: the client is the connection's address), true (every one), a
   * number of hops, or addresses and subnets (`loopback`, `10.0.0.0/8`, comma separated). The rate
   * limit counts per client, so behind a proxy without this every user shares the proxy's allowance.
   */
  trustProxy: boolean | number | string;
}

const positive = (raw: string | undefined, fallback: number, name: string): number => {
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1) throw new Error(`${name} must be a positive whole number, got ${raw}`);
  return value;
};

/** TRUST_PROXY as Express's `trust proxy` takes it; an address or subnet it cannot read stops the start-up with its name. */
export const trustProxyFrom = (raw: string | undefined): boolean | number | string => {
  const value = (raw ?? '').trim();
  if (value === '' || value === 'false') return false;
  if (value === 'true') return true;
  if (/^\d+$/.test(value)) return Number(value);
  const list = value.split(',').map((v) => v.trim()).filter(Boolean);
  try {
    proxyaddr.compile(list);
  } catch (error) {
    throw new Error(`TRUST_PROXY must be true, false, a number of proxies, or addresses and subnets (loopback, 10.0.0.0/8), comma separated; ${(error as Error).message}`);
  }
  return list.join(',');
};

export const securityConfigFromEnv = (env: NodeJS.ProcessEnv = process.env): SecurityConfig => ({
  corsOrigins: (env.CORS_ORIGINS ?? '').split(',').map((o) => o.trim()).filter(Boolean),
  rateLimitMax: positive(env.RATE_LIMIT_MAX, 1200, 'RATE_LIMIT_MAX'),
  rateLimitWindowMs: positive(env.RATE_LIMIT_WINDOW_MS, 60_000, 'RATE_LIMIT_WINDOW_MS'),
  trustProxy: trustProxyFrom(env.TRUST_PROXY),
});

const sendProblem = (req: Request, res: Response, problem: ProblemException) => {
  for (const [name, value] of Object.entries(problem.extra.headers ?? {})) res.setHeader(name, value);
  res.status(problem.status).type(PROBLEM_CONTENT_TYPE).send(JSON.stringify(problemBody(problem, req.originalUrl?.split('?')[0])));
};

/** Fixed window per client address; in memory, so per process (put a shared limiter in front when scaling out). */
export class RateLimit {
  private windowStart: number;
  private counts = new Map<string, number>();

  constructor(readonly max: number, private readonly windowMs: number, private readonly now: () => number = Date.now) {
    this.windowStart = now();
  }

  /** Counts one request of this client; returns its number in the current window. */
  take(client: string): number {
    const t = this.now();
    if (t - this.windowStart >= this.windowMs) {
      this.windowStart = t;
      this.counts = new Map();
    }
    const count = (this.counts.get(client) ?? 0) + 1;
    this.counts.set(client, count);
    return count;
  }

  /** Whole seconds until the window ends, for Retry-After. */
  retryAfter(): string {
    return String(Math.max(1, Math.ceil((this.windowStart + this.windowMs - this.now()) / 1000)));
  }
}

/**
 * The client's address as Express's `req.ip` gives it under the app's `trust proxy` (its compiled
 * 'trust proxy fn'), for a request that never reaches Express: both count toward the same allowance.
 */
export const clientAddress = (trustProxy: SecurityConfig['trustProxy'], trust: (address: string, hop: number) => boolean) =>
  trustProxy === false
    ? (req: IncomingMessage): string => req.socket.remoteAddress ?? 'onbekend'
    : (req: IncomingMessage): string => proxyaddr(req, trust) ?? 'onbekend';

const COUNTED = Symbol('kaderflow:rate-limit-counted');
type Counted = { [COUNTED]?: number };

/** A request already counted (by the cached-read path before Express) is not counted again. */
export const markCounted = (req: IncomingMessage, count: number): void => {
  (req as Counted)[COUNTED] = count;
};

export const rateLimiter = (limit: RateLimit) => (req: Request, res: Response, next: NextFunction) => {
  const count = (req as Counted)[COUNTED] ?? limit.take(req.ip ?? req.socket.remoteAddress ?? 'onbekend');
  res.setHeader('RateLimit-Limit', String(limit.max));
  res.setHeader('RateLimit-Remaining', String(Math.max(0, limit.max - count)));
  if (count <= limit.max) return next();
  const retryAfter = limit.retryAfter();
  sendProblem(req, res, new ProblemException(429, 'te-veel-verzoeken', 'Te veel verzoeken',
    `U deed meer dan ${limit.max} verzoeken in korte tijd. Wacht ${retryAfter} seconden en probeer het opnieuw; er is niets vastgelegd.`,
    { headers: { 'Retry-After': retryAfter } }));
};

/** Errors raised by Express middleware (body too large, broken JSON) become problem+json too, never an HTML stack trace. */
export const middlewareErrors = (error: unknown, req: Request, res: Response, next: NextFunction) => {
  if (res.headersSent) return next(error);
  sendProblem(req, res, toProblem(error));
};

export type HeaderList = ReadonlyArray<readonly [string, string]>;

// Both option sets have static directives only: the headers helmet makes from them are the same for every request.

/**
 * For the one set of HTML pages, the Swagger UI at /api/v1/docs: helmet's defaults for a document,
 * with the inline script and style that page needs.
 */
export const HELMET_OPTIONS = {
  contentSecurityPolicy: { directives: { 'script-src': ["'self'", "'unsafe-inline'"], 'style-src': ["'self'", "'unsafe-inline'", 'https:'] } },
};

/**
 * For every other answer (JSON, problem+json, CSV, PDF, iCalendar): the security headers OWASP's REST
 * Security Cheat Sheet names for API answers, made by helmet. Nothing may load into or frame an answer
 * a browser opens (CSP default-src 'none', frame-ancestors 'none', X-Frame-Options DENY), no content
 * sniffing, HSTS, no referrer, no cross-origin embedding. Helmet's headers that only mean something for an
 * HTML document (its page CSP, Cross-Origin-Opener-Policy, Origin-Agent-Cluster, X-DNS-Prefetch-Control,
 * X-Download-Options, X-Permitted-Cross-Domain-Policies, X-XSS-Protection) go to the docs pages only:
 * about 400 bytes less on every answer (in paired side runs of the command load, about 7% less api CPU per command).
 */
export const API_HELMET_OPTIONS = {
  contentSecurityPolicy: { useDefaults: false, directives: { 'default-src': ["'none'"], 'frame-ancestors': ["'none'"] } },
  crossOriginOpenerPolicy: false,
  originAgentCluster: false,
  xDnsPrefetchControl: false,
  xDownloadOptions: false,
  xPermittedCrossDomainPolicies: false,
  xXssProtection: false,
  xFrameOptions: { action: 'deny' as const },
};

/** The headers a middleware sets on an answer, from one run on a stand-in request; it must finish at once. */
export function headersSetBy(middleware: (req: Request, res: Response, next: NextFunction) => void): HeaderList {
  const headers: Array<[string, string]> = [];
  let finished = false;
  // helmet's one removal is X-Powered-By, which Express never sets here (disabled in createApp).
  const res = { setHeader: (name: string, value: unknown) => headers.push([name, String(value)]), removeHeader: () => undefined };
  middleware({} as Request, res as unknown as Response, (error?: unknown) => {
    if (error) throw error;
    finished = true;
  });
  if (!finished) throw new Error('A middleware for fixed headers has to finish at once');
  return headers;
}

/** What every answer carries, whatever it is: API-Version and the security headers for an API answer (helmet's, made once). */
export const fixedHeaders = (): HeaderList => [['API-Version', API_VERSION], ...headersSetBy(helmet(API_HELMET_OPTIONS))];

/**
 * The docs pages' security headers instead (helmet's for a document, made once): set after the fixed
 * headers, they replace the API's CSP and X-Frame-Options and add the rest.
 */
export const documentHeaders = (): HeaderList => headersSetBy(helmet(HELMET_OPTIONS));

/** Sets the fixed headers from one list: helmet's dozen middlewares cost a call chain per request for the same values. */
export const setFixedHeaders = (headers: HeaderList) => (_req: Request, res: Response, next: NextFunction) => {
  for (const [name, value] of headers) res.setHeader(name, value);
  next();
};

/** What the security middleware is made of: made once per app, shared with the cached-read path. */
export interface Security {
  config: SecurityConfig;
  headers: HeaderList;
  limit: RateLimit;
}

export const createSecurity = (config: SecurityConfig = securityConfigFromEnv()): Security =>
  ({ config, headers: fixedHeaders(), limit: new RateLimit(config.rateLimitMax, config.rateLimitWindowMs) });

const CORS_EXPOSED = ['ETag', 'Location', 'API-Version', 'Retry-After'];

/**
 * The CORS headers the cors middleware (as applySecurity configures it) gives an answer that is not a
 * preflight, for a request from `origin`, as a flat name/value list: none without configured origins;
 * else Access-Control-Allow-Origin naming the origin when it is one of them, Vary: Origin, and the
 * exposed headers. For an answer made before Express; a test compares it with the middleware's.
 */
export function corsHeaders(config: SecurityConfig): (origin: string | undefined) => string[] {
  if (!config.corsOrigins.length) return () => [];
  const allowed = new Set(config.corsOrigins);
  const rest = ['Vary', 'Origin', 'Access-Control-Expose-Headers', CORS_EXPOSED.join(',')];
  return (origin) => (origin !== undefined && allowed.has(origin) ? ['Access-Control-Allow-Origin', origin, ...rest] : rest);
}

/** API-Version and security headers, CORS only for configured origins, and the rate limit; before anything else runs. */
export function applySecurity(app: INestApplication, { config, headers, limit }: Security = createSecurity()): void {
  app.use(setFixedHeaders(headers));
  if (config.corsOrigins.length) {
    app.enableCors({
      origin: config.corsOrigins,
      methods: ['GET', 'POST', 'PUT', 'DELETE'],
      allowedHeaders: ['Authorization', 'Content-Type', 'If-Match', 'Idempotency-Key', 'X-Audit-Toelichting', 'X-Correlation-ID'],
      exposedHeaders: CORS_EXPOSED,
    });
  }
  app.use(rateLimiter(limit));
}
