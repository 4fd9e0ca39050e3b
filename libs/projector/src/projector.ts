import { Database, PREPARED, SqlExecutor } from '../../database/src';
import { EventStore, StoredEvent } from '../../event-store/src';
import { Projection } from '../../read-models/src/projection';
import { localLocks, ProjectionLocks } from './locks';
import { CHECKPOINT_CHANNEL, checkpointPayload, readCheckpoints } from './checkpoint-watch';

export interface ProjectorOptions {
  batchSize?: number;
  /** Events per batch when rebuilding from the first event. Default 5000. */
  rebuildBatchSize?: number;
  pollMs?: number;
  /**
   * After a batch that did not fill but held WAIT_FROM_EVENTS or more (the projector is at the head
   * and a stream of events arrives), wait this long before reading again so the next batch collects
   * more: fewer transactions per event under load. Pokes do not cut it short; after an empty read a
   * poke reads at once. Default 60 ms. A batch costs its round trips, commit and announcement once,
   * whatever its size: catching up 30,000 PlanMijlpaal events on one connection, the projector and
   * PostgreSQL spent about 90 µs of CPU per event in batches of 70 and about 62 in batches of 280, some
   * 2.5 ms per batch beyond its rows. A lone user's write (fewer than WAIT_FROM_EVENTS) does not wait.
   */
  batchWaitMs?: number;
  /** Time source for the waits; tests pass a manual one. */
  timers?: ProjectorTimers;
  /**
   * The store's NOTIFY channel. A running projector LISTENs to it and reads at once when another
   * process appended (instead of at the next poll); a copy that does not run listens to the
   * checkpoint announcements instead, so waitFor (read-your-writes) wakes when the projector moved.
   */
  eventsChannel?: string;
  log?: (message: string, fields?: Record<string, unknown>) => void;
  /** Several copies on one PostgreSQL: pass PgAdvisoryLocks. Default: this process owns every projection. */
  locks?: ProjectionLocks;
  /** How often a waiting copy tries to take over a projection. Default 1 s. */
  lockRetryMs?: number;
}

/** What the live loop waits with. */
export interface ProjectorTimers {
  /** Calls fn after ms; returns a function that cancels it. */
  after(ms: number, fn: () => void): () => void;
}

const realTimers: ProjectorTimers = {
  after(ms, fn) {
    const timer = setTimeout(fn, ms);
    return () => clearTimeout(timer);
  },
};

export const DEFAULT_BATCH_WAIT_MS = 60;
/**
 * A batch smaller than this is a thin stream (one user's commands, a lone event): reading again at
 * once costs little there, and a read right after its own write still finds it.
 */
export const WAIT_FROM_EVENTS = 8;

export interface ProjectionStatus {
  name: string;
  version: number;
  position: number;
  /** This copy applies its events now (it holds the projection's lock). */
  actief: boolean;
  /** Being rebuilt into a shadow table; readers keep the old rows until the switch. */
  herbouw: boolean;
}

const CHECKPOINTS = `
  CREATE TABLE IF NOT EXISTS projection_checkpoints (
    name text PRIMARY KEY,
    version integer NOT NULL,
    position bigint NOT NULL DEFAULT 0,
    updated_at timestamptz NOT NULL DEFAULT now()
  )`;

/** Another copy moved the checkpoint (take-over or rebuild switch): reload and go on from there. */
class CheckpointMoved extends Error {}

const shadowSchema = (name: string) => `kf_herbouw_${name.toLowerCase().replace(/[^a-z0-9]+/g, '_')}`;

/**
 * Runs the read-model projections over the global order. Each batch's rows and the projection's
 * checkpoint commit in one transaction, and that transaction first checks (row-locked) that the
 * checkpoint is still where this copy left it: two copies can never both apply one batch.
 */
export class Projector {
  private running = false;
  private loop?: Promise<void>;
  /** Ends the current wait early: `wake` on a poke (when the wait allows it), `halt` on stop. */
  private wake?: () => void;
  private halt?: () => void;
  /** A poke came since the last read began. */
  private poked = false;
  private readonly timers: ProjectorTimers;
  private readonly positions = new Map<string, number>();
  private readonly versions = new Map<string, number>();
  private readonly pending = new Set<string>();
  private readonly waiters = new Set<() => void>();
  private unlisten?: Promise<(() => Promise<void>) | undefined>;
  private readonly locks: ProjectionLocks;
  private lastLockTry = 0;

  constructor(
    private readonly db: Database,
    private readonly store: EventStore,
    readonly projections: Projection[],
    private readonly options: ProjectorOptions = {},
  ) {
    this.locks = options.locks ?? localLocks();
    this.timers = options.timers ?? realTimers;
  }

  /**
   * Creates the tables. A projection whose version changed keeps its old rows for readers and is
   * marked for a shadow rebuild, which the running loop (or rebuild()) performs and switches over.
   */
  async migrate(): Promise<void> {
    await this.db.query(CHECKPOINTS);
    for (const projection of this.projections) {
      const { rows } = await this.db.query<{ version: number }>('SELECT version FROM projection_checkpoints WHERE name = $1', [projection.name]);
      if (rows[0] && Number(rows[0].version) !== projection.version) {
        this.options.log?.('projection version changed: rebuilding in a shadow table', { projection: projection.name, from: rows[0].version, to: projection.version });
        this.pending.add(projection.name);
      } else {
        await projection.migrate(this.db);
        await this.db.query(
          'INSERT INTO projection_checkpoints (name, version, position) VALUES ($1, $2, 0) ON CONFLICT (name) DO NOTHING',
          [projection.name, projection.version]);
      }
    }
    await this.refreshPositions();
  }

  /** Reads every checkpoint from the database (for copies that do not run the loop, e.g. the api). */
  async refreshPositions(): Promise<void> {
    for (const [name, { version, position }] of await readCheckpoints(this.db)) {
      this.positions.set(name, position);
      this.versions.set(name, version);
    }
  }

  private active(): Projection[] {
    return this.projections.filter((p) => !this.pending.has(p.name) && this.locks.holds(p.name));
  }

  private async acquireLocks(): Promise<void> {
    if (Date.now() - this.lastLockTry < (this.options.lockRetryMs ?? 1000) && this.projections.every((p) => this.locks.holds(p.name))) return;
    this.lastLockTry = Date.now();
    for (const projection of this.projections) {
      const had = this.locks.holds(projection.name);
      if (await this.locks.tryAcquire(projection.name)) {
        if (!had) {
          this.options.log?.('projection active in this copy', { projection: projection.name });
          await this.refreshPositions();
        }
      }
    }
  }

  /** Applies everything that is there now, batch by batch. Returns the number of events read. */
  async catchUp(onBatch?: (position: number, count: number) => void): Promise<number> {
    let total = 0;
    for (;;) {
      const read = await this.batch(onBatch);
      if (read === 0) return total;
      total += read;
    }
  }

  /** Reads and applies one batch; returns the number of events read (0: nothing there). */
  private async batch(onBatch?: (position: number, count: number) => void): Promise<number> {
    // A poke before this read is answered by it (a standby copy with nothing active must not spin on one).
    this.poked = false;
    await this.acquireLocks();
    const active = this.active();
    if (active.length === 0) return 0;
    const after = Math.min(...active.map((p) => this.positions.get(p.name) ?? 0));
    const events = await this.store.readAll({ after, limit: this.options.batchSize ?? 500 });
    if (events.length === 0) return 0;
    const last = events[events.length - 1].globalPosition;
    const applying: Array<{ projection: Projection; from: number; relevant: StoredEvent[] }> = [];
    const passing: Array<{ name: string; from: number }> = [];
    for (const projection of active) {
      const from = this.positions.get(projection.name) ?? 0;
      const types = new Set(projection.eventTypes);
      const relevant = events.filter((e) => e.globalPosition > from && types.has(e.type));
      if (relevant.length) applying.push({ projection, from, relevant });
      else if (from < last) passing.push({ name: projection.name, from });
    }
    let reload = false;
    for (const [i, { projection, from, relevant }] of applying.entries()) {
      // The projections that only pass ride on the last transaction of the batch.
      const moving = [{ name: projection.name, from }, ...(i === applying.length - 1 ? passing : [])];
      try {
        const moved = await this.db.transaction(async (tx) => {
          const moved = await this.moveCheckpoints(tx, moving, last);
          if (!moved.has(projection.name)) throw new CheckpointMoved();
          await projection.apply(tx, relevant);
          return moved;
        });
        for (const { name } of moving) if (moved.has(name)) this.positions.set(name, last);
        if (moved.size < moving.length) reload = true;
      } catch (error) {
        if (!(error instanceof CheckpointMoved)) throw error;
        reload = true;
      }
    }
    if (applying.length === 0 && passing.length) {
      const moved = await this.moveCheckpoints(this.db, passing, last);
      for (const { name } of passing) if (moved.has(name)) this.positions.set(name, last);
      if (moved.size < passing.length) reload = true;
    }
    if (reload) {
      this.options.log?.('checkpoint moved by another copy: reloading', { projections: active.map((p) => p.name) });
      await this.refreshPositions();
    }
    onBatch?.(last, events.length);
    this.notify();
    return events.length;
  }

  /**
   * Moves each checkpoint to `last` if it is still at its `from` (row-locked until the transaction
   * ends, so a second copy waits and then finds it moved), and announces the moved ones to
   * CheckpointWatch in the same statement: NOTIFY is delivered at commit, and not at all on rollback.
   * Returns the names it moved.
   */
  private async moveCheckpoints(executor: SqlExecutor, moving: Array<{ name: string; from: number }>, last: number): Promise<Set<string>> {
    const { rows } = await executor.query<{ moved: string[] }>(
      `WITH moved AS (
         UPDATE projection_checkpoints c SET position = $3, updated_at = now()
           FROM unnest($1::text[], $2::bigint[]) AS x(name, from_position)
          WHERE c.name = x.name AND c.position = x.from_position
         RETURNING c.name, c.version)
       SELECT array_agg(name) AS moved, pg_notify($4, json_object_agg(name, json_build_array(version, $3::bigint))::text)
         FROM moved HAVING count(*) > 0`,
      [moving.map((m) => m.name), moving.map((m) => m.from), last, CHECKPOINT_CHANNEL], PREPARED);
    return new Set(rows[0]?.moved ?? []);
  }

  /** LISTENs once on the channel that wakes this copy; without LISTEN (or on failure) the polls remain. */
  private listen(): Promise<unknown> {
    if (!this.unlisten && this.options.eventsChannel && this.db.listen) {
      const [channel, wake] = this.running ? [this.options.eventsChannel, () => this.poke()] : [CHECKPOINT_CHANNEL, () => this.notify()];
      const lost = () => void (this.unlisten = undefined);
      this.unlisten = this.db.listen(channel, wake, lost).catch(() => {
        lost();
        return undefined;
      });
    }
    return this.unlisten ?? Promise.resolve();
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    void this.listen();
    const batchSize = this.options.batchSize ?? 500;
    this.loop = (async () => {
      while (this.running) {
        try {
          for (const name of [...this.pending]) {
            if (!this.running) break;
            if (!(await this.locks.tryAcquire(name))) continue;
            // The copy that held the lock before may have finished this rebuild already.
            await this.refreshPositions();
            if (this.versions.get(name) === this.projections.find((p) => p.name === name)?.version) this.pending.delete(name);
            else await this.rebuild(name);
          }
          const read = await this.batch();
          if (read >= batchSize) continue;
          // At the head while a stream of events arrives: give the next batch a moment to fill (fewer
          // transactions per event) instead of reading again at once. After an empty read a poke reads at once.
          if (read >= WAIT_FROM_EVENTS) await this.sleep(this.options.batchWaitMs ?? DEFAULT_BATCH_WAIT_MS, false);
          else if (read === 0) {
            // LISTEN again if its connection broke; till then the poll alone wakes this loop.
            void this.listen();
            await this.sleep(this.options.pollMs ?? 50);
          }
        } catch (error) {
          this.options.log?.('projector batch failed; retrying', { error: String(error) });
          await this.sleep(1000, false);
        }
      }
    })();
  }

  /** Finishes the batch in flight, then stops and lets another copy take over. */
  async stop(): Promise<void> {
    this.running = false;
    this.halt?.();
    await this.loop;
    await (await this.unlisten)?.().catch(() => undefined);
    await this.locks.close();
  }

  /** Nudges the loop (after a local append) so reads catch up sooner than the poll. */
  poke(): void {
    this.poked = true;
    this.wake?.();
  }

  /** The lowest position every projection has reached. */
  position(): number {
    return this.projections.length ? Math.min(...this.projections.map((p) => this.positions.get(p.name) ?? 0)) : 0;
  }

  status(): ProjectionStatus[] {
    return this.projections.map((p) => ({
      name: p.name,
      version: this.versions.get(p.name) ?? p.version,
      position: this.positions.get(p.name) ?? 0,
      actief: this.running && this.locks.holds(p.name),
      herbouw: this.pending.has(p.name),
    }));
  }

  /** Events each projection is behind the head of the store. */
  async lag(): Promise<Record<string, number>> {
    if (!this.running) await this.refreshPositions();
    const head = await this.store.headPosition();
    return Object.fromEntries(this.projections.map((p) => [p.name, Math.max(0, head - (this.positions.get(p.name) ?? 0))]));
  }

  /** Resolves true once every projection has reached `position`, false after the timeout. */
  async waitFor(position: number, timeoutMs = 2000): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    while (this.position() < position) {
      const left = deadline - Date.now();
      if (left <= 0) return false;
      // The projector may run in another process: then only the checkpoint table tells, and its
      // announcements say when to look again.
      if (!this.running) {
        await this.listen();
        await this.refreshPositions();
      }
      if (this.position() >= position) break;
      this.poke();
      await new Promise<void>((resolve) => {
        const done = () => { cancel(); this.waiters.delete(done); resolve(); };
        const cancel = this.timers.after(Math.min(left, this.running ? 100 : 50), done);
        this.waiters.add(done);
      });
    }
    return true;
  }

  /**
   * Builds a projection again from the first event into a shadow schema while readers keep using
   * the current rows, then swaps the tables and the checkpoint in one transaction. Events that
   * arrive during the switch are applied afterwards by the normal loop.
   */
  async rebuild(name: string, onBatch?: (position: number, count: number, head: number) => void | Promise<void>): Promise<number> {
    const projection = this.projections.find((p) => p.name === name);
    if (!projection) throw new Error(`Unknown projection ${name}`);
    const schema = shadowSchema(name);
    const inShadow = async <T>(fn: (tx: SqlExecutor) => Promise<T>) =>
      this.db.transaction(async (tx) => {
        await tx.query(`SET LOCAL search_path TO ${schema}`);
        return fn(tx);
      });
    await this.db.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await this.db.query(`CREATE SCHEMA ${schema}`);
    await inShadow((tx) => projection.migrate(tx));
    const types = new Set(projection.eventTypes);
    let position = 0;
    let total = 0;
    // Larger batches than the live loop (fewer row writes per event when many events hit one row),
    // and the next batch is read while this one is applied.
    const size = this.options.rebuildBatchSize ?? 5000;
    const read = (after: number) => {
      const page = this.store.readAll({ after, limit: size });
      page.catch(() => undefined);
      return page;
    };
    let next = read(position);
    for (;;) {
      const events = await next;
      if (events.length === 0) break;
      position = events[events.length - 1].globalPosition;
      next = read(position);
      const relevant = events.filter((e) => types.has(e.type));
      if (relevant.length) await inShadow((tx) => projection.apply(tx, relevant));
      total += events.length;
      if (onBatch) await onBatch(position, events.length, await this.store.headPosition());
    }
    await this.db.transaction(async (tx) => {
      await tx.query('SELECT position FROM projection_checkpoints WHERE name = $1 FOR UPDATE', [name]);
      await projection.reset(tx);
      const { rows } = await tx.query<{ tablename: string }>('SELECT tablename FROM pg_tables WHERE schemaname = $1', [schema]);
      for (const { tablename } of rows) {
        await tx.query(`DROP TABLE IF EXISTS public."${tablename}" CASCADE`);
        await tx.query(`ALTER TABLE ${schema}."${tablename}" SET SCHEMA public`);
      }
      await tx.query(`DROP SCHEMA ${schema} CASCADE`);
      await tx.query(
        `INSERT INTO projection_checkpoints (name, version, position) VALUES ($1, $2, $3)
         ON CONFLICT (name) DO UPDATE SET version = $2, position = $3, updated_at = now()
         RETURNING pg_notify($4, $5)`,
        [name, projection.version, position, CHECKPOINT_CHANNEL, checkpointPayload(new Map([[name, { version: projection.version, position }]]))]);
    });
    this.pending.delete(name);
    this.positions.set(name, position);
    this.versions.set(name, projection.version);
    this.options.log?.('projection rebuilt and switched over', { projection: name, position });
    return total;
  }

  private notify(): void {
    for (const waiter of [...this.waiters]) waiter();
  }

  /**
   * Waits `ms`; stop() ends it early, and so does a poke when `pokes` is on (also one that came
   * while the last batch ran, since that batch may have read before the event was there).
   */
  private sleep(ms: number, pokes = true): Promise<void> {
    if (!this.running || (pokes && this.poked)) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => { cancel(); this.wake = undefined; this.halt = undefined; resolve(); };
      const cancel = this.timers.after(ms, done);
      this.halt = done;
      if (pokes) this.wake = done;
    });
  }
}
