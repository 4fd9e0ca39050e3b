import { Client, Pool, PoolClient, PoolConfig, types as pgTypes } from 'pg';
import { Database, SqlExecutor } from './database';
import { parseInt8, parseTimestamptz } from './timestamps';

export interface PostgresDatabaseOptions {
  /** Server-side statement_timeout for pool connections (ms). Default 30 s; 0 disables. */
  statementTimeoutMs?: number;
  /** Server kills a connection idle inside a transaction this long (ms), releasing its locks. Default 60 s. */
  idleInTransactionTimeoutMs?: number;
  /** Called with errors of idle pool clients (e.g. a connection the server terminated). */
  onError?: (error: Error) => void;
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

  const executor = (client: Pool | PoolClient | Client): SqlExecutor => ({
    async query<Row>(text: string, params?: unknown[]) {
      const result = await client.query(text, params as unknown[]);
      return { rows: result.rows as Row[], rowCount: result.rowCount };
    },
  });
  const direct = executor(pool);

  return {
    kind: 'postgres',
    pool,
    config,
    query: (text, params) => direct.query(text, params),
    async transaction<T>(fn: (tx: SqlExecutor) => Promise<T>): Promise<T> {
      const client = await pool.connect();
      let broken: Error | undefined;
      const onError = (error: Error) => (broken = error);
      client.on('error', onError);
      try {
        await client.query('BEGIN');
        const result = await fn(executor(client));
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

export function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}
