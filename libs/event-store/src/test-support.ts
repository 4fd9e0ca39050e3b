import { Pool } from 'pg';
import { PostgresDatabase, createPostgresDatabase } from '../../database/src';

export const TEST_DATABASE_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

let counter = 0;

/**
 * A fresh schema on the real PostgreSQL with a database whose connections use it; drop() removes
 * it. Throws when PostgreSQL cannot be reached: these suites must fail, never skip.
 */
export async function createTestSchema(
  prefix: string,
  options: { idleInTransactionTimeoutMs?: number } = {},
): Promise<{ schema: string; db: PostgresDatabase; drop(): Promise<void> }> {
  const schema = `${prefix}_${process.pid}_${Date.now().toString(36)}_${++counter}`;
  const admin = new Pool({ connectionString: TEST_DATABASE_URL, max: 1, connectionTimeoutMillis: 5_000 });
  try {
    await admin.query(`CREATE SCHEMA ${schema}`);
  } catch (error) {
    await admin.end();
    throw new Error(`PostgreSQL at ${TEST_DATABASE_URL} is not usable for this suite: ${(error as Error).message}`);
  }
  const db = createPostgresDatabase(
    { connectionString: TEST_DATABASE_URL, options: `-c search_path=${schema}`, max: 20 },
    { idleInTransactionTimeoutMs: options.idleInTransactionTimeoutMs },
  );
  return {
    schema,
    db,
    async drop() {
      await db.close().catch(() => undefined);
      await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await admin.end();
    },
  };
}
