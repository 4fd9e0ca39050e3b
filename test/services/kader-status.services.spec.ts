import { createPostgresDatabase, Database } from '../../libs/database/src';
import { kaderStreamId } from '../../libs/domain/src/kader';
import { createSqlEventStore, NewEvent, SqlEventStore } from '../../libs/event-store/src';
import { Projector } from '../../libs/projector/src';
import { foldKaderStatus, getKaderStatus, kaderStatusProjection, SNAPSHOT_EVERY } from '../../libs/read-models/src/kader-status';
import { gestart, ronde } from '../../libs/read-models/src/kader-status/test-support';
import { freshDatabase } from './support';

/**
 * The kader-status projection on the real PostgreSQL, where its frequent statements are prepared once per
 * connection: live batches, a rebuild in a shadow schema (the same statements under another search_path),
 * and live batches again on the tables the rebuild switched in.
 */
describe('kader status on PostgreSQL', () => {
  const A = '5c1e8f3a-2b7d-4c9e-8f1a-3d6b9e2c4a70';
  const B = 'a94d2e6f-3c8b-4a1e-9d7f-6b2c5e8a1d03';
  let drop: () => Promise<void>;
  let db: Database;
  let store: SqlEventStore;
  let projector: Projector;

  const append = (kaderId: string, events: NewEvent[]) => store.appendToStream(kaderStreamId(kaderId), events, { expectedVersion: 'any' });
  const expectStoredIsFold = async () => {
    for (const kaderId of [A, B]) {
      const stored = await getKaderStatus(db, kaderId);
      expect(stored).toEqual(foldKaderStatus(await store.readStream(kaderStreamId(kaderId))));
    }
  };

  beforeAll(async () => {
    let url: string;
    ({ url, drop } = await freshDatabase());
    // One connection: the prepared statements of the live batches are the ones the rebuild runs again.
    db = createPostgresDatabase({ connectionString: url, max: 1 });
    store = await createSqlEventStore(db, { notify: false });
    await append(A, [gestart(A)]);
    await append(B, [gestart(B)]);
    projector = new Projector(db, store, [kaderStatusProjection], { batchSize: 37 });
    await projector.migrate();
  });
  afterAll(async () => {
    await db.close();
    await drop();
  });

  it('given live batches, a rebuild and live batches again, then each kader\'s row is what folding its stream gives', async () => {
    const ROUND = ronde(A, 0).length;
    for (let n = 0; (n + 1) * ROUND < SNAPSHOT_EVERY + 40; n++) {
      await append(A, ronde(A, n));
      if (n % 10 === 0) await append(B, ronde(B, n));
      if (n % 7 === 0) await projector.catchUp();
    }
    await projector.catchUp();
    await expectStoredIsFold();

    await projector.rebuild(kaderStatusProjection.name);
    await expectStoredIsFold();
    const { rows: shadows } = await db.query<{ n: string }>("SELECT count(*) AS n FROM pg_namespace WHERE nspname LIKE 'kf_herbouw_%'");
    expect(Number(shadows[0].n)).toBe(0);

    for (const n of [900, 901]) {
      await append(A, ronde(A, n));
      await append(B, ronde(B, n));
      await projector.catchUp();
    }
    await expectStoredIsFold();
    const { rows } = await db.query<{ n: string }>('SELECT count(*) AS n FROM rm_kader_mijlpalen WHERE mijlpaal_id = ANY($1::text[])', [['m-900', 'm-901']]);
    expect(Number(rows[0].n)).toBe(4);
  });
});
