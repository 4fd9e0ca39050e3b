import { BesluitOnderwerp, BesluitUitkomst, DomainEvent, Fase, GremiumCode, IsoDate, IsoInstant } from '../shared';

export interface Periode {
  van: number;
  tot: number;
}

export interface Vaststellingsregel {
  /** How many distinct gemeenten must adopt the kader locally before it is vastgesteld. */
  minimumGemeenten: number;
}

export type KaderGestart = DomainEvent<'KaderGestart', {
  kaderId: string;
  titel: string;
  periode: Periode;
  opdrachtgever: GremiumCode;
  vaststellingsregel: Vaststellingsregel;
  fase: 'opdracht';
  gestartOp: IsoInstant;
}>;
export type ProjectleiderAangewezen = DomainEvent<'ProjectleiderAangewezen', {
  kaderId: string;
  /** An opaque user id, never a name. */
  projectleiderId: string;
  vorigeProjectleiderId?: string;
  aangewezenOp: IsoInstant;
}>;
export type FaseBetreden = DomainEvent<'FaseBetreden', { kaderId: string; fase: Fase; vorigeFase: Fase; toelichting?: string; betredenOp: IsoInstant }>;
export type FaseTeruggezet = DomainEvent<'FaseTeruggezet', { kaderId: string; naarFase: Fase; vanFase: Fase; reden: string; teruggezetOp: IsoInstant }>;
export type MijlpaalGepland = DomainEvent<'MijlpaalGepland', {
  kaderId: string;
  mijlpaalId: string;
  titel: string;
  fase: Fase;
  deadline: IsoDate;
  /** A role or a gremium code. */
  eigenaar: string;
  geplandOp: IsoInstant;
}>;
export type MijlpaalVerschoven = DomainEvent<'MijlpaalVerschoven', {
  kaderId: string;
  mijlpaalId: string;
  oudeDeadline: IsoDate;
  nieuweDeadline: IsoDate;
  reden: string;
  verschovenOp: IsoInstant;
}>;
export type MijlpaalBehaald = DomainEvent<'MijlpaalBehaald', { kaderId: string; mijlpaalId: string; behaaldOp: IsoDate; geregistreerdOp: IsoInstant }>;
export type MijlpaalGeannuleerd = DomainEvent<'MijlpaalGeannuleerd', { kaderId: string; mijlpaalId: string; reden: string; geannuleerdOp: IsoInstant }>;
export type BesluitGekoppeld = DomainEvent<'BesluitGekoppeld', {
  kaderId: string;
  besluitId: string;
  vergaderingId?: string;
  gremium: GremiumCode;
  onderwerp: BesluitOnderwerp;
  uitkomst: BesluitUitkomst;
  datum: IsoDate;
  gekoppeldOp: IsoInstant;
}>;
/** Also withdraws a lokale vaststelling when the besluitId is one. */
export type BesluitKoppelingIngetrokken = DomainEvent<'BesluitKoppelingIngetrokken', { kaderId: string; besluitId: string; reden: string; ingetrokkenOp: IsoInstant }>;
export type BesluitUitkomstGerectificeerd = DomainEvent<'BesluitUitkomstGerectificeerd', {
  kaderId: string;
  besluitId: string;
  uitkomst: BesluitUitkomst;
  vorigeUitkomst: BesluitUitkomst;
  reden: string;
  gerectificeerdOp: IsoInstant;
}>;
export type LokaleVaststellingGeregistreerd = DomainEvent<'LokaleVaststellingGeregistreerd', {
  kaderId: string;
  gemeente: string;
  besluitId: string;
  gremium: GremiumCode;
  datum: IsoDate;
  uitkomst: BesluitUitkomst;
  /** The earlier registration for this gemeente that this one supersedes. */
  vervangtBesluitId?: string;
  geregistreerdOp: IsoInstant;
}>;

export type KaderEvent =
  | KaderGestart
  | ProjectleiderAangewezen
  | FaseBetreden
  | FaseTeruggezet
  | MijlpaalGepland
  | MijlpaalVerschoven
  | MijlpaalBehaald
  | MijlpaalGeannuleerd
  | BesluitGekoppeld
  | BesluitKoppelingIngetrokken
  | BesluitUitkomstGerectificeerd
  | LokaleVaststellingGeregistreerd;

export type KaderEventType = KaderEvent['type'];

// The Record makes the compiler check this list against the union.
const TYPES: Record<KaderEventType, true> = {
  KaderGestart: true,
  ProjectleiderAangewezen: true,
  FaseBetreden: true,
  FaseTeruggezet: true,
  MijlpaalGepland: true,
  MijlpaalVerschoven: true,
  MijlpaalBehaald: true,
  MijlpaalGeannuleerd: true,
  BesluitGekoppeld: true,
  BesluitKoppelingIngetrokken: true,
  BesluitUitkomstGerectificeerd: true,
  LokaleVaststellingGeregistreerd: true,
};
export const KADER_EVENT_TYPES = Object.keys(TYPES) as KaderEventType[];

/**
 * The events that change nothing of a kader but its mijlpalen: evolveKader leaves every other field
 * as it was (the kader-status projection then leaves the kader's own row alone but for its version).
 */
export const MIJLPAAL_EVENT_TYPES: readonly KaderEventType[] = ['MijlpaalGepland', 'MijlpaalVerschoven', 'MijlpaalBehaald', 'MijlpaalGeannuleerd'];

export const isKaderEvent = (event: { type: string }): event is KaderEvent => Object.prototype.hasOwnProperty.call(TYPES, event.type);
