import { AsyncLocalStorage } from 'node:async_hooks';
import { mkdirSync } from 'node:fs';
import type { PGlite as PGliteClass } from '@electric-sql/pglite';
import { Database, SqlExecutor } from './database';
import { parseInt8, parseTimestamptz } from './timestamps';

export interface PgliteDatabaseOptions {
  /** Directory for the data files; in memory when absent. */
  dataDir?: string;
}

export interface PgliteDatabase extends Database {
  readonly kind: 'pglite';
  readonly pglite: PGliteClass;
}

/**
 * PGlite's emscripten loader runs `await import('module')`, which jest's CommonJS sandbox refuses
 * without --experimental-vm-modules. Loading it through Node's own require keeps it outside the
 * sandbox, so the same code runs in the app and in tests.
 */
function loadPglite(): typeof PGliteClass {
  const nodeRequire = process.getBuiltinModule('node:module').createRequire(__filename);
  return (nodeRequire('@electric-sql/pglite') as typeof import('@electric-sql/pglite')).PGlite;
}

/**
 * PGlite has one connection, so every statement and transaction takes a turn. A query issued
 * from inside a transaction callback joins that transaction instead of waiting for it (which
 * would deadlock); a nested transaction becomes a savepoint.
 */
export async function createPgliteDatabase(options: PgliteDatabaseOptions = {}): Promise<PgliteDatabase> {
  if (options.dataDir) mkdirSync(options.dataDir, { recursive: true });
  const pglite = await loadPglite().create({
    dataDir: options.dataDir,
    parsers: { 20: parseInt8, 1184: parseTimestamptz },
  });
  const inTransaction = new AsyncLocalStorage<{ depth: number }>();
  let queue: Promise<unknown> = Promise.resolve();
  const exclusive = <T>(fn: () => Promise<T>): Promise<T> => {
    const run = queue.then(fn, fn);
    queue = run.catch(() => undefined);
    return run;
  };
  const raw = async <Row>(text: string, params?: unknown[]) => {
    const result = await pglite.query<Row>(text, params as unknown[]);
    return { rows: result.rows, rowCount: result.affectedRows ?? null };
  };
  const tx: SqlExecutor = { query: raw };

  return {
    kind: 'pglite',
    pglite,
    query<Row>(text: string, params?: unknown[]) {
      if (inTransaction.getStore()) return raw<Row>(text, params);
      return exclusive(() => raw<Row>(text, params));
    },
    transaction<T>(fn: (tx: SqlExecutor) => Promise<T>): Promise<T> {
      const outer = inTransaction.getStore();
      if (outer) {
        const savepoint = `sp_${outer.depth + 1}`;
        return inTransaction.run({ depth: outer.depth + 1 }, async () => {
          await raw(`SAVEPOINT ${savepoint}`);
          try {
            const result = await fn(tx);
            await raw(`RELEASE SAVEPOINT ${savepoint}`);
            return result;
          } catch (error) {
            await raw(`ROLLBACK TO SAVEPOINT ${savepoint}`);
            throw error;
          }
        });
      }
      return exclusive(() =>
        inTransaction.run({ depth: 0 }, async () => {
          await raw('BEGIN');
          try {
            const result = await fn(tx);
            await raw('COMMIT');
            return result;
          } catch (error) {
            await raw('ROLLBACK').catch(() => undefined);
            throw error;
          }
        }),
      );
    },
    async listen(channel, onNotify) {
      // LISTEN must not land inside someone else's open transaction on the one connection.
      const unlisten = await exclusive(() => pglite.listen(channel, onNotify));
      return () => exclusive(() => (pglite.closed ? Promise.resolve() : unlisten()));
    },
    async close() {
      await exclusive(async () => {
        if (!pglite.closed) await pglite.close();
      });
    },
  };
}

