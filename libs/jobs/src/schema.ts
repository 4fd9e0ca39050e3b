import { SqlExecutor } from '../../database/src';

/** Tables of the worker side: its feed checkpoints, the deadline items it follows, webhooks. */
export const JOBS_SCHEMA = [
  `CREATE TABLE IF NOT EXISTS worker_checkpoints (
     name text PRIMARY KEY, position bigint NOT NULL DEFAULT 0, updated_at timestamptz NOT NULL DEFAULT now())`,
  `CREATE TABLE IF NOT EXISTS deadline_items (
     soort text NOT NULL, item_id text NOT NULL, kader_id text NOT NULL, titel text NOT NULL, eigenaar text,
     deadline text NOT NULL, status text NOT NULL, positie bigint NOT NULL, PRIMARY KEY (soort, item_id))`,
  `CREATE TABLE IF NOT EXISTS abonnementen (
     id uuid PRIMARY KEY, callback_url text NOT NULL, auth text, signing_secret text, kanalen jsonb NOT NULL,
     aangemaakt_op timestamptz NOT NULL, aangemaakt_door text)`,
  `CREATE TABLE IF NOT EXISTS afleveringen (
     id text PRIMARY KEY, abonnement_id uuid NOT NULL, event_id text NOT NULL, notificatie jsonb NOT NULL,
     status text NOT NULL, pogingen integer NOT NULL DEFAULT 0, http_status integer, laatste_fout text,
     aangemaakt_op timestamptz NOT NULL, bijgewerkt_op timestamptz NOT NULL)`,
  'CREATE INDEX IF NOT EXISTS afleveringen_per_abonnement ON afleveringen (abonnement_id, aangemaakt_op)',
];

export async function migrateJobs(db: SqlExecutor): Promise<void> {
  for (const statement of JOBS_SCHEMA) await db.query(statement);
}
