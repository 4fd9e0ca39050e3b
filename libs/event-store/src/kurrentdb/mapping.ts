import type { AppendExpectedRevision, CurrentRevision, JSONType } from '@eventstore/db-client';
import { ANY, NO_STREAM, STREAM_EXISTS } from '@eventstore/db-client';
import { WrongExpectedVersionError } from '../errors';
import { eventHash } from '../hash';
import type { EventMetadata, ExpectedVersion, NewEvent, StoredEvent } from '../types';

/**
 * Pure translations between our store model and KurrentDB's. Our versions are 1-based
 * (version 1 = first event); KurrentDB revisions are 0-based (revision 0 = first event).
 */

export const toExpectedRevision = (expected: ExpectedVersion): AppendExpectedRevision => {
  if (expected === 'any') return ANY;
  if (expected === 'no_stream' || expected === 0) return NO_STREAM;
  if (expected === 'stream_exists') return STREAM_EXISTS;
  if (!Number.isSafeInteger(expected) || expected < 0) {
    throw new RangeError(`Expected version must be a non-negative integer, got ${String(expected)}`);
  }
  return BigInt(expected - 1);
};

/** KurrentDB's current revision as our version: no stream = 0, revision r = version r + 1. */
export const toVersion = (revision: CurrentRevision | bigint | undefined): number =>
  revision === undefined || revision === NO_STREAM ? 0 : Number(revision) + 1;

export { satisfies } from '../expected-version';

/** The driver's WrongExpectedVersionError (or anything shaped like it) as ours. */
export const toWrongExpectedVersion = (
  error: { actualVersion?: CurrentRevision | bigint },
  streamId: string,
  expected: ExpectedVersion,
): WrongExpectedVersionError => new WrongExpectedVersionError(streamId, expected, toVersion(error.actualVersion));

/** What we keep in a KurrentDB event's metadata. `$correlationId`/`$causationId` feed KurrentDB's own projections. */
export interface KurrentMetadata {
  event: EventMetadata;
  schemaVersion: number;
  occurredAt: string;
  recordedAt: string;
  hash: string;
  prevHash: string | null;
  $correlationId?: string;
  $causationId?: string;
}

/** The event as KurrentDB will store it, with our bookkeeping in the metadata. */
export const toEventData = (
  event: NewEvent,
  ctx: { streamId: string; version: number; recordedAt: string; prevHash: string | null; eventId: string },
): { id: string; type: string; data: JSONType; metadata: KurrentMetadata } => {
  const schemaVersion = event.schemaVersion ?? 1;
  const occurredAt = event.occurredAt ?? ctx.recordedAt;
  // Same canonical form as the SQL stores, so verifyStreamChain checks a KurrentDB stream too.
  const hash = eventHash({
    eventId: ctx.eventId,
    streamId: ctx.streamId,
    version: ctx.version,
    type: event.type,
    schemaVersion,
    data: event.data,
    metadata: event.metadata,
    occurredAt,
    recordedAt: ctx.recordedAt,
    prevHash: ctx.prevHash,
  });
  return {
    id: ctx.eventId,
    type: event.type,
    data: (event.data ?? null) as JSONType,
    metadata: {
      event: event.metadata,
      schemaVersion,
      occurredAt,
      recordedAt: ctx.recordedAt,
      hash,
      prevHash: ctx.prevHash,
      $correlationId: event.metadata.correlationId,
      ...(event.metadata.causationId ? { $causationId: event.metadata.causationId } : {}),
    },
  };
};

/** The parts of a KurrentDB RecordedEvent we read; kept structural so tests need no server. */
export interface RecordedLike {
  streamId: string;
  id: string;
  revision: bigint;
  type: string;
  created: Date;
  data: unknown;
  metadata: unknown;
  position?: { commit: bigint; prepare: bigint };
}

/**
 * Our global position for a KurrentDB event: its log position. It grows with the $all order but is
 * NOT dense (it is a byte offset in the transaction log, with gaps for other streams, system events and
 * record sizes), so readers must only compare positions, never count on `previous + 1`. We use the
 * prepare position: KurrentDB gives all events of one append the same commit position, so only the
 * prepare position is unique per event (for single-event appends the two are equal).
 */
export const toGlobalPosition = (position: { commit: bigint; prepare: bigint } | undefined): number => {
  if (!position) throw new Error('KurrentDB did not return an event position (server older than 22.6?)');
  const value = Number(position.prepare);
  if (!Number.isSafeInteger(value)) throw new RangeError(`Log position ${position.prepare} is beyond a safe integer`);
  return value + 1; // 1-based like the SQL stores: position 0 means "before everything"
};

const isKurrentMetadata = (m: unknown): m is KurrentMetadata =>
  typeof m === 'object' && m !== null && 'event' in m && 'hash' in m && 'recordedAt' in m;

/** A recorded event as our StoredEvent; `streamId` is the logical id (namespace stripped by the caller). */
export const toStoredEvent = (recorded: RecordedLike, streamId: string): StoredEvent => {
  const meta = recorded.metadata;
  const created = recorded.created.toISOString();
  if (!isKurrentMetadata(meta)) {
    // Written by something other than this store: no chain, metadata as found.
    return {
      eventId: recorded.id,
      streamId,
      version: Number(recorded.revision) + 1,
      globalPosition: toGlobalPosition(recorded.position),
      type: recorded.type,
      schemaVersion: 1,
      data: recorded.data,
      metadata: (meta ?? {}) as EventMetadata,
      occurredAt: created,
      recordedAt: created,
      hash: '',
      prevHash: null,
    };
  }
  return {
    eventId: recorded.id,
    streamId,
    version: Number(recorded.revision) + 1,
    globalPosition: toGlobalPosition(recorded.position),
    type: recorded.type,
    schemaVersion: meta.schemaVersion,
    data: recorded.data,
    metadata: meta.event,
    occurredAt: meta.occurredAt,
    recordedAt: meta.recordedAt,
    hash: meta.hash,
    prevHash: meta.prevHash,
  };
};
