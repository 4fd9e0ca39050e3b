import { Database, SqlExecutor } from '../../database/src';
import { EventStore, StoredEvent } from '../../event-store/src';

export interface FeedOptions {
  batchSize?: number;
  pollMs?: number;
  log?: (message: string, fields?: Record<string, unknown>) => void;
}

/**
 * What a feed does with one batch. `beforeQueue` may write rows the jobs need; `queue` hands jobs to
 * the queue (Redis) and must throw when it could not; `afterQueue` runs in the transaction that moves
 * the checkpoint, so state and checkpoint advance only after the queue accepted the jobs.
 */
export interface FeedBatch {
  beforeQueue?(): Promise<void>;
  queue(): Promise<void>;
  afterQueue?(tx: SqlExecutor): Promise<void>;
}

class CheckpointMoved extends Error {}

/** Follows the global order of the store with its own checkpoint, for the worker's job planners. */
export class EventFeed {
  private position = 0;
  private running = false;
  private loop?: Promise<void>;
  private wake?: () => void;
  private failures = 0;

  constructor(
    readonly name: string,
    private readonly db: Database,
    private readonly store: EventStore,
    private readonly plan: (events: StoredEvent[]) => Promise<FeedBatch>,
    private readonly options: FeedOptions = {},
  ) {}

  async load(): Promise<void> {
    await this.db.query('INSERT INTO worker_checkpoints (name, position) VALUES ($1, 0) ON CONFLICT (name) DO NOTHING', [this.name]);
    const { rows } = await this.db.query<{ position: string | number }>('SELECT position FROM worker_checkpoints WHERE name = $1', [this.name]);
    this.position = Number(rows[0].position);
  }

  checkpoint(): number {
    return this.position;
  }

  /** Handles everything there is now; returns the number of events read. Throws when the queue is down. */
  async catchUp(): Promise<number> {
    let total = 0;
    for (;;) {
      const events = await this.store.readAll({ after: this.position, limit: this.options.batchSize ?? 200 });
      if (events.length === 0) return total;
      const from = this.position;
      const to = events[events.length - 1].globalPosition;
      const batch = await this.plan(events);
      await batch.beforeQueue?.();
      await batch.queue();
      try {
        await this.db.transaction(async (tx) => {
          const moved = await tx.query('UPDATE worker_checkpoints SET position = $2, updated_at = now() WHERE name = $1 AND position = $3', [this.name, to, from]);
          // Another worker copy handled this batch first; its jobs have the same ids, so nothing doubles.
          if (moved.rowCount !== 1) throw new CheckpointMoved();
          await batch.afterQueue?.(tx);
        });
        this.position = to;
      } catch (error) {
        if (!(error instanceof CheckpointMoved)) throw error;
        await this.load();
      }
      total += events.length;
    }
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = (async () => {
      await this.retry(() => this.load());
      while (this.running) {
        try {
          const read = await this.catchUp();
          this.failures = 0;
          if (read === 0) await this.sleep(this.options.pollMs ?? 200);
        } catch (error) {
          this.failures++;
          this.options.log?.('worker feed batch failed; it is retried, the checkpoint stays', { feed: this.name, error: String(error), failures: this.failures });
          await this.sleep(Math.min(250 * 2 ** this.failures, 5000));
        }
      }
    })();
  }

  private async retry(fn: () => Promise<void>) {
    while (this.running) {
      try {
        return await fn();
      } catch (error) {
        this.options.log?.('worker feed could not start; retrying', { feed: this.name, error: String(error) });
        await this.sleep(1000);
      }
    }
  }

  poke(): void {
    this.wake?.();
  }

  /** Finishes the batch in flight, then stops. */
  async stop(): Promise<void> {
    this.running = false;
    this.wake?.();
    await this.loop;
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => { this.wake = undefined; resolve(); }, ms);
      this.wake = () => { clearTimeout(timer); this.wake = undefined; resolve(); };
    });
  }
}
