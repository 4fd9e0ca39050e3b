import { createPgliteDatabase, Database } from '../../../database/src';
import { kaderStreamId } from '../../../domain/src/kader';
import { createSqlEventStore, NewEvent, SqlEventStore } from '../../../event-store/src';
import { Projector } from '../../../projector/src';
import { foldKaderStatus, kaderStatusAsOf, kaderStatusProjection, SNAPSHOT_EVERY } from './kader-status';

const KADER = '4d0f2a8e-6b1c-4e7a-9f3d-2c5b8a1e0d77';
const meta = { actor: { id: 'test-projectleider', role: 'projectleider' }, correlationId: 'c-1' };
const day = (n: number) => new Date(Date.UTC(2025, 0, 1 + n)).toISOString().slice(0, 10);

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
