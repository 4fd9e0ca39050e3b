import { createPgliteDatabase, Database } from '../../database/src';
import { createPersonDirectory, ensurePersonTables, PersonDirectory } from './index';

describe('person directory (names kept out of events)', () => {
  let db: Database;
  let personen: PersonDirectory;

  beforeAll(async () => {
    db = await createPgliteDatabase();
    await ensurePersonTables(db);
    await ensurePersonTables(db); // idempotent at startup
  });
  afterAll(() => db.close());
  beforeEach(async () => {
    await db.query('TRUNCATE personen');
    personen = createPersonDirectory(db);
  });

  it('given a remembered name, then it is shown; an unknown person is shown by id', async () => {
    await personen.remember('sub-1', 'Fictieve Secretaris', '2025-06-02T09:00:00.000Z');
    const shown = await personen.weergaven(['sub-1', 'sub-2']);
    expect(shown.get('sub-1')).toEqual({ weergave: 'Fictieve Secretaris', vergeten: false });
    expect(shown.get('sub-2')).toEqual({ weergave: 'sub-2', vergeten: false });
  });

  it('given a token without naam later, then the earlier name stays', async () => {
    await personen.remember('sub-1', 'Fictieve Secretaris', '2025-06-02T09:00:00.000Z');
    await personen.remember('sub-1', undefined, '2025-06-03T09:00:00.000Z');
    expect((await personen.weergaven(['sub-1'])).get('sub-1')?.weergave).toBe('Fictieve Secretaris');
  });

  it('given a forgotten person, then the name is gone for good and shown as vergeten', async () => {
    await personen.remember('sub-1', 'Fictieve Secretaris', '2025-06-02T09:00:00.000Z');
    const first = await personen.forget('sub-1', '2025-06-04T09:00:00.000Z');
    await personen.remember('sub-1', 'Fictieve Secretaris', '2025-06-05T09:00:00.000Z');
    const again = await personen.forget('sub-1', '2025-06-06T09:00:00.000Z');

    expect(first.alreadyForgotten).toBe(false);
    expect(again).toEqual({ personId: 'sub-1', erasedAt: '2025-06-04T09:00:00.000Z', alreadyForgotten: true });
    expect((await personen.weergaven(['sub-1'])).get('sub-1')).toEqual({ weergave: 'vergeten', vergeten: true });
    const { rows } = await db.query<{ n: number }>("SELECT count(*)::int AS n FROM personen WHERE weergave LIKE '%Fictieve%'");
    expect(rows[0].n).toBe(0);
  });

  it('given the same person acting again with the same name, then it is written once per ten minutes; a new name at once', async () => {
    let writes = 0;
    const counted = createPersonDirectory({ query: (sql: string, params?: unknown[]) => { if (/INSERT INTO personen/.test(sql)) writes++; return db.query(sql, params); } } as never);
    await counted.remember('sub-1', 'Fictieve Secretaris', '2025-06-02T09:00:00.000Z');
    await counted.remember('sub-1', 'Fictieve Secretaris', '2025-06-02T09:05:00.000Z');
    expect(writes).toBe(1);
    await counted.remember('sub-1', 'Fictieve Griffier', '2025-06-02T09:06:00.000Z');
    expect((await counted.weergaven(['sub-1'])).get('sub-1')?.weergave).toBe('Fictieve Griffier');
    await counted.remember('sub-1', 'Fictieve Griffier', '2025-06-02T09:17:00.000Z');
    expect(writes).toBe(3);
  });
});
