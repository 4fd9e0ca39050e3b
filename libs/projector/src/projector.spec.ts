import { createPgliteDatabase, Database, PgliteDatabase } from '../../database/src';
import { createSqlEventStore, SqlEventStore } from '../../event-store/src';
import { Projection } from '../../read-models/src/projection';
import { CHECKPOINT_CHANNEL, readCheckpoints } from './checkpoint-watch';
import { Projector, ProjectorTimers, WAIT_FROM_EVENTS } from './projector';
import { tellingProjection } from './test-support';

const telling = (version: number) => tellingProjection(version);

/** Records the size of every batch it is given. */
const gebatcht = (sizes: number[]): Projection => ({
  name: 'gebatcht',
  version: 1,
  eventTypes: ['Gebatcht'],
  migrate: async () => undefined,
  reset: async () => undefined,
  async apply(_tx, events) {
    sizes.push(events.length);
  },
});

/** Waits that end only when the test says so. */
const manualTimers = () => {
  const waits: Array<{ ms: number; fn: () => void }> = [];
  const timers: ProjectorTimers & { pending(): number[]; fire(ms: number): void } = {
    after(ms, fn) {
      const wait = { ms, fn };
      waits.push(wait);
      return () => void (waits.includes(wait) && waits.splice(waits.indexOf(wait), 1));
    },
    pending: () => waits.map((w) => w.ms),
    fire: (ms) => waits.filter((w) => w.ms === ms).forEach((w) => w.fn()),
  };
  return timers;
};

/** Lets the loop run (real time, no clock in the assertion) until `done` holds. */
async function until(done: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 500 && !done(); i++) await new Promise((r) => setTimeout(r, 10));
  if (!done()) throw new Error(`not reached: ${what}`);
}

/** Every statement the projector sends, in order (the store reads on its own connection). */
function recording(db: Database, statements: string[]): Database {
  const record = (text: string) => statements.push(text.replace(/\s+/g, ' ').trim());
  return {
    kind: db.kind,
    query: (text, params) => { record(text); return db.query(text, params); },
    transaction: (fn) => db.transaction((tx) => fn({ query: (text, params) => { record(text); return tx.query(text, params); } })),
    close: () => db.close(),
  };
}

const meta = { actor: { id: 'test-rol', role: 'projectleider' }, correlationId: 'c' };

describe('projector on the embedded store', () => {
  let db: PgliteDatabase;
  let store: SqlEventStore;

  beforeAll(async () => {
    db = await createPgliteDatabase();
    store = await createSqlEventStore(db);
    for (let i = 0; i < 12; i++) await store.appendToStream('teller-1', [{ type: 'Geteld', data: { i }, metadata: meta }], { expectedVersion: 'any' });
  });
  afterAll(() => db.close());

  const versies = async () => (await db.query<{ versie: number; n: number }>('SELECT versie, count(*)::int AS n FROM rm_telling GROUP BY versie')).rows
    .map((r) => `${r.versie}:${r.n}`);

  it('given a new version, when it starts, then readers keep the old rows until the shadow rebuild switches over', async () => {
    const v1 = new Projector(db, store, [telling(1)], { batchSize: 5 });
    await v1.migrate();
    await v1.catchUp();
    expect(await versies()).toEqual(['1:12']);

    const v2 = new Projector(db, store, [telling(2)], { batchSize: 5 });
    await v2.migrate();
    expect(v2.status()[0]).toEqual(expect.objectContaining({ herbouw: true, version: 1 }));
    // The normal catch-up leaves a projection that waits for its rebuild alone.
    await v2.catchUp();
    expect(await versies()).toEqual(['1:12']);

    const seen: string[][] = [];
    await v2.rebuild('telling', async () => { seen.push(await versies()); });
    expect(seen.every((s) => s.join() === '1:12')).toBe(true);
    expect(await versies()).toEqual(['2:12']);
    expect(v2.status()[0]).toEqual(expect.objectContaining({ herbouw: false, version: 2, position: 12 }));
    const schemas = await db.query("SELECT nspname FROM pg_namespace WHERE nspname LIKE 'kf_herbouw_%'");
    expect(schemas.rows).toEqual([]);
  });

  it('given the checkpoint was moved by someone else, when this copy catches up, then it reloads instead of applying twice', async () => {
    const a = new Projector(db, store, [telling(2)], { batchSize: 5 });
    await a.migrate();
    await store.appendToStream('teller-1', [{ type: 'Geteld', data: {}, metadata: meta }], { expectedVersion: 'any' });
    const b = new Projector(db, store, [telling(2)], { batchSize: 5 });
    await b.migrate();
    await b.catchUp();
    await a.catchUp();
    expect(await versies()).toEqual(['2:13']);
    expect(a.position()).toBe(13);
  });

  it('given events another projection does not read, when it catches up, then its checkpoint is stored at the head too, and a moved one is reloaded', async () => {
    const stil: Projection = { ...telling(1), name: 'stil', eventTypes: ['NooitGezien'], async apply() { throw new Error('nothing to apply'); } };
    const a = new Projector(db, store, [telling(2), stil], { batchSize: 5 });
    await a.migrate();
    await store.appendToStream('teller-1', [{ type: 'Geteld', data: {}, metadata: meta }], { expectedVersion: 'any' });
    await a.catchUp();
    const stored = async () => Object.fromEntries((await db.query<{ name: string; position: string }>(
      "SELECT name, position::text AS position FROM projection_checkpoints WHERE name IN ('telling', 'stil')")).rows.map((r) => [r.name, Number(r.position)]));
    const head = await store.headPosition();
    expect(await stored()).toEqual({ telling: head, stil: head });

    // Another copy passed it on meanwhile: this one reloads instead of writing an older position.
    await store.appendToStream('teller-1', [{ type: 'Geteld', data: {}, metadata: meta }], { expectedVersion: 'any' });
    await db.query("UPDATE projection_checkpoints SET position = position + 1 WHERE name = 'stil'");
    await a.catchUp();
    expect(await stored()).toEqual({ telling: head + 1, stil: head + 1 });
    expect(a.status().find((p) => p.name === 'stil')?.position).toBe(head + 1);
  });

  it('given stored checkpoints, when they are read, then the projector and a watch see the same rows, all or those named', async () => {
    const a = new Projector(db, store, [telling(2)], { batchSize: 5 });
    await a.migrate();
    await a.catchUp();
    const all = await readCheckpoints(db);
    expect(all.get('telling')).toEqual({ version: 2, position: a.position() });
    expect(all.size).toBeGreaterThan(1);
    expect([...(await readCheckpoints(db, ['telling', 'onbekend'])).keys()]).toEqual(['telling']);
  });

  it('given one projection applies and another only passes, when a batch runs, then both checkpoints move and are announced in one statement of its transaction', async () => {
    const stil: Projection = { ...telling(1), name: 'stil', eventTypes: ['NooitGezien'], async apply() { throw new Error('nothing to apply'); } };
    const statements: string[] = [];
    const a = new Projector(recording(db, statements), store, [telling(2), stil]);
    await a.migrate();
    const heard: string[] = [];
    const unlisten = await db.listen!(CHECKPOINT_CHANNEL, (payload) => heard.push(payload));
    const { lastPosition } = await store.appendToStream('teller-1', [{ type: 'Geteld', data: {}, metadata: meta }], { expectedVersion: 'any' });
    statements.length = 0;
    await a.catchUp();
    await unlisten();
    expect(statements.filter((s) => !s.startsWith('INSERT INTO rm_telling'))).toEqual([expect.stringMatching(/^WITH moved AS \( ?UPDATE projection_checkpoints .* pg_notify\(/)]);
    expect(heard.map((h) => JSON.parse(h))).toEqual([{ telling: [2, lastPosition], stil: [1, lastPosition] }]);
  });

  it('given a quiet projector, when a lone event is poked, then it is applied at once; when a stream arrives, then the next batch waits for more', async () => {
    const sizes: number[] = [];
    const timers = manualTimers();
    const p = new Projector(db, store, [gebatcht(sizes)], { batchWaitMs: 5, pollMs: 50, timers });
    await p.migrate();
    p.start();
    try {
      // Settle: the loop ends up sleeping on the poll, waiting for a poke.
      await until(() => { timers.fire(5); return timers.pending().includes(50); }, 'idle');
      const append = async (n = 1) => {
        const r = await store.appendToStream('batch-1', Array.from({ length: n }, () => ({ type: 'Gebatcht', data: {}, metadata: meta })), { expectedVersion: 'any' });
        p.poke();
        return r.lastPosition;
      };
      // No timer fires: only a read on the poke itself projects this event, and a thin stream is not waited for.
      const lone = await append();
      await until(() => p.position() >= lone && timers.pending().includes(50), 'lone event applied, idle again');
      expect(sizes).toEqual([1]);

      // A stream: after a batch of WAIT_FROM_EVENTS or more, pokes do not cut the wait short; its end takes all that came.
      const burst = await append(WAIT_FROM_EVENTS);
      await until(() => p.position() >= burst, 'burst applied');
      expect(timers.pending()).toEqual([5]);
      let last = 0;
      for (let i = 0; i < 9; i++) last = await append();
      expect(sizes).toEqual([1, WAIT_FROM_EVENTS]);
      timers.fire(5);
      await until(() => p.position() >= last, 'stream applied');
      expect(sizes).toEqual([1, WAIT_FROM_EVENTS, 9]);

      // Quiet again (the read after the wait finds nothing): the next lone event goes at once too.
      await until(() => { timers.fire(5); return timers.pending().includes(50); }, 'idle again');
      const again = await append();
      await until(() => p.position() >= again, 'second lone event applied');
      expect(sizes).toEqual([1, WAIT_FROM_EVENTS, 9, 1]);
    } finally {
      await p.stop();
    }
  });
});
