import { Database } from '../../database/src';
import { DeadlineJob, deadlineJobs, DeadlinePolicy, DeadlineSoort, herplan, STANDAARD_BELEID } from '../../deadlines/src';
import { EventStore, StoredEvent } from '../../event-store/src';
import { FeedBatch } from './feed';
import { JobContext, JobQueue } from './queue';

/** A mijlpaal or actiepunt with a deadline, as the worker follows it. */
export interface DeadlineItemRow {
  soort: DeadlineSoort;
  itemId: string;
  kaderId: string;
  titel: string;
  eigenaar?: string;
  deadline: string;
  status: string;
  positie: number;
}

export interface HerinneringJobData extends DeadlineJob {
  kaderId: string;
  titel: string;
  eigenaar?: string;
  /** Position of the event that planned it; the item row is at least this far once committed. */
  positie: number;
}

export const DEADLINE_EVENT_TYPES = [
  'MijlpaalGepland', 'MijlpaalVerschoven', 'MijlpaalBehaald', 'MijlpaalGeannuleerd',
  'ActiepuntAangemaakt', 'ActiepuntToegewezen', 'ActiepuntVerschoven', 'ActiepuntGereed', 'ActiepuntVervallen',
];

export const herinneringenStreamId = (kaderId: string) => `herinneringen-${kaderId}`;

const key = (soort: string, id: string) => `${soort}:${id}`;
const eigenaarTekst = (value: unknown): string | undefined =>
  value === undefined || value === null ? undefined : typeof value === 'string' ? value : JSON.stringify(value);

/** Pure: the item after one event (undefined when the event does not concern deadlines). */
export function evolveDeadlineItem(item: DeadlineItemRow | undefined, event: StoredEvent): DeadlineItemRow | undefined {
  const d = event.data as Record<string, any>;
  const positie = event.globalPosition;
  switch (event.type) {
    case 'MijlpaalGepland':
      return { soort: 'mijlpaal', itemId: d.mijlpaalId, kaderId: d.kaderId, titel: d.titel, eigenaar: eigenaarTekst(d.eigenaar), deadline: d.deadline, status: 'gepland', positie };
    case 'ActiepuntAangemaakt':
      return { soort: 'actiepunt', itemId: d.actiepuntId, kaderId: d.kaderId, titel: d.omschrijving, eigenaar: eigenaarTekst(d.eigenaar), deadline: d.deadline, status: 'open', positie };
    case 'MijlpaalVerschoven':
      return item && { ...item, deadline: d.nieuweDeadline, positie };
    case 'ActiepuntVerschoven':
      return item && { ...item, deadline: d.deadline, positie };
    case 'ActiepuntToegewezen':
      return item && { ...item, eigenaar: eigenaarTekst(d.eigenaar), positie };
    case 'MijlpaalBehaald':
      return item && { ...item, status: 'bereikt', positie };
    case 'MijlpaalGeannuleerd':
      return item && { ...item, status: 'geannuleerd', positie };
    case 'ActiepuntGereed':
      return item && { ...item, status: 'gereed', positie };
    case 'ActiepuntVervallen':
      return item && { ...item, status: 'vervallen', positie };
    default:
      return item;
  }
}

const itemKey = (event: StoredEvent) => {
  const d = event.data as Record<string, string>;
  return event.type.startsWith('Mijlpaal') ? key('mijlpaal', d.mijlpaalId) : key('actiepunt', d.actiepuntId);
};

const jobsFor = (item: DeadlineItemRow | undefined, beleid: DeadlinePolicy): HerinneringJobData[] =>
  !item ? [] : deadlineJobs({ id: item.itemId, soort: item.soort, deadline: item.deadline, status: item.status }, beleid)
    .map((job) => ({ ...job, kaderId: item.kaderId, titel: item.titel, eigenaar: item.eigenaar, positie: item.positie }));

async function loadItems(db: Database, keys: string[]): Promise<Map<string, DeadlineItemRow>> {
  const { rows } = await db.query<Record<string, any>>(
    "SELECT * FROM deadline_items WHERE soort || ':' || item_id = ANY($1)", [keys]);
  return new Map(rows.map((r) => [key(r.soort, r.item_id), {
    soort: r.soort, itemId: r.item_id, kaderId: r.kader_id, titel: r.titel, eigenaar: r.eigenaar ?? undefined,
    deadline: r.deadline, status: r.status, positie: Number(r.positie),
  }]));
}

/**
 * Plans reminder and escalation jobs from a batch of events: moved deadlines replace their jobs,
 * achieved or cancelled items lose them. Job ids are stable, so planning a batch twice is harmless.
 */
export const planHerinneringen = (db: Database, queue: JobQueue<HerinneringJobData>, beleid: DeadlinePolicy = STANDAARD_BELEID, clock: () => Date = () => new Date()) =>
  async (events: StoredEvent[]): Promise<FeedBatch> => {
    const relevant = events.filter((e) => DEADLINE_EVENT_TYPES.includes(e.type));
    if (relevant.length === 0) return { queue: async () => undefined };
    const before = await loadItems(db, [...new Set(relevant.map(itemKey))]);
    const after = new Map(before);
    for (const event of relevant) {
      const k = itemKey(event);
      const next = evolveDeadlineItem(after.get(k), event);
      if (next) after.set(k, next);
    }
    const remove: string[] = [];
    const add: HerinneringJobData[] = [];
    for (const [k, item] of after) {
      const plan = herplan(jobsFor(before.get(k), beleid), jobsFor(item, beleid));
      remove.push(...plan.verwijderen);
      // Planned late (e.g. a deadline tomorrow): of the reminders already due, only the last one is useful.
      const now = clock().toISOString();
      const due = (plan.toevoegen as HerinneringJobData[]).filter((j) => j.kind === 'herinnering' && j.runAt <= now);
      const latest = due[due.length - 1];
      add.push(...(plan.toevoegen as HerinneringJobData[]).filter((j) => !due.includes(j) || j === latest));
    }
    return {
      async queue() {
        await queue.remove(remove);
        await queue.add(add.map((job) => ({ id: job.jobId, data: job, runAt: Date.parse(job.runAt) })));
      },
      async afterQueue(tx) {
        for (const item of after.values()) {
          await tx.query(
            `INSERT INTO deadline_items (soort, item_id, kader_id, titel, eigenaar, deadline, status, positie) VALUES ($1,$2,$3,$4,$5,$6,$7,$8)
             ON CONFLICT (soort, item_id) DO UPDATE SET titel = $4, eigenaar = $5, deadline = $6, status = $7, positie = $8`,
            [item.soort, item.itemId, item.kaderId, item.titel, item.eigenaar ?? null, item.deadline, item.status, item.positie]);
        }
      },
    };
  };

export type HerinneringResultaat = 'verstuurd' | 'al-verstuurd' | 'vervallen';

/**
 * Runs one reminder or escalation: checks the item still has this deadline and is open, then records
 * HerinneringVerstuurd / EscalatieVerstuurd on the kader's herinneringen stream. The job id is the
 * idempotency key, so a retried or duplicated job records (and notifies) once.
 */
export const runHerinnering = (db: Database, store: EventStore, clock: () => Date) =>
  async (job: HerinneringJobData, _context?: JobContext): Promise<HerinneringResultaat> => {
    const items = await loadItems(db, [key(job.soort, job.itemId)]);
    const item = items.get(key(job.soort, job.itemId));
    // Not committed yet by the feed that planned it: try again shortly.
    if (!item || item.positie < job.positie) throw new Error(`deadline item ${job.itemId} is nog niet bijgewerkt`);
    if (item.deadline !== job.deadline || ['bereikt', 'gereed', 'geannuleerd', 'vervallen'].includes(item.status)) return 'vervallen';
    const now = clock();
    // A reminder after the deadline day has passed helps nobody; the escalation takes over.
    if (job.kind === 'herinnering' && now.toISOString().slice(0, 10) > job.deadline) return 'vervallen';
    const type = job.kind === 'herinnering' ? 'HerinneringVerstuurd' : 'EscalatieVerstuurd';
    const result = await store.appendToStream(herinneringenStreamId(job.kaderId), [{
      type,
      data: {
        kaderId: job.kaderId, soort: job.soort, itemId: job.itemId, titel: job.titel, deadline: job.deadline,
        doelgroep: job.target, eigenaar: job.eigenaar, gepland: job.runAt, verstuurdOp: now.toISOString(), jobId: job.jobId,
      },
      metadata: { actor: { id: 'kaderflow-worker', role: 'systeem' }, correlationId: job.jobId, command: 'VerstuurHerinnering' },
    }], { expectedVersion: 'any', idempotencyKey: `herinnering:${job.jobId}`, fingerprint: job.jobId });
    return result.replayed ? 'al-verstuurd' : 'verstuurd';
  };
