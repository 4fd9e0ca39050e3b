import { SqlExecutor } from '../../../../libs/database/src';

export interface VergaderingRij {
  vergaderingId: string;
  gremium: string;
  datum: string;
  titel: string;
  locatie?: string;
  vastgesteldOp?: string;
  publicerenUiterlijk?: string;
  gepubliceerdOp?: string;
}

const rij = (r: Record<string, unknown>): VergaderingRij => ({
  vergaderingId: r.vergadering_id as string,
  gremium: r.gremium as string,
  datum: r.datum as string,
  titel: r.titel as string,
  ...(r.locatie ? { locatie: r.locatie as string } : {}),
  ...(r.vastgesteld_op ? { vastgesteldOp: r.vastgesteld_op as string, publicerenUiterlijk: r.publiceren_uiterlijk as string } : {}),
  ...(r.gepubliceerd_op ? { gepubliceerdOp: r.gepubliceerd_op as string } : {}),
});

const COLUMNS = `g.vergadering_id, g.gremium, g.datum::text AS datum, g.titel, g.locatie, g.vastgesteld_op::text AS vastgesteld_op,
  g.publiceren_uiterlijk::text AS publiceren_uiterlijk, g.gepubliceerd_op::text AS gepubliceerd_op`;

/** Meetings from the besluiten read model, newest first. */
export async function listVergaderingen(db: SqlExecutor, filter: { gremium?: string; van?: string; tot?: string }): Promise<VergaderingRij[]> {
  const params: unknown[] = [];
  const where: string[] = [];
  const param = (v: unknown) => (params.push(v), `$${params.length}`);
  if (filter.gremium) where.push(`g.gremium = ${param(filter.gremium)}`);
  if (filter.van) where.push(`g.datum >= ${param(filter.van)}::date`);
  if (filter.tot) where.push(`g.datum <= ${param(filter.tot)}::date`);
  const { rows } = await db.query<Record<string, unknown>>(
    `SELECT ${COLUMNS} FROM besluiten_vergaderingen g ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY g.datum DESC, g.vergadering_id`,
    params,
  );
  return rows.map(rij);
}

export type PublicatieStatus = 'gepubliceerd' | 'te-publiceren' | 'te-laat' | 'te-laat-gepubliceerd';

/** Woo: every adopted besluitenlijst of a meeting that dealt with this kader, with what is due and overdue on `vandaag`. */
export async function publicatiesVoorKader(db: SqlExecutor, kaderId: string, vandaag: string) {
  const { rows } = await db.query<Record<string, unknown>>(
    `SELECT ${COLUMNS}, g.tijdig FROM besluiten_vergaderingen g
      WHERE g.vastgesteld_op IS NOT NULL
        AND EXISTS (SELECT 1 FROM besluiten_agendapunten a WHERE a.vergadering_id = g.vergadering_id AND a.kader_id = $1)
      ORDER BY g.publiceren_uiterlijk, g.vergadering_id`,
    [kaderId],
  );
  const publicaties = rows.map((r) => {
    const v = rij(r);
    const status: PublicatieStatus = v.gepubliceerdOp
      ? r.tijdig ? 'gepubliceerd' : 'te-laat-gepubliceerd'
      : vandaag > v.publicerenUiterlijk! ? 'te-laat' : 'te-publiceren';
    return { ...v, status, besluitenlijst: `/api/v1/vergaderingen/${v.vergaderingId}/besluitenlijst` };
  });
  return {
    kaderId,
    peildatum: vandaag,
    tePubliceren: publicaties.filter((p) => p.status === 'te-publiceren').length,
    teLaat: publicaties.filter((p) => p.status === 'te-laat').length,
    publicaties,
  };
}
