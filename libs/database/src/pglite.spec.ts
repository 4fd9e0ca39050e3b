import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createDatabase } from './create-database';
import { PgliteDatabase, createPgliteDatabase, preparePgliteTemplate } from './pglite';

describe('PGlite database', () => {
  let db: PgliteDatabase;
  beforeAll(async () => {
    db = await createPgliteDatabase();
    await db.query('CREATE TABLE posten (id bigserial PRIMARY KEY, naam text NOT NULL, vastgesteld_op timestamptz)');
  }, 60_000);
  afterAll(() => db.close());

  it('returns bigint as a number and timestamptz as an ISO instant with Z', async () => {
    await db.query("SET TIME ZONE 'Europe/Amsterdam'");
    const { rows } = await db.query<{ id: number; at: string }>(
      "INSERT INTO posten (naam, vastgesteld_op) VALUES ('plan van aanpak', '2025-03-03 10:00:00+01') RETURNING id, vastgesteld_op AS at",
    );
    await db.query("SET TIME ZONE 'UTC'");
    expect(rows[0]).toEqual({ id: expect.any(Number), at: '2025-03-03T09:00:00.000Z' });
  });

  it('commits a transaction that resolves and rolls back one that throws', async () => {
    await db.transaction((tx) => tx.query("INSERT INTO posten (naam) VALUES ('bewaard')"));
    await expect(
      db.transaction(async (tx) => {
        await tx.query("INSERT INTO posten (naam) VALUES ('teruggedraaid')");
        throw new Error('afgebroken');
      }),
    ).rejects.toThrow('afgebroken');
    const { rows } = await db.query<{ naam: string }>("SELECT naam FROM posten WHERE naam IN ('bewaard', 'teruggedraaid')");
    expect(rows.map((r) => r.naam)).toEqual(['bewaard']);
  });

  it('runs concurrent transactions one after the other, and lets a query inside one join it', async () => {
    const order: string[] = [];
    const work = (name: string) =>
      db.transaction(async (tx) => {
        order.push(`${name} begin`);
        await tx.query('INSERT INTO posten (naam) VALUES ($1)', [name]);
        await db.query('SELECT count(*) FROM posten'); // would deadlock if it waited for the transaction
        order.push(`${name} end`);
      });
    await Promise.all([work('a'), work('b'), db.query('SELECT 1')]);
    expect(order).toEqual(['a begin', 'a end', 'b begin', 'b end']);
  });

  it('rolls back only the inner part of a nested transaction that throws', async () => {
    await db.transaction(async (tx) => {
      await tx.query("INSERT INTO posten (naam) VALUES ('buiten')");
      await db.transaction((inner) => inner.query("INSERT INTO posten (naam) VALUES ('binnen')").then(() => Promise.reject(new Error('x')))).catch(() => undefined);
    });
    const { rows } = await db.query<{ naam: string }>("SELECT naam FROM posten WHERE naam IN ('buiten', 'binnen')");
    expect(rows.map((r) => r.naam)).toEqual(['buiten']);
  });
});

describe('createDatabase', () => {
  it('picks PGlite on disk when DATABASE_URL is not set, and keeps the data', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kaderflow-pglite-'));
    try {
      const first = await createDatabase({ env: { DATA_DIR: dir } });
      expect(first.kind).toBe('pglite');
      await first.query('CREATE TABLE bewaard (n int)');
      await first.query('INSERT INTO bewaard VALUES (7)');
      await first.close();
      const second = await createDatabase({ env: { DATA_DIR: dir } });
      expect((await second.query<{ n: number }>('SELECT n FROM bewaard')).rows).toEqual([{ n: 7 }]);
      await second.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);

  it('picks PostgreSQL when DATABASE_URL is set', async () => {
    const db = await createDatabase({ env: { DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none' } });
    expect(db.kind).toBe('postgres');
    await db.close();
  });
});

describe('a new PGlite folder', () => {
  const folders: string[] = [];
  const folder = () => {
    const dir = mkdtempSync(join(tmpdir(), 'kaderflow-pglite-'));
    folders.push(dir);
    return dir;
  };
  afterAll(() => folders.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

  it('starts from the template the build prepares, and keeps its data across a restart', async () => {
    await preparePgliteTemplate();
    const dir = join(folder(), 'pglite');
    const first = await createPgliteDatabase({ dataDir: dir });
    await first.query('CREATE TABLE bewaard (n int)');
    await first.query('INSERT INTO bewaard VALUES (7)');
    await first.close();
    const second = await createPgliteDatabase({ dataDir: dir });
    expect((await second.query<{ n: number }>('SELECT n FROM bewaard')).rows).toEqual([{ n: 7 }]);
    await second.close();
  }, 120_000);

  it('is initialised as usual when the template is not a data directory PGlite can open', async () => {
    const template = folder();
    writeFileSync(join(template, 'PG_VERSION'), 'geen versie\n');
    const db = await createPgliteDatabase({ dataDir: folder(), templateDir: template });
    expect((await db.query<{ een: number }>('SELECT 1 AS een')).rows).toEqual([{ een: 1 }]);
    await db.close();
  }, 120_000);
});
