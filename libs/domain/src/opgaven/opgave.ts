import {
  assertNever,
  conflict,
  Decider,
  DomainCommand,
  DomainEvent,
  invalid,
  IsoDate,
  IsoInstant,
  notFound,
  Schaalniveau,
  SCHAALNIVEAUS,
  SUBSIDIARITEIT_GRONDEN,
  SubsidiariteitGrond,
} from '../shared';
import { GEMEENTE_SUBREGIO, isGemeenteCode, isSubregioCode, SubregioCode } from './gebied';

export const opgaveStreamId = (opgaveId: string) => `opgave-${opgaveId}`;

export const OPGAVE_THEMAS = [
  'preventie',
  'dak-en-thuisloosheid',
  'beschermd-wonen',
  'maatschappelijke-opvang',
  'huisvesting-kwetsbare-doelgroepen',
  'oggz',
  'verslavingszorg',
  'toegang',
  'participatie-en-herstel',
  'overig',
] as const;
export type OpgaveThema = (typeof OPGAVE_THEMAS)[number];

export const BELEIDSDOMEINEN = ['maatschappelijke-zorg', 'werk-en-inkomen', 'wonen', 'jeugd', 'veiligheid', 'gezondheid'] as const;
export type Beleidsdomein = (typeof BELEIDSDOMEINEN)[number];

/**
 * Where an opgave sits and who holds it. lokaal: one or more gemeenten; subregionaal: one subregio;
 * regionaal: the region (no gemeenten, no subregio).
 */
export interface Plaatsing {
  schaalniveau: Schaalniveau;
  gemeenten: string[];
  subregio?: SubregioCode;
}

/** Why an opgave cannot be done locally: at least one ground plus an explanation. */
export interface Motivering {
  gronden: SubsidiariteitGrond[];
  toelichting: string;
}

export interface DoelEenheid {
  eenheid: string;
  aantal: number;
}

// Events

export type OpgaveVastgelegd = DomainEvent<'OpgaveVastgelegd', {
  opgaveId: string;
  kaderId: string;
  titel: string;
  omschrijving: string;
  thema: OpgaveThema;
  beleidsdomeinen: Beleidsdomein[];
  plaatsing: Plaatsing;
  motivering?: Motivering;
  vastgelegdOp: IsoInstant;
}>;
export type OpgaveVerplaatst = DomainEvent<'OpgaveVerplaatst', {
  opgaveId: string;
  kaderId: string;
  van: Plaatsing;
  naar: Plaatsing;
  motivering?: Motivering;
  reden: string;
  verplaatstOp: IsoInstant;
}>;
export type DoelGesteld = DomainEvent<'DoelGesteld', {
  opgaveId: string;
  kaderId: string;
  omschrijving: string;
  eenheden: DoelEenheid[];
  streefdatum?: IsoDate;
  /** Set when an earlier doel is replaced. */
  reden?: string;
  gesteldOp: IsoInstant;
}>;
export type RealisatieGemeld = DomainEvent<'RealisatieGemeld', {
  opgaveId: string;
  kaderId: string;
  realisatieId: string;
  gemeente: string;
  subregio: SubregioCode;
  datum: IsoDate;
  eenheden: DoelEenheid[];
  toelichting?: string;
  gemeldOp: IsoInstant;
}>;
export type RealisatieIngetrokken = DomainEvent<'RealisatieIngetrokken', {
  opgaveId: string;
  kaderId: string;
  realisatieId: string;
  reden: string;
  ingetrokkenOp: IsoInstant;
}>;

export type OpgaveEvent = OpgaveVastgelegd | OpgaveVerplaatst | DoelGesteld | RealisatieGemeld | RealisatieIngetrokken;
export const OPGAVE_EVENT_TYPES: readonly OpgaveEvent['type'][] = ['OpgaveVastgelegd', 'OpgaveVerplaatst', 'DoelGesteld', 'RealisatieGemeld', 'RealisatieIngetrokken'];

// Commands

interface PlaatsingInvoer {
  /** Default lokaal: "decentraal, tenzij". */
  schaalniveau?: Schaalniveau;
  gemeenten?: string[];
  subregio?: string;
  motivering?: Motivering;
}

export type LegOpgaveVast = DomainCommand<'LegOpgaveVast', {
  opgaveId: string;
  kaderId: string;
  titel: string;
  omschrijving: string;
  thema: OpgaveThema;
  beleidsdomeinen?: Beleidsdomein[];
} & PlaatsingInvoer>;
export type VerplaatsOpgave = DomainCommand<'VerplaatsOpgave', { opgaveId: string; schaalniveau: Schaalniveau; reden: string } & Omit<PlaatsingInvoer, 'schaalniveau'>>;
export type StelDoel = DomainCommand<'StelDoel', { opgaveId: string; omschrijving: string; eenheden: DoelEenheid[]; streefdatum?: IsoDate; reden?: string }>;
export type MeldRealisatie = DomainCommand<'MeldRealisatie', { opgaveId: string; realisatieId: string; gemeente: string; datum: IsoDate; eenheden: DoelEenheid[]; toelichting?: string }>;
export type TrekRealisatieIn = DomainCommand<'TrekRealisatieIn', { opgaveId: string; realisatieId: string; reden: string }>;

export type OpgaveCommand = LegOpgaveVast | VerplaatsOpgave | StelDoel | MeldRealisatie | TrekRealisatieIn;

// State

export interface OpgaveState {
  bestaat: boolean;
  kaderId: string;
  plaatsing?: Plaatsing;
  doel?: { eenheden: DoelEenheid[] };
  /** realisatieId -> still counted */
  realisaties: Record<string, { ingetrokken: boolean }>;
}

export const initialOpgaveState: OpgaveState = { bestaat: false, kaderId: '', realisaties: {} };

// Rules

export const SUBSIDIARITEIT_REGEL = 'lokaal wat kan, (sub)regionaal wat moet';

const filled = (value: unknown): value is string => typeof value === 'string' && value.trim().length > 0;
const ISO_DATE = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;

/**
 * Subsidiarity: above lokaal only with a motivering naming at least one ground and explaining it.
 * Returns the motivering to record (none for lokaal).
 */
export function toetsSubsidiariteit(schaalniveau: Schaalniveau, motivering: Motivering | undefined): Motivering | undefined {
  if (schaalniveau === 'lokaal') return undefined;
  const gronden = (motivering?.gronden ?? []).filter((g) => SUBSIDIARITEIT_GRONDEN.includes(g));
  const onbekend = (motivering?.gronden ?? []).filter((g) => !SUBSIDIARITEIT_GRONDEN.includes(g));
  if (onbekend.length) {
    throw invalid('onbekende-grond', 'De motivering noemt een grond die niet bestaat.', [`Kies uit: ${SUBSIDIARITEIT_GRONDEN.join(', ')}.`]);
  }
  if (gronden.length === 0 || !filled(motivering?.toelichting)) {
    throw conflict('subsidiariteit', `Deze opgave mag niet ${schaalniveau} worden belegd zonder motivering.`, [
      `Het uitgangspunt is "${SUBSIDIARITEIT_REGEL}": een opgave is lokaal, tenzij lokaal schadelijk voor cliënten, onmogelijk of onbetaalbaar is.`,
      'Noem minstens één van die gronden en licht toe waarom de opgave niet lokaal kan.',
    ]);
  }
  return { gronden: [...new Set(gronden)], toelichting: motivering!.toelichting };
}

/** The holder must fit the level: gemeenten for lokaal, one subregio for subregionaal, nothing for regionaal. */
export function bepaalPlaatsing(schaalniveau: Schaalniveau, gemeenten: string[] = [], subregio?: string): Plaatsing {
  if (!SCHAALNIVEAUS.includes(schaalniveau)) throw invalid('onbekend-schaalniveau', 'Onbekend schaalniveau.', [`Kies uit: ${SCHAALNIVEAUS.join(', ')}.`]);
  const onbekend = gemeenten.filter((g) => !isGemeenteCode(g));
  if (onbekend.length) throw invalid('onbekende-gemeente', 'Onbekende gemeente.', [`Geen gemeente van de regio: ${onbekend.join(', ')}.`]);
  const misfit = (reden: string) => invalid('houder-past-niet', 'De houder past niet bij het schaalniveau.', [reden]);
  switch (schaalniveau) {
    case 'lokaal':
      if (gemeenten.length === 0 || subregio) throw misfit('Een lokale opgave ligt bij een of meer gemeenten, niet bij een subregio.');
      return { schaalniveau, gemeenten: [...new Set(gemeenten)].sort() };
    case 'subregionaal':
      if (!isSubregioCode(subregio) || gemeenten.length) throw misfit('Een subregionale opgave ligt bij één subregio: leidse-regio, duin-en-bollenstreek of rijnstreek.');
      return { schaalniveau, gemeenten: [], subregio };
    case 'regionaal':
      if (gemeenten.length || subregio) throw misfit('Een regionale opgave ligt bij de regio als geheel, niet bij gemeenten of een subregio.');
      return { schaalniveau, gemeenten: [] };
    default:
      return assertNever(schaalniveau);
  }
}

const samePlaatsing = (a: Plaatsing, b: Plaatsing) => a.schaalniveau === b.schaalniveau && a.subregio === b.subregio && a.gemeenten.join() === b.gemeenten.join();

function requireOpgave(state: OpgaveState): Plaatsing {
  if (!state.bestaat || !state.plaatsing) throw notFound('opgave-onbekend', 'Deze opgave bestaat niet.');
  return state.plaatsing;
}

function validEenheden(eenheden: DoelEenheid[], wat: string): DoelEenheid[] {
  if (!Array.isArray(eenheden) || eenheden.length === 0) throw invalid('eenheden-ontbreken', `${wat} heeft geen eenheden.`, ['Geef per eenheid een aantal op, bijvoorbeeld 12 plekken-alleenstaanden.']);
  for (const e of eenheden) {
    if (!filled(e.eenheid) || !Number.isInteger(e.aantal) || e.aantal <= 0) {
      throw invalid('ongeldig-aantal', `${wat} heeft een ongeldige eenheid of aantal.`, ['Een aantal is een heel getal groter dan nul.']);
    }
  }
  if (new Set(eenheden.map((e) => e.eenheid)).size !== eenheden.length) throw invalid('eenheid-dubbel', `${wat} noemt een eenheid twee keer.`);
  return eenheden.map((e) => ({ eenheid: e.eenheid, aantal: e.aantal }));
}

const gemeenteHoortBij = (gemeente: string, plaatsing: Plaatsing) =>
  plaatsing.schaalniveau === 'regionaal' ||
  (plaatsing.schaalniveau === 'subregionaal' && GEMEENTE_SUBREGIO[gemeente] === plaatsing.subregio) ||
  (plaatsing.schaalniveau === 'lokaal' && plaatsing.gemeenten.includes(gemeente));

// Decide

export function decideOpgave(command: OpgaveCommand, state: OpgaveState): OpgaveEvent[] {
  const now = command.metadata.now;
  switch (command.type) {
    case 'LegOpgaveVast': {
      const d = command.data;
      if (state.bestaat) throw conflict('opgave-bestaat-al', 'Er bestaat al een opgave met dit id.');
      if (!filled(d.kaderId)) throw invalid('kader-ontbreekt', 'De opgave hoort bij geen kader.');
      if (!filled(d.titel)) throw invalid('titel-ontbreekt', 'De opgave heeft geen titel.');
      if (!OPGAVE_THEMAS.includes(d.thema)) throw invalid('onbekend-thema', 'Onbekend thema.', [`Kies uit: ${OPGAVE_THEMAS.join(', ')}.`]);
      const beleidsdomeinen: Beleidsdomein[] = [...new Set(d.beleidsdomeinen ?? ['maatschappelijke-zorg' as const])];
      if (beleidsdomeinen.some((b) => !BELEIDSDOMEINEN.includes(b))) throw invalid('onbekend-beleidsdomein', 'Onbekend beleidsdomein.', [`Kies uit: ${BELEIDSDOMEINEN.join(', ')}.`]);
      const schaalniveau = d.schaalniveau ?? 'lokaal';
      const plaatsing = bepaalPlaatsing(schaalniveau, d.gemeenten, d.subregio);
      const motivering = toetsSubsidiariteit(schaalniveau, d.motivering);
      return [
        {
          type: 'OpgaveVastgelegd',
          data: {
            opgaveId: d.opgaveId,
            kaderId: d.kaderId,
            titel: d.titel,
            omschrijving: d.omschrijving ?? '',
            thema: d.thema,
            beleidsdomeinen,
            plaatsing,
            ...(motivering ? { motivering } : {}),
            vastgelegdOp: now,
          },
        },
      ];
    }
    case 'VerplaatsOpgave': {
      const d = command.data;
      const van = requireOpgave(state);
      const naar = bepaalPlaatsing(d.schaalniveau, d.gemeenten, d.subregio);
      if (samePlaatsing(van, naar)) return [];
      const motivering = toetsSubsidiariteit(naar.schaalniveau, d.motivering);
      if (!filled(d.reden)) throw invalid('reden-ontbreekt', 'Er is geen reden opgegeven.', ['Geef een reden op voor het verplaatsen van de opgave.']);
      return [{ type: 'OpgaveVerplaatst', data: { opgaveId: d.opgaveId, kaderId: state.kaderId, van, naar, ...(motivering ? { motivering } : {}), reden: d.reden, verplaatstOp: now } }];
    }
    case 'StelDoel': {
      const d = command.data;
      requireOpgave(state);
      if (!filled(d.omschrijving)) throw invalid('omschrijving-ontbreekt', 'Het doel heeft geen omschrijving.');
      const eenheden = validEenheden(d.eenheden, 'Het doel');
      if (d.streefdatum !== undefined && !ISO_DATE.test(d.streefdatum)) throw invalid('ongeldige-datum', 'De streefdatum is geen geldige datum.', ['Schrijf de datum als JJJJ-MM-DD.']);
      if (state.doel && !filled(d.reden)) throw invalid('reden-ontbreekt', 'Deze opgave heeft al een doel.', ['Geef een reden op om het doel bij te stellen.']);
      return [
        {
          type: 'DoelGesteld',
          data: {
            opgaveId: d.opgaveId,
            kaderId: state.kaderId,
            omschrijving: d.omschrijving,
            eenheden,
            ...(d.streefdatum ? { streefdatum: d.streefdatum } : {}),
            ...(state.doel ? { reden: d.reden } : {}),
            gesteldOp: now,
          },
        },
      ];
    }
    case 'MeldRealisatie': {
      const d = command.data;
      const plaatsing = requireOpgave(state);
      if (state.realisaties[d.realisatieId]) throw conflict('realisatie-bestaat-al', 'Er is al een realisatie met dit id gemeld.');
      if (!state.doel) throw conflict('geen-doel', 'Deze opgave heeft nog geen meetbaar doel.', ['Stel eerst een doel met eenheden, dan kan voortgang worden gemeld.']);
      if (!isGemeenteCode(d.gemeente)) throw invalid('onbekende-gemeente', 'Onbekende gemeente.', [`Geen gemeente van de regio: ${d.gemeente}.`]);
      if (!gemeenteHoortBij(d.gemeente, plaatsing)) {
        throw conflict('gemeente-niet-betrokken', 'Deze gemeente houdt deze opgave niet.', ['Een realisatie wordt gemeld door een gemeente die de opgave (mede) houdt.']);
      }
      if (!ISO_DATE.test(d.datum ?? '')) throw invalid('ongeldige-datum', 'De datum van de realisatie is geen geldige datum.', ['Schrijf de datum als JJJJ-MM-DD.']);
      const eenheden = validEenheden(d.eenheden, 'De realisatie');
      const bekend = state.doel.eenheden.map((e) => e.eenheid);
      const vreemd = eenheden.filter((e) => !bekend.includes(e.eenheid)).map((e) => e.eenheid);
      if (vreemd.length) throw invalid('onbekende-eenheid', 'De realisatie noemt een eenheid die niet in het doel staat.', [`Het doel kent: ${bekend.join(', ')}; niet: ${vreemd.join(', ')}.`]);
      return [
        {
          type: 'RealisatieGemeld',
          data: {
            opgaveId: d.opgaveId,
            kaderId: state.kaderId,
            realisatieId: d.realisatieId,
            gemeente: d.gemeente,
            subregio: GEMEENTE_SUBREGIO[d.gemeente],
            datum: d.datum,
            eenheden,
            ...(filled(d.toelichting) ? { toelichting: d.toelichting } : {}),
            gemeldOp: now,
          },
        },
      ];
    }
    case 'TrekRealisatieIn': {
      const d = command.data;
      requireOpgave(state);
      const realisatie = state.realisaties[d.realisatieId];
      if (!realisatie) throw notFound('realisatie-onbekend', 'Deze realisatie bestaat niet.');
      if (realisatie.ingetrokken) return [];
      if (!filled(d.reden)) throw invalid('reden-ontbreekt', 'Er is geen reden opgegeven.', ['Geef een reden op voor het intrekken van de realisatie.']);
      return [{ type: 'RealisatieIngetrokken', data: { opgaveId: d.opgaveId, kaderId: state.kaderId, realisatieId: d.realisatieId, reden: d.reden, ingetrokkenOp: now } }];
    }
    default:
      return assertNever(command);
  }
}

// Evolve

export function evolveOpgave(state: OpgaveState, event: OpgaveEvent): OpgaveState {
  switch (event.type) {
    case 'OpgaveVastgelegd':
      return { ...state, bestaat: true, kaderId: event.data.kaderId, plaatsing: event.data.plaatsing };
    case 'OpgaveVerplaatst':
      return { ...state, plaatsing: event.data.naar };
    case 'DoelGesteld':
      return { ...state, doel: { eenheden: event.data.eenheden } };
    case 'RealisatieGemeld':
      return { ...state, realisaties: { ...state.realisaties, [event.data.realisatieId]: { ingetrokken: false } } };
    case 'RealisatieIngetrokken':
      return { ...state, realisaties: { ...state.realisaties, [event.data.realisatieId]: { ingetrokken: true } } };
    default:
      return state;
  }
}

export const opgaveDecider: Decider<OpgaveState, OpgaveCommand, OpgaveEvent> = {
  decide: decideOpgave,
  evolve: evolveOpgave,
  initialState: initialOpgaveState,
};
