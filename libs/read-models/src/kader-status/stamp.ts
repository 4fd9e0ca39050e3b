import { SqlExecutor } from '../../../database/src';

/**
 * What a kader's stored status was made from: the projection's version and the kader's stream
 * version. One indexed row; undefined when the kader is unknown. Callers reuse an answer made
 * from the same stamp (a rebuild with new logic bumps the projection's version).
 */
export async function kaderStatusStamp(db: SqlExecutor, kaderId: string): Promise<string | undefined> {
  const { rows } = await db.query<{ versie: number; version: number | null }>(
    `SELECT s.versie, c.version FROM rm_kader_status s
       LEFT JOIN projection_checkpoints c ON c.name = 'kader-status'
      WHERE s.kader_id = $1`,
    [kaderId]);
  return rows[0] ? `${rows[0].version ?? 0}:${rows[0].versie}` : undefined;
}
