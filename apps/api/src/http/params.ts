import { ParseUUIDPipe } from '@nestjs/common';
import { ApiHeader } from '@nestjs/swagger';
import { ProblemException } from './problem';
import { AuthenticatedRequest } from './request-context';

/** What every controller needs around a command or an id; one place so the API answers alike everywhere. */
const COMMAND_HEADERS = [
  ApiHeader({ name: 'Idempotency-Key', required: false, description: 'Zelfde sleutel nogmaals: er wordt niets dubbel vastgelegd.' }),
  ApiHeader({ name: 'If-Match', required: false, description: 'De ETag (versie) die u las; wijkt die af, dan 412 en er wordt niets vastgelegd.' }),
  ApiHeader({ name: 'X-Audit-Toelichting', required: false, description: 'Waarom; komt in de audittrail.' }),
];

export const withCommandHeaders = (): MethodDecorator => (target, key, descriptor) => {
  for (const decorate of COMMAND_HEADERS) decorate(target, key, descriptor);
};

/** Path ids are UUIDs; anything else is a 400 problem naming the path. */
export const uuid = new ParseUUIDPipe({
  exceptionFactory: () => new ProblemException(400, 'ongeldige-invoer', 'De invoer is niet geldig', 'Het id in de URL moet een UUID zijn.', {
    fouten: [{ veld: 'pad', melding: 'het id moet een UUID zijn' }],
  }),
});

export const today = (now: Date) => now.toISOString().slice(0, 10);

/** The metadata a domain command carries: the clock and the actor from the token. */
export const commandMeta = (req: AuthenticatedRequest, now: Date) => {
  const actor = req.actor!;
  return { now: now.toISOString(), actor: { id: actor.id, role: actor.role, organisation: actor.organisation } };
};
