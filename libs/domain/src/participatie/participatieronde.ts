import { assertNever, conflict, Decider, DomainCommand, DomainEvent, Fase, FASEN, invalid, IsoDate, IsoInstant, notFound } from '../shared';

export const participatierondeStreamId = (rondeId: string) => `participatieronde-${rondeId}`;

export const PARTICIPATIE_VORMEN = ['bijeenkomst', 'consultatie', 'interview', 'enquete', 'werksessie', 'schriftelijke-reactie'] as const;
export type ParticipatieVorm = (typeof PARTICIPATIE_VORMEN)[number];

/** Kinds of party. A private person is only ever a type (inwoners, ervaringsdeskundigen), never a name. */
export const PARTIJ_TYPEN = [
  'zorgaanbieder',
  'woningcorporatie',
  'clientenraad',
  'ervaringsdeskundigen',
  'inwoners',
  'gemeente',
  'werk-en-inkomen',
  'wonen',
  'jeugd',
  'veiligheid',
  'overig',
] as const;
export type PartijType = (typeof PARTIJ_TYPEN)[number];

export const TERUGKOPPELING_UITKOMSTEN = ['overgenomen', 'deels-overgenomen', 'niet-overgenomen'] as const;
export type TerugkoppelingUitkomst = (typeof TERUGKOPPELING_UITKOMSTEN)[number];

export interface InbrengBron {
  partijType: PartijType;
  /** The organisation, when the input came from one. */
  organisatie?: string;
}

/** Where a contribution landed: an opgave, or a part of the kader (e.g. a chapter). */
export interface Verwerking {
  opgaveId?: string;
  kaderdeel?: string;
}

// Events

export type ParticipatierondeGepland = DomainEvent<'ParticipatierondeGepland', {
  rondeId: string;
  kaderId: string;
  fase: Fase;
  doel: string;
  vorm: ParticipatieVorm;
  datum: IsoDate;
  genodigden: PartijType[];
  geplandOp: IsoInstant;
}>;
export type InbrengOntvangen = DomainEvent<'InbrengOntvangen', {
  rondeId: string;
  kaderId: string;
  inbrengId: string;
  bron: InbrengBron;
  thema: string;
  tekst: string;
  ontvangenOp: IsoInstant;
}>;
export type InbrengBeantwoord = DomainEvent<'InbrengBeantwoord', {
  rondeId: string;
  kaderId: string;
  inbrengId: string;
  uitkomst: TerugkoppelingUitkomst;
  reden: string;
  verwerking?: Verwerking;
  beantwoordOp: IsoInstant;
}>;
export type ParticipatierondeGesloten = DomainEvent<'ParticipatierondeGesloten', {
  rondeId: string;
  kaderId: string;
  /** Contributions still unanswered at closing; only above zero with a reden. */
  onbeantwoord: number;
  reden?: string;
  geslotenOp: IsoInstant;
}>;

export type ParticipatieEvent = ParticipatierondeGepland | InbrengOntvangen | InbrengBeantwoord | ParticipatierondeGesloten;
export const PARTICIPATIE_EVENT_TYPES: readonly ParticipatieEvent['type'][] = ['ParticipatierondeGepland', 'InbrengOntvangen', 'InbrengBeantwoord', 'ParticipatierondeGesloten'];

// Commands

export type PlanParticipatieronde = DomainCommand<'PlanParticipatieronde', {
  rondeId: string;
  kaderId: string;
  fase: Fase;
  doel: string;
  vorm: ParticipatieVorm;
  datum: IsoDate;
  genodigden: PartijType[];
}>;
export type RegistreerInbreng = DomainCommand<'RegistreerInbreng', { rondeId: string; inbrengId: string; bron: InbrengBron; thema: string; tekst: string }>;
export type BeantwoordInbreng = DomainCommand<'BeantwoordInbreng', { rondeId: string; inbrengId: string; uitkomst: TerugkoppelingUitkomst; reden: string; verwerking?: Verwerking }>;
export type SluitParticipatieronde = DomainCommand<'SluitParticipatieronde', { rondeId: string; reden?: string }>;

export type ParticipatieCommand = PlanParticipatieronde | RegistreerInbreng | BeantwoordInbreng | SluitParticipatieronde;

// State

export interface ParticipatieState {
  status: 'onbekend' | 'gepland' | 'gesloten';
  kaderId: string;
  /** inbrengId -> the answer given, if any */
  inbreng: Record<string, { uitkomst?: TerugkoppelingUitkomst }>;
}

export const initialParticipatieState: ParticipatieState = { status: 'onbekend', kaderId: '', inbreng: {} };

// Rules

const filled = (value: unknown): value is string => typeof value === 'string' && value.trim().length > 0;
const ISO_DATE = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;

export const onbeantwoordeInbreng = (state: ParticipatieState): string[] =>
  Object.entries(state.inbreng).filter(([, i]) => !i.uitkomst).map(([id]) => id);

function requireRonde(state: ParticipatieState): void {
  if (state.status === 'onbekend') throw notFound('participatieronde-onbekend', 'Deze participatieronde bestaat niet.');
}

// Decide

export function decideParticipatie(command: ParticipatieCommand, state: ParticipatieState): ParticipatieEvent[] {
  const now = command.metadata.now;
  switch (command.type) {
    case 'PlanParticipatieronde': {
      const d = command.data;
      if (state.status !== 'onbekend') throw conflict('participatieronde-bestaat-al', 'Er bestaat al een participatieronde met dit id.');
      if (!filled(d.kaderId)) throw invalid('kader-ontbreekt', 'De participatieronde hoort bij geen kader.');
      if (!filled(d.doel)) throw invalid('doel-ontbreekt', 'De participatieronde heeft geen doel.');
      if (!FASEN.includes(d.fase)) throw invalid('onbekende-fase', 'Onbekende fase van het kader.', [`Kies uit: ${FASEN.join(', ')}.`]);
      if (!PARTICIPATIE_VORMEN.includes(d.vorm)) throw invalid('onbekende-vorm', 'Onbekende vorm van participatie.', [`Kies uit: ${PARTICIPATIE_VORMEN.join(', ')}.`]);
      if (!ISO_DATE.test(d.datum ?? '')) throw invalid('ongeldige-datum', 'De datum is geen geldige datum.', ['Schrijf de datum als JJJJ-MM-DD.']);
      const genodigden = [...new Set(d.genodigden ?? [])];
      if (genodigden.length === 0) throw invalid('geen-genodigden', 'Er zijn geen partijen uitgenodigd.', ['Noem minstens één soort partij die wordt uitgenodigd.']);
      if (genodigden.some((p) => !PARTIJ_TYPEN.includes(p))) throw invalid('onbekend-partijtype', 'Onbekende soort partij.', [`Kies uit: ${PARTIJ_TYPEN.join(', ')}.`]);
      return [{ type: 'ParticipatierondeGepland', data: { rondeId: d.rondeId, kaderId: d.kaderId, fase: d.fase, doel: d.doel, vorm: d.vorm, datum: d.datum, genodigden, geplandOp: now } }];
    }
    case 'RegistreerInbreng': {
      const d = command.data;
      requireRonde(state);
      if (state.status === 'gesloten') throw conflict('participatieronde-gesloten', 'Deze participatieronde is gesloten.', ['Nieuwe inbreng hoort bij een nieuwe ronde.']);
      if (state.inbreng[d.inbrengId]) throw conflict('inbreng-bestaat-al', 'Er is al inbreng met dit id.');
      if (!d.bron || !PARTIJ_TYPEN.includes(d.bron.partijType)) throw invalid('onbekend-partijtype', 'Van wie komt de inbreng?', [`Kies een soort partij uit: ${PARTIJ_TYPEN.join(', ')}.`]);
      if (d.bron.partijType === 'inwoners' && filled(d.bron.organisatie)) {
        throw invalid('persoon-niet-noemen', 'Inbreng van inwoners wordt niet aan een naam of organisatie gekoppeld.', ['Registreer alleen de soort deelnemer: inwoners.']);
      }
      if (!filled(d.thema) || !filled(d.tekst)) throw invalid('inbreng-onvolledig', 'Thema en tekst van de inbreng zijn verplicht.');
      const bron: InbrengBron = { partijType: d.bron.partijType, ...(filled(d.bron.organisatie) ? { organisatie: d.bron.organisatie } : {}) };
      return [{ type: 'InbrengOntvangen', data: { rondeId: d.rondeId, kaderId: state.kaderId, inbrengId: d.inbrengId, bron, thema: d.thema, tekst: d.tekst, ontvangenOp: now } }];
    }
    case 'BeantwoordInbreng': {
      const d = command.data;
      requireRonde(state);
      const inbreng = state.inbreng[d.inbrengId];
      if (!inbreng) throw notFound('inbreng-onbekend', 'Deze inbreng bestaat niet in deze ronde.');
      if (!TERUGKOPPELING_UITKOMSTEN.includes(d.uitkomst)) throw invalid('onbekende-uitkomst', 'Onbekende terugkoppeling.', [`Kies uit: ${TERUGKOPPELING_UITKOMSTEN.join(', ')}.`]);
      if (inbreng.uitkomst) {
        if (inbreng.uitkomst === d.uitkomst) return [];
        throw conflict('inbreng-al-beantwoord', 'Deze inbreng is al beantwoord.', [`De terugkoppeling was: ${inbreng.uitkomst}.`]);
      }
      if (!filled(d.reden)) throw invalid('reden-ontbreekt', 'Er is geen reden opgegeven.', ['Leg uit wat er met de inbreng is gedaan en waarom.']);
      const verwerking: Verwerking = {
        ...(filled(d.verwerking?.opgaveId) ? { opgaveId: d.verwerking!.opgaveId } : {}),
        ...(filled(d.verwerking?.kaderdeel) ? { kaderdeel: d.verwerking!.kaderdeel } : {}),
      };
      const geland = Object.keys(verwerking).length > 0;
      if (d.uitkomst !== 'niet-overgenomen' && !geland) {
        throw invalid('verwerking-ontbreekt', 'Waar is de inbreng verwerkt?', ['Noem de opgave of het deel van het kader waar de inbreng is overgenomen.']);
      }
      return [
        {
          type: 'InbrengBeantwoord',
          data: { rondeId: d.rondeId, kaderId: state.kaderId, inbrengId: d.inbrengId, uitkomst: d.uitkomst, reden: d.reden, ...(geland ? { verwerking } : {}), beantwoordOp: now },
        },
      ];
    }
    case 'SluitParticipatieronde': {
      const d = command.data;
      requireRonde(state);
      if (state.status === 'gesloten') return [];
      const open = onbeantwoordeInbreng(state);
      if (open.length > 0 && !filled(d.reden)) {
        throw conflict('onbeantwoorde-inbreng', 'De ronde kan niet worden gesloten: er is inbreng zonder terugkoppeling.', [
          `${open.length} bijdrage(n) zijn nog niet beantwoord.`,
          'Beantwoord eerst alle inbreng, of sluit de ronde met een reden waarom dat niet gebeurt.',
        ]);
      }
      return [{ type: 'ParticipatierondeGesloten', data: { rondeId: d.rondeId, kaderId: state.kaderId, onbeantwoord: open.length, ...(filled(d.reden) ? { reden: d.reden } : {}), geslotenOp: now } }];
    }
    default:
      return assertNever(command);
  }
}

// Evolve

export function evolveParticipatie(state: ParticipatieState, event: ParticipatieEvent): ParticipatieState {
  switch (event.type) {
    case 'ParticipatierondeGepland':
      return { ...state, status: 'gepland', kaderId: event.data.kaderId };
    case 'InbrengOntvangen':
      return { ...state, inbreng: { ...state.inbreng, [event.data.inbrengId]: {} } };
    case 'InbrengBeantwoord':
      return { ...state, inbreng: { ...state.inbreng, [event.data.inbrengId]: { uitkomst: event.data.uitkomst } } };
    case 'ParticipatierondeGesloten':
      return { ...state, status: 'gesloten' };
    default:
      return state;
  }
}

export const participatieDecider: Decider<ParticipatieState, ParticipatieCommand, ParticipatieEvent> = {
  decide: decideParticipatie,
  evolve: evolveParticipatie,
  initialState: initialParticipatieState,
};
