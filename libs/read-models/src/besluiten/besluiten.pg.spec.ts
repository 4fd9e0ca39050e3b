import { Client } from 'pg';
import { createPostgresDatabase, Database } from '../../../database/src';
import { describeBesluitenReadModel } from './besluiten.suite';

// A schema of its own, so parallel suites on the shared server do not see these tables.
const schema = `besluiten_test_${process.pid}`;
const connection = { host: '127.0.0.1', port: 5432, user: 'postgres', database: 'postgres' };

describeBesluitenReadModel('PostgreSQL', async (): Promise<Database> => {
  const admin = new Client(connection);
  await admin.connect();
  await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  await admin.query(`CREATE SCHEMA ${schema}`);
  await admin.end();
  const db = createPostgresDatabase({ ...connection, options: `-c search_path=${schema} -c timezone=Europe/Amsterdam` });
  return {
    ...db,
    async close() {
      await db.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await db.close();
    },
  };
});
