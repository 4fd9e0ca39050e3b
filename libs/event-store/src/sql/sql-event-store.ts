import { satisfies } from '../expected-version';
import { randomUUID } from 'node:crypto';
import { Database, SqlExecutor } from '../../../database/src';
import { IdempotencyKeyReusedError, WrongExpectedVersionError } from '../errors';
import { canonicalHashParts } from '../hash';
import {
  AppendOptions,
  AppendResult,
  EventStore,
  ExpectedVersion,
  IdempotencyRecord,
  NewEvent,
  ReadAllOptions,
  ReadStreamOptions,
  StoredEvent,
} from '../types';
import { Subscription, SubscriptionOptions, startSubscription } from '../subscription';
import {
  APPEND_MANY_SQL,
  APPEND_SQL,
  DEFAULT_NOTIFY_CHANNEL,
  EVENT_COLUMNS,
  MIGRATION_STATEMENTS,
  POSITION_LOCK_KEY,
  SAFE_ROWS,
  WRONG_EXPECTED_VERSION_SQLSTATE,
} from './schema';

export interface SqlEventStoreOptions {
  /**
   * Group commit on PostgreSQL (default on): appends that arrive while `maxInFlight` append
   * transactions are under way wait and then go together in one transaction, each in its own
   * subtransaction (one conflict fails only its own append). Fewer commits, same guarantees.
   */
  groupCommit?: boolean;
  /** Append transactions under way at once before appends queue up. Default 2 (measured best on 2 cores, bench/). */
  maxInFlight?: number;
  /** Largest group. Default 64. */
  maxBatch?: number;
  /** Source of recordedAt; inject a fixed clock in tests. Default: real time. */
  clock?: () => Date;
  /** NOTIFY channel that appends signal on and subscriptions LISTEN to. */
  notifyChannel?: string;
  /** close() also closes the database. Default false. */
  ownsDatabase?: boolean;
  /**
   * NOTIFY subscribers on each append (default true). PostgreSQL serialises the commits of
   * notifying transactions; turn it off when subscribers poll anyway and write throughput counts.
   */
  notify?: boolean;
}

/** A store on db with its tables in place. */
export async function createSqlEventStore(db: Database, options: SqlEventStoreOptions = {}): Promise<SqlEventStore> {
  const store = new SqlEventStore(db, options);
  await store.migrate();
  return store;
}

/** A row of the events table as both drivers return it (timestamps already ISO strings). */
export interface EventRow {
  global_position: number;
  stream_id: string;
  version: number;
  event_id: string;
  type: string;
  schema_version: number;
  data: unknown;
  metadata: StoredEvent['metadata'];
  occurred_at: string;
  recorded_at: string;
  hash: string;
  prev_hash: string | null;
}

interface AppendRow {
  out_key_taken: boolean;
  out_start_version: number | null;
  out_prev_hash: string | null;
  out_positions: Array<number | string>;
  out_hashes: string[];
}

interface ManyRow extends AppendRow {
  out_ord: number;
  out_status: string;
  out_detail: string | null;
}

interface PreparedAppend {
  streamId: string;
  options: AppendOptions;
  prepared: Array<Omit<StoredEvent, 'version' | 'globalPosition' | 'hash' | 'prevHash'>>;
  recordedAt: string;
  mode: string;
  expected: number | null;
  eventsJson: unknown[];
}

interface Pending {
  request: PreparedAppend;
  resolve: (result: AppendResult) => void;
  reject: (error: unknown) => void;
}

interface IdempotencyRow {
  key: string;
  fingerprint: string;
  stream_id: string;
  next_expected_version: number;
  last_position: number;
  response: unknown;
}

/** The event store on PostgreSQL or PGlite, with one SQL for both. */
export class SqlEventStore implements EventStore {
  private readonly clock: () => Date;
  readonly notifyChannel: string;
  private readonly subscriptions = new Set<Subscription>();
  private readonly groupCommit: boolean;
  private readonly maxInFlight: number;
  private readonly maxBatch: number;
  private readonly queue: Pending[] = [];
  private inFlight = 0;

  constructor(
    readonly db: Database,
    private readonly options: SqlEventStoreOptions = {},
  ) {
    this.clock = options.clock ?? (() => new Date());
    this.notifyChannel = options.notifyChannel ?? DEFAULT_NOTIFY_CHANNEL;
    this.groupCommit = options.groupCommit ?? db.kind === 'postgres';
    this.maxInFlight = Math.max(1, options.maxInFlight ?? 2);
    this.maxBatch = Math.max(1, options.maxBatch ?? 64);
  }

  /** Creates the tables and the append function; safe to run again and from several processes. */
  async migrate(): Promise<void> {
    await this.db.transaction(async (tx) => {
      await tx.query('SELECT pg_advisory_xact_lock($1)', [POSITION_LOCK_KEY + 1]);
      for (const statement of MIGRATION_STATEMENTS) await tx.query(statement);
    });
  }

  /**
   * One statement in its own transaction: a single round trip. On PostgreSQL, appends that arrive
   * while others are in flight are grouped into one transaction (see GroupCommit below).
   */
  async appendToStream(streamId: string, events: NewEvent[], options: AppendOptions): Promise<AppendResult> {
    if (events.length === 0 || !this.groupCommit) return this.appendWithin(this.db, streamId, events, options);
    const request = this.prepare(streamId, events, options);
    return new Promise<AppendResult>((resolve, reject) => {
      this.queue.push({ request, resolve, reject });
      this.flush();
    });
  }

  /**
   * The append on a given executor: the database itself (autocommit) or a caller's transaction
   * that has not written anything yet (the ordering rule needs the append to be its first write;
   * tests use this to hold an append open).
   */
  async appendWithin(executor: SqlExecutor, streamId: string, events: NewEvent[], options: AppendOptions): Promise<AppendResult> {
    if (events.length === 0) {
      this.checkKey(options);
      return this.appendNothing(executor, streamId, options.expectedVersion);
    }
    return this.appendOne(executor, this.prepare(streamId, events, options));
  }

  private checkKey(options: AppendOptions): void {
    if (options.idempotencyKey !== undefined && options.fingerprint === undefined) {
      throw new Error('Een idempotency key vraagt ook een fingerprint van het verzoek.');
    }
  }

  private prepare(streamId: string, events: NewEvent[], options: AppendOptions): PreparedAppend {
    this.checkKey(options);
    const recordedAt = this.clock().toISOString();
    const prepared = events.map((event) => ({
      eventId: event.eventId ?? randomUUID(),
      streamId,
      type: event.type,
      schemaVersion: event.schemaVersion ?? 1,
      data: toJsonValue(event.data ?? null),
      metadata: toJsonValue(event.metadata ?? {}) as StoredEvent['metadata'],
      occurredAt: event.occurredAt === undefined ? recordedAt : toInstant(event.occurredAt, 'occurredAt'),
      recordedAt,
    }));
    const expected = options.expectedVersion;
    return {
      streamId,
      options,
      prepared,
      recordedAt,
      mode: typeof expected === 'number' ? 'exact' : expected,
      expected: typeof expected === 'number' ? expected : null,
      eventsJson: prepared.map((e) => {
        const { beforePrev, afterPrev } = canonicalHashParts(e);
        return {
          event_id: e.eventId,
          type: e.type,
          schema_version: e.schemaVersion,
          data: e.data,
          metadata: e.metadata,
          occurred_at: e.occurredAt,
          before_prev: beforePrev,
          after_prev: afterPrev,
        };
      }),
    };
  }

  private get channel(): string | null {
    return this.options.notify === false ? null : this.notifyChannel;
  }

  private async appendOne(executor: SqlExecutor, a: PreparedAppend): Promise<AppendResult> {
    let row: AppendRow;
    try {
      const result = await executor.query<AppendRow>(APPEND_SQL, [
        a.streamId,
        a.mode,
        a.expected,
        JSON.stringify(a.eventsJson),
        a.options.idempotencyKey ?? null,
        a.options.fingerprint ?? null,
        a.options.response === undefined ? null : JSON.stringify(a.options.response),
        a.recordedAt,
        this.channel,
      ]);
      row = result.rows[0];
    } catch (error) {
      const { code, detail } = error as { code?: string; detail?: string };
      if (code === WRONG_EXPECTED_VERSION_SQLSTATE) throw new WrongExpectedVersionError(a.streamId, a.options.expectedVersion, Number(detail));
      throw error;
    }
    return this.finish(executor, a, row);
  }

  private finish(executor: SqlExecutor, a: PreparedAppend, row: AppendRow): Promise<AppendResult> | AppendResult {
    if (row.out_key_taken) return this.replay(executor, a.streamId, a.options.idempotencyKey as string, a.options.fingerprint);
    const start = Number(row.out_start_version);
    const stored: StoredEvent[] = a.prepared.map((e, i) => ({
      ...e,
      version: start + i + 1,
      globalPosition: Number(row.out_positions[i]),
      hash: row.out_hashes[i],
      prevHash: i === 0 ? row.out_prev_hash : row.out_hashes[i - 1],
    }));
    const last = stored[stored.length - 1];
    return {
      streamId: a.streamId,
      nextExpectedVersion: last.version,
      lastPosition: last.globalPosition,
      events: stored,
      replayed: false,
      response: a.options.response,
    };
  }

  /** Sends what is queued while fewer than maxInFlight transactions are under way. */
  private flush(): void {
    while (this.queue.length > 0 && this.inFlight < this.maxInFlight) {
      const batch = this.queue.splice(0, this.maxBatch);
      this.inFlight++;
      this.runBatch(batch).finally(() => {
        this.inFlight--;
        this.flush();
      });
    }
  }

  private async runBatch(batch: Pending[]): Promise<void> {
    const single = (p: Pending) => this.appendOne(this.db, p.request).then(p.resolve, p.reject);
    if (batch.length === 1) return single(batch[0]);
    // One lock order for every batch (by stream id), so two batches never wait on each other in a cycle.
    const ordered = batch
      .map((p, i) => ({ p, i }))
      .sort((x, y) => (x.p.request.streamId < y.p.request.streamId ? -1 : x.p.request.streamId > y.p.request.streamId ? 1 : x.i - y.i))
      .map((x) => x.p);
    let rows: ManyRow[];
    try {
      const result = await this.db.query<ManyRow>(APPEND_MANY_SQL, [
        JSON.stringify(ordered.map(({ request: a }) => ({
          stream_id: a.streamId,
          mode: a.mode,
          expected: a.expected,
          events: a.eventsJson,
          key: a.options.idempotencyKey ?? null,
          fingerprint: a.options.fingerprint ?? null,
          response: a.options.response === undefined ? null : a.options.response,
          recorded_at: a.recordedAt,
        }))),
        this.channel,
      ]);
      rows = result.rows;
    } catch {
      // The transaction as a whole failed (e.g. a deadlock over idempotency keys): nothing of it
      // was written, so each append gets its own try and its own answer.
      await Promise.all(ordered.map(single));
      return;
    }
    await Promise.all(
      ordered.map(async (p, i) => {
        const row = rows.find((r) => Number(r.out_ord) === i);
        if (row?.out_status === 'ok') {
          try {
            p.resolve(await this.finish(this.db, p.request, row));
          } catch (error) {
            p.reject(error);
          }
        } else if (row?.out_status === WRONG_EXPECTED_VERSION_SQLSTATE) {
          p.reject(new WrongExpectedVersionError(p.request.streamId, p.request.options.expectedVersion, Number(row.out_detail)));
        } else {
          // Any other error undid only this append; on its own it fails (or passes) with the driver's own error.
          await single(p);
        }
      }),
    );
  }

  /** An empty append writes nothing but still answers whether the expectation holds. */
  private async appendNothing(executor: SqlExecutor, streamId: string, expected: ExpectedVersion): Promise<AppendResult> {
    const result = await executor.query<{ version: number }>('SELECT version FROM streams WHERE stream_id = $1', [streamId]);
    const actual = Number(result.rows[0]?.version ?? 0);
    if (!satisfies(expected, actual)) throw new WrongExpectedVersionError(streamId, expected, actual);
    return { streamId, nextExpectedVersion: actual, lastPosition: 0, events: [], replayed: false };
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<StoredEvent[]> {
    const params: unknown[] = [streamId];
    const where = ['stream_id = $1'];
    const add = (clause: string, value: unknown) => {
      params.push(value);
      where.push(clause.replace('?', `$${params.length}`));
    };
    if (options.from !== undefined) add('version >= ?', options.from);
    if (options.to !== undefined) add('version <= ?', options.to);
    if (options.maxPosition !== undefined) add('global_position <= ?', options.maxPosition);
    if (options.recordedUntil !== undefined) add('recorded_at <= ?::timestamptz', toInstant(options.recordedUntil, 'recordedUntil'));
    if (options.occurredUntil !== undefined) add('occurred_at <= ?::timestamptz', toInstant(options.occurredUntil, 'occurredUntil'));
    const result = await this.db.query<EventRow>(
      `SELECT ${EVENT_COLUMNS} FROM events WHERE ${where.join(' AND ')} ORDER BY version`,
      params,
    );
    return result.rows.map(toStoredEvent);
  }

  async readAll(options: ReadAllOptions = {}): Promise<StoredEvent[]> {
    return this.readAllWith(this.db, options);
  }

  /** readAll on a given executor (e.g. inside a transaction). */
  async readAllWith(executor: SqlExecutor, options: ReadAllOptions = {}): Promise<StoredEvent[]> {
    const params: unknown[] = [options.after ?? 0];
    const where = ['global_position > $1', SAFE_ROWS];
    if (options.types !== undefined) {
      if (options.types.length === 0) return [];
      params.push(options.types);
      where.push(`type = ANY($${params.length}::text[])`);
    }
    if (options.category !== undefined) {
      params.push(`${escapeLike(options.category)}-%`);
      where.push(`stream_id LIKE $${params.length}`);
    }
    let limit = '';
    if (options.limit !== undefined) {
      params.push(options.limit);
      limit = ` LIMIT $${params.length}`;
    }
    const result = await executor.query<EventRow>(
      `SELECT ${EVENT_COLUMNS} FROM events WHERE ${where.join(' AND ')} ORDER BY global_position${limit}`,
      params,
    );
    return result.rows.map(toStoredEvent);
  }

  async headPosition(): Promise<number> {
    const result = await this.db.query<{ head: number | null }>(
      `SELECT max(global_position) AS head FROM events WHERE ${SAFE_ROWS}`,
    );
    return Number(result.rows[0]?.head ?? 0);
  }

  findIdempotencyRecord(key: string): Promise<IdempotencyRecord | undefined> {
    return this.findIdempotencyRecordWith(this.db, key);
  }

  private async findIdempotencyRecordWith(executor: SqlExecutor, key: string): Promise<IdempotencyRecord | undefined> {
    const result = await executor.query<IdempotencyRow>(
      'SELECT key, fingerprint, stream_id, next_expected_version, last_position, response FROM idempotency_keys WHERE key = $1',
      [key],
    );
    const row = result.rows[0];
    if (!row) return undefined;
    return {
      key: row.key,
      fingerprint: row.fingerprint,
      streamId: row.stream_id,
      nextExpectedVersion: Number(row.next_expected_version),
      lastPosition: Number(row.last_position),
      ...(row.response === null || row.response === undefined ? {} : { response: row.response }),
    };
  }

  /** Catch-up subscription in global order with a durable checkpoint in `options.db`. */
  subscribe(options: SubscriptionOptions): Subscription {
    const subscription = startSubscription(this, options, () => this.subscriptions.delete(subscription));
    this.subscriptions.add(subscription);
    return subscription;
  }

  async close(): Promise<void> {
    await Promise.all([...this.subscriptions].map((s) => s.stop()));
    if (this.options.ownsDatabase) await this.db.close();
  }

  private async replay(executor: SqlExecutor, streamId: string, key: string, fingerprint: string | undefined): Promise<AppendResult> {
    const record = await this.findIdempotencyRecordWith(executor, key);
    if (!record) throw new Error(`Idempotency key ${key} verdween tijdens het verwerken; probeer het opnieuw.`);
    if (record.fingerprint !== fingerprint || record.streamId !== streamId) throw new IdempotencyKeyReusedError(key);
    const events = await executor.query<EventRow>(
      `SELECT ${EVENT_COLUMNS} FROM events
        WHERE stream_id = $1 AND tx_id = (SELECT tx_id FROM events WHERE global_position = $2)
        ORDER BY version`,
      [record.streamId, record.lastPosition],
    );
    return {
      streamId: record.streamId,
      nextExpectedVersion: record.nextExpectedVersion,
      lastPosition: record.lastPosition,
      events: events.rows.map(toStoredEvent),
      replayed: true,
      response: record.response,
    };
  }
}

/** The one mapping from an events row to a StoredEvent; the audit verifier reads rows with it too. */
export function toStoredEvent(row: EventRow): StoredEvent {
  return {
    eventId: row.event_id,
    streamId: row.stream_id,
    version: Number(row.version),
    globalPosition: Number(row.global_position),
    type: row.type,
    schemaVersion: Number(row.schema_version),
    data: row.data,
    metadata: row.metadata,
    occurredAt: row.occurred_at,
    recordedAt: row.recorded_at,
    hash: row.hash,
    prevHash: row.prev_hash,
  };
}

/** What the value becomes after a jsonb round trip, so the hash matches what readers get back. */
function toJsonValue(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value) ?? 'null');
}

function toInstant(value: string, field: string): string {
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) throw new Error(`${field} "${value}" is geen geldige ISO 8601-datum of -tijd.`);
  return date.toISOString();
}

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}
