import { Database, SqlExecutor } from '../../database/src';
import { CHECKPOINT_TABLE_SQL } from './sql/schema';
import { ReadAllOptions, StoredEvent } from './types';

export interface SubscriptionOptions {
  /** Checkpoint name; one per consumer (e.g. the projection name). */
  name: string;
  /** Where the checkpoint lives and the handler's transaction runs (may be the store's database). */
  db: Database;
  batchSize?: number;
  /** Fallback poll interval when no notification arrives. Default 500 ms. */
  pollMs?: number;
  /** Runs in one transaction with the checkpoint update; throw to retry the batch. */
  handle(events: StoredEvent[], tx: SqlExecutor): Promise<void>;
  /** Called when a batch fails; the batch is retried after a pause. Default: console.error. */
  onError?(error: unknown): void;
}

export interface Subscription {
  /** Stops after the batch in flight has committed. */
  stop(): Promise<void>;
  /** Resolves once the checkpoint reached position; rejects after timeoutMs (default 5 s). */
  waitForPosition(position: number, timeoutMs?: number): Promise<void>;
  /** The last committed checkpoint. */
  position(): number;
}

export interface SubscriptionSource {
  readonly db: Database;
  readonly notifyChannel: string;
  readAll(options: ReadAllOptions): Promise<StoredEvent[]>;
}

class CheckpointMovedError extends Error {}

interface Waiter {
  position: number;
  resolve(): void;
  reject(error: Error): void;
  timer: NodeJS.Timeout;
}

export function startSubscription(source: SubscriptionSource, options: SubscriptionOptions, onStopped: () => void): Subscription {
  const { name, db } = options;
  const batchSize = options.batchSize ?? 100;
  const pollMs = options.pollMs ?? 500;
  const reportError = options.onError ?? ((error: unknown) => console.error(`subscription ${name}:`, error));
  let current = 0;
  let stopped = false;
  let notified = false;
  let wake: (() => void) | undefined;
  let waiters: Waiter[] = [];

  const wakeUp = () => {
    notified = true;
    wake?.();
  };
  /** Sleeps until the timer, a notification or stop, whichever comes first. */
  const pause = (ms: number) =>
    new Promise<void>((resolve) => {
      if (stopped || notified) return resolve();
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        wake = undefined;
        resolve();
      }
      wake = done;
    });
  const settleWaiters = () => {
    waiters = waiters.filter((waiter) => {
      if (current < waiter.position) return true;
      clearTimeout(waiter.timer);
      waiter.resolve();
      return false;
    });
  };
  const loadCheckpoint = async () => {
    await db.query(CHECKPOINT_TABLE_SQL);
    await db.query('INSERT INTO subscription_checkpoints (name, position) VALUES ($1, 0) ON CONFLICT (name) DO NOTHING', [name]);
    const result = await db.query<{ position: number }>('SELECT position FROM subscription_checkpoints WHERE name = $1', [name]);
    current = Number(result.rows[0].position);
    settleWaiters();
  };

  const run = async () => {
    let unlisten: (() => Promise<void>) | undefined;
    let loaded = false;
    let failures = 0;
    try {
      while (!stopped) {
        notified = false;
        try {
          if (!loaded) {
            await loadCheckpoint();
            loaded = true;
          }
          if (!unlisten && source.db.listen) {
            unlisten = await source.db.listen(source.notifyChannel, wakeUp).catch(() => undefined);
          }
          const events = await source.readAll({ after: current, limit: batchSize });
          if (events.length > 0) {
            const from = current;
            const to = events[events.length - 1].globalPosition;
            await db.transaction(async (tx) => {
              await options.handle(events, tx);
              const moved = await tx.query(
                'UPDATE subscription_checkpoints SET position = $2, updated_at = now() WHERE name = $1 AND position = $3',
                [name, to, from],
              );
              // Another instance with the same name got there first: roll back and reload.
              if (moved.rowCount !== 1) throw new CheckpointMovedError();
            });
            current = to;
            failures = 0;
            settleWaiters();
            continue;
          }
          failures = 0;
        } catch (error) {
          if (error instanceof CheckpointMovedError) {
            loaded = false;
            continue;
          }
          failures++;
          reportError(error);
          notified = false;
          await pause(Math.min(pollMs * 2 ** failures, 30_000));
          continue;
        }
        await pause(pollMs);
      }
    } finally {
      await unlisten?.().catch(() => undefined);
    }
  };

  const loop = run();
  let stopping: Promise<void> | undefined;
  return {
    stop() {
      stopping ??= (async () => {
        stopped = true;
        wake?.();
        await loop;
        for (const waiter of waiters) {
          clearTimeout(waiter.timer);
          waiter.reject(new Error(`Subscription ${name} stopped at position ${current}`));
        }
        waiters = [];
        onStopped();
      })();
      return stopping;
    },
    waitForPosition(position: number, timeoutMs = 5_000) {
      if (current >= position) return Promise.resolve();
      return new Promise<void>((resolve, reject) => {
        const waiter: Waiter = {
          position,
          resolve,
          reject,
          timer: setTimeout(() => {
            waiters = waiters.filter((w) => w !== waiter);
            reject(new Error(`Subscription ${name} did not reach position ${position} within ${timeoutMs} ms (at ${current})`));
          }, timeoutMs),
        };
        waiters.push(waiter);
      });
    },
    position: () => current,
  };
}
