/** The little of SQL that the store, the projector and the read models need; PostgreSQL and PGlite both provide it. */
export interface SqlExecutor {
  query<Row = Record<string, unknown>>(text: string, params?: unknown[], options?: QueryOptions): Promise<{ rows: Row[]; rowCount?: number | null }>;
}

export interface QueryOptions {
  /**
   * A statement that runs often (an append, a poll): on PostgreSQL each connection parses and plans
   * it once and from then on only binds and executes it. Only for texts of which there are few (the
   * driver keeps each on every connection). Ignored where it does not apply (PGlite).
   */
  prepare?: boolean;
}

/** The options of a statement that runs often (see QueryOptions.prepare). */
export const PREPARED: QueryOptions = Object.freeze({ prepare: true });

/** Whether a table (as the search path finds it) is there: for readers of tables another process creates. */
export const tableExists = async (db: SqlExecutor, table: string): Promise<boolean> =>
  Boolean((await db.query<{ t: string | null }>('SELECT to_regclass($1)::text AS t', [table])).rows[0]?.t);

export interface Database extends SqlExecutor {
  readonly kind: 'postgres' | 'pglite';
  /** Runs fn in one transaction: commits when it resolves, rolls back when it throws. */
  transaction<T>(fn: (tx: SqlExecutor) => Promise<T>): Promise<T>;
  close(): Promise<void>;
  /**
   * LISTEN on a channel; onNotify gets each payload. Resolves to an unlisten function. onLost is
   * called when the listening connection breaks (no more notifications will come).
   * Optional: callers fall back to polling when it is missing or fails.
   */
  listen?(channel: string, onNotify: (payload: string) => void, onLost?: (error: Error) => void): Promise<() => Promise<void>>;
}
