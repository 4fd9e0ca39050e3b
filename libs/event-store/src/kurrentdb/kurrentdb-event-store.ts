import { randomUUID } from 'node:crypto';
import {
  BACKWARDS,
  END,
  EventStoreDBClient,
  FORWARDS,
  NO_STREAM,
  START,
  StreamNotFoundError,
  WrongExpectedVersionError as KurrentWrongExpectedVersionError,
  jsonEvent,
} from '@eventstore/db-client';
import type { JSONType, Position } from '@eventstore/db-client';
import { IdempotencyKeyReusedError, WrongExpectedVersionError } from '../errors';
import type {
  AppendOptions,
  AppendResult,
  EventStore,
  IdempotencyRecord,
  NewEvent,
  ReadAllOptions,
  ReadStreamOptions,
  StoredEvent,
} from '../types';
import { RecordedLike, satisfies, toEventData, toExpectedRevision, toGlobalPosition, toStoredEvent, toWrongExpectedVersion } from './mapping';

export interface KurrentDbEventStoreOptions {
  /**
   * Prefix put before every stream name on the server, e.g. `kaderflow.`. Lets several apps or test
   * runs share one server; readAll only returns streams with this prefix.
   */
  namespace?: string;
  clock?: () => Date;
  newId?: () => string;
  /** How often an `any`/`stream_exists` append re-reads the stream head after a concurrent write. */
  maxRetries?: number;
  /** How long a request waits for another one holding the same idempotency key. Default 10 s. */
  claimWaitMs?: number;
  /** After this long an unfinished claim counts as abandoned (its writer crashed). Default 30 s. */
  staleClaimMs?: number;
}

const IDEMPOTENCY_PREFIX = 'idempotency-';
const IDEMPOTENCY_CLAIMED = 'IdempotencyKeyClaimed';
const IDEMPOTENCY_RECORDED = 'IdempotencyKeyRecorded';
const IDEMPOTENCY_RELEASED = 'IdempotencyKeyReleased';

interface IdempotencyData extends IdempotencyRecord {
  firstVersion: number;
}

/**
 * EventStore on KurrentDB (EventStoreDB) via @eventstore/db-client.
 *
 * Differences from the SQL stores, by design of KurrentDB:
 * - globalPosition is the event's log position: ordered, not dense (see toGlobalPosition).
 * - Idempotency lives in a stream `idempotency-<key>`: a claim appended with NO_STREAM (one of
 *   concurrent requests wins, the others wait for its outcome), then the events, then the record.
 *   KurrentDB has no multi-stream transaction, so this is three writes where the SQL store has one:
 *   if the writer dies after the events but before the record, the claim goes stale (staleClaimMs)
 *   and a retry with the same key writes the events a second time.
 * - The hash chain needs the previous event, so every append reads the stream head first and then
 *   appends pinned to that revision; `any` and `stream_exists` retry when someone wrote in between.
 */
export class KurrentDbEventStore implements EventStore {
  private readonly namespace: string;
  private readonly clock: () => Date;
  private readonly newId: () => string;
  private readonly maxRetries: number;
  private readonly claimWaitMs: number;
  private readonly staleClaimMs: number;
  /** Full $all positions we handed out, so readAll({ after }) can resume without scanning from the start. */
  private readonly positions = new Map<number, Position>();

  constructor(
    private readonly client: EventStoreDBClient,
    options: KurrentDbEventStoreOptions = {},
  ) {
    this.namespace = options.namespace ?? '';
    this.clock = options.clock ?? (() => new Date());
    this.newId = options.newId ?? randomUUID;
    this.maxRetries = options.maxRetries ?? 100;
    this.claimWaitMs = options.claimWaitMs ?? 10_000;
    this.staleClaimMs = options.staleClaimMs ?? 30_000;
  }

  static connect(connectionString: string, options?: KurrentDbEventStoreOptions): KurrentDbEventStore {
    return new KurrentDbEventStore(EventStoreDBClient.connectionString(connectionString), options);
  }

  async appendToStream(streamId: string, events: NewEvent[], options: AppendOptions): Promise<AppendResult> {
    const key = options.idempotencyKey;
    if (!key) return this.appendPinned(streamId, events, options);

    const claim = await this.claim(key, options.fingerprint ?? '');
    if ('replay' in claim) return claim.replay;
    let result: AppendResult;
    try {
      result = await this.appendPinned(streamId, events, options);
    } catch (error) {
      // A failed request must not keep the key, so the caller can retry with it.
      await this.appendIdempotency(key, IDEMPOTENCY_RELEASED, { key }, claim.revision).catch(() => undefined);
      throw error;
    }
    const record: IdempotencyData = {
      key,
      fingerprint: options.fingerprint ?? '',
      streamId,
      firstVersion: result.nextExpectedVersion - events.length + 1,
      nextExpectedVersion: result.nextExpectedVersion,
      lastPosition: result.lastPosition,
      response: options.response,
    };
    try {
      await this.appendIdempotency(key, IDEMPOTENCY_RECORDED, record, claim.revision);
    } catch (error) {
      // Our claim was taken over as stale while we wrote: the events stand (see class comment).
      if (!(error instanceof KurrentWrongExpectedVersionError)) throw error;
    }
    return { ...result, response: options.response };
  }

  /**
   * Takes the key by appending a claim to `idempotency-<key>` at the revision we saw (NO_STREAM the
   * first time): of concurrent requests exactly one wins; the others wait for its outcome.
   */
  private async claim(key: string, fingerprint: string): Promise<{ revision: bigint } | { replay: AppendResult }> {
    const waitUntil = Date.now() + this.claimWaitMs;
    for (;;) {
      const history = await this.collect(this.client.readStream(this.physical(IDEMPOTENCY_PREFIX + key), { fromRevision: START }));
      const last = history[history.length - 1];
      if (last?.type === IDEMPOTENCY_RECORDED) return { replay: await this.replay(last.data as IdempotencyData, fingerprint) };
      if (last?.type === IDEMPOTENCY_CLAIMED) {
        const claimed = last.data as { fingerprint: string; claimedAt: number };
        const stale = Date.now() - claimed.claimedAt > this.staleClaimMs;
        if (!stale) {
          if (claimed.fingerprint !== fingerprint) throw new IdempotencyKeyReusedError(key);
          if (Date.now() > waitUntil) throw new Error(`Idempotency key ${key} is still being handled by another request`);
          await new Promise((resolve) => setTimeout(resolve, 20));
          continue;
        }
      }
      try {
        // Wall time on purpose: staleness is about real seconds, not the store's (possibly fake) clock.
        const written = await this.appendIdempotency(key, IDEMPOTENCY_CLAIMED, { key, fingerprint, claimedAt: Date.now() }, last ? last.revision : NO_STREAM);
        return { revision: written };
      } catch (error) {
        if (!(error instanceof KurrentWrongExpectedVersionError)) throw error;
      }
    }
  }

  private async appendIdempotency(key: string, type: string, data: object, expected: bigint | typeof NO_STREAM): Promise<bigint> {
    const result = await this.client.appendToStream(
      this.physical(IDEMPOTENCY_PREFIX + key),
      jsonEvent({ id: this.newId(), type, data: data as JSONType }),
      { expectedRevision: expected },
    );
    return result.nextExpectedRevision;
  }

  private async appendPinned(streamId: string, events: NewEvent[], options: AppendOptions): Promise<AppendResult> {
    for (let attempt = 0; ; attempt++) {
      const head = await this.lastEvent(streamId);
      const actual = head ? head.version : 0;
      if (!satisfies(options.expectedVersion, actual)) {
        throw new WrongExpectedVersionError(streamId, options.expectedVersion, actual);
      }
      if (events.length === 0) {
        return { streamId, nextExpectedVersion: actual, lastPosition: head?.globalPosition ?? 0, events: [], replayed: false };
      }
      const recordedAt = this.clock().toISOString();
      let prevHash = head?.hash ?? null;
      const data = events.map((event, i) => {
        const mapped = toEventData(event, { streamId, version: actual + i + 1, recordedAt, prevHash, eventId: event.eventId ?? this.newId() });
        prevHash = mapped.metadata.hash;
        return jsonEvent({ id: mapped.id, type: mapped.type, data: mapped.data, metadata: mapped.metadata as unknown as JSONType });
      });
      try {
        await this.client.appendToStream(this.physical(streamId), data, { expectedRevision: toExpectedRevision(actual) });
      } catch (error) {
        if (!(error instanceof KurrentWrongExpectedVersionError)) throw error;
        const retryable = options.expectedVersion === 'any' || options.expectedVersion === 'stream_exists';
        if (retryable && attempt < this.maxRetries) continue;
        throw toWrongExpectedVersion(error, streamId, options.expectedVersion);
      }
      const stored = await this.readStream(streamId, { from: actual + 1, to: actual + events.length });
      return {
        streamId,
        nextExpectedVersion: actual + events.length,
        lastPosition: stored[stored.length - 1].globalPosition,
        events: stored,
        replayed: false,
      };
    }
  }

  private async replay(record: IdempotencyData, fingerprint: string | undefined): Promise<AppendResult> {
    if ((fingerprint ?? '') !== record.fingerprint) throw new IdempotencyKeyReusedError(record.key);
    const events =
      record.nextExpectedVersion >= record.firstVersion
        ? await this.readStream(record.streamId, { from: record.firstVersion, to: record.nextExpectedVersion })
        : [];
    return {
      streamId: record.streamId,
      nextExpectedVersion: record.nextExpectedVersion,
      lastPosition: record.lastPosition,
      events,
      replayed: true,
      response: record.response,
    };
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<StoredEvent[]> {
    const from = Math.max(1, options.from ?? 1);
    if (options.to !== undefined && options.to < from) return [];
    const maxCount = options.to !== undefined ? options.to - from + 1 : undefined;
    const recorded = await this.collect(
      this.client.readStream(this.physical(streamId), { fromRevision: BigInt(from - 1), direction: FORWARDS, ...(maxCount ? { maxCount } : {}) }),
    );
    return recorded
      .map((r) => this.remember(r, streamId))
      .filter(
        (e) =>
          (options.maxPosition === undefined || e.globalPosition <= options.maxPosition) &&
          (options.recordedUntil === undefined || Date.parse(e.recordedAt) <= Date.parse(options.recordedUntil)) &&
          (options.occurredUntil === undefined || Date.parse(e.occurredAt) <= Date.parse(options.occurredUntil)),
      );
  }

  async readAll(options: ReadAllOptions = {}): Promise<StoredEvent[]> {
    const after = options.after ?? 0;
    const limit = options.limit ?? Number.MAX_SAFE_INTEGER;
    // $all is filtered client-side: this driver version has no server-side filter on reads.
    const read = this.client.readAll({ fromPosition: this.positions.get(after) ?? START, direction: FORWARDS, resolveLinkTos: false });
    const out: StoredEvent[] = [];
    try {
      for await (const resolved of read) {
        const recorded = resolved.event as RecordedLike | undefined;
        if (!recorded) continue;
        const logical = this.logical(recorded.streamId, recorded.type);
        if (logical === undefined) continue;
        if (options.category && !logical.startsWith(`${options.category}-`)) continue;
        if (options.types && !options.types.includes(recorded.type)) continue;
        const event = this.remember(recorded, logical);
        if (event.globalPosition <= after) continue;
        out.push(event);
        if (out.length >= limit) break;
      }
    } finally {
      await read.cancel().catch(() => undefined);
    }
    return out;
  }

  async headPosition(): Promise<number> {
    const read = this.client.readAll({ fromPosition: END, direction: BACKWARDS, resolveLinkTos: false });
    try {
      for await (const resolved of read) {
        const recorded = resolved.event as RecordedLike | undefined;
        if (recorded && this.logical(recorded.streamId, recorded.type) !== undefined) return toGlobalPosition(recorded.position);
      }
    } finally {
      await read.cancel().catch(() => undefined);
    }
    return 0;
  }

  async findIdempotencyRecord(key: string): Promise<IdempotencyRecord | undefined> {
    const record = await this.readIdempotency(key);
    if (!record) return undefined;
    const { firstVersion: _firstVersion, ...rest } = record;
    return rest;
  }

  async close(): Promise<void> {
    await this.client.dispose();
  }

  private async readIdempotency(key: string): Promise<IdempotencyData | undefined> {
    const [last] = await this.collect(this.client.readStream(this.physical(IDEMPOTENCY_PREFIX + key), { fromRevision: END, direction: BACKWARDS, maxCount: 1 }));
    return last?.type === IDEMPOTENCY_RECORDED ? (last.data as IdempotencyData) : undefined;
  }

  private async lastEvent(streamId: string): Promise<StoredEvent | undefined> {
    const [last] = await this.collect(this.client.readStream(this.physical(streamId), { fromRevision: END, direction: BACKWARDS, maxCount: 1 }));
    return last ? this.remember(last, streamId) : undefined;
  }

  private async collect(read: AsyncIterable<{ event?: unknown }>): Promise<RecordedLike[]> {
    const out: RecordedLike[] = [];
    try {
      for await (const resolved of read) if (resolved.event) out.push(resolved.event as RecordedLike);
    } catch (error) {
      if (error instanceof StreamNotFoundError) return [];
      throw error;
    }
    return out;
  }

  private remember(recorded: RecordedLike, streamId: string): StoredEvent {
    const event = toStoredEvent(recorded, streamId);
    if (recorded.position && this.positions.size < 100_000) this.positions.set(event.globalPosition, recorded.position);
    return event;
  }

  private physical(streamId: string): string {
    return this.namespace + streamId;
  }

  /** The logical stream id of one of our events on $all, or undefined for system, foreign and idempotency events. */
  private logical(physicalStream: string, type: string): string | undefined {
    if (physicalStream.startsWith('$') || type.startsWith('$')) return undefined;
    if (!physicalStream.startsWith(this.namespace)) return undefined;
    const logical = physicalStream.slice(this.namespace.length);
    return logical.startsWith(IDEMPOTENCY_PREFIX) ? undefined : logical;
  }
}

