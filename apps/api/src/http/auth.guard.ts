import { CanActivate, ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { randomUUID } from 'node:crypto';
import { AuthError, Authenticator } from '../../../../libs/auth/src';
import { AuthenticatedRequest, IS_PUBLIC } from './request-context';
import { ProblemException } from './problem';

export const AUTHENTICATOR = Symbol('Authenticator');

const DETAIL: Record<string, string> = {
  missing: 'Stuur een toegangstoken mee in de header Authorization: Bearer <token>.',
  expired: 'Uw toegangstoken is verlopen. Meld u opnieuw aan.',
};

/** Every route needs a valid token unless marked @Public(); the actor then comes from the token only. */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(@Inject(AUTHENTICATOR) private readonly authenticator: Authenticator, private readonly reflector: Reflector) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const req = context.switchToHttp().getRequest<AuthenticatedRequest>();
    req.correlationId = req.header('X-Correlation-ID')?.slice(0, 100) || randomUUID();
    const isPublic = this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, [context.getHandler(), context.getClass()]);
    if (isPublic && !req.header('Authorization')) return true;
    try {
      req.actor = await this.authenticator.authenticate(req.header('Authorization'));
      return true;
    } catch (error) {
      if (isPublic) return true;
      if (error instanceof AuthError) {
        throw new ProblemException(401, 'niet-geauthenticeerd', 'Niet aangemeld', DETAIL[error.reason] ?? error.message, {
          headers: { 'WWW-Authenticate': `Bearer error="invalid_token"` },
        });
      }
      throw error;
    }
  }
}
