/** Who did it. Always taken from the verified token, never from a request body. */
export interface Actor {
  id: string;
  role: string;
  organisation?: string;
  /** How the person is shown in audit trails (ZGW `gebruikersWeergave`). */
  displayName?: string;
}

export interface EventMetadata {
  actor: Actor;
  correlationId: string;
  causationId?: string;
  idempotencyKey?: string;
  /** Command that produced the event, e.g. `PlanMijlpaal`. */
  command?: string;
  requestId?: string;
  /** Why, where the user gave a reason (X-Audit-Toelichting or a `reden` field). */
  reason?: string;
  [key: string]: unknown;
}

/** An event as the application hands it to the store. */
export interface NewEvent<Type extends string = string, Data = unknown> {
  type: Type;
  data: Data;
  schemaVersion?: number;
  eventId?: string;
  /** When it happened in the world (ISO 8601), e.g. the date of a meeting. Defaults to recordedAt. */
  occurredAt?: string;
  metadata: EventMetadata;
}

/** An event as the store returns it. */
export interface StoredEvent<Type extends string = string, Data = unknown> {
  eventId: string;
  streamId: string;
  /** 1-based position within the stream. */
  version: number;
  /** 1-based position in the one global order. */
  globalPosition: number;
  type: Type;
  schemaVersion: number;
  data: Data;
  metadata: EventMetadata;
  occurredAt: string;
  recordedAt: string;
  /** Hash of this event's canonical form chained to the previous event of the stream. */
  hash: string;
  prevHash: string | null;
}

/**
 * `number`: the stream must be at exactly this version (0 = must not exist).
 * `no_stream`: must not exist. `stream_exists`: must exist. `any`: no check.
 */
export type ExpectedVersion = number | 'any' | 'no_stream' | 'stream_exists';

export interface AppendOptions {
  expectedVersion: ExpectedVersion;
  /** Same key and fingerprint again: nothing is written and the first result is returned. */
  idempotencyKey?: string;
  /** Hash of the request the key was first used for; a different one is rejected. */
  fingerprint?: string;
  /** Anything the caller wants returned on a repeat (e.g. the HTTP response body). */
  response?: unknown;
}

export interface AppendResult {
  streamId: string;
  /** The stream's version after the append. */
  nextExpectedVersion: number;
  /** Global position of the last event written (or of the first write, on a repeat). */
  lastPosition: number;
  events: StoredEvent[];
  /** True when this was a repeat of an idempotency key and nothing new was written. */
  replayed: boolean;
  response?: unknown;
}

export interface ReadStreamOptions {
  /** First version to return (inclusive, 1-based). */
  from?: number;
  /** Last version to return (inclusive). */
  to?: number;
  /** Only events at or before this global position. */
  maxPosition?: number;
  /** Only events recorded at or before this instant (ISO 8601). */
  recordedUntil?: string;
  /** Only events that occurred at or before this instant (ISO 8601). */
  occurredUntil?: string;
}

export interface ReadAllOptions {
  /** Return events with globalPosition > after. Default 0. */
  after?: number;
  limit?: number;
  /** Only these event types (still in global order). */
  types?: string[];
  /** Only streams whose id starts with `${category}-`. */
  category?: string;
}

export interface IdempotencyRecord {
  key: string;
  fingerprint: string;
  streamId: string;
  nextExpectedVersion: number;
  lastPosition: number;
  response?: unknown;
}

export interface EventStore {
  appendToStream(streamId: string, events: NewEvent[], options: AppendOptions): Promise<AppendResult>;
  readStream(streamId: string, options?: ReadStreamOptions): Promise<StoredEvent[]>;
  /** Events in the global order. Never returns an event while an earlier-numbered one may still commit. */
  readAll(options?: ReadAllOptions): Promise<StoredEvent[]>;
  /** The highest global position a reader may safely have seen. */
  headPosition(): Promise<number>;
  findIdempotencyRecord(key: string): Promise<IdempotencyRecord | undefined>;
  close(): Promise<void>;
}
