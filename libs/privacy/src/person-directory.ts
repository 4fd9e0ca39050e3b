import type { SqlExecutor } from '../../database/src';

/**
 * How people are shown (the token's `naam` claim), kept out of the events: events carry only the
 * subject, so erasing a name here never touches the hash chain.
 */
export const PERSONEN_DDL = `
CREATE TABLE IF NOT EXISTS personen (
  person_id  text PRIMARY KEY,
  weergave   text,
  first_seen timestamptz NOT NULL,
  last_seen  timestamptz NOT NULL,
  erased_at  timestamptz,
  CHECK (erased_at IS NULL OR weergave IS NULL)
)`;

/** What audit views show instead of an erased person's name. */
export const VERGETEN_WEERGAVE = 'vergeten';

export type PersonWeergave = { weergave: string; vergeten: false } | { weergave: typeof VERGETEN_WEERGAVE; vergeten: true };

export interface PersonDirectory {
  /** Records (or refreshes) a person's display name; nothing is recorded for a forgotten person. */
  remember(personId: string, weergave: string | undefined, now: string): Promise<void>;
  /** Display per person id: the name, else the id itself, or `vergeten` after erasure. */
  weergaven(personIds: string[]): Promise<Map<string, PersonWeergave>>;
  /** Erases the name for good; a later token with a naam claim does not bring it back. */
  forget(personId: string, now: string): Promise<{ personId: string; erasedAt: string; alreadyForgotten: boolean }>;
}

export const ensurePersonTables = async (db: SqlExecutor): Promise<void> => {
  await db.query(PERSONEN_DDL);
};

const iso = (value: string | Date) => new Date(value).toISOString();

/** How long a remembered name is not written again (last_seen is kept to this precision). */
const REFRESH_AFTER_MS = 10 * 60_000;
const RECENT_LIMIT = 10_000;

/**
 * Every write remembers its actor; `recent` keeps that from becoming a second database write per
 * command: the same name for the same person is written again only after `refreshAfterMs`.
 */
export const createPersonDirectory = (db: SqlExecutor, options: { refreshAfterMs?: number } = {}): PersonDirectory => {
  const refreshAfterMs = options.refreshAfterMs ?? REFRESH_AFTER_MS;
  const recent = new Map<string, { weergave: string | undefined; at: number }>();
  return {
    async remember(personId, weergave, now) {
      const at = Date.parse(now);
      const seen = recent.get(personId);
      if (seen && seen.weergave === weergave && at - seen.at >= 0 && at - seen.at < refreshAfterMs) return;
      await db.query(
        `INSERT INTO personen (person_id, weergave, first_seen, last_seen) VALUES ($1, $2, $3, $3)
         ON CONFLICT (person_id) DO UPDATE SET weergave = COALESCE(EXCLUDED.weergave, personen.weergave), last_seen = EXCLUDED.last_seen
         WHERE personen.erased_at IS NULL`,
        [personId, weergave ?? null, now],
      );
      recent.delete(personId);
      recent.set(personId, { weergave, at });
      if (recent.size > RECENT_LIMIT) recent.delete(recent.keys().next().value!);
    },

    async weergaven(personIds) {
      const unique = [...new Set(personIds)];
      const result = new Map<string, PersonWeergave>(unique.map((id) => [id, { weergave: id, vergeten: false }]));
      if (unique.length === 0) return result;
      const { rows } = await db.query<{ person_id: string; weergave: string | null; erased_at: string | Date | null }>(
        'SELECT person_id, weergave, erased_at FROM personen WHERE person_id = ANY($1::text[])',
        [unique],
      );
      for (const row of rows) {
        if (row.erased_at) result.set(row.person_id, { weergave: VERGETEN_WEERGAVE, vergeten: true });
        else if (row.weergave) result.set(row.person_id, { weergave: row.weergave, vergeten: false });
      }
      return result;
    },

    async forget(personId, now) {
      const { rows } = await db.query<{ erased_at: string | Date | null }>('SELECT erased_at FROM personen WHERE person_id = $1', [personId]);
      const earlier = rows[0]?.erased_at;
      if (earlier) return { personId, erasedAt: iso(earlier), alreadyForgotten: true };
      await db.query(
        `INSERT INTO personen (person_id, weergave, first_seen, last_seen, erased_at) VALUES ($1, NULL, $2, $2, $2)
         ON CONFLICT (person_id) DO UPDATE SET weergave = NULL, erased_at = EXCLUDED.erased_at`,
        [personId, now],
      );
      recent.delete(personId);
      return { personId, erasedAt: now, alreadyForgotten: false };
    },
  };
};
