import { Client } from 'pg';
import { PostgresDatabase, SqlExecutor, pgTypeParsers } from '../../database/src';
import { SqlEventStore } from './sql/sql-event-store';
import { Subscription } from './subscription';
import { TEST_DATABASE_URL, createTestSchema } from './test-support';
import { NewEvent, StoredEvent } from './types';

const actor = { id: 'griffier-1', role: 'secretariaat' };
const event = (type: string): NewEvent => ({ type, data: {}, metadata: { actor, correlationId: `corr-${type}` } });
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('global order on PostgreSQL: readers never run ahead of an open append', () => {
  let db: PostgresDatabase;
  let drop: () => Promise<void>;
  let schema: string;
  let store: SqlEventStore;
  const clients: Client[] = [];
  const subscriptions: Subscription[] = [];

  beforeEach(async () => {
    ({ db, drop, schema } = await createTestSchema('es_ordering'));
    store = new SqlEventStore(db, { notifyChannel: schema });
    await store.migrate();
  });
  afterEach(async () => {
    await Promise.all(subscriptions.splice(0).map((s) => s.stop()));
    await Promise.all(clients.splice(0).map((c) => c.end().catch(() => undefined)));
    await drop();
  });

  /** A connection of its own, to hold a transaction open across the test. */
  async function dedicatedClient(settings = ''): Promise<{ client: Client; tx: SqlExecutor }> {
    const client = new Client({ connectionString: TEST_DATABASE_URL, options: `-c search_path=${schema} ${settings}`, types: pgTypeParsers });
    client.on('error', () => undefined); // the server may kill it on purpose
    await client.connect();
    clients.push(client);
    const tx: SqlExecutor = {
      async query<Row>(text: string, params?: unknown[]) {
        const result = await client.query(text, params);
        return { rows: result.rows as Row[], rowCount: result.rowCount };
      },
    };
    return { client, tx };
  }

  function subscribe(name: string, delivered: StoredEvent[], pollMs = 50): Subscription {
    const subscription = store.subscribe({
      name,
      db,
      pollMs,
      handle: async (events) => {
        delivered.push(...events);
      },
    });
    subscriptions.push(subscription);
    return subscription;
  }

  it('holds back a later committed event until the earlier open one commits, then delivers both once, in order', async () => {
    const before = await store.appendToStream('kader-1', [event('KaderAangemaakt')], { expectedVersion: 'no_stream' });
    const { client, tx } = await dedicatedClient();
    await client.query('BEGIN');
    const open = await store.appendWithin(tx, 'besluit-1', [event('BesluitVoorgenomen')], { expectedVersion: 'no_stream' });
    const later = await store.appendToStream('opgave-1', [event('OpgaveGeformuleerd')], { expectedVersion: 'no_stream' });
    expect(later.lastPosition).toBeGreaterThan(open.lastPosition);
    expect(open.lastPosition).toBeGreaterThan(before.lastPosition);

    const delivered: StoredEvent[] = [];
    const subscription = subscribe('ordering-open', delivered);
    await subscription.waitForPosition(before.lastPosition);
    await sleep(400); // several poll rounds
    expect(delivered.map((e) => e.globalPosition)).toEqual([before.lastPosition]);
    expect((await store.readAll()).map((e) => e.globalPosition)).toEqual([before.lastPosition]);
    expect(await store.headPosition()).toBe(before.lastPosition);

    await client.query('COMMIT');
    await subscription.waitForPosition(later.lastPosition, 5_000);
    expect(delivered.map((e) => [e.globalPosition, e.type])).toEqual([
      [before.lastPosition, 'KaderAangemaakt'],
      [open.lastPosition, 'BesluitVoorgenomen'],
      [later.lastPosition, 'OpgaveGeformuleerd'],
    ]);
    expect(await store.headPosition()).toBe(later.lastPosition);
  });

  it('moves on when the server kills an abandoned append, which never appears', async () => {
    const before = await store.appendToStream('kader-1', [event('KaderAangemaakt')], { expectedVersion: 'no_stream' });
    const { client, tx } = await dedicatedClient('-c idle_in_transaction_session_timeout=1000');
    await client.query('BEGIN');
    const abandoned = await store.appendWithin(tx, 'besluit-9', [event('BesluitVoorgenomen')], { expectedVersion: 'no_stream' });
    const later = await store.appendToStream('opgave-1', [event('OpgaveGeformuleerd')], { expectedVersion: 'no_stream' });

    const delivered: StoredEvent[] = [];
    const subscription = subscribe('ordering-abandoned', delivered);
    await subscription.waitForPosition(before.lastPosition);
    await sleep(300);
    expect(delivered.map((e) => e.globalPosition)).toEqual([before.lastPosition]);

    await subscription.waitForPosition(later.lastPosition, 10_000);
    expect(delivered.map((e) => e.globalPosition)).toEqual([before.lastPosition, later.lastPosition]);
    expect(delivered.some((e) => e.globalPosition === abandoned.lastPosition)).toBe(false);
    expect(await store.readStream('besluit-9')).toEqual([]);
    await expect(client.query('SELECT 1')).rejects.toThrow();
  });

  it('resumes a restarted subscriber from its checkpoint, each event handled once', async () => {
    await db.query('CREATE TABLE handled (global_position bigint PRIMARY KEY, type text NOT NULL)');
    const start = (name: string) => {
      const subscription = store.subscribe({
        name,
        db,
        pollMs: 50,
        batchSize: 2,
        handle: async (events, tx) => {
          for (const e of events) await tx.query('INSERT INTO handled VALUES ($1, $2)', [e.globalPosition, e.type]);
        },
      });
      subscriptions.push(subscription);
      return subscription;
    };
    const first = await store.appendToStream('actie-1', [event('E1'), event('E2'), event('E3')], { expectedVersion: 'any' });
    const one = start('ordering-resume');
    await one.waitForPosition(first.lastPosition);
    await one.stop();

    const second = await store.appendToStream('actie-1', [event('E4'), event('E5')], { expectedVersion: 3 });
    const two = start('ordering-resume');
    await two.waitForPosition(second.lastPosition);

    const rows = await db.query<{ type: string }>('SELECT type FROM handled ORDER BY global_position');
    expect(rows.rows.map((r) => r.type)).toEqual(['E1', 'E2', 'E3', 'E4', 'E5']);
    const checkpoint = await db.query<{ position: number }>("SELECT position FROM subscription_checkpoints WHERE name = 'ordering-resume'");
    expect(checkpoint.rows[0].position).toBe(second.lastPosition);
  });

  it('rolls back the rows of a failed batch with its checkpoint and retries it', async () => {
    await db.query('CREATE TABLE handled (global_position bigint PRIMARY KEY)');
    let failOnce = true;
    const errors: unknown[] = [];
    const subscription = store.subscribe({
      name: 'ordering-retry',
      db,
      pollMs: 20,
      onError: (error) => errors.push(error),
      handle: async (events, tx) => {
        for (const e of events) await tx.query('INSERT INTO handled VALUES ($1)', [e.globalPosition]);
        if (failOnce) {
          failOnce = false;
          throw new Error('projectie tijdelijk niet beschikbaar');
        }
      },
    });
    subscriptions.push(subscription);
    const appended = await store.appendToStream('actie-1', [event('E1'), event('E2')], { expectedVersion: 'any' });
    await subscription.waitForPosition(appended.lastPosition);
    const rows = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM handled');
    expect(rows.rows[0].n).toBe(2);
    expect(errors).toHaveLength(1);
  });

  it('wakes an idle subscriber through LISTEN/NOTIFY long before its poll interval', async () => {
    const delivered: StoredEvent[] = [];
    const subscription = subscribe('ordering-notify', delivered, 60_000);
    await sleep(300); // let it load the checkpoint, listen and go idle
    const appended = await store.appendToStream('kader-1', [event('KaderAangemaakt')], { expectedVersion: 'no_stream' });
    await subscription.waitForPosition(appended.lastPosition, 2_000);
    expect(delivered).toHaveLength(1);
  });

  it('delivers every event of many concurrent appenders exactly once, in increasing order', async () => {
    const delivered: StoredEvent[] = [];
    const subscription = subscribe('ordering-stress', delivered, 5);
    const writer = async (w: number) => {
      for (let i = 0; i < 15; i++) {
        await store.appendToStream(`actie-${w}`, [event(`E${i}`), event(`F${i}`)], { expectedVersion: i * 2 });
      }
    };
    await Promise.all(Array.from({ length: 16 }, (_, w) => writer(w)));
    const all = await store.readAll();
    expect(all).toHaveLength(16 * 15 * 2);
    await subscription.waitForPosition(all[all.length - 1].globalPosition, 10_000);

    const positions = delivered.map((e) => e.globalPosition);
    expect(positions).toEqual(all.map((e) => e.globalPosition));
    expect(positions.every((p, i) => i === 0 || p > positions[i - 1])).toBe(true);
  });
});
