import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import type { Response } from 'express';
import { finalize, Observable } from 'rxjs';
import { commandDuration, log } from '../../../../libs/runtime/src';
import type { AuthenticatedRequest } from '../http/request-context';

const WRITES = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const quiet = process.env.NODE_ENV === 'test';

/** The one JSON log line per request, with the correlation id that also lands in the events' metadata. */
export function logRequest(r: { route: string; status: number; correlationId?: string; started: bigint; rol?: string }): void {
  if (quiet) return;
  log('verzoek', {
    service: 'api', route: r.route, status: r.status, correlationId: r.correlationId,
    ms: Number((process.hrtime.bigint() - r.started) / 1000n) / 1000, rol: r.rol,
  });
}

/**
 * Command latency per route template (not per id, to keep the label set small), and one JSON log line
 * per request with the correlation id that also lands in the events' metadata and the worker's logs.
 */
@Injectable()
export class CommandMetricsInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const req = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const write = WRITES.has(req.method);
    const started = process.hrtime.bigint();
    const end = write ? commandDuration.startTimer() : undefined;
    return next.handle().pipe(finalize(() => {
      const res = context.switchToHttp().getResponse<Response>();
      const route = `${req.method} ${req.route?.path ?? 'onbekend'}`;
      end?.({ route, status: String(res.statusCode) });
      logRequest({ route, status: res.statusCode, correlationId: req.correlationId, started, rol: req.actor?.role });
    }));
  }
}
