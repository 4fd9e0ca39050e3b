import { Database } from '../../database/src';
import { EventStore } from '../../event-store/src';
import { Projection } from '../../read-models/src/projection';

export interface ProjectorOptions {
  batchSize?: number;
  pollMs?: number;
  log?: (message: string, fields?: Record<string, unknown>) => void;
}

export interface ProjectionStatus {
  name: string;
  version: number;
  position: number;
}

const CHECKPOINTS = `
  CREATE TABLE IF NOT EXISTS projection_checkpoints (
    name text PRIMARY KEY,
    version integer NOT NULL,
    position bigint NOT NULL DEFAULT 0,
    updated_at timestamptz NOT NULL DEFAULT now()
  )`;

/**
 * Runs the read-model projections over the global order. Each batch's rows and the projection's
 * checkpoint commit in one transaction, so a crash never applies an event twice or skips one.
 */
export class Projector {
  private running = false;
  private loop?: Promise<void>;
  private wake?: () => void;
  private readonly positions = new Map<string, number>();
  private readonly waiters = new Set<() => void>();

  constructor(
    private readonly db: Database,
    private readonly store: EventStore,
    readonly projections: Projection[],
    private readonly options: ProjectorOptions = {},
  ) {}

  /** Creates the tables; a projection whose version changed is reset and will rebuild from the start. */
  async migrate(): Promise<void> {
    await this.db.query(CHECKPOINTS);
    for (const projection of this.projections) {
      const { rows } = await this.db.query<{ version: number; position: string | number }>(
        'SELECT version, position FROM projection_checkpoints WHERE name = $1', [projection.name]);
      if (rows[0] && Number(rows[0].version) !== projection.version) {
        this.options.log?.('projection version changed: rebuilding', { projection: projection.name, from: rows[0].version, to: projection.version });
        await this.db.transaction(async (tx) => {
          await projection.reset(tx);
          await tx.query('UPDATE projection_checkpoints SET version = $2, position = 0 WHERE name = $1', [projection.name, projection.version]);
        });
      }
      await projection.migrate(this.db);
      await this.db.query(
        'INSERT INTO projection_checkpoints (name, version, position) VALUES ($1, $2, 0) ON CONFLICT (name) DO NOTHING',
        [projection.name, projection.version]);
      const current = await this.db.query<{ position: string | number }>('SELECT position FROM projection_checkpoints WHERE name = $1', [projection.name]);
      this.positions.set(projection.name, Number(current.rows[0].position));
    }
  }

  /** Applies everything that is there now, batch by batch. Returns the number of events read. */
  async catchUp(onBatch?: (position: number, count: number) => void): Promise<number> {
    let total = 0;
    for (;;) {
      const after = Math.min(...this.projections.map((p) => this.positions.get(p.name) ?? 0));
      const events = await this.store.readAll({ after, limit: this.options.batchSize ?? 500 });
      if (events.length === 0) return total;
      const last = events[events.length - 1].globalPosition;
      for (const projection of this.projections) {
        const from = this.positions.get(projection.name) ?? 0;
        const types = new Set(projection.eventTypes);
        const relevant = events.filter((e) => e.globalPosition > from && types.has(e.type));
        await this.db.transaction(async (tx) => {
          if (relevant.length) await projection.apply(tx, relevant);
          await tx.query('UPDATE projection_checkpoints SET position = $2, updated_at = now() WHERE name = $1 AND position < $2', [projection.name, last]);
        });
        this.positions.set(projection.name, Math.max(from, last));
      }
      total += events.length;
      onBatch?.(last, events.length);
      this.notify();
    }
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = (async () => {
      while (this.running) {
        try {
          const read = await this.catchUp();
          if (read === 0) await this.sleep(this.options.pollMs ?? 50);
        } catch (error) {
          this.options.log?.('projector batch failed; retrying', { error: String(error) });
          await this.sleep(1000);
        }
      }
    })();
  }

  /** Finishes the batch in flight, then stops. */
  async stop(): Promise<void> {
    this.running = false;
    this.wake?.();
    await this.loop;
  }

  /** Nudges the loop (after a local append) so reads catch up sooner than the poll. */
  poke(): void {
    this.wake?.();
  }

  /** The lowest position every projection has reached. */
  position(): number {
    return this.projections.length ? Math.min(...this.projections.map((p) => this.positions.get(p.name) ?? 0)) : 0;
  }

  status(): ProjectionStatus[] {
    return this.projections.map((p) => ({ name: p.name, version: p.version, position: this.positions.get(p.name) ?? 0 }));
  }

  /** Resolves true once every projection has reached `position`, false after the timeout. */
  async waitFor(position: number, timeoutMs = 2000): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    while (this.position() < position) {
      const left = deadline - Date.now();
      if (left <= 0) return false;
      this.poke();
      await new Promise<void>((resolve) => {
        const done = () => { clearTimeout(timer); this.waiters.delete(done); resolve(); };
        const timer = setTimeout(done, Math.min(left, 100));
        this.waiters.add(done);
      });
    }
    return true;
  }

  /** Drops a projection's rows and builds it again from the first event. */
  async rebuild(name: string, onBatch?: (position: number, count: number) => void): Promise<number> {
    const projection = this.projections.find((p) => p.name === name);
    if (!projection) throw new Error(`Unknown projection ${name}`);
    await this.db.transaction(async (tx) => {
      await projection.reset(tx);
      await projection.migrate(tx);
      await tx.query('UPDATE projection_checkpoints SET position = 0, version = $2 WHERE name = $1', [name, projection.version]);
    });
    this.positions.set(name, 0);
    return new Projector(this.db, this.store, [projection], this.options).catchUpFrom(0, onBatch, this.positions);
  }

  private async catchUpFrom(position: number, onBatch: ((p: number, c: number) => void) | undefined, shared: Map<string, number>): Promise<number> {
    this.positions.set(this.projections[0].name, position);
    const total = await this.catchUp(onBatch);
    shared.set(this.projections[0].name, this.positions.get(this.projections[0].name) ?? 0);
    return total;
  }

  private notify(): void {
    for (const waiter of [...this.waiters]) waiter();
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => { this.wake = undefined; resolve(); }, ms);
      this.wake = () => { clearTimeout(timer); this.wake = undefined; resolve(); };
    });
  }
}
