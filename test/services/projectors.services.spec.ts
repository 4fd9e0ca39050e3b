import { createPostgresDatabase, Database } from '../../libs/database/src';
import { createSqlEventStore, SqlEventStore } from '../../libs/event-store/src';
import { PgAdvisoryLocks, Projector } from '../../libs/projector/src';
import { Projection } from '../../libs/read-models/src/projection';
import { eventually, freshDatabase } from './support';

/** Records every event it is handed, with the copy that applied it: a double apply shows as a second row. */
const tellerProjection = (copy: string, version = 1): Projection => ({
  name: 'teller',
  version,
  eventTypes: ['Geteld'],
  async migrate(db) {
    await db.query('CREATE TABLE IF NOT EXISTS rm_teller (id bigserial PRIMARY KEY, positie bigint NOT NULL, kopie text NOT NULL, versie int NOT NULL)');
  },
  async reset(db) {
    await db.query('DROP TABLE IF EXISTS rm_teller');
  },
  async apply(tx, events) {
    for (const e of events) await tx.query('INSERT INTO rm_teller (positie, kopie, versie) VALUES ($1, $2, $3)', [e.globalPosition, copy, version]);
  },
});

const meta = { actor: { id: 'test-rol', role: 'projectleider' }, correlationId: 'c-1' };

async function append(store: SqlEventStore, stream: string, count: number) {
  for (let i = 0; i < count; i++) {
    await store.appendToStream(stream, [{ type: 'Geteld', data: { i }, metadata: meta }], { expectedVersion: 'any' });
  }
}

async function rows(db: Database) {
  const { rows } = await db.query<{ positie: number; kopie: string; n: number }>('SELECT positie, kopie FROM rm_teller ORDER BY positie');
  return rows.map((r) => ({ positie: Number(r.positie), kopie: r.kopie }));
}

describe('two projector copies on one PostgreSQL', () => {
  let drop: () => Promise<void>;
  let url: string;
  const open: Array<{ close(): Promise<void> }> = [];

  beforeEach(async () => {
    ({ url, drop } = await freshDatabase());
  });
  afterEach(async () => {
    for (const o of open.splice(0).reverse()) await o.close().catch(() => undefined);
    await drop();
  });

  async function copy(name: string, options: { locks?: boolean; version?: number } = {}) {
    const db = createPostgresDatabase(url);
    const store = await createSqlEventStore(db, { notify: false });
    const projector = new Projector(db, store, [tellerProjection(name, options.version)], {
      pollMs: 20, lockRetryMs: 100, batchSize: 7,
      locks: options.locks === false ? undefined : new PgAdvisoryLocks(url),
    });
    await projector.migrate();
    open.push({ close: async () => { await projector.stop(); await db.close(); } });
    return { db, store, projector };
  }

  it('given two running copies, when events arrive, then one copy applies each event exactly once', async () => {
    const a = await copy('a');
    const b = await copy('b');
    a.projector.start();
    b.projector.start();
    await append(a.store, 'teller-1', 40);
    await eventually(async () => (await rows(a.db)).length >= 40, 15_000, '40 rows');
    await new Promise((r) => setTimeout(r, 300));
    const applied = await rows(a.db);
    expect(applied.map((r) => r.positie)).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
    expect(new Set(applied.map((r) => r.kopie)).size).toBe(1);
    const actief = [a, b].filter((c) => c.projector.status()[0].actief);
    expect(actief).toHaveLength(1);
  });

  it('given the active copy stops mid-run, when events keep coming, then the other takes over without a gap or a repeat', async () => {
    const a = await copy('a');
    a.projector.start();
    await append(a.store, 'teller-1', 20);
    await eventually(async () => (await rows(a.db)).length >= 20, 15_000, 'a caught up');
    const b = await copy('b');
    b.projector.start();
    await new Promise((r) => setTimeout(r, 300));
    expect(b.projector.status()[0].actief).toBe(false);

    await append(a.store, 'teller-1', 5);
    await a.projector.stop();
    await append(b.store, 'teller-1', 15);
    await eventually(async () => (await rows(b.db)).length >= 40, 15_000, 'b took over');
    await new Promise((r) => setTimeout(r, 300));
    const applied = await rows(b.db);
    expect(applied.map((r) => r.positie)).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
    expect(applied.filter((r) => r.kopie === 'b').length).toBeGreaterThan(0);
    expect(b.projector.status()[0].actief).toBe(true);
  });

  it('given the active copy loses its database connection, when its lock is gone, then the other copy continues', async () => {
    const a = await copy('a');
    const b = await copy('b');
    a.projector.start();
    await eventually(() => a.projector.status()[0].actief, 5_000, 'a active');
    b.projector.start();
    await append(a.store, 'teller-1', 10);
    await eventually(async () => (await rows(a.db)).length >= 10, 15_000, 'first 10');
    // What a crash looks like to the server: the lock connection ends.
    await a.db.query("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'kaderflow-projector-lock' AND pid IN (SELECT pid FROM pg_locks WHERE locktype = 'advisory')");
    await append(b.store, 'teller-1', 10);
    await eventually(async () => (await rows(b.db)).length >= 20, 15_000, 'all 20');
    await new Promise((r) => setTimeout(r, 300));
    expect((await rows(b.db)).map((r) => r.positie)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
  });

  it('given two copies without any lock, when both race, then the checkpoint guard still applies each event once', async () => {
    const a = await copy('a', { locks: false });
    const b = await copy('b', { locks: false });
    a.projector.start();
    b.projector.start();
    await append(a.store, 'teller-1', 50);
    await eventually(async () => (await rows(a.db)).length >= 50, 15_000, '50 rows');
    await new Promise((r) => setTimeout(r, 300));
    expect((await rows(a.db)).map((r) => r.positie)).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
  });

  it('given a new projection version, when it rebuilds, then the new rows and the checkpoint switch together', async () => {
    const a = await copy('a');
    a.projector.start();
    await append(a.store, 'teller-1', 30);
    await eventually(async () => (await rows(a.db)).length >= 30, 15_000, 'v1 built');
    await a.projector.stop();

    const v2 = await copy('v2', { version: 2 });
    expect(v2.projector.status()[0].herbouw).toBe(true);
    const progress: number[] = [];
    await v2.projector.rebuild('teller', (position) => { progress.push(position); });
    expect(progress[progress.length - 1]).toBe(30);
    expect((await rows(v2.db))).toHaveLength(30);
    const { rows: versies } = await v2.db.query<{ versie: number }>('SELECT DISTINCT versie FROM rm_teller');
    expect(versies.map((r) => Number(r.versie))).toEqual([2]);
    const { rows: cp } = await v2.db.query<{ version: number; position: number }>("SELECT version, position FROM projection_checkpoints WHERE name = 'teller'");
    expect({ version: Number(cp[0].version), position: Number(cp[0].position) }).toEqual({ version: 2, position: 30 });
  });

  it('given a rebuild in progress, when a reader queries between batches, then it still sees the complete old read model', async () => {
    const a = await copy('a');
    a.projector.start();
    await append(a.store, 'teller-1', 30);
    await eventually(async () => (await rows(a.db)).length >= 30, 15_000, 'v1 built');
    await a.projector.stop();
    const v2 = await copy('v2', { version: 2 });
    const reader = createPostgresDatabase(url);
    open.push({ close: () => reader.close() });
    const seen: Array<{ n: number; versies: number[] }> = [];
    v2.projector.start();
    let checks = 0;
    await eventually(async () => {
      const { rows: r } = await reader.query<{ versie: number }>('SELECT versie FROM rm_teller');
      seen.push({ n: r.length, versies: [...new Set(r.map((x) => Number(x.versie)))] });
      checks++;
      return r.length === 30 && r.every((x) => Number(x.versie) === 2);
    }, 15_000, 'switched to v2');
    expect(checks).toBeGreaterThan(0);
    // Never a half-built table: either all 30 old rows or all 30 new ones.
    expect(seen.every((s) => s.n === 30 && s.versies.length === 1)).toBe(true);
    await append(v2.store, 'teller-1', 3);
    await eventually(async () => (await rows(v2.db)).length >= 33, 10_000, 'after switch');
  });
});

describe('a new projection version with two projector copies', () => {
  it('given the active copy rebuilt it, when the standby takes over, then it does not rebuild again', async () => {
    const { url, drop } = await freshDatabase();
    const dbs: Database[] = [];
    const projectors: Projector[] = [];
    try {
      const start = async (copy: string, version: number, run = true) => {
        const db = createPostgresDatabase(url);
        dbs.push(db);
        const store = await createSqlEventStore(db, { notify: false });
        const projector = new Projector(db, store, [tellerProjection(copy, version)], { pollMs: 20, lockRetryMs: 100, locks: new PgAdvisoryLocks(url) });
        await projector.migrate();
        if (run) projector.start();
        projectors.push(projector);
        return { db, store, projector };
      };
      const v1 = await start('v1', 1);
      await append(v1.store, 'teller-1', 10);
      await eventually(async () => (await rows(v1.db)).length >= 10, 10_000, 'v1');
      await v1.projector.stop();
      // Both copies see the old version at start-up; a gets the lock and rebuilds.
      const a = await start('a', 2, false);
      const b = await start('b', 2, false);
      expect(b.projector.status()[0].herbouw).toBe(true);
      a.projector.start();
      await eventually(() => a.projector.status()[0].herbouw === false, 10_000, 'a rebuilt');
      b.projector.start();
      await new Promise((r) => setTimeout(r, 300));
      await a.projector.stop();
      await append(b.store, 'teller-1', 5);
      await eventually(async () => (await rows(b.db)).length >= 15, 10_000, 'b took over');
      await new Promise((r) => setTimeout(r, 300));
      const applied = await rows(b.db);
      expect(applied.map((r) => r.positie)).toEqual(Array.from({ length: 15 }, (_, i) => i + 1));
      // Rows 1-10 come from a's rebuild, 11-15 from b: b did not start over.
      expect(applied.slice(0, 10).every((r) => r.kopie === 'a')).toBe(true);
      expect(applied.slice(10).every((r) => r.kopie === 'b')).toBe(true);
    } finally {
      for (const p of projectors) await p.stop().catch(() => undefined);
      for (const db of dbs) await db.close().catch(() => undefined);
      await drop();
    }
  });
});
