import { CallHandler, ExecutionContext, Inject, Injectable, NestInterceptor } from '@nestjs/common';
import { from, Observable, switchMap } from 'rxjs';
import { createPersonDirectory } from '../../../../libs/privacy/src';
import { Runtime } from '../../../../libs/runtime/src';
import { RUNTIME } from '../commands/command-gateway';
import { AuthenticatedRequest } from '../http/request-context';

const WRITES = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * Before a write, records the caller's display name (token claim `naam`) in the erasable person
 * directory, so audit views can show the person while events hold only the subject.
 */
@Injectable()
export class PersonenInterceptor implements NestInterceptor {
  private readonly personen;

  constructor(@Inject(RUNTIME) private readonly runtime: Runtime) {
    this.personen = createPersonDirectory(runtime.db);
  }

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const req = context.switchToHttp().getRequest<AuthenticatedRequest>();
    if (!req.actor || !WRITES.has(req.method)) return next.handle();
    const remember = this.personen.remember(req.actor.id, req.actor.displayName, this.runtime.config.clock().toISOString());
    return from(remember).pipe(switchMap(() => next.handle()));
  }
}
