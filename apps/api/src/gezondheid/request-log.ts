import type { NextFunction, Request, Response } from 'express';
import { commandDuration, logSoon } from '../../../../libs/runtime/src';
import { AuthenticatedRequest, isWrite } from '../http/request-context';

export interface RequestLine {
  route: string;
  status: number;
  correlationId?: string;
  started: bigint;
  rol?: string;
}

/** Where the lines go; tests pass their own. */
export type RequestSink = (line: RequestLine) => void;

/** The one JSON log line per request, with the correlation id that also lands in the events' metadata. */
export const logRequest: RequestSink = process.env.NODE_ENV === 'test' ? () => undefined : (r) =>
  logSoon('verzoek', {
    service: 'api', route: r.route, status: r.status, correlationId: r.correlationId,
    ms: Number((process.hrtime.bigint() - r.started) / 1000n) / 1000, rol: r.rol,
  });

// One histogram child per route and status: prom-client hashes the labels on every labelled observe.
const durations = new Map<string, { observe(seconds: number): void }>();
const observeWrite = (route: string, status: number, seconds: number) => {
  const key = `${status} ${route}`;
  let child = durations.get(key);
  if (!child) durations.set(key, (child = commandDuration.labels({ route, status: String(status) })));
  child.observe(seconds);
};

/**
 * When an answer has gone out (or the client went away): a write's latency per route template (not
 * per id, to keep the label set small) and the request's log line. A plain listener, not a Nest
 * interceptor, so no request pays for an rxjs pipeline, and 401s and 404s are logged as well.
 */
export const requestLog = (sink: RequestSink = logRequest) => (req: Request, res: Response, next: NextFunction): void => {
  const started = process.hrtime.bigint();
  res.once('close', () => {
    const r = req as AuthenticatedRequest;
    const route = `${req.method} ${req.route?.path ?? r.routePath ?? 'onbekend'}`;
    if (isWrite(req.method)) observeWrite(route, res.statusCode, Number(process.hrtime.bigint() - started) / 1e9);
    sink({ route, status: res.statusCode, correlationId: r.correlationId, started, rol: r.actor?.role });
  });
  next();
};
