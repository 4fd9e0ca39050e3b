import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import type { Request, Response } from 'express';
import { finalize, Observable } from 'rxjs';
import { commandDuration } from '../../../../libs/runtime/src';

const WRITES = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** Command latency per route template (not per id, to keep the label set small). */
@Injectable()
export class CommandMetricsInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const req = context.switchToHttp().getRequest<Request>();
    if (!WRITES.has(req.method)) return next.handle();
    const end = commandDuration.startTimer();
    return next.handle().pipe(finalize(() => {
      const res = context.switchToHttp().getResponse<Response>();
      end({ route: `${req.method} ${req.route?.path ?? 'onbekend'}`, status: String(res.statusCode) });
    }));
  }
}
