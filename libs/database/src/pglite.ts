import { AsyncLocalStorage } from 'node:async_hooks';
import { existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { PGlite as PGliteClass, PGliteOptions } from '@electric-sql/pglite';
import { Database, SqlExecutor } from './database';
import { copyPgliteTemplate, makePgliteTemplate, pgliteTemplateDir } from './pglite-template';
import { parseInt8, parseTimestamptz } from './timestamps';

export interface PgliteDatabaseOptions {
  /** Directory for the data files; in memory when absent. */
  dataDir?: string;
  /**
   * PostgreSQL's shared_buffers; default 8MB. PGlite's own 128MB is touched at start and was most of
   * the process's resident memory; the files stay in the OS page cache, so a small pool mostly costs
   * a read call per miss (a larger pool pays off once the hot data outgrows it).
   */
  sharedBuffers?: string;
  /** An initialised data directory that an empty dataDir starts as a copy of; default the build's one. */
  templateDir?: string;
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
const nodeRequire = () => process.getBuiltinModule('node:module').createRequire(__filename);

/**
 * V8's optimising WebAssembly tier keeps some 70 MB of PGlite's compiled code and compiler memory
 * resident; it pays off only for long CPU-bound queries (about 1.7x faster there), while the
 * store's short queries cost the same on the baseline tier. The flag is process-wide (fetch's
 * small parser is WebAssembly too) and must be set before PGlite compiles its module.
 */
function loadPglite(load: NodeJS.Require): typeof PGliteClass {
  process.getBuiltinModule('node:v8').setFlagsFromString('--liftoff-only');
  return (load('@electric-sql/pglite') as typeof import('@electric-sql/pglite')).PGlite;
}

function pgliteSettings(PGlite: typeof PGliteClass, options: PgliteDatabaseOptions): PGliteOptions {
  return {
    dataDir: options.dataDir,
    parsers: { 20: parseInt8, 1184: parseTimestamptz },
    startParams: [...PGlite.defaultStartParams, '-c', `shared_buffers=${options.sharedBuffers ?? '8MB'}`],
  };
}

/**
 * An empty folder starts as a copy of the template when there is one for this PGlite version;
 * when there is none, or PGlite cannot open the copy, PGlite runs initdb in it as usual.
 */
async function openPglite(options: PgliteDatabaseOptions): Promise<PGliteClass> {
  const load = nodeRequire();
  const PGlite = loadPglite(load);
  const settings = pgliteSettings(PGlite, options);
  const dataDir = options.dataDir;
  if (!dataDir) return PGlite.create(settings);
  mkdirSync(dataDir, { recursive: true });
  if (readdirSync(dataDir).length === 0 && copyPgliteTemplate(options.templateDir ?? pgliteTemplateDir(load), dataDir)) {
    try {
      return await PGlite.create(settings);
    } catch {
      for (const entry of readdirSync(dataDir)) rmSync(join(dataDir, entry), { recursive: true, force: true });
    }
  }
  return PGlite.create(settings);
}

/** Makes the template when there is none for this PGlite version (the build does, once). */
export async function preparePgliteTemplate(): Promise<void> {
  const load = nodeRequire();
  const PGlite = loadPglite(load);
  const templateDir = pgliteTemplateDir(load);
  if (existsSync(join(templateDir, 'PG_VERSION'))) return;
  await makePgliteTemplate(PGlite, templateDir, pgliteSettings(PGlite, {}));
}

/**
 * PGlite has one connection, so every statement and transaction takes a turn. A query issued
 * from inside a transaction callback joins that transaction instead of waiting for it (which
 * would deadlock); a nested transaction becomes a savepoint.
 */
export async function createPgliteDatabase(options: PgliteDatabaseOptions = {}): Promise<PgliteDatabase> {
  const pglite = await openPglite(options);
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

