import { Database } from '../../database/src';
import { StoredEvent } from '../../event-store/src';
import { Abonnement, deliver, FetchLike, Kanaal, matches, Notificatie, notificatieFor, pinnedPost, ResolveHost, WebhookPolicy } from '../../notifications/src';
import { webhookFailures } from '../../runtime/src/metrics';
import { FeedBatch } from './feed';
import { JobContext, JobQueue, PermanentJobError } from './queue';

export interface AfleveringJobData {
  afleveringId: string;
  /** Of the request that caused the event, so logs connect api, projector and worker. */
  correlationId?: string;
}

export type AfleveringStatus = 'gepland' | 'afgeleverd' | 'nieuwe-poging' | 'opgegeven' | 'vervallen';

export interface Aflevering {
  id: string;
  abonnementId: string;
  eventId: string;
  notificatie: Notificatie;
  status: AfleveringStatus;
  pogingen: number;
  httpStatus: number | null;
  laatsteFout: string | null;
  aangemaaktOp: string;
  bijgewerktOp: string;
}

/** Reminders and escalations the worker recorded travel as notifications too. */
export function notificatieVoor(event: StoredEvent, baseUrl: string): Notificatie | undefined {
  if (event.type === 'HerinneringVerstuurd' || event.type === 'EscalatieVerstuurd') {
    const d = event.data as Record<string, string>;
    const base = baseUrl.replace(/\/+$/, '');
    const kanaal: Kanaal = d.soort === 'mijlpaal' ? 'mijlpalen' : 'werkgroepen';
    return {
      kanaal,
      hoofdObject: d.soort === 'mijlpaal' ? `${base}/mijlpalen/${encodeURIComponent(d.itemId)}` : `${base}/kaders/${encodeURIComponent(d.kaderId)}`,
      resource: event.type === 'HerinneringVerstuurd' ? 'herinnering' : 'escalatie',
      resourceUrl: `${base}/kaders/${encodeURIComponent(d.kaderId)}/herinneringen`,
      actie: 'create',
      aanmaakdatum: event.recordedAt,
      kenmerken: { eventType: event.type, kaderId: d.kaderId, soort: d.soort, doelgroep: d.doelgroep },
    };
  }
  return notificatieFor(event, baseUrl);
}

interface AbonnementRow {
  id: string;
  callback_url: string;
  auth: string | null;
  signing_secret: string | null;
  kanalen: Abonnement['kanalen'];
}

const toAbonnement = (r: AbonnementRow): Abonnement => ({
  id: r.id, callbackUrl: r.callback_url, auth: r.auth ?? undefined, signingSecret: r.signing_secret ?? undefined, kanalen: r.kanalen,
});

export async function loadAbonnementen(db: Database): Promise<Abonnement[]> {
  const { rows } = await db.query<AbonnementRow>('SELECT id, callback_url, auth, signing_secret, kanalen FROM abonnementen');
  return rows.map(toAbonnement);
}

/** Turns events into one delivery per matching abonnement: the rows first, then the jobs. */
export const planAfleveringen = (db: Database, queue: JobQueue<AfleveringJobData>, baseUrl: string, clock: () => Date) =>
  async (events: StoredEvent[]): Promise<FeedBatch> => {
    const abonnementen = await loadAbonnementen(db);
    const rows: Array<{ id: string; abonnementId: string; eventId: string; notificatie: Notificatie; correlationId?: string }> = [];
    if (abonnementen.length) {
      for (const event of events) {
        const notificatie = notificatieVoor(event, baseUrl);
        if (!notificatie) continue;
        for (const abonnement of abonnementen) {
          if (matches(abonnement, notificatie)) rows.push({ id: `${event.eventId}~${abonnement.id}`, abonnementId: abonnement.id, eventId: event.eventId, notificatie, correlationId: event.metadata?.correlationId });
        }
      }
    }
    return {
      async beforeQueue() {
        const now = clock().toISOString();
        for (const row of rows) {
          await db.query(
            `INSERT INTO afleveringen (id, abonnement_id, event_id, notificatie, status, aangemaakt_op, bijgewerkt_op)
             VALUES ($1, $2, $3, $4, 'gepland', $5, $5) ON CONFLICT (id) DO NOTHING`,
            [row.id, row.abonnementId, row.eventId, JSON.stringify(row.notificatie), now]);
        }
      },
      queue: () => queue.add(rows.map((row) => ({ id: row.id, data: { afleveringId: row.id, correlationId: row.correlationId } }))),
    };
  };

const toAflevering = (r: Record<string, any>): Aflevering => ({
  id: r.id, abonnementId: r.abonnement_id, eventId: r.event_id, notificatie: r.notificatie, status: r.status,
  pogingen: Number(r.pogingen), httpStatus: r.http_status === null ? null : Number(r.http_status), laatsteFout: r.laatste_fout,
  aangemaaktOp: new Date(r.aangemaakt_op).toISOString(), bijgewerktOp: new Date(r.bijgewerkt_op).toISOString(),
});

export async function listAfleveringen(db: Database, abonnementId: string, limit = 100): Promise<Aflevering[]> {
  const { rows } = await db.query('SELECT * FROM afleveringen WHERE abonnement_id = $1 ORDER BY aangemaakt_op DESC, id LIMIT $2', [abonnementId, limit]);
  return rows.map(toAflevering);
}

/**
 * Delivers one notification, signed, and records the outcome. A retryable failure throws so the
 * queue retries with backoff; the last failed try (or a 4xx, or a forbidden callback address) marks
 * the delivery `opgegeven`: the dead letter. Without a policy only https to public addresses is allowed.
 */
export const runAflevering = (db: Database, clock: () => Date, fetchImpl: FetchLike = pinnedPost, guard: { policy?: WebhookPolicy; resolve?: ResolveHost } = {}) =>
  async ({ afleveringId }: AfleveringJobData, context: JobContext): Promise<AfleveringStatus> => {
    const { rows } = await db.query<Record<string, any>>(
      `SELECT a.*, b.id AS b_id, b.callback_url, b.auth, b.signing_secret, b.kanalen FROM afleveringen a
       LEFT JOIN abonnementen b ON b.id = a.abonnement_id WHERE a.id = $1`, [afleveringId]);
    const row = rows[0];
    if (!row) throw new Error(`aflevering ${afleveringId} bestaat (nog) niet`);
    if (row.status === 'afgeleverd' || row.status === 'opgegeven') return row.status;
    const update = (status: AfleveringStatus, httpStatus: number | null, fout: string | null) => db.query(
      'UPDATE afleveringen SET status = $2, pogingen = pogingen + 1, http_status = $3, laatste_fout = $4, bijgewerkt_op = $5 WHERE id = $1',
      [afleveringId, status, httpStatus, fout, clock().toISOString()]);
    if (!row.b_id) {
      await db.query("UPDATE afleveringen SET status = 'vervallen', bijgewerkt_op = $2 WHERE id = $1", [afleveringId, clock().toISOString()]);
      return 'vervallen';
    }
    const abonnement = toAbonnement({ ...row, id: row.b_id } as AbonnementRow);
    const result = await deliver(row.notificatie, abonnement, fetchImpl, { deliveryId: afleveringId, now: Math.floor(clock().getTime() / 1000), ...guard });
    if (result.status === 'afgeleverd') {
      await update('afgeleverd', result.httpStatus, null);
      return 'afgeleverd';
    }
    const definitief = !result.retry || context.final;
    webhookFailures.inc({ definitief: definitief ? 'ja' : 'nee' });
    await update(definitief ? 'opgegeven' : 'nieuwe-poging', result.httpStatus ?? null, result.error);
    if (definitief) throw new PermanentJobError(result.error);
    throw new Error(result.error);
  };
