import { createDatabase, Database } from '../../database/src';
import { SqlEventStore } from '../../event-store/src';
import { ensurePersonKeysTable, ensurePersonTables } from '../../privacy/src';
import { PgAdvisoryLocks, Projector } from '../../projector/src';
import { KaderflowWorker, migrateJobs } from '../../jobs/src';
import { appendDuration } from './metrics';
import { KaderBesluitenReactor } from '../../process-managers/src';
import { Projection } from '../../read-models/src/projection';
import { allProjections } from './projections';
import { configFromEnv, KaderflowConfig, pgliteDir } from './config';

/** The pieces every app is built from: one database, one store, the projections. */
export interface Runtime {
  config: KaderflowConfig;
  db: Database;
  store: SqlEventStore;
  projector: Projector;
  /** Turns besluiten into kader commands; runs where the projector runs. */
  besluitReactor: KaderBesluitenReactor;
  /** Reminders, escalations and webhooks; present where RUN_WORKER is on (BullMQ with REDIS_URL, else in-process). */
  worker?: KaderflowWorker;
  close(): Promise<void>;
}

const logLine = (message: string, fields: Record<string, unknown>) =>
  `${JSON.stringify({ time: new Date().toISOString(), level: 'info', message, ...fields })}\n`;

export const log = (message: string, fields: Record<string, unknown> = {}) => process.stdout.write(logLine(message, fields));

let pending = '';
let flushOnExit = false;
const flushPending = () => {
  const lines = pending;
  pending = '';
  if (lines) process.stdout.write(lines);
};

/**
 * As log, for a line per request: the lines of one turn of the event loop go out in one write
 * instead of a system call each, and what is left is written before the process exits.
 */
export const logSoon = (message: string, fields: Record<string, unknown> = {}): void => {
  if (!flushOnExit) {
    process.once('exit', flushPending);
    flushOnExit = true;
  }
  if (pending === '') setImmediate(flushPending);
  pending += logLine(message, fields);
  if (pending.length > 64 * 1024) flushPending();
};

export async function createRuntime(overrides: Partial<KaderflowConfig> = {}, projections: Projection[] = allProjections()): Promise<Runtime> {
  const config = { ...configFromEnv(), ...overrides };
  const db = await createDatabase({ databaseUrl: config.databaseUrl, dataDir: pgliteDir(config) });
  const store = new SqlEventStore(db, { clock: config.clock });
  await store.migrate();
  const append = store.appendToStream.bind(store);
  // One histogram child per outcome, made when first needed: a labelled observe hashes its labels every time.
  const outcomes: Partial<Record<'ok' | 'fout', { observe(seconds: number): void }>> = {};
  const observe = (uitkomst: 'ok' | 'fout', started: bigint) =>
    (outcomes[uitkomst] ??= appendDuration.labels({ uitkomst })).observe(Number(process.hrtime.bigint() - started) / 1e9);
  store.appendToStream = async (...args) => {
    const started = process.hrtime.bigint();
    try {
      const result = await append(...args);
      observe('ok', started);
      return result;
    } catch (error) {
      observe('fout', started);
      throw error;
    }
  };
  await ensurePersonTables(db);
  await ensurePersonKeysTable(db);
  // Several projector copies on one PostgreSQL: one active per projection, the others stand by.
  const locks = config.databaseUrl ? new PgAdvisoryLocks(config.databaseUrl, (error) => log('projection lock lost', { error: String(error) })) : undefined;
  // On PostgreSQL the projector may run in another process than the appends: LISTEN tells it (the
  // embedded default pokes it directly).
  const eventsChannel = db.kind === 'postgres' ? store.notifyChannel : undefined;
  const projector = new Projector(db, store, projections, { log, locks, batchWaitMs: config.projectorBatchWaitMs, eventsChannel });
  await projector.migrate();
  const besluitReactor = new KaderBesluitenReactor(db, store, { log });
  await besluitReactor.migrate();
  if (config.runProjector) {
    projector.start();
    besluitReactor.start();
  }
  // The api serves abonnementen even when the worker runs elsewhere, so the tables are always there.
  await migrateJobs(db);
  const worker = config.runWorker
    ? await KaderflowWorker.create({ db, store, clock: config.clock, baseUrl: `${config.publicBaseUrl}/api/v1`, redisUrl: config.redisUrl, prefix: config.queuePrefix, webhookPolicy: config.webhooks, log })
    : undefined;
  worker?.start();
  return {
    config,
    db,
    store,
    projector,
    besluitReactor,
    worker,
    async close() {
      await worker?.stop();
      await besluitReactor.stop();
      await projector.stop();
      await store.close();
      await db.close();
    },
  };
}
