import { randomUUID } from 'node:crypto';
import { PREPARED, SqlExecutor, tableExists } from '../../../database/src';
import { EventStore, StoredEvent } from '../../../event-store/src';
import {
  Draft, evolveKaderIn, fasevoorwaarden, kaderStreamId, initialKaderState, Kader, KADER_EVENT_TYPES, KaderEvent, KaderState, lokaleVaststellingen, Mijlpaal, MIJLPAAL_EVENT_TYPES, mijlpaalStatus,
} from '../../../domain/src/kader';
import { FASEN, Fase, IsoDate } from '../../../domain/src/shared';
import { GEMEENTEN, SUBREGIOS, gemeenteNaam } from '../../../reference-data/src';
import { Projection } from '../projection';

/** One step of the phase history, with who moved it and when (recorded and in the world). */
export interface FaseStap {
  fase: Fase;
  richting: 'start' | 'vooruit' | 'terug';
  op: string;
  vastgelegdOp: string;
  door: { id: string; rol: string; organisatie?: string; weergave?: string };
  reden?: string;
}

/** The stored document: the domain's own state plus what only the envelopes know. */
export interface KaderStatusDoc {
  state: KaderState;
  faseGeschiedenis: FaseStap[];
  versie: number;
  positie: number;
  bijgewerktOp: string;
}

export const emptyKaderStatus: KaderStatusDoc = { state: initialKaderState, faseGeschiedenis: [], versie: 0, positie: 0, bijgewerktOp: '' };

const door = (e: StoredEvent): FaseStap['door'] => ({
  id: e.metadata.actor.id, rol: e.metadata.actor.role, organisatie: e.metadata.actor.organisation, weergave: e.metadata.actor.displayName,
});

/** Pure: used by the projector for the stored rows and by time travel for a past state. */
export const evolveKaderStatus = (doc: KaderStatusDoc, event: StoredEvent): KaderStatusDoc => evolveKaderStatusIn(new Draft(), doc, event);

/** evolveKaderStatus on a working copy (see Draft): a fold copies each record once, not once per event. */
function evolveKaderStatusIn(draft: Draft, doc: KaderStatusDoc, event: StoredEvent): KaderStatusDoc {
  const state = evolveKaderIn(draft, doc.state, { type: event.type, data: event.data } as KaderEvent);
  let faseGeschiedenis = doc.faseGeschiedenis;
  const stap = { op: event.occurredAt, vastgelegdOp: event.recordedAt, door: door(event) };
  if (event.type === 'KaderGestart') faseGeschiedenis = draft.fresh([{ fase: (state as Kader).fase, richting: 'start', ...stap }]);
  if (event.type === 'FaseBetreden') (faseGeschiedenis = draft.own(faseGeschiedenis)).push({ fase: (state as Kader).fase, richting: 'vooruit', ...stap, reden: (event.data as { toelichting?: string }).toelichting });
  if (event.type === 'FaseTeruggezet') (faseGeschiedenis = draft.own(faseGeschiedenis)).push({ fase: (state as Kader).fase, richting: 'terug', ...stap, reden: (event.data as { reden: string }).reden });
  return { state, faseGeschiedenis, versie: event.version, positie: event.globalPosition, bijgewerktOp: event.recordedAt };
}

/** The events of one kader folded onto `from`; the same as reducing with evolveKaderStatus, without a copy of every record per event. */
export function foldKaderStatus(events: StoredEvent[], from: KaderStatusDoc = emptyKaderStatus): KaderStatusDoc {
  const draft = new Draft();
  let doc = from;
  for (const event of events) doc = evolveKaderStatusIn(draft, doc, event);
  return doc;
}

/** What the API shows: derived values (te laat, next mijlpaal, what blocks the next fase) computed for `today`. */
export function presentKaderStatus(doc: KaderStatusDoc, today: IsoDate) {
  const k = doc.state as Kader;
  const mijlpalen = Object.values(k.mijlpalen)
    .map((m) => ({ ...m, status: mijlpaalStatus(m, today) }))
    .sort((a, b) => a.deadline.localeCompare(b.deadline) || a.titel.localeCompare(b.titel));
  const volgende = mijlpalen.find((m) => m.status === 'gepland' || m.status === 'te-laat');
  const index = FASEN.indexOf(k.fase);
  const volgendeFase = FASEN[index + 1];
  const vaststellingen = lokaleVaststellingen(k);
  const perGemeente = new Map(vaststellingen.map((v) => [v.gemeente, v]));
  const vastgesteldDoor = new Set(vaststellingen.filter((v) => !v.ingetrokken && (v.uitkomst === 'vastgesteld' || v.uitkomst === 'gewijzigd-vastgesteld')).map((v) => v.gemeente));
  return {
    kaderId: k.kaderId,
    titel: k.titel,
    periode: k.periode,
    opdrachtgever: k.opdrachtgever,
    projectleiderId: k.projectleiderId ?? null,
    fase: k.fase,
    volgendeFase: volgendeFase ?? null,
    blokkades: volgendeFase ? fasevoorwaarden(k, volgendeFase) : [],
    faseGeschiedenis: doc.faseGeschiedenis,
    mijlpalen,
    volgendeMijlpaal: volgende ?? null,
    teLaat: mijlpalen.filter((m) => m.status === 'te-laat').length,
    besluiten: Object.values(k.besluiten),
    lokaleVaststelling: {
      regel: k.vaststellingsregel,
      vastgesteld: vastgesteldDoor.size,
      perGemeente: GEMEENTEN.map((g) => ({ gemeente: g.code, naam: gemeenteNaam(g.code), subregio: g.subregio, vaststelling: perGemeente.get(g.code) ?? null })),
      perSubregio: SUBREGIOS.map((s) => ({ subregio: s.code, naam: s.naam, vastgesteld: s.gemeenten.filter((g) => vastgesteldDoor.has(g)).length, totaal: s.gemeenten.length })),
    },
    versie: doc.versie,
    positie: doc.positie,
    bijgewerktOp: doc.bijgewerktOp,
  };
}
export type KaderStatusView = ReturnType<typeof presentKaderStatus>;

const TABLE = 'rm_kader_status';
/** The mijlpalen of each kader, one row each: an event rewrites the one it changes, not the kader's whole document. */
const MIJLPALEN = 'rm_kader_mijlpalen';
const SNAPSHOTS = 'rm_kader_status_snapshots';
/** Every this many versions the projection keeps the whole document, so time travel folds at most this many events. */
export const SNAPSHOT_EVERY = 500;

/**
 * The doc this process last wrote per kader, with the id of that write and the Draft that made it.
 * When the row still carries that id the next batch goes on from this copy instead of reading and
 * parsing the doc again, and with the same Draft, so the kader's records (its mijlpalen) are changed
 * in place instead of copied once per batch. A write that was rolled back left the row's older id,
 * and another process or database never has this id: then the row is read.
 */
interface Written {
  writeId: string;
  doc: KaderStatusDoc;
  draft: Draft;
  /** How many mijlpalen the doc has, where known (the place of the next one planned). */
  mijlpalen?: number;
}
const written = new Map<string, Written>();
const WRITTEN_MAX = 2000;

function remember(kaderId: string, entry: Written): void {
  written.delete(kaderId);
  written.set(kaderId, entry);
  if (written.size > WRITTEN_MAX) written.delete(written.keys().next().value as string);
}

/**
 * The kader row's doc holds every part of the status but the mijlpalen, which come from their own rows, in
 * the order they were planned, and but its version, which comes from the row's columns: a batch of only
 * mijlpaal events moves those and leaves the doc as it was.
 */
const SELECT_DOC = `SELECT s.kader_id, s.doc, s.versie, s.positie, s.bijgewerkt_op,
    (SELECT json_agg(m.doc ORDER BY m.volgorde) FROM ${MIJLPALEN} m WHERE m.kader_id = s.kader_id) AS mijlpalen
   FROM ${TABLE} s`;

interface DocRow {
  kader_id: string;
  doc: KaderStatusDoc;
  versie: number;
  positie: number;
  bijgewerkt_op: string;
  mijlpalen: Mijlpaal[] | null;
}

/**
 * The stored doc with its version from the row and its mijlpalen put back. No mijlpaal rows: the
 * doc's state is whole as it is (a kader without mijlpalen, or a row of version 3, which kept them
 * inside the doc).
 */
function assemble({ doc, mijlpalen, versie, positie, bijgewerkt_op }: DocRow): KaderStatusDoc {
  const current = { ...doc, versie, positie, bijgewerktOp: bijgewerkt_op };
  if (doc.state.status !== 'gestart' || mijlpalen === null) return current;
  const byId: Record<string, Mijlpaal> = {};
  for (const m of mijlpalen) byId[m.mijlpaalId] = m;
  return { ...current, state: { ...doc.state, mijlpalen: byId } };
}

/** Events that leave the kader row's doc as it was (its mijlpalen live in rows of their own). */
const MIJLPAAL_ONLY = new Set<string>(MIJLPAAL_EVENT_TYPES);

/**
 * Readers of a database whose mijlpalen have rows of their own. After an upgrade from version 3 the
 * api serves the old rows (mijlpalen inside the doc, no mijlpalen table) until the projector has
 * rebuilt them in a shadow schema and switched over; once the table is there it stays.
 */
const hasMijlpaalRows = new WeakSet<SqlExecutor>();

async function readDocs(db: SqlExecutor, where: string, params: unknown[]): Promise<KaderStatusDoc[]> {
  if (!hasMijlpaalRows.has(db)) {
    if (!(await tableExists(db, MIJLPALEN))) {
      const { rows: old } = await db.query<{ doc: KaderStatusDoc }>(`SELECT s.doc FROM ${TABLE} s ${where}`, params);
      return old.map((r) => r.doc);
    }
    hasMijlpaalRows.add(db);
  }
  const { rows } = await db.query<DocRow>(`${SELECT_DOC} ${where}`, params);
  return rows.map(assemble);
}

/** The kader row as stored: the doc without its mijlpalen. */
const kaderRowDoc = (doc: KaderStatusDoc): string =>
  JSON.stringify(doc.state.status === 'gestart' ? { ...doc, state: { ...doc.state, mijlpalen: {} } } : doc);

/**
 * The stored doc of each kader, to go on from. A doc this process wrote is taken out of `written`
 * with its Draft: the batch changes it in place, so until the batch's write is remembered again
 * (under a new write id) no other batch may start from it.
 */
async function storedDocs(tx: SqlExecutor, kaderIds: string[]): Promise<Map<string, Omit<Written, 'writeId'>>> {
  const { rows } = await tx.query<{ kader_id: string; write_id: string | null }>(`SELECT kader_id, write_id FROM ${TABLE} WHERE kader_id = ANY($1::text[])`, [kaderIds], PREPARED);
  const docs = new Map<string, Omit<Written, 'writeId'>>();
  const unknown: string[] = [];
  for (const row of rows) {
    const mine = written.get(row.kader_id);
    written.delete(row.kader_id);
    if (mine && mine.writeId === row.write_id) docs.set(row.kader_id, mine);
    else unknown.push(row.kader_id);
  }
  if (unknown.length) {
    const { rows: read } = await tx.query<DocRow>(`${SELECT_DOC} WHERE s.kader_id = ANY($1)`, [unknown]);
    for (const row of read) docs.set(row.kader_id, { doc: assemble(row), draft: new Draft() });
  }
  return docs;
}

/**
 * The mijlpaal rows a batch changed, as one JSON array of rows (at most one row per mijlpaal: a second would
 * make ON CONFLICT touch a row twice): one statement text whatever the number of rows, so it is prepared once
 * per connection instead of parsed and planned per batch, and one JSON.stringify makes its one parameter.
 */
const UPSERT_MIJLPALEN = `INSERT INTO ${MIJLPALEN} (kader_id, mijlpaal_id, volgorde, doc)
  SELECT * FROM json_to_recordset($1::json) AS m(kader_id text, mijlpaal_id text, volgorde integer, doc json)
  ON CONFLICT (kader_id, mijlpaal_id) DO UPDATE SET doc = excluded.doc`;

const ROWS_PER_INSERT = 1000;

/** A multi-row INSERT with one parameter per value, at most ROWS_PER_INSERT rows a statement. */
async function insertRows(tx: SqlExecutor, into: string, types: string[], rows: unknown[][], onConflict: string): Promise<void> {
  for (let start = 0; start < rows.length; start += ROWS_PER_INSERT) {
    const chunk = rows.slice(start, start + ROWS_PER_INSERT);
    const values = chunk.map((_, r) => `(${types.map((type, c) => `$${r * types.length + c + 1}::${type}`).join(', ')})`);
    await tx.query(`INSERT INTO ${into} VALUES ${values.join(', ')} ${onConflict}`, chunk.flat());
  }
}

export const kaderStatusProjection: Projection = {
  name: 'kader-status',
  version: 4,
  eventTypes: KADER_EVENT_TYPES,
  async migrate(db) {
    // The doc is only read whole: json keeps the text as sent (checked, not converted to a tree),
    // several times cheaper than jsonb to write and to read. lz4, where the server has it,
    // compresses several times faster than the default pglz.
    const { rows } = await db.query<{ lz4: boolean }>(`SELECT 'lz4' = ANY(enumvals) AS lz4 FROM pg_settings WHERE name = 'default_toast_compression'`);
    const doc = `doc json${rows[0]?.lz4 ? ' COMPRESSION lz4' : ''} NOT NULL`;
    await db.query(`CREATE TABLE IF NOT EXISTS ${TABLE} (
      kader_id text PRIMARY KEY, titel text NOT NULL, fase text NOT NULL, ${doc},
      versie integer NOT NULL, positie bigint NOT NULL, bijgewerkt_op timestamptz NOT NULL, write_id text NOT NULL)`);
    await db.query(`CREATE TABLE IF NOT EXISTS ${MIJLPALEN} (
      kader_id text NOT NULL, mijlpaal_id text NOT NULL, volgorde integer NOT NULL, doc json NOT NULL,
      PRIMARY KEY (kader_id, mijlpaal_id))`);
    await db.query(`CREATE TABLE IF NOT EXISTS ${SNAPSHOTS} (
      kader_id text NOT NULL, versie integer NOT NULL, positie bigint NOT NULL, vastgelegd_op timestamptz NOT NULL, ${doc},
      PRIMARY KEY (kader_id, versie))`);
  },
  async reset(db) {
    await db.query(`DROP TABLE IF EXISTS ${TABLE}`);
    await db.query(`DROP TABLE IF EXISTS ${MIJLPALEN}`);
    await db.query(`DROP TABLE IF EXISTS ${SNAPSHOTS}`);
  },
  async apply(tx, events) {
    const perKader = new Map<string, StoredEvent[]>();
    for (const event of events) {
      const id = (event.data as { kaderId: string }).kaderId;
      const stream = perKader.get(id);
      if (stream) stream.push(event);
      else perKader.set(id, [event]);
    }
    const stored = await storedDocs(tx, [...perKader.keys()]);
    const writeId = randomUUID();
    const rows: unknown[][] = [];
    // Kaders whose events in this batch all changed only mijlpalen: their row keeps its doc and gets the new version.
    const moved = { ids: [] as string[], versies: [] as number[], posities: [] as number[], op: [] as string[] };
    const snapshots: unknown[][] = [];
    const mijlpalen: Array<{ kader_id: string; mijlpaal_id: string; volgorde: number; doc: Mijlpaal }> = [];
    for (const [id, stream] of perKader) {
      const { doc: before, draft, mijlpalen: counted } = stored.get(id) ?? { doc: emptyKaderStatus, draft: new Draft() };
      let doc = before;
      // The mijlpalen this batch touched, with the place in the planned order of each new one (an existing row keeps its own: 0 is not written).
      const touched = new Map<string, number>();
      let count = counted;
      for (const event of stream) {
        const mijlpaalId = (event.data as { mijlpaalId?: unknown }).mijlpaalId;
        const first = typeof mijlpaalId === 'string' && !touched.has(mijlpaalId);
        const known = doc.state.status === 'gestart' ? doc.state.mijlpalen : undefined;
        const isNew = first && !(known && mijlpaalId in known);
        // No event removes a mijlpaal (a cancelled one stays, geannuleerd), so a new one goes after all that are there.
        if (isNew) count ??= known ? Object.keys(known).length : 0;
        doc = evolveKaderStatusIn(draft, doc, event);
        // Serialised now: the later events of this batch change the draft in place.
        if (event.version % SNAPSHOT_EVERY === 0) snapshots.push([id, doc.versie, doc.positie, doc.bijgewerktOp, JSON.stringify(doc)]);
        if (!first) continue;
        // An event about a mijlpaal the kader does not have changes nothing (evolve leaves it out).
        if (!isNew) touched.set(mijlpaalId as string, 0);
        else if (doc.state.status === 'gestart' && doc.state.mijlpalen[mijlpaalId as string]) touched.set(mijlpaalId as string, count!++);
      }
      if (doc.state.status === 'gestart') {
        if (stored.has(id) && stream.every((event) => MIJLPAAL_ONLY.has(event.type))) {
          moved.ids.push(id);
          moved.versies.push(doc.versie);
          moved.posities.push(doc.positie);
          moved.op.push(doc.bijgewerktOp);
        } else rows.push([id, doc.state.titel, doc.state.fase, kaderRowDoc(doc), doc.versie, doc.positie, doc.bijgewerktOp, writeId]);
        // Rows are only written, never deleted; an existing row keeps its place (only its doc is updated).
        for (const [mijlpaalId, volgorde] of touched) {
          const m = doc.state.mijlpalen[mijlpaalId];
          if (m) mijlpalen.push({ kader_id: id, mijlpaal_id: mijlpaalId, volgorde, doc: m });
        }
        remember(id, { writeId, doc, draft, mijlpalen: count });
      }
    }
    if (mijlpalen.length) await tx.query(UPSERT_MIJLPALEN, [JSON.stringify(mijlpalen)], PREPARED);
    await insertRows(tx, `${SNAPSHOTS} (kader_id, versie, positie, vastgelegd_op, doc)`, ['text', 'integer', 'bigint', 'timestamptz', 'json'], snapshots, 'ON CONFLICT DO NOTHING');
    await insertRows(tx, `${TABLE} (kader_id, titel, fase, doc, versie, positie, bijgewerkt_op, write_id)`,
      ['text', 'text', 'text', 'json', 'integer', 'bigint', 'timestamptz', 'text'], rows,
      `ON CONFLICT (kader_id) DO UPDATE SET titel = excluded.titel, fase = excluded.fase, doc = excluded.doc,
         versie = excluded.versie, positie = excluded.positie, bijgewerkt_op = excluded.bijgewerkt_op, write_id = excluded.write_id`);
    if (moved.ids.length) {
      await tx.query(
        `UPDATE ${TABLE} s SET versie = x.versie, positie = x.positie, bijgewerkt_op = x.bijgewerkt_op, write_id = $5
           FROM unnest($1::text[], $2::integer[], $3::bigint[], $4::timestamptz[]) AS x(kader_id, versie, positie, bijgewerkt_op)
          WHERE s.kader_id = x.kader_id`,
        [moved.ids, moved.versies, moved.posities, moved.op, writeId], PREPARED);
    }
  },
};

/**
 * What a kader's stored status was made from: the projection's version and the kader's stream
 * version. One indexed row; undefined when the kader is unknown. Callers reuse an answer made
 * from the same stamp (a rebuild with new logic bumps the projection's version).
 */
export async function kaderStatusStamp(db: SqlExecutor, kaderId: string): Promise<string | undefined> {
  const { rows } = await db.query<{ versie: number; version: number | null }>(
    `SELECT s.versie, c.version FROM ${TABLE} s
       LEFT JOIN projection_checkpoints c ON c.name = '${kaderStatusProjection.name}'
      WHERE s.kader_id = $1`,
    [kaderId]);
  return rows[0] ? `${rows[0].version ?? 0}:${rows[0].versie}` : undefined;
}

export async function getKaderStatus(db: SqlExecutor, kaderId: string): Promise<KaderStatusDoc | undefined> {
  return (await readDocs(db, 'WHERE s.kader_id = $1', [kaderId]))[0];
}

export async function listKaders(db: SqlExecutor, filter: { fase?: string } = {}) {
  return readDocs(db, 'WHERE ($1::text IS NULL OR s.fase = $1) ORDER BY s.titel', [filter.fase ?? null]);
}

/** The latest snapshot at or before `asOf` (kept every SNAPSHOT_EVERY versions), or the empty status. */
export async function latestKaderSnapshot(db: SqlExecutor, kaderId: string, asOf: { recordedUntil?: string; maxPosition?: number }): Promise<KaderStatusDoc> {
  const { rows } = await db.query<{ doc: KaderStatusDoc }>(
    `SELECT doc FROM ${SNAPSHOTS} WHERE kader_id = $1 AND ($2::timestamptz IS NULL OR vastgelegd_op <= $2) AND ($3::bigint IS NULL OR positie <= $3)
     ORDER BY versie DESC LIMIT 1`,
    [kaderId, asOf.recordedUntil ?? null, asOf.maxPosition ?? null]);
  return rows[0]?.doc ?? emptyKaderStatus;
}

/**
 * The kader as recorded up to a moment or position: the latest snapshot at or before it, then the
 * events after it folded with the same evolve. Undefined when nothing was recorded by then.
 */
export async function kaderStatusAsOf(
  db: SqlExecutor,
  store: Pick<EventStore, 'readStream'>,
  kaderId: string,
  asOf: { recordedUntil?: string; maxPosition?: number },
): Promise<KaderStatusDoc | undefined> {
  const start = await latestKaderSnapshot(db, kaderId, asOf);
  const events = await store.readStream(kaderStreamId(kaderId), { ...asOf, from: start.versie + 1 });
  if (start.versie === 0 && events.length === 0) return undefined;
  return foldKaderStatus(events, start);
}
