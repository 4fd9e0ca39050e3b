import { randomUUID } from 'node:crypto';
import { verifyStreamChain } from '../hash';
import { WrongExpectedVersionError } from '../errors';
import { createPostgresDatabase } from '../../../database/src';
import { createTestSchema, TEST_DATABASE_URL } from '../test-support';
import { NewEvent } from '../types';
import { SqlEventStore } from './sql-event-store';

const event = (n: number, eventId?: string): NewEvent => ({
  type: 'MijlpaalVerschoven',
  data: { n },
  eventId,
  metadata: { actor: { id: 'test-projectleider', role: 'projectleider' }, correlationId: `c-${n}` },
});

// maxInFlight 1: the appends made in one turn of the event loop form a group, and so does everything that arrives while it is under way.
describe('group commit on PostgreSQL: concurrent appends share a transaction, each stays atomic on its own', () => {
  let env: Awaited<ReturnType<typeof createTestSchema>>;
  let store: SqlEventStore;

  beforeEach(async () => {
    env = await createTestSchema('es_group');
    store = new SqlEventStore(env.db, { maxInFlight: 1, notifyChannel: 'es_group' });
    await store.migrate();
  });
  afterEach(async () => {
    await store.close();
    await env.drop();
  });

  const transactions = async () =>
    Number((await env.db.query<{ n: string }>('SELECT count(DISTINCT tx_id)::text AS n FROM events')).rows[0].n);

  it('fails only the append with a stale version; the others in its group are written with intact chains', async () => {
    const streams = Array.from({ length: 10 }, (_, i) => `kader-${i}`);
    for (const s of streams) await store.appendToStream(s, [event(0)], { expectedVersion: 'no_stream' });
    const before = await transactions();

    const outcomes = await Promise.allSettled(
      streams.map((s, i) => store.appendToStream(s, [event(i + 1)], { expectedVersion: i === 4 ? 7 : 1 })),
    );

    const rejected = outcomes.filter((o) => o.status === 'rejected') as PromiseRejectedResult[];
    expect(rejected).toHaveLength(1);
    expect(rejected[0].reason).toBeInstanceOf(WrongExpectedVersionError);
    expect((rejected[0].reason as WrongExpectedVersionError).actual).toBe(1);
    for (const [i, s] of streams.entries()) {
      const stored = await store.readStream(s);
      expect(stored).toHaveLength(i === 4 ? 1 : 2);
      expect(verifyStreamChain(stored)).toEqual({ valid: true });
    }
    // Ten appends made together (in one turn of the event loop): one group, one commit.
    expect((await transactions()) - before).toBe(1);
  });

  it('chains two concurrent appends to one stream in the order they were made (one per group, the second in the next)', async () => {
    await store.appendToStream('kader-a', [event(0)], { expectedVersion: 'no_stream' });
    const [, first, second] = await Promise.all([
      store.appendToStream('kader-b', [event(1)], { expectedVersion: 'no_stream' }),
      store.appendToStream('kader-a', [event(2), event(3)], { expectedVersion: 1 }),
      store.appendToStream('kader-a', [event(4)], { expectedVersion: 3 }),
    ]);
    expect(first.events.map((e) => e.version)).toEqual([2, 3]);
    expect(second.events[0].version).toBe(4);
    expect(second.events[0].prevHash).toBe(first.events[1].hash);
    const stored = await store.readStream('kader-a');
    expect(stored.map((e) => (e.data as { n: number }).n)).toEqual([0, 2, 3, 4]);
    expect(verifyStreamChain(stored)).toEqual({ valid: true });
    expect(stored.map((e) => e.globalPosition)).toEqual([...stored.map((e) => e.globalPosition)].sort((a, b) => a - b));
  });

  it('notifies listeners after the commit, once per group at most, with the highest position', async () => {
    const heard: number[] = [];
    const unlisten = await env.db.listen!('es_group', (payload) => heard.push(Number(payload)));
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) => store.appendToStream(`kader-n${i}`, [event(i)], { expectedVersion: 'no_stream' })),
    );
    const highest = Math.max(...results.map((r) => r.lastPosition));
    for (let i = 0; i < 100 && heard[heard.length - 1] !== highest; i++) await new Promise((r) => setTimeout(r, 20));
    await unlisten();
    // The 20 appends made together go in one group: one commit, one notification.
    expect(heard).toEqual([highest]);
  });

  /**
   * Runs `body` while an append of `grouping` waits in its one eager transaction: another session holds the
   * stream row. The held append settles once the lock is let go, after `body`.
   */
  const behindHeldAppend = async (grouping: SqlEventStore, body: (settled: string[], append: (stream: string) => Promise<unknown>) => Promise<void>) => {
    const streamId = `kader-held-${randomUUID()}`;
    await grouping.appendToStream(streamId, [event(0)], { expectedVersion: 'no_stream' });
    const holder = await env.db.transaction(async (tx) => {
      await tx.query('SELECT 1 FROM streams WHERE stream_id = $1 FOR UPDATE', [streamId]);
      const held = grouping.appendToStream(streamId, [event(1)], { expectedVersion: 1 });
      // Sent on its own (appends made in one turn would share its group) and waiting on the lock.
      await new Promise((r) => setTimeout(r, 100));
      const settled: string[] = [];
      await body(settled, (s) => grouping.appendToStream(s, [event(2)], { expectedVersion: 'no_stream' }).then(() => settled.push(s)));
      return { held }; // not the promise itself: the transaction must end before it can settle
    });
    expect((await holder.held).nextExpectedVersion).toBe(2);
  };

  it('starts a transaction beyond the eager ones only when a busy group waits', async () => {
    const busy = new SqlEventStore(env.db, { maxInFlight: 2, eagerInFlight: 1, busyGroupSize: 3, busyWaitMs: 60_000, notifyChannel: 'es_group' });
    await behindHeldAppend(busy, async (settled, append) => {
      const two = ['kader-b1', 'kader-b2'].map(append);
      await new Promise((r) => setTimeout(r, 300));
      expect(settled).toEqual([]); // two waiting are not a busy group: no second transaction
      const third = append('kader-b3');
      await Promise.all([...two, third]); // three are: written while the first still waits on the lock
      expect(settled.sort()).toEqual(['kader-b1', 'kader-b2', 'kader-b3']);
    });
  });

  it('shares more than a busy group made at once evenly among transactions started together; a busy group or fewer stay one', async () => {
    const wide = new SqlEventStore(env.db, { maxInFlight: 4, eagerInFlight: 1, busyGroupSize: 5, notifyChannel: 'es_group' });
    const perTransaction = async (prefix: string) =>
      (await env.db.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM events WHERE stream_id LIKE $1 GROUP BY tx_id ORDER BY n`, [`${prefix}%`])).rows.map((r) => r.n);
    await Promise.all(Array.from({ length: 12 }, (_, i) => wide.appendToStream(`kader-wide-${i}`, [event(i)], { expectedVersion: 'no_stream' })));
    expect(await perTransaction('kader-wide-')).toEqual([4, 4, 4]); // 12 over groups of at most 5: three of four
    await Promise.all(Array.from({ length: 5 }, (_, i) => wide.appendToStream(`kader-five-${i}`, [event(i)], { expectedVersion: 'no_stream' })));
    expect(await perTransaction('kader-five-')).toEqual([5]);
    const chains = await Promise.all(Array.from({ length: 12 }, (_, i) => wide.readStream(`kader-wide-${i}`)));
    for (const chain of chains) expect(verifyStreamChain(chain)).toEqual({ valid: true });
  });

  it('never has two appends to one stream under way at once: the second waits for the first to end, then follows it', async () => {
    const wide = new SqlEventStore(env.db, { maxInFlight: 4, eagerInFlight: 1, busyGroupSize: 2, notifyChannel: 'es_group' });
    const streams = ['kader-t0', 'kader-t1', 'kader-t2'];
    for (const s of streams) await wide.appendToStream(s, [event(0)], { expectedVersion: 'no_stream' });
    // Every group the store sends, with the streams of the groups under way beside it when it was sent.
    const underWay = new Set<string>();
    const overlaps: string[] = [];
    const query = env.db.query.bind(env.db);
    const spy = jest.spyOn(env.db, 'query').mockImplementation((async (sql: string, params?: unknown[], ...rest: unknown[]) => {
      if (!sql.includes('kaderflow_append_group')) return query(sql, params, ...(rest as []));
      const sent = params![2] as string[];
      overlaps.push(...sent.filter((s) => underWay.has(s)));
      for (const s of sent) underWay.add(s);
      try {
        return await query(sql, params, ...(rest as []));
      } finally {
        for (const s of sent) underWay.delete(s);
      }
    }) as never);
    try {
      // Made in one turn: six waiting, groups of at most two, two appends to every stream.
      const results = await Promise.all([...streams, ...streams].map((s, i) => wide.appendToStream(s, [event(i + 1)], { expectedVersion: i < 3 ? 1 : 2 })));
      expect(results.map((r) => r.nextExpectedVersion)).toEqual([2, 2, 2, 3, 3, 3]);
    } finally {
      spy.mockRestore();
    }
    expect(overlaps).toEqual([]);
    for (const s of streams) expect(verifyStreamChain(await wide.readStream(s))).toEqual({ valid: true });
  });

  it('starts another transaction for appends that waited busyWaitMs behind a slow one, though they are no busy group', async () => {
    const slow = new SqlEventStore(env.db, { maxInFlight: 2, eagerInFlight: 1, busyGroupSize: 50, busyWaitMs: 150, notifyChannel: 'es_group' });
    await behindHeldAppend(slow, async (settled, append) => {
      const started = Date.now();
      const behind = ['kader-w1', 'kader-w2'].map(append);
      await new Promise((r) => setTimeout(r, 50));
      expect(settled).toEqual([]); // not yet waited long enough
      await Promise.all(behind); // then written in a second transaction while the first still waits on the lock
      expect(settled.sort()).toEqual(['kader-w1', 'kader-w2']);
      expect(Date.now() - started).toBeGreaterThanOrEqual(140);
    });
  });

  it('writes a repeated idempotency key in one group once and answers the repeat with the first result', async () => {
    const options = { expectedVersion: 'any' as const, idempotencyKey: 'k-1', fingerprint: 'f-1', response: { ok: 1 } };
    const [, a, b] = await Promise.all([
      store.appendToStream('kader-x', [event(0)], { expectedVersion: 'no_stream' }),
      store.appendToStream('kader-y', [event(1)], options),
      store.appendToStream('kader-y', [event(1)], options),
    ]);
    expect([a.replayed, b.replayed].sort()).toEqual([false, true]);
    expect(a.lastPosition).toBe(b.lastPosition);
    expect(await store.readStream('kader-y')).toHaveLength(1);
  });

  it('parses and plans the append and the announcement once per connection, whatever the size of the group', async () => {
    // One connection, so what it prepared is what pg_prepared_statements shows.
    const one = createPostgresDatabase({ connectionString: TEST_DATABASE_URL, options: `-c search_path=${env.schema}`, max: 1 });
    const single = new SqlEventStore(one, { maxInFlight: 1, notifyChannel: 'es_group', notifyGapMs: 0 });
    try {
      const streams = Array.from({ length: 6 }, (_, i) => `kader-${i}`);
      const versions = new Map<string, number>();
      for (const size of [6, 1, 3]) {
        await Promise.all(streams.slice(0, size).map(async (s) => {
          const r = await single.appendToStream(s, [event(size)], { expectedVersion: versions.get(s) ?? 'no_stream' });
          versions.set(s, r.nextExpectedVersion);
        }));
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
      const { rows } = await one.query<{ statement: string }>('SELECT statement FROM pg_prepared_statements ORDER BY statement');
      expect(rows.map((r) => r.statement)).toEqual(['SELECT * FROM kaderflow_append_group($1::jsonb, $2::jsonb, $3::text[], $4::text[], $5::text[])', 'SELECT pg_notify($1, $2)']);
      expect((await single.readStream('kader-0')).map((e) => e.version)).toEqual([1, 2, 3]);
    } finally {
      await single.close();
      await one.close();
    }
  });

  it('lets an append that breaks a constraint fail with the driver error, alone', async () => {
    const duplicate = randomUUID();
    await store.appendToStream('kader-p', [event(0, duplicate)], { expectedVersion: 'no_stream' });
    const outcomes = await Promise.allSettled([
      store.appendToStream('kader-q', [event(1)], { expectedVersion: 'no_stream' }),
      store.appendToStream('kader-r', [event(2, duplicate)], { expectedVersion: 'no_stream' }),
      store.appendToStream('kader-s', [event(3)], { expectedVersion: 'no_stream' }),
    ]);
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(((outcomes[1] as PromiseRejectedResult).reason as { code?: string }).code).toBe('23505');
    expect(await store.readStream('kader-r')).toEqual([]);
    expect(await store.readStream('kader-s')).toHaveLength(1);
  });
});
