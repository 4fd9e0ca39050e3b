import { satisfies } from '../expected-version';
import { randomUUID } from 'node:crypto';
import { Database, PREPARED, SqlExecutor } from '../../../database/src';
import { IdempotencyKeyReusedError, WrongExpectedVersionError } from '../errors';
import { eventHashWithTexts, PayloadTexts, storedJson } from '../hash';
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
  APPEND_GROUP_SQL,
  DEFAULT_NOTIFY_CHANNEL,
  EVENT_COLUMNS,
  MIGRATION_STATEMENTS,
  NOTIFY_SQL,
  POSITION_LOCK_KEY,
  SAFE_ROWS,
  WRONG_EXPECTED_VERSION_STATUS,
} from './schema';

export interface SqlEventStoreOptions {
  /**
   * Group commit on PostgreSQL (default on): the appends made in one turn of the event loop, and
   * those that arrive while append transactions are under way (see eagerInFlight), go together in one
   * transaction, set-based, at most one per stream (one conflict fails only its own append). Fewer
   * commits, same guarantees.
   */
  groupCommit?: boolean;
  /** Append transactions under way at once before appends queue up. Default 4. */
  maxInFlight?: number;
  /**
   * Of those, how many start as soon as one append waits (default 1). Beyond them a transaction
   * starts only when `busyGroupSize` appends wait (default 24), or when the oldest of those waiting
   * has waited `busyWaitMs` (default 10). More than `busyGroupSize` waiting at once are shared evenly
   * by as many transactions as groups of at most that size take (within maxInFlight), started together.
   * Each transaction has a fixed cost (the call, the commit, the WAL flush, waking the callers), so
   * what arrives while one is under way is worth more as the next group than as a second transaction
   * beside it: with many writers the groups grow instead of the commits (the bench's command path
   * measures the defaults). The wait keeps a slow transaction
   * (a large import) from holding up a lone command behind it.
   */
  eagerInFlight?: number;
  busyGroupSize?: number;
  busyWaitMs?: number;
  /** Largest group. Default 64. */
  maxBatch?: number;
  /** Source of recordedAt; inject a fixed clock in tests. Default: real time. */
  clock?: () => Date;
  /** NOTIFY channel that appends signal on and subscriptions LISTEN to. */
  notifyChannel?: string;
  /** close() also closes the database. Default false. */
  ownsDatabase?: boolean;
  /**
   * NOTIFY subscribers after appends (default true). The NOTIFY goes after the commit, one at a time
   * with the latest position: inside the append's transaction PostgreSQL would serialise the commits.
   */
  notify?: boolean;
  /**
   * Least time between two NOTIFYs of this store, in ms (default 10); the first after a quiet spell goes
   * at once. Each NOTIFY is a round trip and a transaction of its own: at 2 ms a busy store spent about a
   * tenth of its appends' time on them (side measurement in turns at concurrency 8: 2 ms 80% of raw
   * INSERT, 5 ms 90%, 10 ms 92%, 20 ms 87%). A busy projector is reading anyway; an idle one hears the first at once.
   */
  notifyGapMs?: number;
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


interface GroupRow {
  out_ord: number;
  out_status: 'ok' | 'key_taken' | typeof WRONG_EXPECTED_VERSION_STATUS;
  out_actual: number | string | null;
  out_positions: Array<number | string> | null;
}

type PreparedEvent = Omit<StoredEvent, 'version' | 'globalPosition' | 'hash' | 'prevHash'>;

interface PreparedAppend {
  streamId: string;
  options: AppendOptions;
  prepared: PreparedEvent[];
  /** Each event's data and metadata as canonical JSON text (storedJson), made once: the value above is parsed from it, the database is sent it, the hash takes it. */
  json: PayloadTexts[];
  recordedAt: string;
  /** Tries so far: an append is tried again when what it was sealed on turned out stale. */
  tries: number;
  /** Seal on the head as stored, not on what this process remembers. */
  readHead: boolean;
}

/** An append ready to send: the version and last hash it expects, its events numbered and chained. */
interface SealedAppend {
  a: PreparedAppend;
  expected: number;
  prevHash: string | null;
  events: Array<Omit<StoredEvent, 'globalPosition'>>;
}

interface Head {
  version: number;
  hash: string | null;
}

type Outcome = { result: AppendResult } | { error: unknown } | { again: true };

interface Pending {
  request: PreparedAppend;
  /** performance.now() when it was queued. */
  queuedAt: number;
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

/** Tries before an append whose expectation is not a version gives up on a stream that keeps moving. */
const MAX_TRIES = 10;

/**
 * The hash of a version of a stream, as this process last wrote or read it (bounded, least recently
 * used out). It lets the store chain hashes before the database is asked; the append still checks
 * the stream's version and last hash, so a stale entry costs a retry, never a wrong chain.
 */
export class StreamHeads {
  private readonly heads = new Map<string, { version: number; hash: string }>();

  constructor(private readonly max = 10_000) {}

  get(streamId: string): { version: number; hash: string } | undefined {
    const head = this.heads.get(streamId);
    if (head) {
      this.heads.delete(streamId);
      this.heads.set(streamId, head);
    }
    return head;
  }

  /** A later version replaces an earlier one; an earlier one tells nothing new. */
  learn(streamId: string, version: number, hash: string): void {
    const known = this.heads.get(streamId);
    if (known && known.version >= version) return;
    this.heads.delete(streamId);
    this.heads.set(streamId, { version, hash });
    if (this.heads.size > this.max) this.heads.delete(this.heads.keys().next().value as string);
  }

  /** Forgets the head, or only the given version of it (an append that was expected to write it and did not). */
  forget(streamId: string, version?: number): void {
    if (version === undefined || this.heads.get(streamId)?.version === version) this.heads.delete(streamId);
  }

  get size(): number {
    return this.heads.size;
  }
}

/** The event store on PostgreSQL or PGlite, with one SQL for both. */
export class SqlEventStore implements EventStore {
  private readonly clock: () => Date;
  readonly notifyChannel: string;
  private readonly subscriptions = new Set<Subscription>();
  private readonly groupCommit: boolean;
  private readonly maxInFlight: number;
  private readonly eagerInFlight: number;
  private readonly busyGroupSize: number;
  private readonly busyWaitMs: number;
  private readonly maxBatch: number;
  private readonly queue: Pending[] = [];
  private inFlight = 0;
  /** The streams with an append in a transaction under way (see takeGroup). */
  private readonly streamsUnderWay = new Set<string>();
  private flushScheduled = false;
  /** A flush planned for when the oldest waiting append will have waited busyWaitMs. */
  private busyTimer: NodeJS.Timeout | undefined;
  /** The highest position appended and not yet announced, and the announcement under way. */
  private unannounced = 0;
  private announcing: Promise<void> | undefined;
  private hurryAnnouncement: (() => void) | undefined;
  private lastAnnouncedAt = 0;
  private readonly notifyGapMs: number;
  private readonly heads = new StreamHeads();

  constructor(
    readonly db: Database,
    private readonly options: SqlEventStoreOptions = {},
  ) {
    this.clock = options.clock ?? (() => new Date());
    this.notifyChannel = options.notifyChannel ?? DEFAULT_NOTIFY_CHANNEL;
    this.groupCommit = options.groupCommit ?? db.kind === 'postgres';
    this.maxInFlight = Math.max(1, options.maxInFlight ?? 4);
    this.eagerInFlight = Math.min(this.maxInFlight, Math.max(1, options.eagerInFlight ?? 1));
    this.busyGroupSize = Math.max(1, options.busyGroupSize ?? 24);
    this.busyWaitMs = Math.max(0, options.busyWaitMs ?? 10);
    this.maxBatch = Math.max(1, options.maxBatch ?? 64);
    this.notifyGapMs = Math.max(0, options.notifyGapMs ?? 10);
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
   * while others are in flight are grouped into one transaction (see runBatch below).
   */
  async appendToStream(streamId: string, events: NewEvent[], options: AppendOptions): Promise<AppendResult> {
    if (events.length === 0 || !this.groupCommit) return this.appendWithin(this.db, streamId, events, options);
    const request = this.prepare(streamId, events, options);
    return new Promise<AppendResult>((resolve, reject) => {
      this.queue.push({ request, resolve, reject, queuedAt: performance.now() });
      this.scheduleFlush();
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
    const result = await this.appendOne(executor, this.prepare(streamId, events, options));
    if (result.replayed) return result;
    if (executor === this.db) this.announce(result.lastPosition);
    // A caller's transaction: the notification is delivered when (and if) it commits.
    else if (this.channel !== null) await executor.query(NOTIFY_SQL, [this.channel, String(result.lastPosition)], PREPARED);
    return result;
  }

  private checkKey(options: AppendOptions): void {
    if (options.idempotencyKey !== undefined && options.fingerprint === undefined) {
      throw new Error('Een idempotency key vraagt ook een fingerprint van het verzoek.');
    }
  }

  private prepare(streamId: string, events: NewEvent[], options: AppendOptions): PreparedAppend {
    this.checkKey(options);
    const recordedAt = this.clock().toISOString();
    const json: PreparedAppend['json'] = [];
    const prepared = events.map((event) => {
      // Canonical JSON, made once: the database is sent it, the hash takes it as it is, the value is parsed from it.
      const text = { data: storedJson(event.data ?? null), metadata: storedJson(event.metadata ?? {}) };
      json.push(text);
      return {
        eventId: event.eventId ?? randomUUID(),
        streamId,
        type: event.type,
        schemaVersion: event.schemaVersion ?? 1,
        // The value as it is stored and read back (dates as strings, undefined members left out), so the hash matches what readers get.
        data: JSON.parse(text.data) as unknown,
        metadata: JSON.parse(text.metadata) as StoredEvent['metadata'],
        occurredAt: event.occurredAt === undefined ? recordedAt : toInstant(event.occurredAt, 'occurredAt'),
        recordedAt,
      };
    });
    return { streamId, options, prepared, json, recordedAt, tries: 0, readHead: false };
  }

  private get channel(): string | null {
    return this.options.notify === false ? null : this.notifyChannel;
  }

  /** One append on its own, on the given executor, tried again while what it was sealed on was stale. */
  private async appendOne(executor: SqlExecutor, a: PreparedAppend): Promise<AppendResult> {
    const remember = executor === this.db;
    for (;;) {
      const [sealed] = await this.seal(executor, [a], remember);
      let rows: GroupRow[];
      try {
        rows = (await executor.query<GroupRow>(APPEND_GROUP_SQL, this.groupParams([sealed]), PREPARED)).rows;
      } catch (error) {
        if (remember) this.forgetPrediction(sealed);
        throw error;
      }
      const outcome = await this.outcome(executor, sealed, rows[0], remember);
      if ('result' in outcome) return outcome.result;
      if ('error' in outcome) throw outcome.error;
    }
  }

  /**
   * Gives each append the version it expects and the hash it chains to: from what this process
   * remembers of the stream, else from the stream row (one read for all that need it). Numbers and
   * chains the events; `remember` notes the head each append will make, so the next append to that
   * stream can be sealed on it while this one is still in flight.
   */
  private async seal(executor: SqlExecutor, appends: PreparedAppend[], remember: boolean): Promise<SealedAppend[]> {
    const need = (a: PreparedAppend): { expected: number; prevHash: string | null } | undefined => {
      const wanted = a.options.expectedVersion;
      if (wanted === 'no_stream' || wanted === 0) return { expected: 0, prevHash: null };
      const known = a.readHead ? undefined : this.heads.get(a.streamId);
      if (!known) return undefined;
      if (typeof wanted === 'number') return known.version === wanted ? { expected: wanted, prevHash: known.hash } : undefined;
      return { expected: known.version, prevHash: known.hash };
    };
    const found = appends.map(need);
    const unknown = appends.filter((_, i) => found[i] === undefined).map((a) => a.streamId);
    const stored = new Map<string, Head>();
    if (unknown.length > 0) {
      const { rows } = await executor.query<{ stream_id: string; version: number | string; last_hash: string | null }>(
        'SELECT stream_id, version, last_hash FROM streams WHERE stream_id = ANY($1::text[])',
        [unknown],
      );
      for (const row of rows) stored.set(row.stream_id, { version: Number(row.version), hash: row.last_hash });
    }
    return appends.map((a, i) => {
      let expectation = found[i];
      if (!expectation) {
        const head = stored.get(a.streamId) ?? { version: 0, hash: null };
        const wanted = a.options.expectedVersion;
        // A version the stream is not at, or stream_exists on a missing stream, is sent all the same:
        // the database claims the idempotency key first (a repeat is answered as a repeat) and then refuses.
        if (typeof wanted === 'number') expectation = { expected: wanted, prevHash: head.version === wanted ? head.hash : null };
        else if (wanted === 'stream_exists' && head.version === 0) expectation = { expected: -1, prevHash: null };
        else expectation = { expected: head.version, prevHash: head.hash };
      }
      let prevHash = expectation.prevHash;
      const events = a.prepared.map((e, k) => {
        const event = { ...e, version: expectation.expected + k + 1, prevHash };
        const hash = eventHashWithTexts(event, a.json[k]);
        prevHash = hash;
        return { ...event, hash };
      });
      const last = events[events.length - 1];
      if (remember && expectation.expected >= 0) this.heads.learn(a.streamId, last.version, last.hash);
      return { a, expected: expectation.expected, prevHash: expectation.prevHash, events };
    });
  }

  /** What the append function takes: the appends (sorted by stream id) and their events as JSON, their stream ids, the new ones, the keys. */
  private groupParams(group: SealedAppend[]): [string, string, string[], string[], string[]] {
    let first = 1;
    const appends = group.map(({ a, expected, prevHash, events }, ord) => {
      const row = {
        ord,
        stream_id: a.streamId,
        expected,
        n: events.length,
        first,
        prev_hash: prevHash,
        last_hash: events[events.length - 1].hash,
        key: a.options.idempotencyKey ?? null,
        fingerprint: a.options.fingerprint ?? null,
        response: a.options.response === undefined ? null : a.options.response,
        recorded_at: a.recordedAt,
      };
      first += events.length;
      return row;
    });
    // The events' JSON is put together from the data and metadata texts made in prepare, instead of
    // serialising every payload once more.
    const q = JSON.stringify;
    let events = '[';
    let i = 0;
    group.forEach(({ a, events: list }, ord) =>
      list.forEach((e, k) => {
        events += `${i > 0 ? ',' : ''}{"i":${++i},"a":${ord},"stream_id":${q(e.streamId)},"version":${e.version},"event_id":${q(e.eventId)},`
          + `"type":${q(e.type)},"schema_version":${e.schemaVersion},"data":${a.json[k].data},"metadata":${a.json[k].metadata},`
          + `"occurred_at":${q(e.occurredAt)},"recorded_at":${q(e.recordedAt)},"hash":${q(e.hash)},"prev_hash":${e.prevHash === null ? 'null' : q(e.prevHash)}}`;
      }),
    );
    events += ']';
    const keys = group.flatMap(({ a }) => (a.options.idempotencyKey === undefined ? [] : [a.options.idempotencyKey]));
    const fresh = group.filter(({ expected }) => expected === 0).map(({ a }) => a.streamId);
    return [JSON.stringify(appends), events, group.map(({ a }) => a.streamId), fresh, keys];
  }

  /** What the database answered for one append: its result, its refusal, or to try it again on the head as stored. */
  private async outcome(executor: SqlExecutor, s: SealedAppend, row: GroupRow | undefined, remember: boolean): Promise<Outcome> {
    const { a } = s;
    const last = s.events[s.events.length - 1];
    if (row?.out_status === 'ok' && row.out_positions) {
      const positions = row.out_positions;
      const events: StoredEvent[] = s.events.map((e, i) => ({ ...e, globalPosition: Number(positions[i]) }));
      return {
        result: {
          streamId: a.streamId,
          nextExpectedVersion: last.version,
          lastPosition: events[events.length - 1].globalPosition,
          events,
          replayed: false,
          response: a.options.response,
        },
      };
    }
    if (remember) this.forgetPrediction(s);
    if (row?.out_status === 'key_taken') {
      try {
        return { result: await this.replay(executor, a.streamId, a.options.idempotencyKey as string, a.options.fingerprint) };
      } catch (error) {
        return { error };
      }
    }
    if (row?.out_status !== WRONG_EXPECTED_VERSION_STATUS) return { error: new Error(`Geen antwoord van de database op het toevoegen aan ${a.streamId}.`) };
    const actual = Number(row.out_actual);
    const wanted = a.options.expectedVersion;
    const refused = new WrongExpectedVersionError(a.streamId, wanted, actual);
    // The stream is where the writer expected, but its last hash is not what it was sealed on (another
    // process wrote it), or an expectation without a version met a stream that moved: again, on the stored head.
    const stale = typeof wanted === 'number' || wanted === 'no_stream' ? actual === s.expected : !(wanted === 'stream_exists' && actual === 0);
    if (!stale) return { error: refused };
    if (remember) this.heads.forget(a.streamId);
    a.tries++;
    a.readHead = true;
    return a.tries < MAX_TRIES ? { again: true } : { error: refused };
  }

  /**
   * Tells subscribers (LISTEN) that events up to position were committed. The first append after a
   * quiet spell is announced at once; after that at most one NOTIFY per `notifyGapMs`, carrying the
   * highest position, so a busy store sends far fewer notifications than it commits transactions.
   */
  private announce(position: number): void {
    if (this.channel === null) return;
    this.unannounced = Math.max(this.unannounced, position);
    if (this.announcing) return;
    const wait = this.lastAnnouncedAt + this.notifyGapMs - Date.now();
    this.announcing = (async () => {
      if (wait > 0) {
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, wait);
          this.hurryAnnouncement = () => {
            clearTimeout(timer);
            resolve();
          };
        });
        this.hurryAnnouncement = undefined;
      }
      const next = this.unannounced;
      this.unannounced = 0;
      this.lastAnnouncedAt = Date.now();
      await this.db.query(NOTIFY_SQL, [this.channel, String(next)], PREPARED).catch(() => undefined);
      this.announcing = undefined;
      if (this.unannounced > 0) this.announce(this.unannounced);
    })();
  }

  /**
   * One flush per turn of the event loop, after what this turn brought: every append made in it (the
   * commands whose requests arrived together, the writers a finished group just answered, who append
   * again at once) goes in one group. Flushing at each append instead sent the first of them alone,
   * as soon as a transaction was free, and the rest in a second one: two commits where one does.
   */
  private scheduleFlush(): void {
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    setImmediate(() => {
      this.flushScheduled = false;
      this.flush();
    });
  }

  /**
   * Sends what is queued while fewer than eagerInFlight transactions are under way, or fewer than
   * maxInFlight and a busy group's worth waits or the oldest has waited busyWaitMs. At most one append
   * per stream is under way; a second one waits for a later group, in the order it was made.
   */
  private flush(): void {
    const waited = () => performance.now() - this.queue[0].queuedAt;
    const more = () =>
      this.inFlight < this.eagerInFlight ||
      (this.inFlight < this.maxInFlight && (this.queue.length >= this.busyGroupSize || waited() >= this.busyWaitMs));
    while (this.queue.length > 0 && more()) {
      // More than a busy group waiting at once (many writers answered together) is shared evenly by as many
      // transactions as groups of at most busyGroupSize take, started together: a server with a core to spare
      // runs them side by side instead of one long transaction while the other core waits.
      const groups = Math.min(this.maxInFlight - this.inFlight, Math.ceil(this.queue.length / this.busyGroupSize));
      const size = Math.min(this.maxBatch, Math.ceil(this.queue.length / groups));
      let sent = 0;
      for (let g = 0; g < groups; g++) {
        const batch = this.takeGroup(size);
        if (batch.length === 0) break;
        this.send(batch);
        sent++;
      }
      // All that waits is for streams with an append under way: it goes when that transaction ends.
      if (sent === 0) break;
    }
    // Held back only by the eager rule: look again once the oldest will have waited long enough.
    if (this.queue.length > 0 && this.inFlight < this.maxInFlight && !this.busyTimer) {
      this.busyTimer = setTimeout(() => {
        this.busyTimer = undefined;
        this.scheduleFlush();
      }, Math.max(0, this.busyWaitMs - waited()));
      // A transaction is under way (eagerInFlight >= 1), and its end flushes anyway: the timer keeps nothing alive.
      this.busyTimer.unref();
    }
  }

  /**
   * Takes up to `size` appends from the queue in order, none for a stream that has one in a transaction
   * under way or already in this group: a second append to a stream waits for the first to end, then
   * goes sealed on the head the first made, instead of waiting on its row lock in the database (or
   * reaching it first and being refused for a version the stream is not at yet).
   */
  private takeGroup(size: number): Pending[] {
    const batch: Pending[] = [];
    for (let i = 0; i < this.queue.length && batch.length < size; ) {
      const p = this.queue[i];
      if (this.streamsUnderWay.has(p.request.streamId)) {
        i++;
        continue;
      }
      this.streamsUnderWay.add(p.request.streamId);
      batch.push(p);
      this.queue.splice(i, 1);
    }
    return batch;
  }

  private send(batch: Pending[]): void {
    this.inFlight++;
    this.runBatch(batch).finally(() => {
      for (const p of batch) this.streamsUnderWay.delete(p.request.streamId);
      this.inFlight--;
      this.scheduleFlush();
    });
  }

  private async runBatch(batch: Pending[]): Promise<void> {
    // One lock order for every group (by stream id), so two groups never wait on each other in a cycle.
    const ordered = [...batch].sort((x, y) => (x.request.streamId < y.request.streamId ? -1 : x.request.streamId > y.request.streamId ? 1 : 0));
    let sealed: SealedAppend[];
    let rows: GroupRow[];
    try {
      sealed = await this.seal(this.db, ordered.map((p) => p.request), true);
    } catch (error) {
      for (const p of ordered) p.reject(error);
      return;
    }
    try {
      rows = (await this.db.query<GroupRow>(APPEND_GROUP_SQL, this.groupParams(sealed), PREPARED)).rows;
    } catch (error) {
      // The transaction as a whole failed (a constraint, a deadlock over idempotency keys): nothing
      // of it was written, so each append gets its own try and its own answer.
      for (const s of sealed) this.forgetPrediction(s);
      if (ordered.length === 1) {
        ordered[0].reject(error);
        return;
      }
      await Promise.all(ordered.map((p) => this.appendOne(this.db, p.request).then((r) => this.settle(p, r), p.reject)));
      return;
    }
    let highest = 0;
    await Promise.all(
      sealed.map(async (s, i) => {
        const p = ordered[i];
        const outcome = await this.outcome(this.db, s, rows.find((r) => Number(r.out_ord) === i), true);
        if ('result' in outcome) {
          if (!outcome.result.replayed) highest = Math.max(highest, outcome.result.lastPosition);
          p.resolve(outcome.result);
        } else if ('error' in outcome) {
          p.reject(outcome.error);
        } else {
          // Back to the front of the queue; the next flush sends it on the head as stored.
          this.queue.unshift(p);
        }
      }),
    );
    if (highest > 0) this.announce(highest);
  }

  /** The head an append was sealed to make did not come (refused, or its transaction failed). */
  private forgetPrediction(s: SealedAppend): void {
    this.heads.forget(s.a.streamId, s.events[s.events.length - 1].version);
  }

  private settle(p: Pending, result: AppendResult): void {
    if (!result.replayed) this.announce(result.lastPosition);
    p.resolve(result);
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
    const events = result.rows.map(toStoredEvent);
    const last = events[events.length - 1];
    if (last) this.heads.learn(streamId, last.version, last.hash);
    return events;
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
      // The subscriptions' poll, by position alone, is prepared. A read by type or category is planned
      // for its own values: a generic plan would not know how rare the types are and could walk the
      // whole order instead of the (type, global_position) index.
      options.types === undefined && options.category === undefined ? PREPARED : undefined,
    );
    return result.rows.map(toStoredEvent);
  }

  /**
   * The highest position of any committed event, also one a reader may not be given yet (an older
   * transaction is still open somewhere on the server): to tell a position never given out from one
   * that is only not readable yet.
   */
  async lastRecordedPosition(): Promise<number> {
    const result = await this.db.query<{ last: number | string | null }>('SELECT max(global_position) AS last FROM events');
    return Number(result.rows[0]?.last ?? 0);
  }

  async headPosition(): Promise<number> {
    const result = await this.db.query<{ head: number | null }>(
      `SELECT max(global_position) AS head FROM events WHERE ${SAFE_ROWS}`,
      [],
      PREPARED,
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
    // A pending announcement goes out now rather than after its gap.
    while (this.announcing) {
      this.hurryAnnouncement?.();
      await this.announcing;
    }
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

function toInstant(value: string, field: string): string {
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) throw new Error(`${field} "${value}" is geen geldige ISO 8601-datum of -tijd.`);
  return date.toISOString();
}

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}
