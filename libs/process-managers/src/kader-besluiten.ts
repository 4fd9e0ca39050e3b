import { handleCommand } from '../../application/src';
import { Database } from '../../database/src';
import { kaderCommandsFor, VERGADERING_EVENT_TYPES, VergaderingEvent } from '../../domain/src/besluitvorming';
import { kaderDecider, KaderCommand, kaderStreamId } from '../../domain/src/kader';
import { DomainError } from '../../domain/src/shared';
import { EventStore, StoredEvent } from '../../event-store/src';

export interface ReactorOptions {
  batchSize?: number;
  pollMs?: number;
  log?: (message: string, fields?: Record<string, unknown>) => void;
}

export interface ReactorFailure {
  eventId: string;
  globalPosition: number;
  commandType: string;
  kaderId: string;
  code: string;
  title: string;
  reasons: string[];
  recordedAt: string;
}

const NAME = 'kader-besluiten';
const RELEVANT_TYPES: string[] = [...VERGADERING_EVENT_TYPES];

const TABLES = [
  `CREATE TABLE IF NOT EXISTS process_manager_checkpoints (
     name text PRIMARY KEY,
     position bigint NOT NULL DEFAULT 0,
     updated_at timestamptz NOT NULL DEFAULT now())`,
  `CREATE TABLE IF NOT EXISTS process_manager_failures (
     name text NOT NULL,
     event_id text NOT NULL,
     command_index integer NOT NULL,
     global_position bigint NOT NULL,
     command_type text NOT NULL,
     kader_id text NOT NULL,
     code text NOT NULL,
     title text NOT NULL,
     reasons jsonb NOT NULL,
     recorded_at timestamptz NOT NULL DEFAULT now(),
     PRIMARY KEY (name, event_id, command_index))`,
];

/**
 * Turns besluiten into kader commands: follows the global order after its own checkpoint and, for each
 * vergadering event, issues kaderCommandsFor(event) through handleCommand. Writes and checkpoint are
 * not one transaction; the idempotency key `pm-<eventId>-<n>` makes a retry after a crash write nothing twice.
 * A kader refusing a command is recorded in process_manager_failures and the reactor moves on.
 */
export class KaderBesluitenReactor {
  readonly name = NAME;
  private running = false;
  private loop?: Promise<void>;
  private wake?: () => void;
  private checkpoint = 0;
  private written = 0;
  private readonly waiters = new Set<() => void>();

  constructor(
    private readonly db: Database,
    private readonly store: EventStore,
    private readonly options: ReactorOptions = {},
  ) {}

  async migrate(): Promise<void> {
    for (const sql of TABLES) await this.db.query(sql);
    await this.db.query('INSERT INTO process_manager_checkpoints (name, position) VALUES ($1, 0) ON CONFLICT (name) DO NOTHING', [NAME]);
    const { rows } = await this.db.query<{ position: string | number }>('SELECT position FROM process_manager_checkpoints WHERE name = $1', [NAME]);
    this.checkpoint = Number(rows[0]?.position ?? 0);
  }

  /**
   * Handles everything there is now. It reads only the vergadering events (by type, on the index):
   * the store's other events, the kaders' and its own writes among them, are never fetched. Returns
   * the number of vergadering events read.
   */
  async catchUp(): Promise<number> {
    const limit = this.options.batchSize ?? 200;
    let total = 0;
    for (;;) {
      // Every event up to the head is readable, so a typed read that comes back short has all of ours up
      // to it: the checkpoint may pass the rest without reading them (the reactor's own kader events too).
      const head = await this.store.headPosition();
      if (head <= this.checkpoint) return total;
      const events = await this.store.readAll({ after: this.checkpoint, limit, types: RELEVANT_TYPES });
      for (const event of events) {
        // Read after the head was taken: what lies beyond it waits for the next round.
        if (event.globalPosition > head) break;
        total++;
        await this.react(event);
        await this.moveCheckpoint(event.globalPosition);
      }
      if (events.length < limit && head > this.checkpoint) await this.moveCheckpoint(head);
    }
  }

  private async react(event: StoredEvent): Promise<void> {
    const opdrachten = kaderCommandsFor({ type: event.type, data: event.data } as VergaderingEvent);
    for (const [n, opdracht] of opdrachten.entries()) {
      const command = { ...opdracht, metadata: { now: event.recordedAt, actor: event.metadata.actor } } as KaderCommand;
      try {
        const result = await handleCommand(this.store, kaderDecider, kaderStreamId(opdracht.data.kaderId), command, {
          actor: event.metadata.actor,
          now: event.recordedAt,
          occurredAt: event.occurredAt,
          correlationId: event.metadata.correlationId,
          causationId: event.eventId,
          idempotencyKey: `pm-${event.eventId}-${n}`,
          ...(event.metadata.reason ? { reason: event.metadata.reason } : {}),
        });
        this.written = Math.max(this.written, result.positie);
      } catch (error) {
        if (!(error instanceof DomainError)) throw error;
        this.options.log?.('kader refused a command from a besluit', { reactor: NAME, eventId: event.eventId, command: opdracht.type, code: error.code });
        await this.db.query(
          `INSERT INTO process_manager_failures (name, event_id, command_index, global_position, command_type, kader_id, code, title, reasons)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9::jsonb) ON CONFLICT DO NOTHING`,
          [NAME, event.eventId, n, event.globalPosition, opdracht.type, opdracht.data.kaderId, error.code, error.title, JSON.stringify(error.reasons)],
        );
      }
    }
  }

  private async moveCheckpoint(position: number): Promise<void> {
    await this.db.query('UPDATE process_manager_checkpoints SET position = $2, updated_at = now() WHERE name = $1 AND position < $2', [NAME, position]);
    this.checkpoint = Math.max(this.checkpoint, position);
    for (const waiter of [...this.waiters]) waiter();
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
          this.options.log?.('process manager batch failed; retrying', { reactor: NAME, error: String(error) });
          await this.sleep(1000);
        }
      }
    })();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.wake?.();
    await this.loop;
  }

  get isRunning(): boolean {
    return this.running;
  }

  poke(): void {
    this.wake?.();
  }

  /** The last global position handled. */
  position(): number {
    return this.checkpoint;
  }

  /** The global position of the last kader event this reactor wrote (0 if none since start). */
  lastWritten(): number {
    return this.written;
  }

  /** Resolves true once every event up to `position` is handled (its kader commands written), false after the timeout. */
  async waitFor(position: number, timeoutMs = 2000): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    while (this.checkpoint < position) {
      const left = deadline - Date.now();
      if (left <= 0) return false;
      this.poke();
      await new Promise<void>((resolve) => {
        const done = () => {
          clearTimeout(timer);
          this.waiters.delete(done);
          resolve();
        };
        const timer = setTimeout(done, Math.min(left, 100));
        this.waiters.add(done);
      });
    }
    return true;
  }

  /** Kader commands the kader refused, newest first. */
  async failures(filter: { kaderId?: string } = {}): Promise<ReactorFailure[]> {
    const { rows } = await this.db.query<Record<string, unknown>>(
      `SELECT event_id, global_position, command_type, kader_id, code, title, reasons, recorded_at FROM process_manager_failures
        WHERE name = $1 AND ($2::text IS NULL OR kader_id = $2) ORDER BY global_position DESC, command_index`,
      [NAME, filter.kaderId ?? null],
    );
    return rows.map((r) => ({
      eventId: r.event_id as string,
      globalPosition: Number(r.global_position),
      commandType: r.command_type as string,
      kaderId: r.kader_id as string,
      code: r.code as string,
      title: r.title as string,
      reasons: r.reasons as string[],
      recordedAt: new Date(r.recorded_at as string).toISOString(),
    }));
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.wake = undefined;
        resolve();
      }, ms);
      this.wake = () => {
        clearTimeout(timer);
        this.wake = undefined;
        resolve();
      };
    });
  }
}
