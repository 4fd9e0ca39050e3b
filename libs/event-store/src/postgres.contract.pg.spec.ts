import { describeEventStoreContract } from './contract/event-store.contract';
import { SqlEventStore } from './sql/sql-event-store';
import { createTestSchema } from './test-support';

// Each test runs in its own schema, created and dropped here.
describeEventStoreContract('SqlEventStore on PostgreSQL', async ({ clock }) => {
  const { db, drop } = await createTestSchema('es_contract');
  const store = new SqlEventStore(db, { clock, notifyChannel: 'es_contract' });
  await store.migrate();
  return {
    store,
    async cleanup() {
      await store.close();
      await drop();
    },
  };
});
