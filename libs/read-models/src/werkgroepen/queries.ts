import { SqlExecutor } from '../../../database/src';
import { actiepuntWeergaveStatus, ActiepuntStatus, ActiepuntWeergaveStatus, Eigenaar, Lid, WerkgroepSoort } from '../../../domain/src/werkgroepen';
import { IsoDate } from '../../../domain/src/shared';

export interface WerkgroepOverzicht {
  werkgroepId: string;
  kaderId: string;
  soort: WerkgroepSoort;
  naam: string;
  opdracht: string;
  startdatum: IsoDate;
  einddatum?: IsoDate;
  status: 'actief' | 'opgeheven';
  opgehevenOp?: IsoDate;
  redenOpheffing?: string;
  aantalLeden: number;
  openActiepunten: number;
}

export interface WerkgroepDetail extends WerkgroepOverzicht {
  leden: Lid[];
}

export interface ActiepuntRegel {
  actiepuntId: string;
  werkgroepId: string;
  kaderId: string;
  omschrijving: string;
  eigenaar: Eigenaar;
  deadline: IsoDate;
  oorspronkelijkeDeadline: IsoDate;
  /** open, te-laat (derived from `vandaag`), gereed or vervallen. */
  status: ActiepuntWeergaveStatus;
  vergaderingId?: string;
  aangemaaktOp: string;
  afgeslotenOp?: string;
  reden?: string;
  keerVerschoven: number;
  keerToegewezen: number;
}

interface WerkgroepRow {
  werkgroep_id: string;
  kader_id: string;
  soort: WerkgroepSoort;
  naam: string;
  opdracht: string;
  startdatum: string;
  einddatum: string | null;
  status: 'actief' | 'opgeheven';
  opgeheven_op: string | null;
  reden_opheffing: string | null;
  aantal_leden: number | string;
  open_actiepunten: number | string;
}

const WERKGROEP_SELECT = `
  SELECT w.*,
    (SELECT count(*) FROM werkgroepen_leden l WHERE l.werkgroep_id = w.werkgroep_id) AS aantal_leden,
    (SELECT count(*) FROM werkgroepen_actiepunten a WHERE a.werkgroep_id = w.werkgroep_id AND a.status = 'open') AS open_actiepunten
  FROM werkgroepen_werkgroepen w`;

const toOverzicht = (r: WerkgroepRow): WerkgroepOverzicht => ({
  werkgroepId: r.werkgroep_id,
  kaderId: r.kader_id,
  soort: r.soort,
  naam: r.naam,
  opdracht: r.opdracht,
  startdatum: r.startdatum,
  ...(r.einddatum ? { einddatum: r.einddatum } : {}),
  status: r.status,
  ...(r.opgeheven_op ? { opgehevenOp: r.opgeheven_op, redenOpheffing: r.reden_opheffing ?? undefined } : {}),
  aantalLeden: Number(r.aantal_leden),
  openActiepunten: Number(r.open_actiepunten),
});

/** The projectgroep first, then werkgroepen by start date. */
export async function listWerkgroepen(db: SqlExecutor, filter: { kaderId?: string; status?: 'actief' | 'opgeheven' } = {}): Promise<WerkgroepOverzicht[]> {
  const { rows } = await db.query<WerkgroepRow>(
    `${WERKGROEP_SELECT}
     WHERE ($1::text IS NULL OR w.kader_id = $1) AND ($2::text IS NULL OR w.status = $2)
     ORDER BY (w.soort = 'projectgroep') DESC, w.startdatum, w.naam`,
    [filter.kaderId ?? null, filter.status ?? null],
  );
  return rows.map(toOverzicht);
}

export async function getWerkgroep(db: SqlExecutor, werkgroepId: string): Promise<WerkgroepDetail | undefined> {
  const { rows } = await db.query<WerkgroepRow>(`${WERKGROEP_SELECT} WHERE w.werkgroep_id = $1`, [werkgroepId]);
  if (!rows[0]) return undefined;
  const leden = await db.query<{ lid_id: string; rol: string; organisatie: string }>(
    'SELECT lid_id, rol, organisatie FROM werkgroepen_leden WHERE werkgroep_id = $1 ORDER BY organisatie, rol, lid_id',
    [werkgroepId],
  );
  return { ...toOverzicht(rows[0]), leden: leden.rows.map((l) => ({ lidId: l.lid_id, rol: l.rol, organisatie: l.organisatie })) };
}

interface ActiepuntRow {
  werkgroep_id: string;
  actiepunt_id: string;
  kader_id: string;
  omschrijving: string;
  eigenaar: Eigenaar | string;
  deadline: string;
  oorspronkelijke_deadline: string;
  status: ActiepuntStatus;
  vergadering_id: string | null;
  aangemaakt_op: string;
  afgesloten_op: string | null;
  reden: string | null;
  keer_verschoven: number;
  keer_toegewezen: number;
}

export interface ActiepuntFilter {
  /** Today (YYYY-MM-DD), from the caller's clock: decides what is te-laat. */
  vandaag: IsoDate;
  kaderId?: string;
  werkgroepId?: string;
  /** Only actiepunten of this member. */
  lidId?: string;
  status?: ActiepuntWeergaveStatus;
}

/** Actiepunten by deadline; `te-laat` is derived from `vandaag`, never stored. */
export async function listActiepunten(db: SqlExecutor, filter: ActiepuntFilter): Promise<ActiepuntRegel[]> {
  const stored: ActiepuntStatus | null = filter.status === 'te-laat' ? 'open' : (filter.status ?? null);
  const { rows } = await db.query<ActiepuntRow>(
    `SELECT * FROM werkgroepen_actiepunten
     WHERE ($1::text IS NULL OR kader_id = $1) AND ($2::text IS NULL OR werkgroep_id = $2)
       AND ($3::text IS NULL OR eigenaar->>'lidId' = $3) AND ($4::text IS NULL OR status = $4)
     ORDER BY deadline, aangemaakt_op, actiepunt_id`,
    [filter.kaderId ?? null, filter.werkgroepId ?? null, filter.lidId ?? null, stored],
  );
  return rows
    .map((r): ActiepuntRegel => ({
      actiepuntId: r.actiepunt_id,
      werkgroepId: r.werkgroep_id,
      kaderId: r.kader_id,
      omschrijving: r.omschrijving,
      eigenaar: typeof r.eigenaar === 'string' ? JSON.parse(r.eigenaar) : r.eigenaar,
      deadline: r.deadline,
      oorspronkelijkeDeadline: r.oorspronkelijke_deadline,
      status: actiepuntWeergaveStatus({ status: r.status, deadline: r.deadline }, filter.vandaag),
      ...(r.vergadering_id ? { vergaderingId: r.vergadering_id } : {}),
      aangemaaktOp: r.aangemaakt_op,
      ...(r.afgesloten_op ? { afgeslotenOp: r.afgesloten_op } : {}),
      ...(r.reden ? { reden: r.reden } : {}),
      keerVerschoven: Number(r.keer_verschoven),
      keerToegewezen: Number(r.keer_toegewezen),
    }))
    .filter((a) => !filter.status || a.status === filter.status);
}
