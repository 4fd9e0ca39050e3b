import { SqlExecutor } from '../../../database/src';
import { Amendement, DiWooMetadata, Stemming, Stemuitslag, Voorstel } from '../../../domain/src/besluitvorming';
import { BesluitOnderwerp, BesluitUitkomst } from '../../../domain/src/shared';

export type BesluitStatus = 'genomen' | 'gerectificeerd' | 'ingetrokken';

export interface BesluitSamenvatting {
  besluitId: string;
  vergaderingId: string;
  agendapuntId: string;
  agendapuntTitel: string;
  gremium: string;
  kaderId?: string;
  onderwerp: BesluitOnderwerp;
  uitkomst: BesluitUitkomst;
  besluittekst: string;
  toelichting?: string;
  /** The date the gremium took it. */
  datum: string;
  versie: number;
  status: BesluitStatus;
  /** When the clerk first recorded it. */
  vastgelegdOp: string;
  /** When its latest version was recorded. */
  laatstGewijzigdOp: string;
}

export interface BesluitVersie {
  versie: number;
  soort: 'origineel' | 'rectificatie' | 'intrekking';
  uitkomst: BesluitUitkomst;
  besluittekst: string;
  toelichting?: string;
  reden?: string;
  gewijzigd?: string[];
  door?: { id: string; role: string; displayName?: string };
  globalPosition: number;
  recordedAt: string;
  occurredAt: string;
}

export interface BesluitDetail extends BesluitSamenvatting {
  vergaderdatum: string;
  vergaderingTitel: string;
  amendementen: Amendement[];
  stemming?: Stemming & { uitslag: Stemuitslag };
  versies: BesluitVersie[];
}

export interface BesluitenFilter {
  kaderId?: string;
  gremium?: string;
  uitkomst?: BesluitUitkomst;
  /** Decided on or after / on or before (YYYY-MM-DD). */
  datumVan?: string;
  datumTot?: string;
  /** First recorded from / until (date or instant; a date until means the whole day). */
  vastgelegdVan?: string;
  vastgelegdTot?: string;
  /** Words in the agendapunt title or the besluittekst. */
  zoek?: string;
  /** Decided, rectified or withdrawn since this date or instant. */
  sinds?: string;
  /** The list as it was recorded by this instant (a date means the end of that day). */
  bekendOp?: string;
  pagina?: number;
  paginaGrootte?: number;
}

export interface Pagina<T> {
  items: T[];
  totaal: number;
  pagina: number;
  paginaGrootte: number;
  aantalPaginas: number;
}

const isIsoDate = (value: string) => /^\d{4}-\d{2}-\d{2}$/.test(value);
const volgendeDag = (date: string) => new Date(Date.parse(`${date}T00:00:00.000Z`) + 86_400_000).toISOString().slice(0, 10);
const van = (value: string) => (isIsoDate(value) ? `${value}T00:00:00.000Z` : value);
/** Exclusive upper bound: a date covers its whole day. */
const totExclusief = (value: string) => (isIsoDate(value) ? `${volgendeDag(value)}T00:00:00.000Z` : undefined);

const STATUS: Record<string, BesluitStatus> = { origineel: 'genomen', rectificatie: 'gerectificeerd', intrekking: 'ingetrokken' };

/** The state of every besluit known by `bekendOp` (or now): its latest version recorded by then. */
function standSql(params: unknown[], bekendOp?: string): string {
  let grens = '';
  if (bekendOp) {
    const exclusief = totExclusief(bekendOp);
    params.push(exclusief ?? bekendOp);
    grens = `WHERE v.recorded_at ${exclusief ? '<' : '<='} $${params.length}::timestamptz`;
  }
  return `
    SELECT DISTINCT ON (v.besluit_id) v.besluit_id, v.versie, v.soort, v.uitkomst, v.besluittekst, v.toelichting, v.recorded_at AS laatst_gewijzigd_op
      FROM besluiten_versies v ${grens}
     ORDER BY v.besluit_id, v.versie DESC`;
}

const SELECT_BESLUIT = `
  b.besluit_id, b.vergadering_id, b.agendapunt_id, a.titel AS agendapunt_titel, b.gremium, b.kader_id, b.onderwerp,
  s.uitkomst, s.besluittekst, s.toelichting, b.datum::text AS datum, s.versie, s.soort, b.vastgelegd_op, s.laatst_gewijzigd_op`;

const FROM_BESLUIT = (stand: string) => `
  FROM besluiten_besluiten b
  JOIN (${stand}) s ON s.besluit_id = b.besluit_id
  JOIN besluiten_agendapunten a ON a.vergadering_id = b.vergadering_id AND a.agendapunt_id = b.agendapunt_id`;

type BesluitRij = Record<string, unknown>;

const samenvatting = (r: BesluitRij): BesluitSamenvatting => ({
  besluitId: r.besluit_id as string,
  vergaderingId: r.vergadering_id as string,
  agendapuntId: r.agendapunt_id as string,
  agendapuntTitel: r.agendapunt_titel as string,
  gremium: r.gremium as string,
  ...(r.kader_id ? { kaderId: r.kader_id as string } : {}),
  onderwerp: r.onderwerp as BesluitOnderwerp,
  uitkomst: r.uitkomst as BesluitUitkomst,
  besluittekst: r.besluittekst as string,
  ...(r.toelichting !== null && r.toelichting !== undefined ? { toelichting: r.toelichting as string } : {}),
  datum: r.datum as string,
  versie: Number(r.versie),
  status: STATUS[r.soort as string],
  vastgelegdOp: r.vastgelegd_op as string,
  laatstGewijzigdOp: r.laatst_gewijzigd_op as string,
});

/** Besluiten, newest decided first, with the total count for paging. */
export async function listBesluiten(db: SqlExecutor, filter: BesluitenFilter = {}): Promise<Pagina<BesluitSamenvatting>> {
  const params: unknown[] = [];
  const stand = standSql(params, filter.bekendOp);
  const where: string[] = [];
  const param = (value: unknown) => {
    params.push(value);
    return `$${params.length}`;
  };
  if (filter.kaderId) where.push(`b.kader_id = ${param(filter.kaderId)}`);
  if (filter.gremium) where.push(`b.gremium = ${param(filter.gremium)}`);
  if (filter.uitkomst) where.push(`s.uitkomst = ${param(filter.uitkomst)}`);
  if (filter.datumVan) where.push(`b.datum >= ${param(filter.datumVan)}::date`);
  if (filter.datumTot) where.push(`b.datum <= ${param(filter.datumTot)}::date`);
  if (filter.vastgelegdVan) where.push(`b.vastgelegd_op >= ${param(van(filter.vastgelegdVan))}::timestamptz`);
  if (filter.vastgelegdTot) {
    const exclusief = totExclusief(filter.vastgelegdTot);
    where.push(`b.vastgelegd_op ${exclusief ? '<' : '<='} ${param(exclusief ?? filter.vastgelegdTot)}::timestamptz`);
  }
  if (filter.zoek?.trim()) {
    const zoek = filter.zoek.trim();
    const tekst = `coalesce(a.titel, '') || ' ' || s.besluittekst`;
    const like = param(`%${zoek.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
    where.push(`(to_tsvector('dutch', ${tekst}) @@ plainto_tsquery('dutch', ${param(zoek)}) OR ${tekst} ILIKE ${like})`);
  }
  if (filter.sinds) {
    // Versions up to the one shown, so `bekendOp` also bounds what counts as changed.
    where.push(`(b.datum >= ${param(filter.sinds.slice(0, 10))}::date OR EXISTS (
      SELECT 1 FROM besluiten_versies v WHERE v.besluit_id = b.besluit_id AND v.versie <= s.versie AND v.recorded_at >= ${param(van(filter.sinds))}::timestamptz))`);
  }
  const whereSql = where.length ? `WHERE ${where.join(' AND ')}` : '';
  const paginaGrootte = Math.min(Math.max(Math.trunc(filter.paginaGrootte ?? 20), 1), 100);
  const pagina = Math.max(Math.trunc(filter.pagina ?? 1), 1);

  const [{ rows: telling }, { rows }] = [
    await db.query<{ totaal: number | string }>(`SELECT count(*) AS totaal ${FROM_BESLUIT(stand)} ${whereSql}`, params),
    await db.query<BesluitRij>(
      `SELECT ${SELECT_BESLUIT} ${FROM_BESLUIT(stand)} ${whereSql}
        ORDER BY b.datum DESC, b.vastgelegd_op DESC, b.besluit_id
        LIMIT ${paginaGrootte} OFFSET ${(pagina - 1) * paginaGrootte}`,
      params,
    ),
  ];
  const totaal = Number(telling[0]?.totaal ?? 0);
  return { items: rows.map(samenvatting), totaal, pagina, paginaGrootte, aantalPaginas: Math.ceil(totaal / paginaGrootte) };
}

/** One besluit with every version, oldest first; `bekendOp` shows it as it was recorded then. */
export async function getBesluit(db: SqlExecutor, besluitId: string, opties: { bekendOp?: string } = {}): Promise<BesluitDetail | undefined> {
  const params: unknown[] = [];
  const stand = standSql(params, opties.bekendOp);
  params.push(besluitId);
  const { rows } = await db.query<BesluitRij>(
    `SELECT ${SELECT_BESLUIT}, b.amendementen, b.stemming, g.datum::text AS vergaderdatum, g.titel AS vergadering_titel
       ${FROM_BESLUIT(stand)}
       JOIN besluiten_vergaderingen g ON g.vergadering_id = b.vergadering_id
      WHERE b.besluit_id = $${params.length}`,
    params,
  );
  const r = rows[0];
  if (!r) return undefined;
  const versieParams: unknown[] = [besluitId];
  let grens = '';
  if (opties.bekendOp) {
    const exclusief = totExclusief(opties.bekendOp);
    versieParams.push(exclusief ?? opties.bekendOp);
    grens = `AND recorded_at ${exclusief ? '<' : '<='} $2::timestamptz`;
  }
  const { rows: versies } = await db.query<BesluitRij>(
    `SELECT versie, soort, uitkomst, besluittekst, toelichting, reden, gewijzigd, door, global_position, recorded_at, occurred_at
       FROM besluiten_versies WHERE besluit_id = $1 ${grens} ORDER BY versie`,
    versieParams,
  );
  return {
    ...samenvatting(r),
    vergaderdatum: r.vergaderdatum as string,
    vergaderingTitel: r.vergadering_titel as string,
    amendementen: (r.amendementen as Amendement[]) ?? [],
    ...(r.stemming ? { stemming: r.stemming as BesluitDetail['stemming'] } : {}),
    versies: versies.map((v) => ({
      versie: Number(v.versie),
      soort: v.soort as BesluitVersie['soort'],
      uitkomst: v.uitkomst as BesluitUitkomst,
      besluittekst: v.besluittekst as string,
      ...(v.toelichting !== null ? { toelichting: v.toelichting as string } : {}),
      ...(v.reden !== null ? { reden: v.reden as string } : {}),
      ...(v.gewijzigd ? { gewijzigd: v.gewijzigd as string[] } : {}),
      ...(v.door ? { door: v.door as BesluitVersie['door'] } : {}),
      globalPosition: Number(v.global_position),
      recordedAt: v.recorded_at as string,
      occurredAt: v.occurred_at as string,
    })),
  };
}

export interface Besluitenlijst {
  vergaderingId: string;
  gremium: string;
  datum: string;
  titel: string;
  locatie?: string;
  vastgesteldOp?: string;
  publicerenUiterlijk?: string;
  publicatie?: { datum: string; url?: string; ketenkop?: string; tijdig: boolean; diwoo: DiWooMetadata };
  agendapunten: {
    agendapuntId: string;
    volgnummer: number;
    titel: string;
    kaderId?: string;
    onderwerp: BesluitOnderwerp;
    voorstel?: Voorstel;
    besluit?: Pick<BesluitSamenvatting, 'besluitId' | 'uitkomst' | 'besluittekst' | 'toelichting' | 'datum' | 'versie' | 'status'> & {
      amendementen: Amendement[];
      stemming?: BesluitDetail['stemming'];
    };
  }[];
}

/** The agenda of one meeting in order, each agendapunt with its current besluit. */
export async function besluitenlijst(db: SqlExecutor, vergaderingId: string): Promise<Besluitenlijst | undefined> {
  const { rows } = await db.query<BesluitRij>(
    `SELECT vergadering_id, gremium, datum::text AS datum, titel, locatie, vastgesteld_op::text AS vastgesteld_op,
            publiceren_uiterlijk::text AS publiceren_uiterlijk, gepubliceerd_op::text AS gepubliceerd_op, publicatie_url, ketenkop, tijdig, diwoo
       FROM besluiten_vergaderingen WHERE vergadering_id = $1`,
    [vergaderingId],
  );
  const g = rows[0];
  if (!g) return undefined;
  const { rows: punten } = await db.query<BesluitRij>(
    `SELECT a.agendapunt_id, a.volgnummer, a.titel, a.kader_id, a.onderwerp, a.voorstel,
            b.besluit_id, b.datum::text AS besluit_datum, b.amendementen, b.stemming, s.versie, s.soort, s.uitkomst, s.besluittekst, s.toelichting
       FROM besluiten_agendapunten a
       LEFT JOIN besluiten_besluiten b ON b.vergadering_id = a.vergadering_id AND b.agendapunt_id = a.agendapunt_id
       LEFT JOIN (${standSql([])}) s ON s.besluit_id = b.besluit_id
      WHERE a.vergadering_id = $1
      ORDER BY a.volgnummer`,
    [vergaderingId],
  );
  return {
    vergaderingId: g.vergadering_id as string,
    gremium: g.gremium as string,
    datum: g.datum as string,
    titel: g.titel as string,
    ...(g.locatie ? { locatie: g.locatie as string } : {}),
    ...(g.vastgesteld_op ? { vastgesteldOp: g.vastgesteld_op as string, publicerenUiterlijk: g.publiceren_uiterlijk as string } : {}),
    ...(g.gepubliceerd_op
      ? {
          publicatie: {
            datum: g.gepubliceerd_op as string,
            ...(g.publicatie_url ? { url: g.publicatie_url as string } : {}),
            ...(g.ketenkop ? { ketenkop: g.ketenkop as string } : {}),
            tijdig: Boolean(g.tijdig),
            diwoo: g.diwoo as DiWooMetadata,
          },
        }
      : {}),
    agendapunten: punten.map((p) => ({
      agendapuntId: p.agendapunt_id as string,
      volgnummer: Number(p.volgnummer),
      titel: p.titel as string,
      ...(p.kader_id ? { kaderId: p.kader_id as string } : {}),
      onderwerp: p.onderwerp as BesluitOnderwerp,
      ...(p.voorstel ? { voorstel: p.voorstel as Voorstel } : {}),
      ...(p.besluit_id
        ? {
            besluit: {
              besluitId: p.besluit_id as string,
              uitkomst: p.uitkomst as BesluitUitkomst,
              besluittekst: p.besluittekst as string,
              ...(p.toelichting !== null ? { toelichting: p.toelichting as string } : {}),
              datum: p.besluit_datum as string,
              versie: Number(p.versie),
              status: STATUS[p.soort as string],
              amendementen: (p.amendementen as Amendement[]) ?? [],
              ...(p.stemming ? { stemming: p.stemming as BesluitDetail['stemming'] } : {}),
            },
          }
        : {}),
    })),
  };
}
