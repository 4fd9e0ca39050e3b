import { createHash } from 'node:crypto';
import { Decider, DomainCommand, DomainEvent } from '../../domain/src/shared';
import { Actor, EventStore, IdempotencyKeyReusedError, StoredEvent, WrongExpectedVersionError } from '../../event-store/src';
import { freshState, KnownState, StreamStates } from './stream-states';

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

/**
 * A race lost to another writer (another api copy, the process manager) is decided again on a fresh
 * read. Another copy taking a burst of commands on the same stream in turn can win many in a row, so
 * the loser keeps trying for up to RACE_BUDGET_MS (and at least RACE_RETRIES times), after a short
 * random pause that grows with each loss, so two copies do not keep colliding in step; only then is
 * it a 409. A race costs a read, a decision and a refused append: nothing is written twice.
 */
const RACE_RETRIES = 3;
const RACE_BUDGET_MS = 2_000;
const RACE_MAX = 64;
const racePause = (races: number) => new Promise<void>((resolve) => setTimeout(resolve, Math.random() * Math.min(2 ** races, 32)));

export const commandFingerprint = (streamId: string, command: DomainCommand): string =>
  createHash('sha256').update(JSON.stringify([streamId, command.type, command.data])).digest('hex');

/**
 * The one path every command takes: read the stream, fold, decide, append with the version read.
 * A lost race is retried (the decision is made again on the new state) unless the client pinned
 * the version with If-Match. With `states`, a stream decided on recently in this process starts from
 * its remembered state instead of a read; the append's expected version keeps that honest, and
 * whatever the remembered state says no to (If-Match, a refusal, nothing to do) is checked again on
 * a fresh read before the client hears it. Commands on one stream with the same `states` take turns
 * (StreamStates.inTurn), so they do not race each other at all.
 */
export const handleCommand: typeof decideAndAppend = (store, decider, streamId, command, ctx, states) =>
  states ? states.inTurn(streamId, () => decideAndAppend(store, decider, streamId, command, ctx, states)) : decideAndAppend(store, decider, streamId, command, ctx);

/** One command, decided and appended (handleCommand without the turns). */
async function decideAndAppend<State, Command extends DomainCommand, Event extends DomainEvent>(
  store: EventStore,
  decider: Decider<State, Command, Event>,
  streamId: string,
  command: Command,
  ctx: CommandContext,
  states?: StreamStates,
): Promise<CommandResult> {
  const fingerprint = ctx.idempotencyKey ? commandFingerprint(streamId, command) : undefined;
  if (ctx.idempotencyKey) {
    const earlier = await store.findIdempotencyRecord(ctx.idempotencyKey);
    if (earlier) return replay(earlier.fingerprint, fingerprint!, ctx.idempotencyKey, earlier.streamId, earlier.nextExpectedVersion, earlier.lastPosition);
  }
  let useKnown = states !== undefined;
  let firstRaceAt = 0;
  for (let races = 0; ; ) {
    const known = useKnown ? states!.get(decider, streamId) : undefined;
    useKnown = false;
    const current = known ?? (await readState(store, decider, streamId));
    if (ctx.ifMatch !== undefined && ctx.ifMatch !== current.version) {
      if (known) { states!.forget(streamId); continue; }
      throw new PreconditionFailedError(streamId, ctx.ifMatch, current.version);
    }
    let decided: Event[];
    try {
      decided = decider.decide(command, current.state as State);
    } catch (error) {
      if (known) { states!.forget(streamId); continue; }
      throw error;
    }
    if (decided.length === 0) {
      if (known) { states!.forget(streamId); continue; }
      return { streamId, versie: current.version, positie: current.position, events: [], herhaald: true };
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
        { expectedVersion: current.version === 0 ? 'no_stream' : current.version, idempotencyKey: ctx.idempotencyKey, fingerprint },
      );
      if (result.replayed) {
        states?.forget(streamId);
        return replay(fingerprint!, fingerprint!, ctx.idempotencyKey!, result.streamId, result.nextExpectedVersion, result.lastPosition);
      }
      // The append proved `current` was the stream's state: it goes on in place (its own evolve), and the old one is not kept anywhere.
      states?.set(decider, streamId, {
        state: decided.reduce(current.evolve as (s: State, e: Event) => State, current.state as State), version: result.nextExpectedVersion,
        position: result.lastPosition, evolve: current.evolve,
      });
      return { streamId, versie: result.nextExpectedVersion, positie: result.lastPosition, events: result.events, herhaald: false };
    } catch (error) {
      states?.forget(streamId);
      if (!(error instanceof WrongExpectedVersionError)) throw error;
      if (ctx.ifMatch !== undefined) throw new PreconditionFailedError(streamId, ctx.ifMatch, error.actual);
      // A remembered state that was behind is not a race: decide again on a fresh read.
      if (known) continue;
      races++;
      firstRaceAt ||= Date.now();
      if (races >= RACE_MAX || (races >= RACE_RETRIES && Date.now() - firstRaceAt > RACE_BUDGET_MS)) throw error;
      await racePause(races);
    }
  }
}

async function readState<State>(store: EventStore, decider: Decider<State, any, any>, streamId: string): Promise<KnownState> {
  const past = await store.readStream(streamId);
  const last = past[past.length - 1];
  return freshState(decider, past.map((e) => ({ type: e.type, data: e.data })), last?.version ?? 0, last?.globalPosition ?? 0);
}

function replay(stored: string, given: string, key: string, streamId: string, versie: number, positie: number): CommandResult {
  if (stored !== given) throw new IdempotencyKeyReusedError(key);
  return { streamId, versie, positie, events: [], herhaald: true };
}
