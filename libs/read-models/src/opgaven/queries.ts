import { SqlExecutor } from '../../../database/src';
import { berekenVoortgang, Beleidsdomein, DoelEenheid, Motivering, OpgaveThema, Plaatsing, Voortgang } from '../../../domain/src/opgaven';
import { IsoDate, Schaalniveau, SCHAALNIVEAUS } from '../../../domain/src/shared';
import { GEMEENTEN, SubregioCode, SUBREGIOS } from '../../../reference-data/src';

export interface OpgaveKort {
  opgaveId: string;
  kaderId: string;
  titel: string;
  thema: OpgaveThema;
  beleidsdomeinen: Beleidsdomein[];
  plaatsing: Plaatsing;
}

export interface OpgaveDetail extends OpgaveKort {
  omschrijving: string;
  motivering?: Motivering;
  doel?: { omschrijving: string; eenheden: DoelEenheid[]; streefdatum?: IsoDate; gesteldOp: string };
  vastgelegdOp: string;
}

export interface OpgavenMatrix {
  kaderId: string;
  regionaal: OpgaveKort[];
  subregionaal: Array<{ subregio: SubregioCode; naam: string; opgaven: OpgaveKort[] }>;
  /** All 13 gemeenten, also those without local opgaven; a shared opgave shows under each holder. */
  lokaal: Array<{ gemeente: string; naam: string; subregio: SubregioCode; opgaven: OpgaveKort[] }>;
}

export interface GedeeldeOpgave extends OpgaveKort {
  /** The other gemeenten this opgave is shared with. */
  samenMet: string[];
}

/** "What is ours, what do we share, with whom." */
export interface GemeenteOpgaven {
  gemeente: string;
  naam: string;
  subregio: SubregioCode;
  /** Local opgaven the gemeente holds alone. */
  eigen: OpgaveKort[];
  /** Local opgaven held together with other gemeenten. */
  gedeeldLokaal: GedeeldeOpgave[];
  /** Opgaven of its subregio, shared with the other gemeenten there. */
  subregionaal: GedeeldeOpgave[];
  /** Opgaven of the whole region. */
  regionaal: OpgaveKort[];
}

export interface OpgavenTelling {
  kaderId: string;
  totaal: number;
  perSchaalniveau: Record<Schaalniveau, number>;
  perThema: Array<{ thema: OpgaveThema; totaal: number } & Record<Schaalniveau, number>>;
}

export interface PlaatsingInHistorie {
  soort: 'vastgelegd' | 'verplaatst';
  plaatsing: Plaatsing;
  motivering?: Motivering;
  reden?: string;
  op: string;
  door?: { id: string; role: string };
}

interface OpgaveRow {
  opgave_id: string;
  kader_id: string;
  titel: string;
  omschrijving: string;
  thema: OpgaveThema;
  beleidsdomeinen: Beleidsdomein[] | string;
  schaalniveau: Schaalniveau;
  gemeenten: string[] | string;
  subregio: SubregioCode | null;
  motivering: Motivering | string | null;
  doel: OpgaveDetail['doel'] | string | null;
  vastgelegd_op: string;
}

const parsed = <T>(value: T | string): T => (typeof value === 'string' ? JSON.parse(value) : value);
const toPlaatsing = (r: { schaalniveau: Schaalniveau; gemeenten: string[] | string; subregio: SubregioCode | null }): Plaatsing => ({
  schaalniveau: r.schaalniveau,
  gemeenten: parsed(r.gemeenten),
  ...(r.subregio ? { subregio: r.subregio } : {}),
});
const toKort = (r: OpgaveRow): OpgaveKort => ({
  opgaveId: r.opgave_id,
  kaderId: r.kader_id,
  titel: r.titel,
  thema: r.thema,
  beleidsdomeinen: parsed(r.beleidsdomeinen),
  plaatsing: toPlaatsing(r),
});

export interface OpgaveFilter {
  kaderId?: string;
  schaalniveau?: Schaalniveau;
  thema?: OpgaveThema;
  /** Opgaven this gemeente holds or shares (lokaal with it, subregionaal of its subregio, regionaal). */
  gemeente?: string;
}

export async function listOpgaven(db: SqlExecutor, filter: OpgaveFilter = {}): Promise<OpgaveKort[]> {
  const subregio = filter.gemeente ? GEMEENTEN.find((g) => g.code === filter.gemeente)?.subregio ?? '-' : null;
  const { rows } = await db.query<OpgaveRow>(
    `SELECT * FROM opgaven_opgaven
     WHERE ($1::text IS NULL OR kader_id = $1) AND ($2::text IS NULL OR schaalniveau = $2) AND ($3::text IS NULL OR thema = $3)
       AND ($4::text IS NULL OR schaalniveau = 'regionaal' OR subregio = $5 OR gemeenten ? $4)
     ORDER BY titel, opgave_id`,
    [filter.kaderId ?? null, filter.schaalniveau ?? null, filter.thema ?? null, filter.gemeente ?? null, subregio],
  );
  return rows.map(toKort);
}

export async function getOpgave(db: SqlExecutor, opgaveId: string): Promise<OpgaveDetail | undefined> {
  const { rows } = await db.query<OpgaveRow>('SELECT * FROM opgaven_opgaven WHERE opgave_id = $1', [opgaveId]);
  const r = rows[0];
  if (!r) return undefined;
  return {
    ...toKort(r),
    omschrijving: r.omschrijving,
    ...(r.motivering ? { motivering: parsed(r.motivering) } : {}),
    ...(r.doel ? { doel: parsed(r.doel) } : {}),
    vastgelegdOp: r.vastgelegd_op,
  };
}

/** Opgaven by level and holder: the region, each of the 3 subregio's, each of the 13 gemeenten. */
export async function opgavenMatrix(db: SqlExecutor, kaderId: string): Promise<OpgavenMatrix> {
  const opgaven = await listOpgaven(db, { kaderId });
  return {
    kaderId,
    regionaal: opgaven.filter((o) => o.plaatsing.schaalniveau === 'regionaal'),
    subregionaal: SUBREGIOS.map((s) => ({
      subregio: s.code,
      naam: s.naam,
      opgaven: opgaven.filter((o) => o.plaatsing.schaalniveau === 'subregionaal' && o.plaatsing.subregio === s.code),
    })),
    lokaal: GEMEENTEN.map((g) => ({
      gemeente: g.code,
      naam: g.naam,
      subregio: g.subregio,
      opgaven: opgaven.filter((o) => o.plaatsing.schaalniveau === 'lokaal' && o.plaatsing.gemeenten.includes(g.code)),
    })),
  };
}

/** One gemeente's view; undefined for a code that is not a gemeente of the region. */
export async function gemeenteOpgaven(db: SqlExecutor, kaderId: string, gemeente: string): Promise<GemeenteOpgaven | undefined> {
  const g = GEMEENTEN.find((x) => x.code === gemeente);
  if (!g) return undefined;
  const opgaven = await listOpgaven(db, { kaderId, gemeente });
  const lokaal = opgaven.filter((o) => o.plaatsing.schaalniveau === 'lokaal');
  const anderen = (codes: readonly string[]) => codes.filter((c) => c !== gemeente);
  const buren = anderen(SUBREGIOS.find((s) => s.code === g.subregio)?.gemeenten ?? []);
  return {
    gemeente,
    naam: g.naam,
    subregio: g.subregio,
    eigen: lokaal.filter((o) => o.plaatsing.gemeenten.length === 1),
    gedeeldLokaal: lokaal.filter((o) => o.plaatsing.gemeenten.length > 1).map((o) => ({ ...o, samenMet: anderen(o.plaatsing.gemeenten) })),
    subregionaal: opgaven.filter((o) => o.plaatsing.schaalniveau === 'subregionaal').map((o) => ({ ...o, samenMet: buren })),
    regionaal: opgaven.filter((o) => o.plaatsing.schaalniveau === 'regionaal'),
  };
}

export async function opgavenTelling(db: SqlExecutor, kaderId: string): Promise<OpgavenTelling> {
  const { rows } = await db.query<{ thema: OpgaveThema; schaalniveau: Schaalniveau; aantal: number | string }>(
    'SELECT thema, schaalniveau, count(*) AS aantal FROM opgaven_opgaven WHERE kader_id = $1 GROUP BY thema, schaalniveau ORDER BY thema',
    [kaderId],
  );
  const leeg = () => Object.fromEntries(SCHAALNIVEAUS.map((s) => [s, 0])) as Record<Schaalniveau, number>;
  const perSchaalniveau = leeg();
  const perThema = new Map<OpgaveThema, Record<Schaalniveau, number>>();
  for (const r of rows) {
    const aantal = Number(r.aantal);
    perSchaalniveau[r.schaalniveau] += aantal;
    const thema = perThema.get(r.thema) ?? leeg();
    thema[r.schaalniveau] += aantal;
    perThema.set(r.thema, thema);
  }
  return {
    kaderId,
    totaal: SCHAALNIVEAUS.reduce((n, s) => n + perSchaalniveau[s], 0),
    perSchaalniveau,
    perThema: [...perThema].map(([thema, telling]) => ({ thema, ...telling, totaal: SCHAALNIVEAUS.reduce((n, s) => n + telling[s], 0) })),
  };
}

/** Progress per gemeente, subregio and region; `peildatum` gives the state on a past date. */
export async function opgaveVoortgang(db: SqlExecutor, opgaveId: string, peildatum?: IsoDate): Promise<(Voortgang & { opgaveId: string }) | undefined> {
  const opgave = await getOpgave(db, opgaveId);
  if (!opgave) return undefined;
  const realisaties = await realisatiesVan(db, opgaveId);
  return { opgaveId, ...berekenVoortgang({ plaatsing: opgave.plaatsing, doel: opgave.doel?.eenheden, realisaties }, peildatum) };
}

/** A reported realisatie as it stands: withdrawn ones stay in the list, marked, with the reason. */
export interface GemeldeRealisatie {
  realisatieId: string;
  gemeente: string;
  subregio: string;
  datum: IsoDate;
  eenheden: DoelEenheid[];
  toelichting?: string;
  ingetrokken: boolean;
  redenIntrekking?: string;
}

/** The realisaties reported for an opgave, by date (the day it was realised), withdrawn ones included; undefined when the opgave is unknown. */
export async function gemeldeRealisaties(db: SqlExecutor, opgaveId: string): Promise<GemeldeRealisatie[] | undefined> {
  if (!(await getOpgave(db, opgaveId))) return undefined;
  return realisatiesVan(db, opgaveId);
}

/** The rows of opgaven_realisaties of one opgave, by date: what the progress is computed from and what the list shows. */
async function realisatiesVan(db: SqlExecutor, opgaveId: string): Promise<GemeldeRealisatie[]> {
  const { rows } = await db.query<{
    realisatie_id: string; gemeente: string; subregio: string; datum: IsoDate; eenheden: DoelEenheid[] | string;
    toelichting: string | null; ingetrokken: boolean; reden_intrekking: string | null;
  }>(`SELECT realisatie_id, gemeente, subregio, datum, eenheden, toelichting, ingetrokken, reden_intrekking
        FROM opgaven_realisaties WHERE opgave_id = $1 ORDER BY datum, gemeente, realisatie_id`, [opgaveId]);
  return rows.map((r) => ({
    realisatieId: r.realisatie_id,
    gemeente: r.gemeente,
    subregio: r.subregio,
    datum: r.datum,
    eenheden: parsed(r.eenheden),
    ...(r.toelichting ? { toelichting: r.toelichting } : {}),
    ingetrokken: r.ingetrokken,
    ...(r.reden_intrekking ? { redenIntrekking: r.reden_intrekking } : {}),
  }));
}

/** Every placement of an opgave, the first one included, oldest first. */
export async function plaatsingsHistorie(db: SqlExecutor, opgaveId: string): Promise<PlaatsingInHistorie[]> {
  const { rows } = await db.query<{
    soort: 'vastgelegd' | 'verplaatst';
    schaalniveau: Schaalniveau;
    gemeenten: string[] | string;
    subregio: SubregioCode | null;
    motivering: Motivering | string | null;
    reden: string | null;
    op: string;
    door: { id: string; role: string } | string | null;
  }>('SELECT * FROM opgaven_plaatsingen WHERE opgave_id = $1 ORDER BY global_position', [opgaveId]);
  return rows.map((r) => ({
    soort: r.soort,
    plaatsing: toPlaatsing(r),
    ...(r.motivering ? { motivering: parsed(r.motivering) } : {}),
    ...(r.reden ? { reden: r.reden } : {}),
    op: r.op,
    ...(r.door ? { door: parsed(r.door) } : {}),
  }));
}
