import { Client, ClientConfig } from 'pg';

/**
 * Who may run a projection. With several projector copies exactly one holds each projection's lock;
 * the others wait and take over when the holder stops or its connection dies.
 */
export interface ProjectionLocks {
  /** Tries to become the active copy for `name`; true when this copy holds it (now or already). */
  tryAcquire(name: string): Promise<boolean>;
  holds(name: string): boolean;
  /** Releases every lock and closes the dedicated connection. */
  close(): Promise<void>;
}

/** Single process (PGlite): nobody to share with, every projection is ours. */
export const localLocks = (): ProjectionLocks => ({
  tryAcquire: async () => true,
  holds: () => true,
  close: async () => undefined,
});

const LOCK_CLASS = 4242;

/**
 * PostgreSQL session advisory locks on one dedicated connection. The server drops them when the
 * connection ends (crash, kill, network), which is what lets another copy take over.
 */
export class PgAdvisoryLocks implements ProjectionLocks {
  private client?: Client;
  private connecting?: Promise<Client>;
  private readonly held = new Set<string>();

  constructor(private readonly config: string | ClientConfig, private readonly onLost?: (error: unknown) => void) {}

  private connect(): Promise<Client> {
    if (this.client) return Promise.resolve(this.client);
    this.connecting ??= (async () => {
      const client = new Client(typeof this.config === 'string' ? { connectionString: this.config } : this.config);
      const lost = (error?: unknown) => {
        if (this.client !== client) return;
        this.client = undefined;
        this.held.clear();
        this.onLost?.(error ?? new Error('lock connection ended'));
      };
      client.on('error', lost);
      client.on('end', () => lost());
      try {
        await client.connect();
        await client.query("SET application_name = 'kaderflow-projector-lock'");
      } catch (error) {
        await client.end().catch(() => undefined);
        throw error;
      }
      this.client = client;
      return client;
    })().finally(() => { this.connecting = undefined; });
    return this.connecting;
  }

  async tryAcquire(name: string): Promise<boolean> {
    if (this.held.has(name) && this.client) return true;
    const client = await this.connect();
    const { rows } = await client.query<{ ok: boolean }>('SELECT pg_try_advisory_lock($1, hashtext($2)) AS ok', [LOCK_CLASS, `projection:${name}`]);
    if (rows[0]?.ok && this.client === client) this.held.add(name);
    return this.held.has(name);
  }

  holds(name: string): boolean {
    return this.client !== undefined && this.held.has(name);
  }

  async close(): Promise<void> {
    const client = this.client;
    this.client = undefined;
    this.held.clear();
    await client?.end().catch(() => undefined);
  }
}
