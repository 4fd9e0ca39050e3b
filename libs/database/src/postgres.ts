import { Client, Pool, PoolClient, PoolConfig, types as pgTypes } from 'pg';
import { Database, QueryOptions, SqlExecutor } from './database';
import { parseInt8, parseTimestamptz } from './timestamps';

export interface PostgresDatabaseOptions {
  /** Server-side statement_timeout for pool connections (ms). Default 30 s; 0 disables. */
  statementTimeoutMs?: number;
  /** Server kills a connection idle inside a transaction this long (ms), releasing its locks. Default 60 s. */
  idleInTransactionTimeoutMs?: number;
  /** Called with errors of idle pool clients (e.g. a connection the server terminated). */
  onError?: (error: Error) => void;
  /**
   * Prepare the statements callers mark as frequent (QueryOptions.prepare) once per connection.
   * Default true; turn off behind a connection pooler that cannot keep them (PgBouncer in
   * transaction mode before 1.21). A statement the server refuses as prepared is sent as plain
   * text from then on, so a pooler or a changed function costs one failed try, not an outage.
   */
  preparedStatements?: boolean;
}

const INT8 = 20;
const TIMESTAMPTZ = 1184;

/** Per-connection type parsers, so the global pg.types stay untouched for other code. */
export const pgTypeParsers = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (format !== 'binary') {
      if (oid === INT8) return parseInt8;
      if (oid === TIMESTAMPTZ) return parseTimestamptz;
    }
    return pgTypes.getTypeParser(oid, format as 'text');
  },
} as PoolConfig['types'];

export interface PostgresDatabase extends Database {
  readonly kind: 'postgres';
  readonly pool: Pool;
  /** The resolved connection settings, e.g. to open a dedicated client in tests. */
  readonly config: PoolConfig;
}

export function createPostgresDatabase(connection: string | PoolConfig, options: PostgresDatabaseOptions = {}): PostgresDatabase {
  const base: PoolConfig = typeof connection === 'string' ? { connectionString: connection } : { ...connection };
  const config: PoolConfig = {
    ...base,
    types: base.types ?? pgTypeParsers,
    statement_timeout: base.statement_timeout ?? options.statementTimeoutMs ?? 30_000,
    idle_in_transaction_session_timeout:
      base.idle_in_transaction_session_timeout ?? options.idleInTransactionTimeoutMs ?? 60_000,
  };
  const pool = new Pool(config);
  // A terminated idle connection must not crash the process; the pool drops it.
  pool.on('error', (error) => options.onError?.(error));

  const names = preparedNames(options.preparedStatements ?? true);
  /** One statement; in a transaction a refused prepared statement cannot be tried again (the transaction is aborted), only given up. */
  const executor = (client: Pool | PoolClient | Client, inTransaction: boolean): SqlExecutor => ({
    async query<Row>(text: string, params?: unknown[], queryOptions?: QueryOptions) {
      const name = queryOptions?.prepare ? names.nameOf(text) : undefined;
      const run = async (config: string | { name: string; text: string; values?: unknown[] }) => {
        const result = typeof config === 'string' ? await client.query(config, params as unknown[]) : await client.query(config);
        return { rows: result.rows as Row[], rowCount: result.rowCount };
      };
      if (name === undefined) return run(text);
      try {
        return await run({ name, text, values: params as unknown[] });
      } catch (error) {
        if (!refusedAsPrepared(error)) throw error;
        names.giveUp(text);
        if (inTransaction) throw error;
        return run(text);
      }
    },
  });
  const direct = executor(pool, false);

  return {
    kind: 'postgres',
    pool,
    config,
    query: (text, params, queryOptions) => direct.query(text, params, queryOptions),
    async transaction<T>(fn: (tx: SqlExecutor) => Promise<T>): Promise<T> {
      const client = await pool.connect();
      let broken: Error | undefined;
      const onError = (error: Error) => (broken = error);
      client.on('error', onError);
      try {
        await client.query('BEGIN');
        const result = await fn(executor(client, true));
        await client.query('COMMIT');
        return result;
      } catch (error) {
        try {
          await client.query('ROLLBACK');
        } catch (rollbackError) {
          broken ??= rollbackError as Error;
        }
        throw error;
      } finally {
        client.off('error', onError);
        client.release(broken ?? false);
      }
    },
    async listen(channel, onNotify, onLost) {
      const client = new Client({ ...config, statement_timeout: undefined, idle_in_transaction_session_timeout: undefined });
      let ended = false;
      client.on('error', (error) => {
        options.onError?.(error);
        onLost?.(error);
      });
      client.on('end', () => {
        if (!ended) onLost?.(new Error('LISTEN connection ended'));
      });
      await client.connect();
      client.on('notification', (message) => {
        if (message.channel === channel) onNotify(message.payload ?? '');
      });
      await client.query(`LISTEN ${quoteIdent(channel)}`);
      return async () => {
        ended = true;
        await client.end().catch(() => undefined);
      };
    },
    close: () => pool.end(),
  };
}

/**
 * The name each frequent statement is prepared under, the same on every connection of this database;
 * none once the server refused it. The server keys a prepared statement by name per connection, the
 * driver refuses one name for two texts: one name per text, made here, keeps both true.
 */
function preparedNames(enabled: boolean) {
  const byText = new Map<string, string | null>();
  return {
    nameOf(text: string): string | undefined {
      if (!enabled) return undefined;
      let name = byText.get(text);
      if (name === undefined) byText.set(text, (name = `kaderflow_${byText.size + 1}`));
      return name ?? undefined;
    },
    giveUp(text: string): void {
      byText.set(text, null);
    },
  };
}

/**
 * The server cannot run a statement as prepared: its result type changed since it was prepared
 * (a migration replaced a function or table), or a connection pooler lost it or has it twice.
 * Raised before the statement ran, so running it as plain text instead is safe.
 */
function refusedAsPrepared(error: unknown): boolean {
  const { code, message } = (error ?? {}) as { code?: string; message?: string };
  return code === '26000' || code === '42P05' || (code === '0A000' && /cached plan must not change result type/.test(message ?? ''));
}

export function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}
