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

/** Applies `change` to the mijlpaal when it exists; evolve never throws. */
const metMijlpaal = (k: Kader, id: string, change: (m: Mijlpaal) => Partial<Mijlpaal>): Kader =>
  k.mijlpalen[id] ? { ...k, mijlpalen: { ...k.mijlpalen, [id]: { ...k.mijlpalen[id], ...change(k.mijlpalen[id]) } } } : k;

export const evolveKader = (state: KaderState, event: KaderEvent): KaderState => {
  if (event.type === 'KaderGestart') {
    const { kaderId, titel, periode, opdrachtgever, vaststellingsregel, fase } = event.data;
    return { status: 'gestart', kaderId, titel, periode, opdrachtgever, vaststellingsregel, fase, mijlpalen: {}, besluiten: {}, lokaleBesluiten: {}, huidigeLokaleVaststelling: {} };
  }
  if (state.status !== 'gestart') return state;
  const k = state;
  switch (event.type) {
    case 'ProjectleiderAangewezen':
      return { ...k, projectleiderId: event.data.projectleiderId };
    case 'FaseBetreden':
      return { ...k, fase: event.data.fase };
    case 'FaseTeruggezet':
      return { ...k, fase: event.data.naarFase };
    case 'MijlpaalGepland': {
      const { mijlpaalId, titel, fase, deadline, eigenaar } = event.data;
      return { ...k, mijlpalen: { ...k.mijlpalen, [mijlpaalId]: { mijlpaalId, titel, fase, deadline, eigenaar, status: 'gepland', verschuivingen: [] } } };
    }
    case 'MijlpaalVerschoven':
      return metMijlpaal(k, event.data.mijlpaalId, (m) => ({ deadline: event.data.nieuweDeadline, verschuivingen: [...m.verschuivingen, event.data.oudeDeadline] }));
    case 'MijlpaalBehaald':
      return metMijlpaal(k, event.data.mijlpaalId, () => ({ status: 'behaald', behaaldOp: event.data.behaaldOp }));
    case 'MijlpaalGeannuleerd':
      return metMijlpaal(k, event.data.mijlpaalId, () => ({ status: 'geannuleerd' }));
    case 'BesluitGekoppeld': {
      const { besluitId, vergaderingId, gremium, onderwerp, uitkomst, datum } = event.data;
      return { ...k, besluiten: { ...k.besluiten, [besluitId]: { besluitId, vergaderingId, gremium, onderwerp, uitkomst, oorspronkelijkeUitkomst: uitkomst, datum, ingetrokken: false } } };
    }
    case 'BesluitKoppelingIngetrokken':
      return withBesluit(k, event.data.besluitId, { ingetrokken: true });
    case 'BesluitUitkomstGerectificeerd':
      return withBesluit(k, event.data.besluitId, { uitkomst: event.data.uitkomst });
    case 'LokaleVaststellingGeregistreerd': {
      const { gemeente, besluitId, gremium, datum, uitkomst } = event.data;
      return {
        ...k,
        lokaleBesluiten: { ...k.lokaleBesluiten, [besluitId]: { gemeente, besluitId, gremium, datum, uitkomst, oorspronkelijkeUitkomst: uitkomst, ingetrokken: false } },
        huidigeLokaleVaststelling: { ...k.huidigeLokaleVaststelling, [gemeente]: besluitId },
      };
    }
    default:
      return assertNeverQuietly(event, k);
  }
};

/** A change to a besluit, regional or local (intrekking and rectificatie reach both). */
const withBesluit = (k: Kader, besluitId: string, change: Partial<GekoppeldBesluit & LokaleVaststelling>): Kader => {
  if (k.besluiten[besluitId]) return { ...k, besluiten: { ...k.besluiten, [besluitId]: { ...k.besluiten[besluitId], ...change } } };
  if (k.lokaleBesluiten[besluitId]) return { ...k, lokaleBesluiten: { ...k.lokaleBesluiten, [besluitId]: { ...k.lokaleBesluiten[besluitId], ...change } } };
  return k;
};

/** The current local adoption of each gemeente that has one. */
export const lokaleVaststellingen = (k: Kader): LokaleVaststelling[] =>
  Object.values(k.huidigeLokaleVaststelling).map((besluitId) => k.lokaleBesluiten[besluitId]);

// evolve never throws: an event type this version does not know leaves the state as it was.
const assertNeverQuietly = (_event: never, state: Kader): Kader => state;
