import { PgliteDatabase, createPgliteDatabase } from '../../database/src';
import { SqlEventStore, createSqlEventStore } from './sql/sql-event-store';
import { NewEvent } from './types';

const event = (type: string): NewEvent => ({ type, data: {}, metadata: { actor: { id: 'projectleider-1', role: 'projectleider' }, correlationId: 'c' } });

describe('catch-up subscription on PGlite', () => {
  let db: PgliteDatabase;
  let store: SqlEventStore;
  beforeAll(async () => {
    db = await createPgliteDatabase();
    store = await createSqlEventStore(db);
    await db.query('CREATE TABLE handled (global_position bigint PRIMARY KEY, type text NOT NULL)');
  }, 60_000);
  afterAll(async () => {
    await store.close();
    await db.close();
  });

  it('delivers in global order, commits rows with the checkpoint and resumes after a restart', async () => {
    const start = () =>
      store.subscribe({
        name: 'overzicht',
        db,
        pollMs: 20,
        batchSize: 2,
        handle: async (events, tx) => {
          for (const e of events) await tx.query('INSERT INTO handled VALUES ($1, $2)', [e.globalPosition, e.type]);
        },
      });
    await store.appendToStream('kader-1', [event('E1'), event('E2')], { expectedVersion: 'no_stream' });
    const first = await store.appendToStream('opgave-1', [event('E3')], { expectedVersion: 'no_stream' });
    const one = start();
    await one.waitForPosition(first.lastPosition);
    await one.stop();
    expect(one.position()).toBe(first.lastPosition);

    const second = await store.appendToStream('kader-1', [event('E4')], { expectedVersion: 2 });
    const two = start();
    await two.waitForPosition(second.lastPosition);
    await two.stop();

    const rows = await db.query<{ type: string }>('SELECT type FROM handled ORDER BY global_position');
    expect(rows.rows.map((r) => r.type)).toEqual(['E1', 'E2', 'E3', 'E4']);
  });

  it('rejects waitForPosition after the timeout when the position is not reached', async () => {
    const sub = store.subscribe({ name: 'leeg', db, pollMs: 20, handle: async () => undefined });
    await expect(sub.waitForPosition(10_000, 100)).rejects.toThrow(/did not reach position 10000/);
    await sub.stop();
  });
});
