import { createDatabase } from './create-database';
import { PREPARED } from './database';
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

  describe('frequent statements', () => {
    // One connection, so what it prepared is what pg_prepared_statements shows.
    const single = (options: { preparedStatements?: boolean } = {}) =>
      createPostgresDatabase({ connectionString: url, max: 1 }, { statementTimeoutMs: 2_000, ...options });
    const preparedTexts = async (one: PostgresDatabase) =>
      (await one.query<{ statement: string }>('SELECT statement FROM pg_prepared_statements')).rows.map((r) => r.statement);

    it('are prepared once per connection and then only executed', async () => {
      const one = single();
      try {
        for (const n of [1, 2, 3]) expect((await one.query<{ n: number }>('SELECT $1::int * 2 AS n', [n], PREPARED)).rows[0].n).toBe(n * 2);
        await one.query('SELECT $1::int AS once', [1]);
        expect(await preparedTexts(one)).toEqual(['SELECT $1::int * 2 AS n']);
        // In a transaction too, under the same name.
        await one.transaction(async (tx) => expect((await tx.query<{ n: number }>('SELECT $1::int * 2 AS n', [5], PREPARED)).rows[0].n).toBe(10));
        expect(await preparedTexts(one)).toEqual(['SELECT $1::int * 2 AS n']);
      } finally {
        await one.close();
      }
    });

    it('are sent as plain text when turned off (a pooler that cannot keep them)', async () => {
      const one = single({ preparedStatements: false });
      try {
        expect((await one.query<{ n: number }>('SELECT $1::int * 2 AS n', [4], PREPARED)).rows[0].n).toBe(8);
        expect(await preparedTexts(one)).toEqual([]);
      } finally {
        await one.close();
      }
    });

    it('follow PG_PREPARED_STATEMENTS from the environment', async () => {
      for (const [setting, expected] of [[undefined, ['SELECT $1::int * 3 AS n']], ['false', []]] as const) {
        const db = await createDatabase({ env: { DATABASE_URL: url, PG_PREPARED_STATEMENTS: setting } });
        try {
          // One at a time: the pool hands back the one connection it has.
          await db.query('SELECT $1::int * 3 AS n', [1], PREPARED);
          expect(await preparedTexts(db as PostgresDatabase)).toEqual(expected);
        } finally {
          await db.close();
        }
      }
    });

    it('still answer after a migration changed what they return: the refused statement runs as plain text from then on', async () => {
      const one = single();
      const fn = `db_spec_stand_${process.pid}`;
      try {
        await one.query(`CREATE FUNCTION ${fn}() RETURNS TABLE (fase text) LANGUAGE sql AS $$ SELECT 'ontwerp' $$`);
        const text = `SELECT * FROM ${fn}()`;
        expect((await one.query(text, [], PREPARED)).rows).toEqual([{ fase: 'ontwerp' }]);
        await one.query(`DROP FUNCTION ${fn}()`);
        await one.query(`CREATE FUNCTION ${fn}() RETURNS TABLE (fase text, versie int) LANGUAGE sql AS $$ SELECT 'vastgesteld', 2 $$`);
        // In a transaction the refusal aborts it (nothing ran); the caller's retry then goes as plain text.
        await expect(one.transaction((tx) => tx.query(text, [], PREPARED))).rejects.toThrow(/cached plan must not change result type/);
        expect((await one.query(text, [], PREPARED)).rows).toEqual([{ fase: 'vastgesteld', versie: 2 }]);
        // Outside a transaction the same refusal is answered at once.
        const other = single();
        try {
          expect((await other.query(text, [], PREPARED)).rows).toEqual([{ fase: 'vastgesteld', versie: 2 }]);
          await other.query(`DROP FUNCTION ${fn}()`);
          await other.query(`CREATE FUNCTION ${fn}() RETURNS TABLE (fase text) LANGUAGE sql AS $$ SELECT 'afgerond' $$`);
          expect((await other.query(text, [], PREPARED)).rows).toEqual([{ fase: 'afgerond' }]);
        } finally {
          await other.close();
        }
      } finally {
        await one.query(`DROP FUNCTION IF EXISTS ${fn}()`).catch(() => undefined);
        await one.close();
      }
    });
  });
});
