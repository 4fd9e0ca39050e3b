import { SqlExecutor } from '../../../database/src';
import { EventStore, StoredEvent } from '../../../event-store/src';
import {
  evolveKader, fasevoorwaarden, kaderStreamId, initialKaderState, Kader, KADER_EVENT_TYPES, KaderEvent, KaderState, lokaleVaststellingen, mijlpaalStatus,
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
export function evolveKaderStatus(doc: KaderStatusDoc, event: StoredEvent): KaderStatusDoc {
  const state = evolveKader(doc.state, { type: event.type, data: event.data } as KaderEvent);
  let faseGeschiedenis = doc.faseGeschiedenis;
  const stap = { op: event.occurredAt, vastgelegdOp: event.recordedAt, door: door(event) };
  if (event.type === 'KaderGestart') faseGeschiedenis = [{ fase: (state as Kader).fase, richting: 'start', ...stap }];
  if (event.type === 'FaseBetreden') faseGeschiedenis = [...faseGeschiedenis, { fase: (state as Kader).fase, richting: 'vooruit', ...stap, reden: (event.data as { toelichting?: string }).toelichting }];
  if (event.type === 'FaseTeruggezet') faseGeschiedenis = [...faseGeschiedenis, { fase: (state as Kader).fase, richting: 'terug', ...stap, reden: (event.data as { reden: string }).reden }];
  return { state, faseGeschiedenis, versie: event.version, positie: event.globalPosition, bijgewerktOp: event.recordedAt };
}

export const foldKaderStatus = (events: StoredEvent[]): KaderStatusDoc => events.reduce(evolveKaderStatus, emptyKaderStatus);

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
const SNAPSHOTS = 'rm_kader_status_snapshots';
/** Every this many versions the projection keeps the whole document, so time travel folds at most this many events. */
export const SNAPSHOT_EVERY = 500;

export const kaderStatusProjection: Projection = {
  name: 'kader-status',
  version: 2,
  eventTypes: KADER_EVENT_TYPES,
  async migrate(db) {
    await db.query(`CREATE TABLE IF NOT EXISTS ${TABLE} (
      kader_id text PRIMARY KEY, titel text NOT NULL, fase text NOT NULL, doc jsonb NOT NULL,
      versie integer NOT NULL, positie bigint NOT NULL, bijgewerkt_op timestamptz NOT NULL)`);
    await db.query(`CREATE TABLE IF NOT EXISTS ${SNAPSHOTS} (
      kader_id text NOT NULL, versie integer NOT NULL, positie bigint NOT NULL, vastgelegd_op timestamptz NOT NULL, doc jsonb NOT NULL,
      PRIMARY KEY (kader_id, versie))`);
  },
  async reset(db) {
    await db.query(`DROP TABLE IF EXISTS ${TABLE}`);
    await db.query(`DROP TABLE IF EXISTS ${SNAPSHOTS}`);
  },
  async apply(tx, events) {
    const ids = [...new Set(events.map((e) => (e.data as { kaderId: string }).kaderId))];
    const { rows } = await tx.query<{ kader_id: string; doc: KaderStatusDoc }>(`SELECT kader_id, doc FROM ${TABLE} WHERE kader_id = ANY($1)`, [ids]);
    const docs = new Map(rows.map((r) => [r.kader_id, r.doc]));
    for (const event of events) {
      const id = (event.data as { kaderId: string }).kaderId;
      const doc = evolveKaderStatus(docs.get(id) ?? emptyKaderStatus, event);
      docs.set(id, doc);
      if (event.version % SNAPSHOT_EVERY === 0) {
        await tx.query(`INSERT INTO ${SNAPSHOTS} (kader_id, versie, positie, vastgelegd_op, doc) VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING`,
          [id, doc.versie, doc.positie, doc.bijgewerktOp, JSON.stringify(doc)]);
      }
    }
    for (const [id, doc] of docs) {
      if (doc.state.status !== 'gestart') continue;
      await tx.query(
        `INSERT INTO ${TABLE} (kader_id, titel, fase, doc, versie, positie, bijgewerkt_op) VALUES ($1, $2, $3, $4, $5, $6, $7)
         ON CONFLICT (kader_id) DO UPDATE SET titel = $2, fase = $3, doc = $4, versie = $5, positie = $6, bijgewerkt_op = $7`,
        [id, doc.state.titel, doc.state.fase, JSON.stringify(doc), doc.versie, doc.positie, doc.bijgewerktOp]);
    }
  },
};

export async function getKaderStatus(db: SqlExecutor, kaderId: string): Promise<KaderStatusDoc | undefined> {
  const { rows } = await db.query<{ doc: KaderStatusDoc }>(`SELECT doc FROM ${TABLE} WHERE kader_id = $1`, [kaderId]);
  return rows[0]?.doc;
}

export async function listKaders(db: SqlExecutor, filter: { fase?: string } = {}) {
  const { rows } = await db.query<{ doc: KaderStatusDoc }>(
    `SELECT doc FROM ${TABLE} WHERE ($1::text IS NULL OR fase = $1) ORDER BY titel`, [filter.fase ?? null]);
  return rows.map((r) => r.doc);
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
  const { rows } = await db.query<{ doc: KaderStatusDoc }>(
    `SELECT doc FROM ${SNAPSHOTS} WHERE kader_id = $1 AND ($2::timestamptz IS NULL OR vastgelegd_op <= $2) AND ($3::bigint IS NULL OR positie <= $3)
     ORDER BY versie DESC LIMIT 1`,
    [kaderId, asOf.recordedUntil ?? null, asOf.maxPosition ?? null]);
  const start = rows[0]?.doc ?? emptyKaderStatus;
  const events = await store.readStream(kaderStreamId(kaderId), { ...asOf, from: start.versie + 1 });
  if (start.versie === 0 && events.length === 0) return undefined;
  return events.reduce(evolveKaderStatus, start);
}
