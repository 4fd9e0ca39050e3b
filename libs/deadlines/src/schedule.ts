import type { GremiumCode, IsoDate, IsoInstant } from '../../domain/src/shared';
import { isIsoDate, opTijdstip, parseDuur, toInstant, verschuif } from './duration';

export type DeadlineSoort = 'mijlpaal' | 'actiepunt';

export interface DeadlineItem {
  id: string;
  soort: DeadlineSoort;
  /** The last day on which the item is on time. */
  deadline: IsoDate;
  status: string;
}

/** Who gets the job: the item's own owner, or a gremium. */
export type JobTarget = 'eigenaar' | GremiumCode;

export interface DeadlinePolicy {
  /** Reminders to the owner, this long before the deadline (ISO 8601, e.g. P7D). Do not interrupt the item. */
  herinneringen: string[];
  /** Escalations once overdue: `na` counts from the first day past the deadline (P0D = that day). */
  escalaties: { na: string; naar: GremiumCode }[];
  /** UTC time of day the jobs run (HH:MM). */
  tijdstip: string;
}

/** Reminders P7D and P1D before; overdue to the programmateam, a week later to the directeurenoverleg. */
export const STANDAARD_BELEID: DeadlinePolicy = {
  herinneringen: ['P7D', 'P1D'],
  escalaties: [
    { na: 'P0D', naar: 'pt-mz-hr' },
    { na: 'P7D', naar: 'directeurenoverleg' },
  ],
  tijdstip: '07:00',
};

/** Statuses after which nothing needs a reminder any more (actiepunt: gereed/vervallen; mijlpaal: bereikt/vervallen). */
export const AFGESLOTEN_STATUSSEN: readonly string[] = ['gereed', 'bereikt', 'vervallen', 'ingetrokken', 'geannuleerd'];

export type JobKind = 'herinnering' | 'escalatie';

export interface DeadlineJob {
  /** Stable: the same item, deadline and rule always give the same id; a moved deadline gives new ones. */
  jobId: string;
  kind: JobKind;
  runAt: IsoInstant;
  target: JobTarget;
  itemId: string;
  soort: DeadlineSoort;
  deadline: IsoDate;
}

/**
 * All reminder and escalation jobs an item needs, in runAt order. Pure: the worker compares this with
 * what is queued, removes ids that disappeared (moved or closed items) and adds new ones; jobs whose
 * runAt has passed are the worker's to run late or drop.
 */
export const deadlineJobs = (item: DeadlineItem, beleid: DeadlinePolicy = STANDAARD_BELEID): DeadlineJob[] => {
  if (AFGESLOTEN_STATUSSEN.includes(item.status)) return [];
  if (!isIsoDate(item.deadline)) throw new RangeError(`"${item.deadline}" is geen geldige deadline (JJJJ-MM-DD).`);
  const base = { itemId: item.id, soort: item.soort, deadline: item.deadline };
  const prefix = `${item.soort}:${item.id}:${item.deadline}`;
  const opDeadline = opTijdstip(item.deadline, beleid.tijdstip);
  const eersteDagTeLaat = verschuif(opDeadline, { jaren: 0, maanden: 0, dagen: 1, seconden: 0 }, 1);

  const herinneringen = beleid.herinneringen.map((voor): DeadlineJob => ({
    ...base,
    jobId: `${prefix}:herinnering:${voor}`,
    kind: 'herinnering',
    runAt: toInstant(verschuif(opDeadline, parseDuur(voor), -1)),
    target: 'eigenaar',
  }));
  const escalaties = beleid.escalaties.map(({ na, naar }): DeadlineJob => ({
    ...base,
    jobId: `${prefix}:escalatie:${na}:${naar}`,
    kind: 'escalatie',
    runAt: toInstant(verschuif(eersteDagTeLaat, parseDuur(na), 1)),
    target: naar,
  }));
  return [...herinneringen, ...escalaties].sort((a, b) => a.runAt.localeCompare(b.runAt) || a.jobId.localeCompare(b.jobId));
};

/** What changes in the queue when an item changes: ids to remove and jobs to add. */
export const herplan = (voor: DeadlineJob[], na: DeadlineJob[]): { verwijderen: string[]; toevoegen: DeadlineJob[] } => {
  const oud = new Set(voor.map((job) => job.jobId));
  const nieuw = new Set(na.map((job) => job.jobId));
  return {
    verwijderen: [...oud].filter((id) => !nieuw.has(id)),
    toevoegen: na.filter((job) => !oud.has(job.jobId)),
  };
};
