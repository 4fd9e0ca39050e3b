import { Client } from 'pg';

export const PG_HOST = process.env.BENCH_PG_HOST ?? '127.0.0.1';
export const PG_PORT = Number(process.env.BENCH_PG_PORT ?? 5432);
export const PG_USER = process.env.BENCH_PG_USER ?? 'postgres';

export const urlFor = (database: string) => `postgres://${PG_USER}@${PG_HOST}:${PG_PORT}/${database}`;

/** BENCH_DB_SUFFIX keeps two bench runs on one server out of each other's databases. */
const benchName = (name: string) => `${name}${process.env.BENCH_DB_SUFFIX ?? ''}`;

/** Drops and creates a database of our own, so every run starts empty. */
export async function recreateDatabase(base: string): Promise<string> {
  const name = benchName(base);
  if (!/^[a-z0-9_]+$/.test(name)) throw new Error(`unsafe database name ${name}`);
  const admin = new Client({ connectionString: urlFor('postgres') });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  return urlFor(name);
}

export async function dropDatabase(base: string): Promise<void> {
  const name = benchName(base);
  if (!/^[a-z0-9_]+$/.test(name)) throw new Error(`unsafe database name ${name}`);
  const admin = new Client({ connectionString: urlFor('postgres') });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  } finally {
    await admin.end();
  }
}

export async function serverSettings(): Promise<Record<string, string>> {
  const admin = new Client({ connectionString: urlFor('postgres') });
  await admin.connect();
  try {
    const { rows } = await admin.query(
      `SELECT name, setting FROM pg_settings WHERE name IN ('server_version','synchronous_commit','fsync','shared_buffers','max_connections','wal_level')`,
    );
    return Object.fromEntries(rows.map((r) => [r.name, r.setting]));
  } finally {
    await admin.end();
  }
}
