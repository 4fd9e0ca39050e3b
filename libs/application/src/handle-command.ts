import { createHash } from 'node:crypto';
import { Decider, DomainCommand, DomainEvent, fold } from '../../domain/src/shared';
import { Actor, EventStore, IdempotencyKeyReusedError, StoredEvent, WrongExpectedVersionError } from '../../event-store/src';

/** Everything about a command that is not the command itself: who, why, and the HTTP preconditions. */
export interface CommandContext {
  actor: Actor;
  now: string;
  correlationId: string;
  causationId?: string;
  requestId?: string;
  /** The user's reason (X-Audit-Toelichting or a `reden` field). */
  reason?: string;
  /** When it happened in the world; defaults to now. */
  occurredAt?: string;
  idempotencyKey?: string;
  /** The stream version the client last saw (If-Match); a mismatch fails with PreconditionFailedError. */
  ifMatch?: number;
}

export interface CommandResult {
  streamId: string;
  /** Stream version after the command: the ETag. */
  versie: number;
  /** Global position of the last event written: ask reads to be at least this fresh. */
  positie: number;
  events: StoredEvent[];
  /** True when an Idempotency-Key repeat answered from the first result. */
  herhaald: boolean;
}

/** If-Match did not match the stream's current version; nothing was written. */
export class PreconditionFailedError extends Error {
  override readonly name = 'PreconditionFailedError';
  constructor(readonly streamId: string, readonly expected: number, readonly actual: number) {
    super(`Stream ${streamId} is at version ${actual}, If-Match said ${expected}`);
  }
}

const RACE_RETRIES = 3;

export const commandFingerprint = (streamId: string, command: DomainCommand): string =>
  createHash('sha256').update(JSON.stringify([streamId, command.type, command.data])).digest('hex');

/**
 * The one path every command takes: read the stream, fold, decide, append with the version read.
 * A lost race is retried (the decision is made again on the new state) unless the client pinned
 * the version with If-Match.
 */
export async function handleCommand<State, Command extends DomainCommand, Event extends DomainEvent>(
  store: EventStore,
  decider: Decider<State, Command, Event>,
  streamId: string,
  command: Command,
  ctx: CommandContext,
): Promise<CommandResult> {
  const fingerprint = ctx.idempotencyKey ? commandFingerprint(streamId, command) : undefined;
  if (ctx.idempotencyKey) {
    const earlier = await store.findIdempotencyRecord(ctx.idempotencyKey);
    if (earlier) return replay(earlier.fingerprint, fingerprint!, ctx.idempotencyKey, earlier.streamId, earlier.nextExpectedVersion, earlier.lastPosition);
  }
  for (let attempt = 1; ; attempt++) {
    const past = await store.readStream(streamId);
    const version = past.length ? past[past.length - 1].version : 0;
    if (ctx.ifMatch !== undefined && ctx.ifMatch !== version) throw new PreconditionFailedError(streamId, ctx.ifMatch, version);
    const state = fold(decider, past.map((e) => ({ type: e.type, data: e.data }) as Event));
    const decided = decider.decide(command, state);
    if (decided.length === 0) {
      return { streamId, versie: version, positie: past.length ? past[past.length - 1].globalPosition : 0, events: [], herhaald: true };
    }
    try {
      const result = await store.appendToStream(
        streamId,
        decided.map((event) => ({
          type: event.type,
          data: event.data,
          occurredAt: ctx.occurredAt ?? ctx.now,
          metadata: {
            actor: ctx.actor,
            correlationId: ctx.correlationId,
            ...(ctx.causationId ? { causationId: ctx.causationId } : {}),
            ...(ctx.requestId ? { requestId: ctx.requestId } : {}),
            ...(ctx.reason ? { reason: ctx.reason } : {}),
            ...(ctx.idempotencyKey ? { idempotencyKey: ctx.idempotencyKey } : {}),
            command: command.type,
          },
        })),
        { expectedVersion: version === 0 ? 'no_stream' : version, idempotencyKey: ctx.idempotencyKey, fingerprint },
      );
      if (result.replayed) return replay(fingerprint!, fingerprint!, ctx.idempotencyKey!, result.streamId, result.nextExpectedVersion, result.lastPosition);
      return { streamId, versie: result.nextExpectedVersion, positie: result.lastPosition, events: result.events, herhaald: false };
    } catch (error) {
      if (!(error instanceof WrongExpectedVersionError)) throw error;
      if (ctx.ifMatch !== undefined) throw new PreconditionFailedError(streamId, ctx.ifMatch, error.actual);
      if (attempt >= RACE_RETRIES) throw error;
    }
  }
}

function replay(stored: string, given: string, key: string, streamId: string, versie: number, positie: number): CommandResult {
  if (stored !== given) throw new IdempotencyKeyReusedError(key);
  return { streamId, versie, positie, events: [], herhaald: true };
}
