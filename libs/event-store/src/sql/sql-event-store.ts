import { randomUUID } from 'node:crypto';
import { Database, SqlExecutor } from '../../../database/src';
import { IdempotencyKeyReusedError, WrongExpectedVersionError } from '../errors';
import { eventHash } from '../hash';
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
  BEGIN_APPEND_SQL,
  DEFAULT_NOTIFY_CHANNEL,
  EVENT_COLUMNS,
  MIGRATION_STATEMENTS,
  POSITION_LOCK_KEY,
  SAFE_ROWS,
  WRITE_APPEND_SQL,
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

interface BeginRow {
  out_positions: Array<number | string>;
  out_version: number | null;
  out_last_hash: string | null;
  out_key_taken: boolean;
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

  /** One transaction, four round trips: BEGIN, begin-append, write, COMMIT. */
  async appendToStream(streamId: string, events: NewEvent[], options: AppendOptions): Promise<AppendResult> {
    try {
      return await this.db.transaction((tx) => this.appendWithin(tx, streamId, events, options));
    } catch (error) {
      if (error instanceof IdempotencyKeyTaken && options.idempotencyKey !== undefined) {
        return this.replay(streamId, options.idempotencyKey, options.fingerprint);
      }
      throw error;
    }
  }

  /**
   * The append on a caller's transaction, which must not have written anything before (the
   * ordering rule needs the append to be the transaction's first write). Used by tests that hold
   * a transaction open. When the idempotency key exists it throws IdempotencyKeyTaken: roll back.
   */
  async appendWithin(tx: SqlExecutor, streamId: string, events: NewEvent[], options: AppendOptions): Promise<AppendResult> {
    const key = options.idempotencyKey ?? null;
    if (key !== null && options.fingerprint === undefined) {
      throw new Error('Een idempotency key vraagt ook een fingerprint van het verzoek.');
    }
    const recordedAt = this.clock().toISOString();
    const begin = await tx.query<BeginRow>(BEGIN_APPEND_SQL, [streamId, Math.max(events.length, 1), key, options.fingerprint ?? null, recordedAt]);
    const row = begin.rows[0];
    if (row.out_key_taken) {
      throw new IdempotencyKeyTaken();
    }
    const actual = Number(row.out_version);
    if (!satisfies(options.expectedVersion, actual)) {
      throw new WrongExpectedVersionError(streamId, options.expectedVersion, actual);
    }
    if (events.length === 0) {
      return { streamId, nextExpectedVersion: actual, lastPosition: 0, events: [], replayed: false, response: options.response };
    }
    const positions = row.out_positions.map(Number);
    let prevHash = row.out_last_hash;
    const stored: StoredEvent[] = events.map((event, index) => {
      const base = {
        eventId: event.eventId ?? randomUUID(),
        streamId,
        version: actual + index + 1,
        globalPosition: positions[index],
        type: event.type,
        schemaVersion: event.schemaVersion ?? 1,
        data: toJsonValue(event.data ?? null),
        metadata: toJsonValue(event.metadata ?? {}) as StoredEvent['metadata'],
        occurredAt: event.occurredAt === undefined ? recordedAt : toInstant(event.occurredAt, 'occurredAt'),
        recordedAt,
        prevHash,
      };
      const hash = eventHash(base);
      prevHash = hash;
      return { ...base, hash };
    });
    const last = stored[stored.length - 1];
    await tx.query(WRITE_APPEND_SQL, [
      JSON.stringify(
        stored.map((e) => ({
          global_position: e.globalPosition,
          version: e.version,
          event_id: e.eventId,
          type: e.type,
          schema_version: e.schemaVersion,
          data: e.data,
          metadata: e.metadata,
          occurred_at: e.occurredAt,
          recorded_at: e.recordedAt,
          hash: e.hash,
          prev_hash: e.prevHash,
        })),
      ),
      streamId,
      last.version,
      last.hash,
      last.globalPosition,
      options.response === undefined ? null : JSON.stringify(options.response),
      key,
      this.options.notify === false ? null : this.notifyChannel,
    ]);
    return {
      streamId,
      nextExpectedVersion: last.version,
      lastPosition: last.globalPosition,
      events: stored,
      replayed: false,
      response: options.response,
    };
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

  async findIdempotencyRecord(key: string): Promise<IdempotencyRecord | undefined> {
    const result = await this.db.query<IdempotencyRow>(
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

  private async replay(streamId: string, key: string, fingerprint: string | undefined): Promise<AppendResult> {
    const record = await this.findIdempotencyRecord(key);
    if (!record) throw new Error(`Idempotency key ${key} verdween tijdens het verwerken; probeer het opnieuw.`);
    if (record.fingerprint !== fingerprint || record.streamId !== streamId) throw new IdempotencyKeyReusedError(key);
    const events = await this.db.query<EventRow>(
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

/** Thrown inside the transaction to roll it back when the idempotency key already exists. */
export class IdempotencyKeyTaken extends Error {
  override readonly name = 'IdempotencyKeyTaken';
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
