import { Database } from './database';
import { createPgliteDatabase } from './pglite';
import { createPostgresDatabase } from './postgres';

export interface DatabaseConfig {
  /** PostgreSQL URL; default env DATABASE_URL. When absent, PGlite is used. */
  databaseUrl?: string;
  /** PGlite data directory; default env DATA_DIR, else ./data/pglite. `:memory:` keeps it in memory. */
  dataDir?: string;
  statementTimeoutMs?: number;
  idleInTransactionTimeoutMs?: number;
  /** Prepare frequent statements per connection (default env PG_PREPARED_STATEMENTS, else true). */
  preparedStatements?: boolean;
  env?: Record<string, string | undefined>;
}

/** PostgreSQL when DATABASE_URL is set, else PGlite on disk. */
export async function createDatabase(config: DatabaseConfig = {}): Promise<Database> {
  const env = config.env ?? process.env;
  const url = config.databaseUrl ?? env.DATABASE_URL;
  if (url) {
    return createPostgresDatabase(url, {
      statementTimeoutMs: config.statementTimeoutMs ?? numberOrUndefined(env.PG_STATEMENT_TIMEOUT_MS),
      idleInTransactionTimeoutMs: config.idleInTransactionTimeoutMs ?? numberOrUndefined(env.PG_IDLE_IN_TRANSACTION_TIMEOUT_MS),
      preparedStatements: config.preparedStatements ?? env.PG_PREPARED_STATEMENTS !== 'false',
    });
  }
  const dataDir = config.dataDir ?? env.DATA_DIR ?? './data/pglite';
  return createPgliteDatabase({
    dataDir: dataDir === ':memory:' ? undefined : dataDir,
    // e.g. PGLITE_SHARED_BUFFERS=64MB when the embedded store's hot data outgrows the 8MB default
    sharedBuffers: env.PGLITE_SHARED_BUFFERS || undefined,
  });
}

function numberOrUndefined(value: string | undefined): number | undefined {
  return value === undefined || value === '' ? undefined : Number(value);
}
