import { PgliteDatabase, createPgliteDatabase } from '../../database/src';
import { describeEventStoreContract } from './contract/event-store.contract';
import { SqlEventStore } from './sql/sql-event-store';

// One PGlite per file (it takes seconds to start); each test gets its own schema.
let db: PgliteDatabase;
let run = 0;

beforeAll(async () => {
  db = await createPgliteDatabase();
}, 60_000);
afterAll(async () => {
  await db?.close();
});

describeEventStoreContract('SqlEventStore on PGlite', async ({ clock }) => {
  const schema = `contract_${++run}`;
  await db.query(`CREATE SCHEMA ${schema}`);
  await db.query(`SET search_path TO ${schema}`);
  const store = new SqlEventStore(db, { clock });
  await store.migrate();
  return {
    store,
    async cleanup() {
      await store.close();
      await db.query('SET search_path TO public');
      await db.query(`DROP SCHEMA ${schema} CASCADE`);
    },
  };
});
