import { assertNever, conflict, Decider, DomainCommand, DomainEvent, invalid, IsoDate, IsoInstant, notFound } from '../shared';

export const werkgroepStreamId = (werkgroepId: string) => `werkgroep-${werkgroepId}`;

/** The projectgroep is a werkgroep too; it just has a different soort. */
export const WERKGROEP_SOORTEN = ['projectgroep', 'werkgroep'] as const;
export type WerkgroepSoort = (typeof WERKGROEP_SOORTEN)[number];

export const ACTIEPUNT_STATUSSEN = ['open', 'gereed', 'vervallen'] as const;
export type ActiepuntStatus = (typeof ACTIEPUNT_STATUSSEN)[number];
/** The status a user sees: `te-laat` is derived from the deadline and today, never stored. */
export type ActiepuntWeergaveStatus = ActiepuntStatus | 'te-laat';

/** A member is never named in an event (personal data): role, organisation and an opaque id. */
export interface Lid {
  lidId: string;
  rol: string;
  organisatie: string;
}

/** Who holds an actiepunt: a member, or a role at an organisation. */
export type Eigenaar = { lidId: string } | { rol: string; organisatie: string };

// Events

export type WerkgroepIngesteld = DomainEvent<'WerkgroepIngesteld', {
  werkgroepId: string;
  kaderId: string;
  soort: WerkgroepSoort;
  naam: string;
  opdracht: string;
  startdatum: IsoDate;
  einddatum?: IsoDate;
  ingesteldOp: IsoInstant;
}>;
export type LidToegevoegd = DomainEvent<'LidToegevoegd', { werkgroepId: string; kaderId: string; lid: Lid; toegevoegdOp: IsoInstant }>;
export type LidVerwijderd = DomainEvent<'LidVerwijderd', { werkgroepId: string; kaderId: string; lidId: string; reden: string; verwijderdOp: IsoInstant }>;
export type WerkgroepOpgeheven = DomainEvent<'WerkgroepOpgeheven', { werkgroepId: string; kaderId: string; datum: IsoDate; reden: string; opgehevenOp: IsoInstant }>;
export type ActiepuntAangemaakt = DomainEvent<'ActiepuntAangemaakt', {
  werkgroepId: string;
  kaderId: string;
  actiepuntId: string;
  omschrijving: string;
  eigenaar: Eigenaar;
  deadline: IsoDate;
  /** The meeting it came from, when it was agreed in one. */
  vergaderingId?: string;
  aangemaaktOp: IsoInstant;
}>;
export type ActiepuntToegewezen = DomainEvent<'ActiepuntToegewezen', {
  werkgroepId: string;
  kaderId: string;
  actiepuntId: string;
  eigenaar: Eigenaar;
  vorigeEigenaar: Eigenaar;
  reden: string;
  toegewezenOp: IsoInstant;
}>;
export type ActiepuntVerschoven = DomainEvent<'ActiepuntVerschoven', {
  werkgroepId: string;
  kaderId: string;
  actiepuntId: string;
  deadline: IsoDate;
  vorigeDeadline: IsoDate;
  reden: string;
  verschovenOp: IsoInstant;
}>;
export type ActiepuntGereed = DomainEvent<'ActiepuntGereed', { werkgroepId: string; kaderId: string; actiepuntId: string; gereedOp: IsoInstant }>;
export type ActiepuntVervallen = DomainEvent<'ActiepuntVervallen', { werkgroepId: string; kaderId: string; actiepuntId: string; reden: string; vervallenOp: IsoInstant }>;

export type WerkgroepEvent =
  | WerkgroepIngesteld
  | LidToegevoegd
  | LidVerwijderd
  | WerkgroepOpgeheven
  | ActiepuntAangemaakt
  | ActiepuntToegewezen
  | ActiepuntVerschoven
  | ActiepuntGereed
  | ActiepuntVervallen;

export const WERKGROEP_EVENT_TYPES: readonly WerkgroepEvent['type'][] = [
  'WerkgroepIngesteld',
  'LidToegevoegd',
  'LidVerwijderd',
  'WerkgroepOpgeheven',
  'ActiepuntAangemaakt',
  'ActiepuntToegewezen',
  'ActiepuntVerschoven',
  'ActiepuntGereed',
  'ActiepuntVervallen',
];

// Commands

export type StelWerkgroepIn = DomainCommand<'StelWerkgroepIn', {
  werkgroepId: string;
  kaderId: string;
  soort: WerkgroepSoort;
  naam: string;
  opdracht: string;
  startdatum: IsoDate;
  einddatum?: IsoDate;
  leden?: Lid[];
}>;
export type VoegLidToe = DomainCommand<'VoegLidToe', { werkgroepId: string; lid: Lid }>;
export type VerwijderLid = DomainCommand<'VerwijderLid', { werkgroepId: string; lidId: string; reden: string }>;
export type HefWerkgroepOp = DomainCommand<'HefWerkgroepOp', { werkgroepId: string; datum: IsoDate; reden: string }>;
export type MaakActiepuntAan = DomainCommand<'MaakActiepuntAan', {
  werkgroepId: string;
  actiepuntId: string;
  omschrijving: string;
  eigenaar: Eigenaar;
  deadline: IsoDate;
  vergaderingId?: string;
}>;
export type WijsActiepuntToe = DomainCommand<'WijsActiepuntToe', { werkgroepId: string; actiepuntId: string; eigenaar: Eigenaar; reden: string }>;
export type VerschuifActiepunt = DomainCommand<'VerschuifActiepunt', { werkgroepId: string; actiepuntId: string; deadline: IsoDate; reden: string }>;
export type MeldActiepuntGereed = DomainCommand<'MeldActiepuntGereed', { werkgroepId: string; actiepuntId: string }>;
export type LaatActiepuntVervallen = DomainCommand<'LaatActiepuntVervallen', { werkgroepId: string; actiepuntId: string; reden: string }>;

export type WerkgroepCommand =
  | StelWerkgroepIn
  | VoegLidToe
  | VerwijderLid
  | HefWerkgroepOp
  | MaakActiepuntAan
  | WijsActiepuntToe
  | VerschuifActiepunt
  | MeldActiepuntGereed
  | LaatActiepuntVervallen;

// State

export interface ActiepuntToestand {
  eigenaar: Eigenaar;
  deadline: IsoDate;
  status: ActiepuntStatus;
}

export interface WerkgroepState {
  status: 'onbekend' | 'actief' | 'opgeheven';
  werkgroepId?: string;
  kaderId: string;
  soort?: WerkgroepSoort;
  naam?: string;
  startdatum?: IsoDate;
  leden: Record<string, Lid>;
  actiepunten: Record<string, ActiepuntToestand>;
}

export const initialWerkgroepState: WerkgroepState = { status: 'onbekend', kaderId: '', leden: {}, actiepunten: {} };

// Rules

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
export const isIsoDate = (value: unknown): value is IsoDate => {
  const match = typeof value === 'string' ? ISO_DATE.exec(value) : null;
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const daysInMonth = [31, year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
  return month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth[month - 1];
};

const filled = (value: unknown): value is string => typeof value === 'string' && value.trim().length > 0;

/** `te-laat` when still open and the deadline lies before today. */
export const actiepuntWeergaveStatus = (actiepunt: { status: ActiepuntStatus; deadline: IsoDate }, vandaag: IsoDate): ActiepuntWeergaveStatus =>
  actiepunt.status === 'open' && actiepunt.deadline < vandaag ? 'te-laat' : actiepunt.status;

const sameEigenaar = (a: Eigenaar, b: Eigenaar) => JSON.stringify(normalEigenaar(a)) === JSON.stringify(normalEigenaar(b));
const normalEigenaar = (e: Eigenaar): Eigenaar => ('lidId' in e ? { lidId: e.lidId } : { rol: e.rol, organisatie: e.organisatie });

function requireWerkgroep(state: WerkgroepState): void {
  if (state.status === 'onbekend') throw notFound('werkgroep-onbekend', 'Deze werkgroep bestaat niet.');
}

function requireActief(state: WerkgroepState): void {
  requireWerkgroep(state);
  if (state.status === 'opgeheven') throw conflict('werkgroep-opgeheven', 'Deze werkgroep is opgeheven.', ['Aan een opgeheven werkgroep kan niets meer worden toegevoegd of gewijzigd.']);
}

function requireReden(reden: unknown, wat: string): void {
  if (!filled(reden)) throw invalid('reden-ontbreekt', 'Er is geen reden opgegeven.', [`Geef een reden op voor ${wat}.`]);
}

function requireEigenaar(state: WerkgroepState, eigenaar: Eigenaar): Eigenaar {
  if (eigenaar && 'lidId' in eigenaar) {
    if (!state.leden[eigenaar.lidId]) throw invalid('eigenaar-geen-lid', 'De eigenaar is geen lid van deze werkgroep.', ['Wijs het actiepunt toe aan een lid, of aan een rol bij een organisatie.']);
    return { lidId: eigenaar.lidId };
  }
  if (!eigenaar || !filled(eigenaar.rol) || !filled(eigenaar.organisatie)) {
    throw invalid('eigenaar-ontbreekt', 'Het actiepunt heeft geen eigenaar.', ['Geef een lid op, of een rol en een organisatie.']);
  }
  return { rol: eigenaar.rol, organisatie: eigenaar.organisatie };
}

function requireDeadline(deadline: unknown): void {
  if (!isIsoDate(deadline)) throw invalid('ongeldige-datum', 'De deadline is geen geldige datum.', ['Schrijf de datum als JJJJ-MM-DD.']);
}

function openActiepunt(state: WerkgroepState, actiepuntId: string): ActiepuntToestand {
  const actiepunt = existingActiepunt(state, actiepuntId);
  if (actiepunt.status !== 'open') {
    throw conflict('actiepunt-afgesloten', `Dit actiepunt is al ${actiepunt.status}.`, ['Een afgesloten actiepunt kan niet meer worden gewijzigd; maak zo nodig een nieuw actiepunt aan.']);
  }
  return actiepunt;
}

function existingActiepunt(state: WerkgroepState, actiepuntId: string): ActiepuntToestand {
  requireWerkgroep(state);
  const actiepunt = state.actiepunten[actiepuntId];
  if (!actiepunt) throw notFound('actiepunt-onbekend', 'Dit actiepunt bestaat niet in deze werkgroep.');
  return actiepunt;
}

function validLid(lid: Lid): Lid {
  if (!lid || !filled(lid.lidId) || !filled(lid.rol) || !filled(lid.organisatie)) {
    throw invalid('lid-onvolledig', 'Het lid is niet volledig opgegeven.', ['Een lid heeft een id, een rol en een organisatie (geen naam).']);
  }
  return { lidId: lid.lidId, rol: lid.rol, organisatie: lid.organisatie };
}

// Decide

export function decideWerkgroep(command: WerkgroepCommand, state: WerkgroepState): WerkgroepEvent[] {
  const now = command.metadata.now;
  switch (command.type) {
    case 'StelWerkgroepIn': {
      const d = command.data;
      if (state.status !== 'onbekend') {
        if (state.soort === d.soort && state.startdatum === d.startdatum && state.naam === d.naam) return [];
        throw conflict('werkgroep-bestaat-al', 'Er bestaat al een werkgroep met dit id.');
      }
      if (!WERKGROEP_SOORTEN.includes(d.soort)) throw invalid('onbekende-soort', 'Onbekende soort werkgroep.', ['Kies projectgroep of werkgroep.']);
      if (!filled(d.naam) || !filled(d.opdracht)) throw invalid('werkgroep-onvolledig', 'Naam en opdracht van de werkgroep zijn verplicht.');
      if (!filled(d.kaderId)) throw invalid('kader-ontbreekt', 'De werkgroep hoort bij geen kader.');
      if (!isIsoDate(d.startdatum) || (d.einddatum !== undefined && !isIsoDate(d.einddatum))) {
        throw invalid('ongeldige-datum', 'Start- of einddatum is geen geldige datum.', ['Schrijf de datum als JJJJ-MM-DD.']);
      }
      if (d.einddatum !== undefined && d.einddatum < d.startdatum) throw invalid('einde-voor-start', 'De einddatum ligt voor de startdatum.');
      const leden = (d.leden ?? []).map(validLid);
      if (new Set(leden.map((l) => l.lidId)).size !== leden.length) throw invalid('lid-dubbel', 'Een lid staat twee keer in de lijst.');
      return [
        {
          type: 'WerkgroepIngesteld',
          data: {
            werkgroepId: d.werkgroepId,
            kaderId: d.kaderId,
            soort: d.soort,
            naam: d.naam,
            opdracht: d.opdracht,
            startdatum: d.startdatum,
            ...(d.einddatum !== undefined ? { einddatum: d.einddatum } : {}),
            ingesteldOp: now,
          },
        },
        ...leden.map((lid): LidToegevoegd => ({ type: 'LidToegevoegd', data: { werkgroepId: d.werkgroepId, kaderId: d.kaderId, lid, toegevoegdOp: now } })),
      ];
    }
    case 'VoegLidToe': {
      requireActief(state);
      const lid = validLid(command.data.lid);
      const bestaand = state.leden[lid.lidId];
      if (bestaand) {
        if (bestaand.rol === lid.rol && bestaand.organisatie === lid.organisatie) return [];
        throw conflict('lid-bestaat-al', 'Dit lid hoort al bij de werkgroep, met een andere rol of organisatie.', ['Verwijder het lid eerst, of gebruik een nieuw id.']);
      }
      return [{ type: 'LidToegevoegd', data: { werkgroepId: command.data.werkgroepId, kaderId: state.kaderId, lid, toegevoegdOp: now } }];
    }
    case 'VerwijderLid': {
      requireActief(state);
      if (!state.leden[command.data.lidId]) throw notFound('lid-onbekend', 'Dit lid hoort niet bij de werkgroep.');
      requireReden(command.data.reden, 'het verwijderen van een lid');
      const houdtActiepunten = Object.values(state.actiepunten).some((a) => a.status === 'open' && 'lidId' in a.eigenaar && a.eigenaar.lidId === command.data.lidId);
      if (houdtActiepunten) {
        throw conflict('lid-heeft-open-actiepunten', 'Dit lid heeft nog open actiepunten.', ['Wijs die actiepunten eerst aan iemand anders toe.']);
      }
      return [{ type: 'LidVerwijderd', data: { werkgroepId: command.data.werkgroepId, kaderId: state.kaderId, lidId: command.data.lidId, reden: command.data.reden, verwijderdOp: now } }];
    }
    case 'HefWerkgroepOp': {
      requireWerkgroep(state);
      if (state.status === 'opgeheven') return [];
      requireReden(command.data.reden, 'het opheffen van de werkgroep');
      if (!isIsoDate(command.data.datum)) throw invalid('ongeldige-datum', 'De datum van opheffen is geen geldige datum.', ['Schrijf de datum als JJJJ-MM-DD.']);
      if (state.startdatum && command.data.datum < state.startdatum) throw invalid('einde-voor-start', 'De werkgroep kan niet worden opgeheven voor haar startdatum.');
      return [{ type: 'WerkgroepOpgeheven', data: { werkgroepId: command.data.werkgroepId, kaderId: state.kaderId, datum: command.data.datum, reden: command.data.reden, opgehevenOp: now } }];
    }
    case 'MaakActiepuntAan': {
      const d = command.data;
      requireActief(state);
      if (state.actiepunten[d.actiepuntId]) throw conflict('actiepunt-bestaat-al', 'Er bestaat al een actiepunt met dit id.');
      if (!filled(d.omschrijving)) throw invalid('omschrijving-ontbreekt', 'Het actiepunt heeft geen omschrijving.');
      requireDeadline(d.deadline);
      const eigenaar = requireEigenaar(state, d.eigenaar);
      return [
        {
          type: 'ActiepuntAangemaakt',
          data: {
            werkgroepId: d.werkgroepId,
            kaderId: state.kaderId,
            actiepuntId: d.actiepuntId,
            omschrijving: d.omschrijving,
            eigenaar,
            deadline: d.deadline,
            ...(d.vergaderingId ? { vergaderingId: d.vergaderingId } : {}),
            aangemaaktOp: now,
          },
        },
      ];
    }
    case 'WijsActiepuntToe': {
      const d = command.data;
      const actiepunt = openActiepunt(state, d.actiepuntId);
      const eigenaar = requireEigenaar(state, d.eigenaar);
      if (sameEigenaar(actiepunt.eigenaar, eigenaar)) return [];
      requireReden(d.reden, 'het toewijzen aan een andere eigenaar');
      return [{ type: 'ActiepuntToegewezen', data: { werkgroepId: d.werkgroepId, kaderId: state.kaderId, actiepuntId: d.actiepuntId, eigenaar, vorigeEigenaar: actiepunt.eigenaar, reden: d.reden, toegewezenOp: now } }];
    }
    case 'VerschuifActiepunt': {
      const d = command.data;
      const actiepunt = openActiepunt(state, d.actiepuntId);
      requireDeadline(d.deadline);
      if (actiepunt.deadline === d.deadline) return [];
      requireReden(d.reden, 'het verschuiven van de deadline');
      return [{ type: 'ActiepuntVerschoven', data: { werkgroepId: d.werkgroepId, kaderId: state.kaderId, actiepuntId: d.actiepuntId, deadline: d.deadline, vorigeDeadline: actiepunt.deadline, reden: d.reden, verschovenOp: now } }];
    }
    case 'MeldActiepuntGereed': {
      const actiepunt = existingActiepunt(state, command.data.actiepuntId);
      if (actiepunt.status === 'gereed') return [];
      openActiepunt(state, command.data.actiepuntId);
      return [{ type: 'ActiepuntGereed', data: { werkgroepId: command.data.werkgroepId, kaderId: state.kaderId, actiepuntId: command.data.actiepuntId, gereedOp: now } }];
    }
    case 'LaatActiepuntVervallen': {
      const actiepunt = existingActiepunt(state, command.data.actiepuntId);
      if (actiepunt.status === 'vervallen') return [];
      openActiepunt(state, command.data.actiepuntId);
      requireReden(command.data.reden, 'het laten vervallen van het actiepunt');
      return [{ type: 'ActiepuntVervallen', data: { werkgroepId: command.data.werkgroepId, kaderId: state.kaderId, actiepuntId: command.data.actiepuntId, reden: command.data.reden, vervallenOp: now } }];
    }
    default:
      return assertNever(command);
  }
}

// Evolve

const withActiepunt = (state: WerkgroepState, id: string, change: Partial<ActiepuntToestand>): WerkgroepState =>
  state.actiepunten[id] ? { ...state, actiepunten: { ...state.actiepunten, [id]: { ...state.actiepunten[id], ...change } } } : state;

export function evolveWerkgroep(state: WerkgroepState, event: WerkgroepEvent): WerkgroepState {
  switch (event.type) {
    case 'WerkgroepIngesteld':
      return { ...state, status: 'actief', werkgroepId: event.data.werkgroepId, kaderId: event.data.kaderId, soort: event.data.soort, naam: event.data.naam, startdatum: event.data.startdatum };
    case 'LidToegevoegd':
      return { ...state, leden: { ...state.leden, [event.data.lid.lidId]: event.data.lid } };
    case 'LidVerwijderd': {
      const { [event.data.lidId]: _weg, ...leden } = state.leden;
      return { ...state, leden };
    }
    case 'WerkgroepOpgeheven':
      return { ...state, status: 'opgeheven' };
    case 'ActiepuntAangemaakt':
      return { ...state, actiepunten: { ...state.actiepunten, [event.data.actiepuntId]: { eigenaar: event.data.eigenaar, deadline: event.data.deadline, status: 'open' } } };
    case 'ActiepuntToegewezen':
      return withActiepunt(state, event.data.actiepuntId, { eigenaar: event.data.eigenaar });
    case 'ActiepuntVerschoven':
      return withActiepunt(state, event.data.actiepuntId, { deadline: event.data.deadline });
    case 'ActiepuntGereed':
      return withActiepunt(state, event.data.actiepuntId, { status: 'gereed' });
    case 'ActiepuntVervallen':
      return withActiepunt(state, event.data.actiepuntId, { status: 'vervallen' });
    default:
      return state;
  }
}

export const werkgroepDecider: Decider<WerkgroepState, WerkgroepCommand, WerkgroepEvent> = {
  decide: decideWerkgroep,
  evolve: evolveWerkgroep,
  initialState: initialWerkgroepState,
};
