import { randomUUID } from 'node:crypto';
import { createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import type { Request } from 'express';
import { CommandContext } from '../../../../libs/application/src';
import { Actor } from '../../../../libs/event-store/src';
import { ProblemException } from './problem';

export const IS_PUBLIC = 'kaderflow:public';
/** Answers without a token: health, the OpenAPI document, reference data, published lists. */
export const Public = () => SetMetadata(IS_PUBLIC, true);

export type AuthenticatedRequest = Request & {
  actor?: Actor;
  correlationId?: string;
  /** The route template of an answer given before routing (cachedReads), for the log line. */
  routePath?: string;
};

/** Methods that change something: they write the person directory and count as writes in the metrics. */
export const isWrite = (method: string | undefined): boolean => method === 'POST' || method === 'PUT' || method === 'PATCH' || method === 'DELETE';

/** The client's X-Correlation-ID (at most 100 characters), or a new one. */
export const correlationIdOf = (header: string | string[] | undefined): string =>
  (typeof header === 'string' ? header.slice(0, 100) : '') || randomUUID();

const MAX_HEADER = 1000;

const header = (req: Request, name: string): string | undefined => {
  const value = req.header(name);
  if (value !== undefined && value.length > MAX_HEADER) {
    throw new ProblemException(400, 'ongeldige-header', 'Een header is te lang', `De header ${name} mag hoogstens ${MAX_HEADER} tekens lang zijn.`);
  }
  return value === undefined || value.trim() === '' ? undefined : value.trim();
};

/** `If-Match: "3"` (or W/"3") to the stream version 3. */
export const parseIfMatch = (value: string | undefined): number | undefined => {
  if (value === undefined) return undefined;
  const match = /^(?:W\/)?"?(\d{1,9})"?$/.exec(value);
  if (!match) {
    throw new ProblemException(400, 'ongeldige-if-match', 'If-Match is niet geldig',
      'If-Match moet de ETag zijn die u eerder kreeg, bijvoorbeeld "3".', { fouten: [{ veld: 'If-Match', melding: 'verwacht een ETag als "3"' }] });
  }
  return Number(match[1]);
};

export const etag = (versie: number) => `"${versie}"`;

/** Who, why and the preconditions of a command, from the token and the headers (never from the body). */
export function commandContext(req: AuthenticatedRequest, now: Date, occurredAt?: string): CommandContext {
  if (!req.actor) throw new ProblemException(401, 'niet-geauthenticeerd', 'Niet aangemeld', 'Stuur een geldig toegangstoken mee (Authorization: Bearer ...).');
  const idempotencyKey = header(req, 'Idempotency-Key');
  // The name is personal data: it lives in the erasable person directory, events carry only the subject.
  const { id, role, organisation } = req.actor;
  return {
    actor: { id, role, ...(organisation !== undefined ? { organisation } : {}) },
    now: now.toISOString(),
    correlationId: req.correlationId ?? randomUUID(),
    requestId: randomUUID(),
    reason: header(req, 'X-Audit-Toelichting'),
    occurredAt,
    idempotencyKey,
    ifMatch: parseIfMatch(header(req, 'If-Match')),
  };
}

export const CurrentRequest = createParamDecorator((_: unknown, ctx: ExecutionContext) => ctx.switchToHttp().getRequest<AuthenticatedRequest>());
