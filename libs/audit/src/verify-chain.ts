import { createHash } from 'node:crypto';
import { SqlExecutor, tableExists } from '../../database/src';
import { canonicalJson, EVENT_COLUMNS, EventRow, eventHash, SAFE_ROWS, StoredEvent, toStoredEvent } from '../../event-store/src';

export type ChainBreakReason = 'content-altered' | 'link-broken' | 'version-missing';

export interface ChainBreak {
  /** The event where the chain breaks; null when events at the end of a stream are gone. */
  globalPosition: number | null;
  streamId: string;
  version: number;
  reason: ChainBreakReason;
  /** The same in a Dutch sentence, for the report a directeur reads. */
  toelichting: string;
}

export interface ChainReport {
  ok: boolean;
  /** Events examined, up to and including the first break. */
  checked: number;
  /** The highest global position included in the check. */
  position: number;
  firstBroken?: ChainBreak;
}



const TOELICHTING: Record<ChainBreakReason, (streamId: string, version: number) => string> = {
  'content-altered': (s, v) => `De inhoud van gebeurtenis ${v} in ${s} is na het vastleggen gewijzigd.`,
  'link-broken': (s, v) => `Gebeurtenis ${v} in ${s} sluit niet aan op de gebeurtenis ervoor.`,
  'version-missing': (s, v) => `Gebeurtenis ${v} in ${s} ontbreekt.`,
};

const broken = (globalPosition: number | null, streamId: string, version: number, reason: ChainBreakReason): ChainBreak => ({
  globalPosition,
  streamId,
  version,
  reason,
  toelichting: TOELICHTING[reason](streamId, version),
});

/** The highest position no running transaction can still write below. */
const safeHead = async (db: SqlExecutor): Promise<number> => {
  const { rows } = await db.query<{ head: number | string | null }>(`SELECT max(global_position) AS head FROM events WHERE ${SAFE_ROWS}`);
  return Number(rows[0]?.head ?? 0);
};

export interface VerifyChainOptions {
  /** Rows read per query. */
  batchSize?: number;
}

/**
 * Recomputes every stream's hash chain in global order and stops at the first break: a version
 * missing, a link to the previous hash broken, or content that no longer matches its hash.
 */
export const verifyChain = async (db: SqlExecutor, options: VerifyChainOptions = {}): Promise<ChainReport> => {
  const batchSize = options.batchSize ?? 1000;
  const position = await safeHead(db);
  const heads = new Map<string, { version: number; hash: string }>();
  let checked = 0;
  let after = 0;

  for (;;) {
    const { rows } = await db.query<EventRow>(
      `SELECT ${EVENT_COLUMNS} FROM events WHERE global_position > $1 AND global_position <= $2 ORDER BY global_position LIMIT $3`,
      [after, position, batchSize],
    );
    for (const row of rows) {
      const event = toStoredEvent(row);
      const previous = heads.get(event.streamId);
      checked += 1;
      const expectedVersion = (previous?.version ?? 0) + 1;
      if (event.version !== expectedVersion) {
        const firstBroken = broken(event.globalPosition, event.streamId, expectedVersion, 'version-missing');
        return { ok: false, checked, position, firstBroken };
      }
      if (event.prevHash !== (previous?.hash ?? null)) {
        return { ok: false, checked, position, firstBroken: broken(event.globalPosition, event.streamId, event.version, 'link-broken') };
      }
      if (eventHash(event) !== event.hash) {
        return { ok: false, checked, position, firstBroken: broken(event.globalPosition, event.streamId, event.version, 'content-altered') };
      }
      heads.set(event.streamId, { version: event.version, hash: event.hash });
      after = event.globalPosition;
    }
    if (rows.length < batchSize) break;
  }

  // A deleted tail leaves the chain itself intact; the store's stream table still knows the version it reached.
  if (await tableExists(db, 'streams')) {
    const { rows } = await db.query<{ stream_id: string; version: number | string; last_hash: string | null }>(
      `SELECT s.stream_id, s.version, s.last_hash FROM streams s
       WHERE s.version > 0 AND NOT EXISTS (SELECT 1 FROM events e WHERE e.stream_id = s.stream_id AND e.global_position > $1)
       ORDER BY s.stream_id`,
      [position],
    );
    for (const row of rows) {
      const head = heads.get(row.stream_id);
      const version = Number(row.version);
      if ((head?.version ?? 0) < version) {
        return { ok: false, checked, position, firstBroken: broken(null, row.stream_id, (head?.version ?? 0) + 1, 'version-missing') };
      }
      if (head && head.version === version && row.last_hash !== null && row.last_hash !== head.hash) {
        return { ok: false, checked, position, firstBroken: broken(null, row.stream_id, version, 'link-broken') };
      }
    }
  }
  return { ok: true, checked, position };
};

export interface ChainHead {
  /** sha256 hex over the position and every stream's last (streamId, version, hash), streams sorted by id. */
  hash: string;
  /** The global position the head was taken at; pass it back to recompute this value later. */
  position: number;
  streams: number;
}

/**
 * One value that commits to the whole store at a position: publish it with a besluitenlijst, and
 * anyone can later recompute `chainHead(db, { atPosition })` and compare.
 */
export const chainHead = async (db: SqlExecutor, options: { atPosition?: number } = {}): Promise<ChainHead> => {
  const position = options.atPosition ?? (await safeHead(db));
  const { rows } = await db.query<{ stream_id: string; version: number | string; hash: string }>(
    `SELECT DISTINCT ON (stream_id) stream_id, version, hash FROM events
     WHERE global_position <= $1 ORDER BY stream_id, version DESC`,
    [position],
  );
  // Sorted here rather than in SQL, so the database collation cannot change the value.
  const heads = rows
    .map((row) => [row.stream_id, Number(row.version), row.hash] as const)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const hash = createHash('sha256').update(canonicalJson({ position, heads })).digest('hex');
  return { hash, position, streams: heads.length };
};
