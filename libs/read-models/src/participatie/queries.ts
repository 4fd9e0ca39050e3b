import { SqlExecutor } from '../../../database/src';
import { InbrengBron, ParticipatieVorm, PartijType, TerugkoppelingUitkomst, TERUGKOPPELING_UITKOMSTEN, Verwerking } from '../../../domain/src/participatie';
import { Fase, FASEN, IsoDate } from '../../../domain/src/shared';

export interface InbrengTelling {
  inbreng: number;
  beantwoord: number;
  onbeantwoord: number;
  perUitkomst: Record<TerugkoppelingUitkomst, number>;
}

export interface PartijTelling extends InbrengTelling {
  partijType: PartijType;
}

export interface RondeOverzicht extends InbrengTelling {
  rondeId: string;
  kaderId: string;
  fase: Fase;
  doel: string;
  vorm: ParticipatieVorm;
  datum: IsoDate;
  genodigden: PartijType[];
  status: 'gepland' | 'gesloten';
  geslotenOp?: string;
  sluitreden?: string;
  /** How much came from whom, and how it was answered. */
  perPartijType: PartijTelling[];
  ervaringsdeskundigenBetrokken: boolean;
}

export interface FaseParticipatie {
  fase: Fase;
  rondes: number;
  ervaringsdeskundigenUitgenodigd: boolean;
  ervaringsdeskundigenInbreng: number;
  /** True when ervaringsdeskundigen gave input in a round of this phase. */
  ervaringsdeskundigenBetrokken: boolean;
}

export interface KaderParticipatieOverzicht extends InbrengTelling {
  kaderId: string;
  rondes: RondeOverzicht[];
  perPartijType: PartijTelling[];
  /** Every phase of the kader, in order, also those without rounds. */
  perFase: FaseParticipatie[];
}

export interface InbrengRegel {
  rondeId: string;
  inbrengId: string;
  kaderId: string;
  bron: InbrengBron;
  thema: string;
  tekst: string;
  ontvangenOp: string;
  terugkoppeling?: { uitkomst: TerugkoppelingUitkomst; reden: string; verwerking?: Verwerking; beantwoordOp: string };
}

interface RondeRow {
  ronde_id: string;
  kader_id: string;
  fase: Fase;
  doel: string;
  vorm: ParticipatieVorm;
  datum: string;
  genodigden: PartijType[] | string;
  status: 'gepland' | 'gesloten';
  gesloten_op: string | null;
  sluitreden: string | null;
}

interface InbrengRow {
  ronde_id: string;
  inbreng_id: string;
  kader_id: string;
  partij_type: PartijType;
  organisatie: string | null;
  thema: string;
  tekst: string;
  ontvangen_op: string;
  uitkomst: TerugkoppelingUitkomst | null;
  reden: string | null;
  opgave_id: string | null;
  kaderdeel: string | null;
  beantwoord_op: string | null;
}

const tel = (rows: InbrengRow[]): InbrengTelling => {
  const perUitkomst = Object.fromEntries(TERUGKOPPELING_UITKOMSTEN.map((u) => [u, rows.filter((r) => r.uitkomst === u).length])) as Record<TerugkoppelingUitkomst, number>;
  const beantwoord = rows.filter((r) => r.uitkomst).length;
  return { inbreng: rows.length, beantwoord, onbeantwoord: rows.length - beantwoord, perUitkomst };
};

const perPartij = (rows: InbrengRow[]): PartijTelling[] =>
  [...new Set(rows.map((r) => r.partij_type))].sort().map((partijType) => ({ partijType, ...tel(rows.filter((r) => r.partij_type === partijType)) }));

const toRonde = (r: RondeRow, inbreng: InbrengRow[]): RondeOverzicht => {
  const eigen = inbreng.filter((i) => i.ronde_id === r.ronde_id);
  return {
    rondeId: r.ronde_id,
    kaderId: r.kader_id,
    fase: r.fase,
    doel: r.doel,
    vorm: r.vorm,
    datum: r.datum,
    genodigden: typeof r.genodigden === 'string' ? JSON.parse(r.genodigden) : r.genodigden,
    status: r.status,
    ...(r.gesloten_op ? { geslotenOp: r.gesloten_op } : {}),
    ...(r.sluitreden ? { sluitreden: r.sluitreden } : {}),
    ...tel(eigen),
    perPartijType: perPartij(eigen),
    ervaringsdeskundigenBetrokken: eigen.some((i) => i.partij_type === 'ervaringsdeskundigen'),
  };
};

export async function participatierondeOverzicht(db: SqlExecutor, rondeId: string): Promise<RondeOverzicht | undefined> {
  const { rows } = await db.query<RondeRow>('SELECT * FROM participatie_rondes WHERE ronde_id = $1', [rondeId]);
  if (!rows[0]) return undefined;
  const inbreng = await db.query<InbrengRow>('SELECT * FROM participatie_inbreng WHERE ronde_id = $1', [rondeId]);
  return toRonde(rows[0], inbreng.rows);
}

/** Per kader: all rounds, input per kind of party and how it was answered, and ervaringsdeskundigen per phase. */
export async function participatieKaderOverzicht(db: SqlExecutor, kaderId: string): Promise<KaderParticipatieOverzicht> {
  const rondes = (await db.query<RondeRow>('SELECT * FROM participatie_rondes WHERE kader_id = $1 ORDER BY datum, ronde_id', [kaderId])).rows;
  const inbreng = (await db.query<InbrengRow>('SELECT * FROM participatie_inbreng WHERE kader_id = $1', [kaderId])).rows;
  const overzichten = rondes.map((r) => toRonde(r, inbreng));
  return {
    kaderId,
    ...tel(inbreng),
    rondes: overzichten,
    perPartijType: perPartij(inbreng),
    perFase: FASEN.map((fase) => {
      const inFase = overzichten.filter((r) => r.fase === fase);
      const ervaringsdeskundigenInbreng = inbreng.filter((i) => i.partij_type === 'ervaringsdeskundigen' && inFase.some((r) => r.rondeId === i.ronde_id)).length;
      return {
        fase,
        rondes: inFase.length,
        ervaringsdeskundigenUitgenodigd: inFase.some((r) => r.genodigden.includes('ervaringsdeskundigen')),
        ervaringsdeskundigenInbreng,
        ervaringsdeskundigenBetrokken: ervaringsdeskundigenInbreng > 0,
      };
    }),
  };
}

/** Contributions with their terugkoppeling; `beantwoord: false` lists what still needs an answer. */
export async function listInbreng(db: SqlExecutor, filter: { kaderId?: string; rondeId?: string; beantwoord?: boolean }): Promise<InbrengRegel[]> {
  const { rows } = await db.query<InbrengRow>(
    `SELECT * FROM participatie_inbreng
     WHERE ($1::text IS NULL OR kader_id = $1) AND ($2::text IS NULL OR ronde_id = $2)
       AND ($3::boolean IS NULL OR (uitkomst IS NOT NULL) = $3)
     ORDER BY ontvangen_op, ronde_id, inbreng_id`,
    [filter.kaderId ?? null, filter.rondeId ?? null, filter.beantwoord ?? null],
  );
  return rows.map((r) => ({
    rondeId: r.ronde_id,
    inbrengId: r.inbreng_id,
    kaderId: r.kader_id,
    bron: { partijType: r.partij_type, ...(r.organisatie ? { organisatie: r.organisatie } : {}) },
    thema: r.thema,
    tekst: r.tekst,
    ontvangenOp: r.ontvangen_op,
    ...(r.uitkomst
      ? {
          terugkoppeling: {
            uitkomst: r.uitkomst,
            reden: r.reden ?? '',
            ...(r.opgave_id || r.kaderdeel ? { verwerking: { ...(r.opgave_id ? { opgaveId: r.opgave_id } : {}), ...(r.kaderdeel ? { kaderdeel: r.kaderdeel } : {}) } } : {}),
            beantwoordOp: r.beantwoord_op ?? '',
          },
        }
      : {}),
  }));
}
