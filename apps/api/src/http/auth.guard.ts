import { CanActivate, ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuthError, Authenticator } from '../../../../libs/auth/src';
import { createPersonDirectory, PersonDirectory } from '../../../../libs/privacy/src';
import { Runtime } from '../../../../libs/runtime/src';
import { RUNTIME } from '../commands/command-gateway';
import { AuthenticatedRequest, correlationIdOf, IS_PUBLIC, isWrite } from './request-context';
import { ProblemException } from './problem';

export const AUTHENTICATOR = Symbol('Authenticator');

const DETAIL: Record<string, string> = {
  missing: 'Stuur een toegangstoken mee in de header Authorization: Bearer <token>.',
  expired: 'Uw toegangstoken is verlopen. Meld u opnieuw aan.',
};

/**
 * Every route needs a valid token unless marked @Public(); the actor then comes from the token only.
 * Before a write, the caller's display name (token claim `naam`) goes to the erasable person
 * directory, so audit views can show the person while events hold only the subject.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  private readonly personen: PersonDirectory;
  /** @Public() per handler, looked up once: the metadata never changes after start-up. */
  private readonly publicHandlers = new Map<Function, boolean>();

  constructor(
    @Inject(AUTHENTICATOR) private readonly authenticator: Authenticator,
    @Inject(RUNTIME) private readonly runtime: Runtime,
    private readonly reflector: Reflector,
  ) {
    this.personen = createPersonDirectory(runtime.db);
  }

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const req = context.switchToHttp().getRequest<AuthenticatedRequest>();
    req.correlationId = correlationIdOf(req.headers['x-correlation-id']);
    const isPublic = this.isPublic(context);
    if (isPublic && !req.header('Authorization')) return true;
    try {
      req.actor = await this.authenticator.authenticate(req.header('Authorization'));
    } catch (error) {
      if (isPublic) return true;
      if (error instanceof AuthError) {
        throw new ProblemException(401, 'niet-geauthenticeerd', 'Niet aangemeld', DETAIL[error.reason] ?? error.message, {
          headers: { 'WWW-Authenticate': `Bearer error="invalid_token"` },
        });
      }
      throw error;
    }
    if (isWrite(req.method)) await this.personen.remember(req.actor.id, req.actor.displayName, this.runtime.config.clock().toISOString());
    return true;
  }

  private isPublic(context: ExecutionContext): boolean {
    const handler = context.getHandler();
    let isPublic = this.publicHandlers.get(handler);
    if (isPublic === undefined) {
      isPublic = this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, [handler, context.getClass()]) ?? false;
      this.publicHandlers.set(handler, isPublic);
    }
    return isPublic;
  }
}
