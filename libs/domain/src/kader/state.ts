import { BesluitOnderwerp, BesluitUitkomst, Fase, GremiumCode, IsoDate } from '../shared';
import { KaderEvent, Periode, Vaststellingsregel } from './events';

export interface Mijlpaal {
  mijlpaalId: string;
  titel: string;
  fase: Fase;
  deadline: IsoDate;
  eigenaar: string;
  /** Stored status only; `te-laat` is derived by mijlpaalStatus. */
  status: 'gepland' | 'behaald' | 'geannuleerd';
  behaaldOp?: IsoDate;
  /** Earlier deadlines, oldest first. */
  verschuivingen: IsoDate[];
}

export interface GekoppeldBesluit {
  besluitId: string;
  vergaderingId?: string;
  gremium: GremiumCode;
  onderwerp: BesluitOnderwerp;
  uitkomst: BesluitUitkomst;
  /** As first registered; a rectificatie changes `uitkomst` only. */
  oorspronkelijkeUitkomst: BesluitUitkomst;
  datum: IsoDate;
  ingetrokken: boolean;
}

export interface LokaleVaststelling {
  gemeente: string;
  besluitId: string;
  gremium: GremiumCode;
  datum: IsoDate;
  uitkomst: BesluitUitkomst;
  oorspronkelijkeUitkomst: BesluitUitkomst;
  ingetrokken: boolean;
}

export interface Kader {
  status: 'gestart';
  kaderId: string;
  titel: string;
  periode: Periode;
  opdrachtgever: GremiumCode;
  vaststellingsregel: Vaststellingsregel;
  fase: Fase;
  projectleiderId?: string;
  mijlpalen: Record<string, Mijlpaal>;
  besluiten: Record<string, GekoppeldBesluit>;
  /** Every local adoption ever registered, by besluitId. */
  lokaleBesluiten: Record<string, LokaleVaststelling>;
  /** The current registration per gemeente: besluitId (a later one supersedes the earlier). */
  huidigeLokaleVaststelling: Record<string, string>;
}

export type KaderState = { status: 'niet-gestart' } | Kader;

export const initialKaderState: KaderState = { status: 'niet-gestart' };

/**
 * The objects one fold made or copied: only those it may change in place. A fold copies a record
 * the first time it changes it instead of on every event (a long stream's mijlpalen would else be
 * copied once per event). A state that leaves the fold must not change after, so a caller that
 * keeps an intermediate state goes on with a new Draft.
 */
export class Draft {
  private readonly owned = new Set<object>();

  /** A value this fold just made. */
  fresh<T extends object>(value: T): T {
    this.owned.add(value);
    return value;
  }

  /** The value itself when this fold owns it, else a shallow copy it owns from now on. */
  own<T extends object>(value: T): T {
    if (this.owned.has(value)) return value;
    if (Array.isArray(value)) return this.fresh([...value] as T);
    // A record that grew key by key (mijlpalen) is a dictionary-mode object, which V8 copies
    // several times faster key by key than with a spread.
    const copy = {} as T;
    for (const key in value) copy[key] = value[key];
    return this.fresh(copy);
  }
}

/** Pure: a new state for one event; the state passed in stays as it was. */
export const evolveKader = (state: KaderState, event: KaderEvent): KaderState => evolveKaderIn(new Draft(), state, event);

/** evolveKader on a working copy: changes in place only what `draft` owns. A fold with one Draft gives what evolveKader gives. */
export const evolveKaderIn = (draft: Draft, state: KaderState, event: KaderEvent): KaderState => {
  if (event.type === 'KaderGestart') {
    const { kaderId, titel, periode, opdrachtgever, vaststellingsregel, fase } = event.data;
    return draft.fresh({
      status: 'gestart', kaderId, titel, periode, opdrachtgever, vaststellingsregel, fase,
      mijlpalen: draft.fresh({}), besluiten: draft.fresh({}), lokaleBesluiten: draft.fresh({}), huidigeLokaleVaststelling: draft.fresh({}),
    });
  }
  if (state.status !== 'gestart') return state;
  const k = state;
  switch (event.type) {
    case 'ProjectleiderAangewezen':
      return change(draft, k, (c) => (c.projectleiderId = event.data.projectleiderId));
    case 'FaseBetreden':
      return change(draft, k, (c) => (c.fase = event.data.fase));
    case 'FaseTeruggezet':
      return change(draft, k, (c) => (c.fase = event.data.naarFase));
    case 'MijlpaalGepland': {
      const { mijlpaalId, titel, fase, deadline, eigenaar } = event.data;
      return change(draft, k, (c) => {
        c.mijlpalen = draft.own(c.mijlpalen);
        c.mijlpalen[mijlpaalId] = draft.fresh({ mijlpaalId, titel, fase, deadline, eigenaar, status: 'gepland', verschuivingen: draft.fresh([]) });
      });
    }
    case 'MijlpaalVerschoven':
      return metMijlpaal(draft, k, event.data.mijlpaalId, (m) => {
        m.deadline = event.data.nieuweDeadline;
        m.verschuivingen = draft.own(m.verschuivingen);
        m.verschuivingen.push(event.data.oudeDeadline);
      });
    case 'MijlpaalBehaald':
      return metMijlpaal(draft, k, event.data.mijlpaalId, (m) => {
        m.status = 'behaald';
        m.behaaldOp = event.data.behaaldOp;
      });
    case 'MijlpaalGeannuleerd':
      return metMijlpaal(draft, k, event.data.mijlpaalId, (m) => (m.status = 'geannuleerd'));
    case 'BesluitGekoppeld': {
      const { besluitId, vergaderingId, gremium, onderwerp, uitkomst, datum } = event.data;
      return change(draft, k, (c) => {
        c.besluiten = draft.own(c.besluiten);
        c.besluiten[besluitId] = draft.fresh({ besluitId, vergaderingId, gremium, onderwerp, uitkomst, oorspronkelijkeUitkomst: uitkomst, datum, ingetrokken: false });
      });
    }
    case 'BesluitKoppelingIngetrokken':
      return withBesluit(draft, k, event.data.besluitId, (b) => (b.ingetrokken = true));
    case 'BesluitUitkomstGerectificeerd':
      return withBesluit(draft, k, event.data.besluitId, (b) => (b.uitkomst = event.data.uitkomst));
    case 'LokaleVaststellingGeregistreerd': {
      const { gemeente, besluitId, gremium, datum, uitkomst } = event.data;
      return change(draft, k, (c) => {
        c.lokaleBesluiten = draft.own(c.lokaleBesluiten);
        c.lokaleBesluiten[besluitId] = draft.fresh({ gemeente, besluitId, gremium, datum, uitkomst, oorspronkelijkeUitkomst: uitkomst, ingetrokken: false });
        c.huidigeLokaleVaststelling = draft.own(c.huidigeLokaleVaststelling);
        c.huidigeLokaleVaststelling[gemeente] = besluitId;
      });
    }
    default:
      return assertNeverQuietly(event, k);
  }
};

/** The kader owned by the draft, after `edit` changed it. */
const change = (draft: Draft, k: Kader, edit: (owned: Kader) => unknown): Kader => {
  const owned = draft.own(k);
  edit(owned);
  return owned;
};

/** Changes the mijlpaal when it exists; evolve never throws. */
const metMijlpaal = (draft: Draft, k: Kader, id: string, edit: (m: Mijlpaal) => unknown): Kader =>
  k.mijlpalen[id] ? change(draft, k, (c) => {
    c.mijlpalen = draft.own(c.mijlpalen);
    edit((c.mijlpalen[id] = draft.own(c.mijlpalen[id])));
  }) : k;

/** A change to a besluit, regional or local (intrekking and rectificatie reach both). */
const withBesluit = (draft: Draft, k: Kader, besluitId: string, edit: (b: GekoppeldBesluit | LokaleVaststelling) => unknown): Kader => {
  if (k.besluiten[besluitId]) return change(draft, k, (c) => {
    c.besluiten = draft.own(c.besluiten);
    edit((c.besluiten[besluitId] = draft.own(c.besluiten[besluitId])));
  });
  if (k.lokaleBesluiten[besluitId]) return change(draft, k, (c) => {
    c.lokaleBesluiten = draft.own(c.lokaleBesluiten);
    edit((c.lokaleBesluiten[besluitId] = draft.own(c.lokaleBesluiten[besluitId])));
  });
  return k;
};

/** The current local adoption of each gemeente that has one. */
export const lokaleVaststellingen = (k: Kader): LokaleVaststelling[] =>
  Object.values(k.huidigeLokaleVaststelling).map((besluitId) => k.lokaleBesluiten[besluitId]);

// evolve never throws: an event type this version does not know leaves the state as it was.
const assertNeverQuietly = (_event: never, state: Kader): Kader => state;
