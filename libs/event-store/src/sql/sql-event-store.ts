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
  APPEND_SQL,
  DEFAULT_NOTIFY_CHANNEL,
  EVENT_COLUMNS,
  MIGRATION_STATEMENTS,
  POSITION_LOCK_KEY,
  SAFE_ROWS,
  WRONG_EXPECTED_VERSION_SQLSTATE,
} from './schema';

export interface SqlEventStoreOptions {
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

interface EventRow {
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

  constructor(
    readonly db: Database,
    private readonly options: SqlEventStoreOptions = {},
  ) {
    this.clock = options.clock ?? (() => new Date());
    this.notifyChannel = options.notifyChannel ?? DEFAULT_NOTIFY_CHANNEL;
  }

  /** Creates the tables and the append function; safe to run again and from several processes. */
  async migrate(): Promise<void> {
    await this.db.transaction(async (tx) => {
      await tx.query('SELECT pg_advisory_xact_lock($1)', [POSITION_LOCK_KEY + 1]);
      for (const statement of MIGRATION_STATEMENTS) await tx.query(statement);
    });
  }

  /** One statement in its own transaction: a single round trip. */
  async appendToStream(streamId: string, events: NewEvent[], options: AppendOptions): Promise<AppendResult> {
    return this.appendWithin(this.db, streamId, events, options);
  }

  /**
   * The append on a given executor: the database itself (autocommit) or a caller's transaction
   * that has not written anything yet (the ordering rule needs the append to be its first write;
   * tests use this to hold an append open).
   */
  async appendWithin(executor: SqlExecutor, streamId: string, events: NewEvent[], options: AppendOptions): Promise<AppendResult> {
    const key = options.idempotencyKey ?? null;
    if (key !== null && options.fingerprint === undefined) {
      throw new Error('Een idempotency key vraagt ook een fingerprint van het verzoek.');
    }
    if (events.length === 0) return this.appendNothing(executor, streamId, options.expectedVersion);

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
    const mode = typeof expected === 'number' ? 'exact' : expected;
    let row: AppendRow;
    try {
      const result = await executor.query<AppendRow>(APPEND_SQL, [
        streamId,
        mode,
        typeof expected === 'number' ? expected : null,
        JSON.stringify(
          prepared.map((e) => {
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
        ),
        key,
        options.fingerprint ?? null,
        options.response === undefined ? null : JSON.stringify(options.response),
        recordedAt,
        this.options.notify === false ? null : this.notifyChannel,
      ]);
      row = result.rows[0];
    } catch (error) {
      const { code, detail } = error as { code?: string; detail?: string };
      if (code === WRONG_EXPECTED_VERSION_SQLSTATE) throw new WrongExpectedVersionError(streamId, expected, Number(detail));
      throw error;
    }
    if (row.out_key_taken) return this.replay(executor, streamId, key as string, options.fingerprint);

    const start = Number(row.out_start_version);
    const stored: StoredEvent[] = prepared.map((e, i) => ({
      ...e,
      version: start + i + 1,
      globalPosition: Number(row.out_positions[i]),
      hash: row.out_hashes[i],
      prevHash: i === 0 ? row.out_prev_hash : row.out_hashes[i - 1],
    }));
    const last = stored[stored.length - 1];
    return {
      streamId,
      nextExpectedVersion: last.version,
      lastPosition: last.globalPosition,
      events: stored,
      replayed: false,
      response: options.response,
    };
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

function satisfies(expected: ExpectedVersion, actual: number): boolean {
  switch (expected) {
    case 'any':
      return true;
    case 'no_stream':
      return actual === 0;
    case 'stream_exists':
      return actual > 0;
    default:
      return actual === expected;
  }
}

function toStoredEvent(row: EventRow): StoredEvent {
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
