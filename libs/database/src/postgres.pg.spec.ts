import { createPostgresDatabase, PostgresDatabase } from './postgres';

const url = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

describe('PostgreSQL database', () => {
  let db: PostgresDatabase;
  beforeAll(async () => {
    db = createPostgresDatabase(
      { connectionString: url, options: '-c timezone=Europe/Amsterdam', max: 3 },
      { statementTimeoutMs: 2_000, idleInTransactionTimeoutMs: 500 },
    );
    await db.query('SELECT 1'); // fails the suite loudly when the server is not there
  });
  afterAll(() => db.close());

  it('returns bigint as a number and timestamptz as an ISO instant with Z, whatever the session time zone', async () => {
    const { rows } = await db.query<{ n: number; at: string }>(
      "SELECT 9007199254740991::bigint AS n, '2025-03-03 10:00:00+01'::timestamptz AS at",
    );
    expect(rows[0]).toEqual({ n: 9007199254740991, at: '2025-03-03T09:00:00.000Z' });
  });

  it('sets the configured statement and idle-in-transaction timeouts on its connections', async () => {
    const { rows } = await db.query<{ statement: string; idle: string }>(
      "SELECT current_setting('statement_timeout') AS statement, current_setting('idle_in_transaction_session_timeout') AS idle",
    );
    expect(rows[0]).toEqual({ statement: '2s', idle: '500ms' });
    await expect(db.query('SELECT pg_sleep(3)')).rejects.toThrow(/statement timeout/);
  });

  it('commits a transaction that resolves and rolls back one that throws', async () => {
    const created = await db.transaction(async (tx) => {
      await tx.query('CREATE TABLE IF NOT EXISTS db_spec_posten (naam text)');
      await tx.query('TRUNCATE db_spec_posten');
      await tx.query("INSERT INTO db_spec_posten VALUES ('bewaard')");
      return 'ok';
    });
    expect(created).toBe('ok');
    await expect(
      db.transaction(async (tx) => {
        await tx.query("INSERT INTO db_spec_posten VALUES ('teruggedraaid')");
        throw new Error('afgebroken');
      }),
    ).rejects.toThrow('afgebroken');
    expect((await db.query<{ naam: string }>('SELECT naam FROM db_spec_posten')).rows).toEqual([{ naam: 'bewaard' }]);
    await db.query('DROP TABLE db_spec_posten');
  });

  it('survives a transaction the server killed for idling, and keeps serving', async () => {
    await expect(
      db.transaction(async (tx) => {
        await tx.query('SELECT 1');
        await new Promise((resolve) => setTimeout(resolve, 1_200));
        await tx.query('SELECT 2');
      }),
    ).rejects.toThrow();
    const results = await Promise.all([1, 2, 3, 4].map((n) => db.query<{ n: number }>('SELECT $1::int AS n', [n])));
    expect(results.map((r) => r.rows[0].n)).toEqual([1, 2, 3, 4]);
  });
});
