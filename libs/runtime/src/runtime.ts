import { createDatabase, Database } from '../../database/src';
import { SqlEventStore } from '../../event-store/src';
import { Projector } from '../../projector/src';
import { Projection } from '../../read-models/src/projection';
import { allProjections } from './projections';
import { configFromEnv, KaderflowConfig, pgliteDir } from './config';

/** The pieces every app is built from: one database, one store, the projections. */
export interface Runtime {
  config: KaderflowConfig;
  db: Database;
  store: SqlEventStore;
  projector: Projector;
  close(): Promise<void>;
}

export const log = (message: string, fields: Record<string, unknown> = {}) =>
  process.stdout.write(`${JSON.stringify({ time: new Date().toISOString(), level: 'info', message, ...fields })}\n`);

export async function createRuntime(overrides: Partial<KaderflowConfig> = {}, projections: Projection[] = allProjections()): Promise<Runtime> {
  const config = { ...configFromEnv(), ...overrides };
  const db = await createDatabase({ databaseUrl: config.databaseUrl, dataDir: pgliteDir(config) });
  const store = new SqlEventStore(db, { clock: config.clock });
  await store.migrate();
  const projector = new Projector(db, store, projections, { log });
  await projector.migrate();
  if (config.runProjector) projector.start();
  return {
    config,
    db,
    store,
    projector,
    async close() {
      await projector.stop();
      await store.close();
      await db.close();
    },
  };
}
