import { createPgliteDatabase, Database } from '../../../database/src';
import { Kader, kaderStreamId } from '../../../domain/src/kader';
import { createSqlEventStore, NewEvent, SqlEventStore } from '../../../event-store/src';
import { Projector } from '../../../projector/src';
import { evolveKaderStatus, emptyKaderStatus, KaderStatusDoc, foldKaderStatus, getKaderStatus, kaderStatusAsOf, kaderStatusProjection, listKaders, SNAPSHOT_EVERY } from './kader-status';
import { day, gestart, meta, ronde } from './test-support';

const KADER = '4d0f2a8e-6b1c-4e7a-9f3d-2c5b8a1e0d77';

describe('kader status as of a moment: snapshots', () => {
  let db: Database;
  let store: SqlEventStore;
  let now = new Date('2025-01-01T08:00:00.000Z');

  beforeAll(async () => {
    db = await createPgliteDatabase();
    store = await createSqlEventStore(db, { clock: () => now });
    const events: NewEvent[] = [
      { type: 'KaderGestart', data: { kaderId: KADER, titel: 'Kader', periode: { van: 2026, tot: 2032 }, opdrachtgever: 'directeurenoverleg', vaststellingsregel: { minimumGemeenten: 13 }, fase: 'opdracht', gestartOp: now.toISOString() }, metadata: meta },
      { type: 'MijlpaalGepland', data: { kaderId: KADER, mijlpaalId: 'm-1', titel: 'Startnotitie', fase: 'opdracht', deadline: day(0), eigenaar: 'projectleider', geplandOp: now.toISOString() }, metadata: meta },
    ];
    await store.appendToStream(kaderStreamId(KADER), events, { expectedVersion: 'no_stream' });
    // 2.4 snapshots' worth of reschedulings, one second apart, in appends of 100
    for (let v = 3; v <= SNAPSHOT_EVERY * 2 + 200; v += 100) {
      now = new Date(now.getTime() + 1000);
      const batch = Array.from({ length: 100 }, (_, i) => ({
        type: 'MijlpaalVerschoven', data: { kaderId: KADER, mijlpaalId: 'm-1', oudeDeadline: day(v + i - 3), nieuweDeadline: day(v + i - 2), reden: `Verschuiving ${v + i}`, verschovenOp: now.toISOString() }, metadata: meta,
      }));
      await store.appendToStream(kaderStreamId(KADER), batch, { expectedVersion: v - 1 });
    }
    const projector = new Projector(db, store, [kaderStatusProjection]);
    await projector.migrate();
    await projector.catchUp();
  });
  afterAll(() => db.close());

  it('keeps a snapshot every SNAPSHOT_EVERY versions', async () => {
    const { rows } = await db.query<{ versie: number }>('SELECT versie FROM rm_kader_status_snapshots ORDER BY versie');
    expect(rows.map((r) => Number(r.versie))).toEqual([SNAPSHOT_EVERY, SNAPSHOT_EVERY * 2]);
  });

  it('gives exactly the state a full fold gives, at any position, before and after a snapshot', async () => {
    const all = await store.readStream(kaderStreamId(KADER));
    for (const version of [1, 2, SNAPSHOT_EVERY - 1, SNAPSHOT_EVERY, SNAPSHOT_EVERY + 1, SNAPSHOT_EVERY * 2 + 37, all.length]) {
      const position = all[version - 1].globalPosition;
      const viaSnapshot = await kaderStatusAsOf(db, store, KADER, { maxPosition: position });
      expect(viaSnapshot).toEqual(foldKaderStatus(all.slice(0, version)));
    }
  });

  it('answers by recording time too, and nothing before the first event', async () => {
    const all = await store.readStream(kaderStreamId(KADER));
    const moment = all[SNAPSHOT_EVERY + 50].recordedAt;
    const expected = foldKaderStatus(all.filter((e) => e.recordedAt <= moment));
    expect(await kaderStatusAsOf(db, store, KADER, { recordedUntil: moment })).toEqual(expected);
    expect(await kaderStatusAsOf(db, store, KADER, { recordedUntil: '2024-12-31T00:00:00.000Z' })).toBeUndefined();
  });
});

describe('kader status projection: a batch gives what evolveKaderStatus gives event by event', () => {
  const A = '0b6f9d2e-1c4a-4f8e-8a3b-5d7e9f1a2c3e';
  const B = '7e2d4c1b-9a8f-4e6d-b5c3-1f2e3d4c5b6a';
  const ROUND = ronde(A, 0).length;

  let db: Database;
  let store: SqlEventStore;
  let projector: Projector;

  const append = async (kaderId: string, events: NewEvent[]) => {
    await store.appendToStream(kaderStreamId(kaderId), events, { expectedVersion: 'any' });
  };
  /** The stored row, the fold and the event-by-event reduce over the kader's whole stream. */
  const views = async (kaderId: string, on = { db, store }) => {
    const events = await on.store.readStream(kaderStreamId(kaderId));
    return { stored: await getKaderStatus(on.db, kaderId), fold: foldKaderStatus(events), reduce: events.reduce(evolveKaderStatus, emptyKaderStatus) };
  };

  beforeAll(async () => {
    db = await createPgliteDatabase();
    store = await createSqlEventStore(db);
    await append(A, [gestart(A)]);
    await append(B, [gestart(B)]);
    // A passes SNAPSHOT_EVERY in the middle of a batch; B's events fall between A's.
    for (let n = 0; (n + 1) * ROUND < SNAPSHOT_EVERY + 40; n++) {
      await append(A, ronde(A, n));
      if (n % 10 === 0) await append(B, ronde(B, n));
    }
    projector = new Projector(db, store, [kaderStatusProjection], { batchSize: 37 });
    await projector.migrate();
    await projector.catchUp();
  });
  afterAll(() => db.close());

  it('stores per kader what folding its stream gives, with the fase history', async () => {
    for (const kaderId of [A, B]) {
      const { stored, fold, reduce } = await views(kaderId);
      expect(fold).toEqual(reduce);
      expect(stored).toEqual(fold);
    }
    expect((await getKaderStatus(db, A))?.faseGeschiedenis.slice(0, 3).map((s) => `${s.richting} ${s.fase} ${s.reden ?? ''}`))
      .toEqual(['start opdracht ', 'vooruit plan-van-aanpak Ronde 0', 'terug opdracht Terug 0']);
  });

  it('keeps each mijlpaal in a row of its own, in the order planned, and rewrites only the one an event changed', async () => {
    const { stored, fold } = await views(A);
    const keys = (doc: typeof stored) => Object.keys((doc!.state as Kader).mijlpalen);
    expect(keys(stored)).toEqual(keys(fold));
    const { rows: kaderRow } = await db.query<{ doc: KaderStatusDoc }>('SELECT doc FROM rm_kader_status WHERE kader_id = $1', [A]);
    expect((kaderRow[0].doc.state as Kader).mijlpalen).toEqual({});
    const writes = async () => new Map((await db.query<{ mijlpaal_id: string; xmin: string }>(
      'SELECT mijlpaal_id, xmin::text AS xmin FROM rm_kader_mijlpalen WHERE kader_id = $1', [A])).rows.map((r) => [r.mijlpaal_id, r.xmin]));
    const before = await writes();
    expect(before.size).toBe(keys(fold).length);
    await append(A, [{ type: 'MijlpaalVerschoven', data: { kaderId: A, mijlpaalId: 'm-3', oudeDeadline: day(3), nieuweDeadline: day(40), reden: 'Eén', verschovenOp: '2025-02-01T08:00:00.000Z' }, metadata: meta }]);
    await projector.catchUp();
    const after = await writes();
    expect([...after].filter(([id, xmin]) => before.get(id) !== xmin).map(([id]) => id)).toEqual(['m-3']);
    const now = await views(A);
    expect(now.stored).toEqual(now.fold);
  });

  it('leaves the kader row\'s document as it was for a batch of only mijlpaal events, and shows the new version all the same', async () => {
    const docText = async () => (await db.query<{ doc: string }>('SELECT doc::text AS doc FROM rm_kader_status WHERE kader_id = $1', [A])).rows[0].doc;
    const verschoven = (nieuweDeadline: string): NewEvent => ({ type: 'MijlpaalVerschoven', data: { kaderId: A, mijlpaalId: 'm-4', oudeDeadline: day(4), nieuweDeadline, reden: 'Twee', verschovenOp: '2025-02-02T08:00:00.000Z' }, metadata: meta });
    const before = await docText();
    await append(A, [verschoven(day(41)), { type: 'MijlpaalBehaald', data: { kaderId: A, mijlpaalId: 'm-4', behaaldOp: day(41), geregistreerdOp: '2025-02-03T08:00:00.000Z' }, metadata: meta }]);
    await projector.catchUp();
    expect(await docText()).toBe(before);
    const now = await views(A);
    expect(now.stored).toEqual(now.fold);
    expect(now.stored!.versie).toBe((await store.readStream(kaderStreamId(A))).length);
    // A batch with any other event of the kader writes the document again.
    await append(A, [verschoven(day(42)), { type: 'ProjectleiderAangewezen', data: { kaderId: A, projectleiderId: 'pl-nieuw', aangewezenOp: '2025-02-04T08:00:00.000Z' }, metadata: meta }]);
    await projector.catchUp();
    expect(await docText()).not.toBe(before);
    const later = await views(A);
    expect(later.stored).toEqual(later.fold);
    expect(await listKaders(db)).toEqual([(await views(B)).fold, later.fold].sort((x, y) => (x.state as Kader).titel.localeCompare((y.state as Kader).titel)));
  });

  it('keeps the snapshot as it was at its version, though later events of the batch change the kader', async () => {
    const events = await store.readStream(kaderStreamId(A));
    const { rows } = await db.query<{ doc: unknown }>('SELECT doc FROM rm_kader_status_snapshots WHERE kader_id = $1 AND versie = $2', [A, SNAPSHOT_EVERY]);
    expect(rows[0].doc).toEqual(foldKaderStatus(events.slice(0, SNAPSHOT_EVERY)));
  });

  it('gives the same after a rebuild in large batches', async () => {
    await projector.rebuild(kaderStatusProjection.name);
    for (const kaderId of [A, B]) {
      const { stored, fold } = await views(kaderId);
      expect(stored).toEqual(fold);
    }
  });

  it('applies a batch whose transaction was rolled back once more, from the stored row', async () => {
    await append(A, ronde(A, 900));
    const nieuw = await store.readAll({ after: projector.position() });
    await expect(db.transaction(async (tx) => {
      await kaderStatusProjection.apply(tx, nieuw);
      throw new Error('rolled back');
    })).rejects.toThrow('rolled back');
    await projector.catchUp();
    const { stored, fold } = await views(A);
    expect(stored).toEqual(fold);
  });

  it('keeps two databases apart that hold the same kader with other events', async () => {
    const other = await createPgliteDatabase();
    const otherStore = await createSqlEventStore(other);
    try {
      await otherStore.appendToStream(kaderStreamId(A), [gestart(A), ...ronde(A, 500)], { expectedVersion: 'no_stream' });
      const otherProjector = new Projector(other, otherStore, [kaderStatusProjection]);
      await otherProjector.migrate();
      await otherProjector.catchUp();
      await append(A, ronde(A, 901));
      await projector.catchUp();
      await otherStore.appendToStream(kaderStreamId(A), ronde(A, 501), { expectedVersion: ROUND + 1 });
      await otherProjector.catchUp();
      for (const on of [{ db, store }, { db: other, store: otherStore }]) {
        const { stored, fold } = await views(A, on);
        expect(stored).toEqual(fold);
      }
    } finally {
      await other.close();
    }
  });

  it('answers from the rows of version 3 (mijlpalen inside the kader\'s document) until the rebuild has switched them over', async () => {
    const old = await createPgliteDatabase();
    const oldStore = await createSqlEventStore(old);
    try {
      await oldStore.appendToStream(kaderStreamId(A), [gestart(A), ...ronde(A, 0), ...ronde(A, 1), ...ronde(A, 2)], { expectedVersion: 'no_stream' });
      const fold = foldKaderStatus(await oldStore.readStream(kaderStreamId(A)));
      // What version 3 left behind: the whole document in the kader's row, no mijlpalen table.
      const v4 = new Projector(old, oldStore, [kaderStatusProjection]);
      await v4.migrate();
      await v4.catchUp();
      await old.query('DROP TABLE rm_kader_mijlpalen');
      await old.query('UPDATE rm_kader_status SET doc = $1 WHERE kader_id = $2', [JSON.stringify(fold), A]);
      await old.query('UPDATE projection_checkpoints SET version = 3 WHERE name = $1', [kaderStatusProjection.name]);
      expect(Object.keys((fold.state as Kader).mijlpalen)).toEqual(['m-0', 'm-1', 'm-2']);

      expect(await getKaderStatus(old, A)).toEqual(fold);
      expect(await listKaders(old)).toEqual([fold]);

      const upgraded = new Projector(old, oldStore, [kaderStatusProjection]);
      await upgraded.migrate();
      await upgraded.rebuild(kaderStatusProjection.name);
      const { rows } = await old.query<{ n: number }>('SELECT count(*)::int AS n FROM rm_kader_mijlpalen WHERE kader_id = $1', [A]);
      expect(rows[0].n).toBe(3);
      expect(await getKaderStatus(old, A)).toEqual(fold);
      expect(await listKaders(old)).toEqual([fold]);
    } finally {
      await old.close();
    }
  });
});
