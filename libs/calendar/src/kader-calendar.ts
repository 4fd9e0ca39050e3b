import ical, { ICalCalendarMethod, ICalEventStatus } from 'ical-generator';
import type { IsoDate, IsoInstant } from '../../domain/src/shared';

export interface KalenderMijlpaal {
  id: string;
  titel: string;
  deadline: IsoDate;
  status: string;
}

export interface KalenderActiepunt {
  id: string;
  titel: string;
  deadline: IsoDate;
  status: string;
  werkgroepId?: string;
}

export interface KalenderVergadering {
  id: string;
  /** Gremium code, e.g. `directeurenoverleg`. */
  gremium: string;
  /** A date (all-day) or an instant with `Z` (timed). */
  datum: IsoDate | IsoInstant;
  /** End instant of a timed meeting; default two hours after the start. */
  einde?: IsoInstant;
  titel: string;
  locatie?: string;
}

export interface KaderCalendarInput {
  kader: { id: string; titel: string };
  mijlpalen: KalenderMijlpaal[];
  actiepunten: KalenderActiepunt[];
  vergaderingen: KalenderVergadering[];
  /** Public API base, e.g. `https://kaderflow.example.nl/api/v1`. Gives event links and the UID domain. */
  baseUrl: string;
  /** DTSTAMP of every event; pass the last change's instant to get byte-identical feeds (and ETags). */
  stamp?: IsoInstant;
  /** How often subscribed clients should refresh, in seconds. Default one hour. */
  refreshSeconds?: number;
}

const GEANNULEERD = ['vervallen', 'ingetrokken', 'geannuleerd'];
const GREMIUM_NAMEN: Record<string, string> = {
  'bestuurscommissie-maatschappij': 'Bestuurscommissie Maatschappij',
  directeurenoverleg: 'Directeurenoverleg',
  'pt-mz-hr': 'PT MZ HR',
  projectgroep: 'Projectgroep',
};

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** The day after, for the exclusive DTEND of an all-day event. */
const dagNa = (datum: IsoDate): IsoDate => {
  const d = new Date(`${datum}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
};

/** A date as a Date at UTC midnight; with allDay and no timezone ical-generator writes it as VALUE=DATE. */
const utcDag = (datum: IsoDate): Date => {
  if (!DATE.test(datum) || Number.isNaN(Date.parse(`${datum}T00:00:00Z`))) throw new RangeError(`"${datum}" is geen geldige datum (JJJJ-MM-DD).`);
  return new Date(`${datum}T00:00:00Z`);
};

/**
 * The kader's deadlines and meetings as an iCalendar feed that Outlook and Google Calendar can
 * subscribe to. UIDs depend only on kind and id, so a moved deadline updates the same entry.
 */
export const kaderCalendar = (input: KaderCalendarInput): string => {
  const base = input.baseUrl.replace(/\/+$/, '');
  const host = new URL(base).hostname;
  const stamp = input.stamp ? new Date(input.stamp) : new Date();
  const calendar = ical({
    name: `Kaderflow: ${input.kader.titel}`,
    description: `Mijlpalen, actiepunten en vergaderingen van ${input.kader.titel}`,
    prodId: { company: 'Kaderflow', product: 'Kaderflow', language: 'NL' },
    method: ICalCalendarMethod.PUBLISH,
    ttl: input.refreshSeconds ?? 3600,
    url: `${base}/kaders/${encodeURIComponent(input.kader.id)}/agenda.ics`,
  });
  const status = (s: string) => (GEANNULEERD.includes(s) ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED);
  const uid = (soort: string, id: string) => `${soort}-${id}@${host}`;
  const heleDag = (datum: IsoDate) => ({ start: utcDag(datum), end: utcDag(dagNa(datum)), allDay: true, timezone: null });

  for (const m of input.mijlpalen) {
    calendar.createEvent({
      id: uid('mijlpaal', m.id),
      summary: `Mijlpaal: ${m.titel}`,
      description: `Deadline van mijlpaal "${m.titel}" (status: ${m.status})`,
      url: `${base}/mijlpalen/${encodeURIComponent(m.id)}`,
      stamp,
      status: status(m.status),
      ...heleDag(m.deadline),
    });
  }
  for (const a of input.actiepunten) {
    calendar.createEvent({
      id: uid('actiepunt', a.id),
      summary: `Actiepunt: ${a.titel}`,
      description: `Deadline van actiepunt "${a.titel}" (status: ${a.status})`,
      url: a.werkgroepId ? `${base}/werkgroepen/${encodeURIComponent(a.werkgroepId)}/actiepunten/${encodeURIComponent(a.id)}` : `${base}/actiepunten/${encodeURIComponent(a.id)}`,
      stamp,
      status: status(a.status),
      ...heleDag(a.deadline),
    });
  }
  for (const v of input.vergaderingen) {
    const gremium = GREMIUM_NAMEN[v.gremium] ?? v.gremium;
    const wanneer = DATE.test(v.datum)
      ? heleDag(v.datum)
      : { start: new Date(v.datum), end: v.einde ? new Date(v.einde) : new Date(Date.parse(v.datum) + 2 * 3600_000) };
    calendar.createEvent({
      id: uid('vergadering', v.id),
      summary: `${gremium}: ${v.titel}`,
      url: `${base}/vergaderingen/${encodeURIComponent(v.id)}`,
      location: v.locatie ?? null,
      stamp,
      status: ICalEventStatus.CONFIRMED,
      ...wanneer,
    });
  }
  return calendar.toString();
};
