import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import Redis from 'ioredis';

/** The machine's PostgreSQL and Redis; CI exports these, the defaults match .ci/run. */
export const PG_ADMIN_URL = process.env.DATABASE_URL_TEST ?? 'postgres://postgres@127.0.0.1:5432/postgres';
export const REDIS_URL = process.env.REDIS_URL_TEST ?? 'redis://127.0.0.1:6379';

const withDatabase = (url: string, name: string) => {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
};

/**
 * A database of its own for one test, dropped again by `drop()`. A missing server fails the test with
 * a clear message (never a skip: a skipped services test would read as a passing one).
 */
export async function freshDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `kf_test_${randomUUID().replace(/-/g, '').slice(0, 16)}`;
  const admin = new Client({ connectionString: PG_ADMIN_URL });
  await admin.connect().catch((error) => {
    throw new Error(`PostgreSQL op ${PG_ADMIN_URL} is niet bereikbaar (${error.message}); deze suite heeft de echte database nodig.`);
  });
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  return {
    url: withDatabase(PG_ADMIN_URL, name),
    async drop() {
      const c = new Client({ connectionString: PG_ADMIN_URL });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}

/** Fails fast when Redis is not there. */
export async function requireRedis(): Promise<void> {
  const redis = new Redis(REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
  try {
    await redis.connect();
    await redis.ping();
  } catch (error) {
    throw new Error(`Redis op ${REDIS_URL} is niet bereikbaar (${(error as Error).message}); deze suite heeft de echte Redis nodig.`);
  } finally {
    redis.disconnect();
  }
}

/** A queue prefix no other test shares. */
export const uniquePrefix = () => `kf-test-${randomUUID().slice(0, 8)}`;

export async function eventually(check: () => Promise<boolean> | boolean, timeoutMs = 15_000, what = 'condition'): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${what}`);
}
