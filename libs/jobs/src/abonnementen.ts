import { SqlExecutor } from '../../database/src';
import { Abonnement } from '../../notifications/src';

export interface AbonnementRecord extends Abonnement {
  aangemaaktOp: string;
  aangemaaktDoor?: string;
}

const toRecord = (r: Record<string, any>): AbonnementRecord => ({
  id: r.id, callbackUrl: r.callback_url, auth: r.auth ?? undefined, signingSecret: r.signing_secret ?? undefined,
  kanalen: r.kanalen, aangemaaktOp: new Date(r.aangemaakt_op).toISOString(), aangemaaktDoor: r.aangemaakt_door ?? undefined,
});

export async function createAbonnement(db: SqlExecutor, abonnement: AbonnementRecord): Promise<AbonnementRecord> {
  await db.query(
    'INSERT INTO abonnementen (id, callback_url, auth, signing_secret, kanalen, aangemaakt_op, aangemaakt_door) VALUES ($1,$2,$3,$4,$5,$6,$7)',
    [abonnement.id, abonnement.callbackUrl, abonnement.auth ?? null, abonnement.signingSecret ?? null, JSON.stringify(abonnement.kanalen),
      abonnement.aangemaaktOp, abonnement.aangemaaktDoor ?? null]);
  return abonnement;
}

export async function getAbonnement(db: SqlExecutor, id: string): Promise<AbonnementRecord | undefined> {
  const { rows } = await db.query('SELECT * FROM abonnementen WHERE id = $1', [id]);
  return rows[0] ? toRecord(rows[0]) : undefined;
}

export async function listAbonnementen(db: SqlExecutor): Promise<AbonnementRecord[]> {
  const { rows } = await db.query('SELECT * FROM abonnementen ORDER BY aangemaakt_op, id');
  return rows.map(toRecord);
}

export async function deleteAbonnement(db: SqlExecutor, id: string): Promise<boolean> {
  const result = await db.query('DELETE FROM abonnementen WHERE id = $1', [id]);
  return (result.rowCount ?? 0) > 0;
}
