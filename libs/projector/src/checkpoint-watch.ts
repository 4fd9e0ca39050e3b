import { Database, SqlExecutor } from '../../database/src';

/** The projector announces its checkpoints here after each batch it committed. */
export const CHECKPOINT_CHANNEL = 'kaderflow_leesmodellen';

export interface Checkpoint {
  version: number;
  position: number;
}

/** Payload: { [projection]: [version, position] }. */
export const checkpointPayload = (checkpoints: Map<string, Checkpoint>): string =>
  JSON.stringify(Object.fromEntries([...checkpoints].map(([name, c]) => [name, [c.version, c.position]])));

/** The stored checkpoints (all, or those named): what the projector, the watch and readers elsewhere go by. */
export async function readCheckpoints(db: SqlExecutor, names?: readonly string[]): Promise<Map<string, Checkpoint>> {
  const { rows } = await db.query<{ name: string; version: number; position: string | number }>(
    names ? 'SELECT name, version, position FROM projection_checkpoints WHERE name = ANY($1::text[])' : 'SELECT name, version, position FROM projection_checkpoints',
    names ? [names] : []);
  return new Map(rows.map((r) => [r.name, { version: Number(r.version), position: Number(r.position) }]));
}

const later = (a: Checkpoint | undefined, b: Checkpoint) =>
  !a || b.version > a.version || (b.version === a.version && b.position > a.position);

/**
 * What each read model was last made from, kept in memory from the projector's announcements, so
 * a reader knows whether an earlier answer still holds without asking the database. The table is
 * read again every `refreshMs` (an announcement lost or a connection broken costs at most that),
 * and while nothing listens (no LISTEN, or the connection broke) `stamp` says it does not know.
 */
export class CheckpointWatch {
  private readonly known = new Map<string, Checkpoint>();
  private live = false;
  private unlisten?: () => Promise<void>;
  private timer?: NodeJS.Timeout;
  private stopped = false;

  constructor(private readonly db: Database, private readonly refreshMs = 1000) {}

  async start(): Promise<void> {
    if (!this.db.listen) return;
    await this.connect();
    this.timer = setInterval(() => void this.tick(), this.refreshMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.live = false;
    clearInterval(this.timer);
    await this.unlisten?.().catch(() => undefined);
  }

  /**
   * `version@position` of a projection when it is known here and has reached `atLeast`;
   * undefined when the caller must read the checkpoint table itself.
   */
  stamp(projection: string, atLeast = 0): string | undefined {
    const c = this.known.get(projection);
    if (!this.live || !c || c.position < atLeast) return undefined;
    return `${c.version}@${c.position}`;
  }

  private async connect(): Promise<void> {
    try {
      // Listen first, then read the table: nothing announced in between is missed.
      this.unlisten = await this.db.listen!(CHECKPOINT_CHANNEL, (payload) => this.take(payload), () => { this.live = false; this.unlisten = undefined; });
      await this.refresh();
      this.live = !this.stopped;
    } catch {
      this.live = false;
    }
  }

  private async tick(): Promise<void> {
    if (this.stopped) return;
    if (!this.unlisten) return this.connect();
    await this.refresh().catch(() => undefined);
  }

  private async refresh(): Promise<void> {
    for (const [name, checkpoint] of await readCheckpoints(this.db)) this.record(name, checkpoint);
  }

  private take(payload: string): void {
    try {
      for (const [name, [version, position]] of Object.entries(JSON.parse(payload) as Record<string, [number, number]>)) {
        this.record(name, { version, position });
      }
    } catch {
      // Not ours: ignore.
    }
  }

  private record(name: string, checkpoint: Checkpoint): void {
    if (later(this.known.get(name), checkpoint)) this.known.set(name, checkpoint);
  }
}
