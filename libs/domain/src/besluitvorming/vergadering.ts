import {
  assertNever,
  BESLUIT_ONDERWERPEN,
  BESLUIT_UITKOMSTEN,
  BesluitOnderwerp,
  BesluitUitkomst,
  conflict,
  Decider,
  DomainCommand,
  DomainEvent,
  GremiumCode,
  invalid,
  IsoDate,
  notFound,
} from '../shared';
import { isGremiumCode } from '../../../reference-data/src';
import { dateOf, isIsoDate } from './datum';
import { Stemming, stemmingGebreken, Stemuitslag, stemuitslag } from './stemuitslag';
import { DiWooMetadata, diwooMetadata, publicatieTermijn } from './woo';

export const vergaderingStream = (vergaderingId: string) => `vergadering-${vergaderingId}`;

// ---- shapes ----

export interface Documentverwijzing {
  titel: string;
  url: string;
  /** Content hash of the document, e.g. `sha256:ab12...`. */
  hash: string;
}
export interface Voorstel {
  titel: string;
  samenvatting: string;
  documenten: Documentverwijzing[];
}
export interface Amendement {
  titel: string;
  tekst: string;
  aangenomen?: boolean;
}

// ---- commands ----

export type PlanVergadering = DomainCommand<'PlanVergadering', { vergaderingId: string; gremium: GremiumCode; datum: IsoDate; titel: string; locatie?: string }>;
export type VoegAgendapuntToe = DomainCommand<
  'VoegAgendapuntToe',
  { agendapuntId: string; volgnummer: number; titel: string; kaderId?: string; onderwerp: BesluitOnderwerp; voorstel?: Voorstel }
>;
export type NeemBesluit = DomainCommand<
  'NeemBesluit',
  {
    besluitId: string;
    agendapuntId: string;
    uitkomst: BesluitUitkomst;
    besluittekst: string;
    toelichting?: string;
    /** The date the gremium took it; the clerk often records it days later. */
    datum: IsoDate;
    amendementen?: Amendement[];
    stemming?: Stemming;
  }
>;
export type RectificeerBesluit = DomainCommand<
  'RectificeerBesluit',
  { besluitId: string; besluittekst?: string; uitkomst?: BesluitUitkomst; toelichting?: string; reden: string }
>;
export type TrekBesluitIn = DomainCommand<'TrekBesluitIn', { besluitId: string; reden: string }>;
export type StelBesluitenlijstVast = DomainCommand<'StelBesluitenlijstVast', { datum: IsoDate }>;
export type PubliceerBesluitenlijst = DomainCommand<'PubliceerBesluitenlijst', { datum: IsoDate; url?: string; ketenkop?: string }>;

export type VergaderingCommand =
  | PlanVergadering
  | VoegAgendapuntToe
  | NeemBesluit
  | RectificeerBesluit
  | TrekBesluitIn
  | StelBesluitenlijstVast
  | PubliceerBesluitenlijst;

// ---- events ----

/** Every besluit event names its meeting, gremium, agendapunt and kader, so consumers need no lookups. */
interface BesluitContext {
  vergaderingId: string;
  gremium: GremiumCode;
  agendapuntId: string;
  besluitId: string;
  kaderId?: string;
  onderwerp: BesluitOnderwerp;
}

export type VergaderingGepland = DomainEvent<'VergaderingGepland', { vergaderingId: string; gremium: GremiumCode; datum: IsoDate; titel: string; locatie?: string }>;
export type AgendapuntToegevoegd = DomainEvent<
  'AgendapuntToegevoegd',
  { vergaderingId: string; agendapuntId: string; volgnummer: number; titel: string; kaderId?: string; onderwerp: BesluitOnderwerp; voorstel?: Voorstel }
>;
export type BesluitGenomen = DomainEvent<
  'BesluitGenomen',
  BesluitContext & {
    versie: 1;
    uitkomst: BesluitUitkomst;
    besluittekst: string;
    toelichting?: string;
    datum: IsoDate;
    amendementen: Amendement[];
    stemming?: Stemming & { uitslag: Stemuitslag };
  }
>;
export type BesluitGerectificeerd = DomainEvent<
  'BesluitGerectificeerd',
  BesluitContext & {
    versie: number;
    /** The full text after the correction; `vorige` keeps what it replaced. */
    uitkomst: BesluitUitkomst;
    besluittekst: string;
    toelichting?: string;
    gewijzigd: ('uitkomst' | 'besluittekst' | 'toelichting')[];
    vorige: { uitkomst: BesluitUitkomst; besluittekst: string; toelichting?: string };
    reden: string;
    /** The date the correction was recorded. */
    datum: IsoDate;
  }
>;
export type BesluitIngetrokken = DomainEvent<'BesluitIngetrokken', BesluitContext & { versie: number; reden: string; datum: IsoDate }>;
export type BesluitenlijstVastgesteld = DomainEvent<
  'BesluitenlijstVastgesteld',
  { vergaderingId: string; gremium: GremiumCode; datum: IsoDate; besluitIds: string[]; publicerenUiterlijk: IsoDate }
>;
export type BesluitenlijstGepubliceerd = DomainEvent<
  'BesluitenlijstGepubliceerd',
  {
    vergaderingId: string;
    gremium: GremiumCode;
    datum: IsoDate;
    url?: string;
    /** Hash published with the list so readers can check it against the event chain. */
    ketenkop?: string;
    vastgesteldOp: IsoDate;
    publicerenUiterlijk: IsoDate;
    /** Published within the Woo term of two weeks. */
    tijdig: boolean;
    diwoo: DiWooMetadata;
  }
>;

export type VergaderingEvent =
  | VergaderingGepland
  | AgendapuntToegevoegd
  | BesluitGenomen
  | BesluitGerectificeerd
  | BesluitIngetrokken
  | BesluitenlijstVastgesteld
  | BesluitenlijstGepubliceerd;

export const VERGADERING_EVENT_TYPES = [
  'VergaderingGepland',
  'AgendapuntToegevoegd',
  'BesluitGenomen',
  'BesluitGerectificeerd',
  'BesluitIngetrokken',
  'BesluitenlijstVastgesteld',
  'BesluitenlijstGepubliceerd',
] as const satisfies readonly VergaderingEvent['type'][];

// ---- state ----

interface AgendapuntState {
  volgnummer: number;
  kaderId?: string;
  onderwerp: BesluitOnderwerp;
  besluitId?: string;
  vingerafdruk: string;
}
interface BesluitState {
  agendapuntId: string;
  versie: number;
  uitkomst: BesluitUitkomst;
  besluittekst: string;
  toelichting?: string;
  stemuitslag?: Stemuitslag['uitslag'];
  ingetrokken: boolean;
  /** Fingerprint of the NeemBesluit that created it, to recognise a repeat. */
  vingerafdruk: string;
}
export interface GeplandeVergadering {
  status: 'gepland';
  vergaderingId: string;
  gremium: GremiumCode;
  datum: IsoDate;
  titel: string;
  locatie?: string;
  vingerafdruk: string;
  agendapunten: Record<string, AgendapuntState>;
  besluiten: Record<string, BesluitState>;
  besluitenlijst?: { vastgesteldOp: IsoDate; publicerenUiterlijk: IsoDate; publicatie?: string };
}
export type VergaderingState = { status: 'onbekend' } | GeplandeVergadering;

export const vergaderingInitialState: VergaderingState = { status: 'onbekend' };

// ---- helpers ----

/** JSON with sorted keys and no undefined: equal data gives an equal string. */
const vingerafdruk = (value: unknown): string =>
  JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).filter(([, x]) => x !== undefined).sort(([a], [b]) => a.localeCompare(b)))
      : v,
  );

const neemBesluitVingerafdruk = (d: NeemBesluit['data'] | BesluitGenomen['data']): string =>
  vingerafdruk({
    besluitId: d.besluitId,
    agendapuntId: d.agendapuntId,
    uitkomst: d.uitkomst,
    besluittekst: d.besluittekst,
    toelichting: d.toelichting,
    datum: d.datum,
    amendementen: d.amendementen?.length ? d.amendementen : undefined,
    stemming: d.stemming ? { stemmen: d.stemming.stemmen, regel: d.stemming.regel } : undefined,
  });

const isTekst = (value: unknown): value is string => typeof value === 'string' && value.trim() !== '';

const weiger = (code: string, title: string, reasons: string[]) => {
  if (reasons.length) throw invalid(code, title, reasons);
};

const vereisVergadering = (state: VergaderingState): GeplandeVergadering => {
  if (state.status !== 'gepland') throw notFound('vergadering-onbekend', 'Deze vergadering bestaat niet.', ['Plan eerst de vergadering.']);
  return state;
};

const vereisBesluit = (vergadering: GeplandeVergadering, besluitId: string, handeling: string): BesluitState => {
  const besluit = vergadering.besluiten[besluitId];
  if (!besluit) throw notFound('besluit-onbekend', 'Dit besluit bestaat niet in deze vergadering.', [`Er is geen besluit ${besluitId} om te ${handeling}.`]);
  if (besluit.ingetrokken) throw conflict('besluit-ingetrokken', 'Dit besluit is ingetrokken.', [`Een ingetrokken besluit kunt u niet meer ${handeling}.`]);
  return besluit;
};

const STEMMING_NODIG_VOOR_AANNEMEN: BesluitUitkomst[] = ['vastgesteld', 'gewijzigd-vastgesteld', 'voorgenomen-besluit'];

/** The recorded outcome may not contradict the counted vote. */
const uitkomstPastBijStemming = (uitkomst: BesluitUitkomst, uitslag: Stemuitslag['uitslag'] | undefined): string[] => {
  if (uitslag === 'verworpen' && STEMMING_NODIG_VOOR_AANNEMEN.includes(uitkomst))
    return [`De stemming is verworpen, dus de uitkomst kan niet '${uitkomst}' zijn.`];
  if (uitslag === 'aangenomen' && uitkomst === 'verworpen') return ["De stemming is aangenomen, dus de uitkomst kan niet 'verworpen' zijn."];
  return [];
};

// ---- decide ----

export const decideVergadering = (command: VergaderingCommand, state: VergaderingState): VergaderingEvent[] => {
  const vandaag = dateOf(command.metadata.now);
  switch (command.type) {
    case 'PlanVergadering': {
      const d = command.data;
      if (state.status === 'gepland') {
        if (state.vingerafdruk === vingerafdruk(d)) return [];
        throw conflict('vergadering-bestaat-al', 'Deze vergadering is al gepland.', ['Een vergadering wordt één keer gepland.']);
      }
      weiger('vergadering-ongeldig', 'De vergadering is niet volledig.', [
        ...(isTekst(d.vergaderingId) ? [] : ['Geef de vergadering een id.']),
        ...(typeof d.gremium === 'string' && isGremiumCode(d.gremium) ? [] : [`'${String(d.gremium)}' is geen bekend gremium.`]),
        ...(isIsoDate(d.datum) ? [] : ['De datum moet een geldige datum zijn (JJJJ-MM-DD).']),
        ...(isTekst(d.titel) ? [] : ['Geef de vergadering een titel.']),
      ]);
      return [{ type: 'VergaderingGepland', data: { vergaderingId: d.vergaderingId, gremium: d.gremium, datum: d.datum, titel: d.titel, ...(d.locatie ? { locatie: d.locatie } : {}) } }];
    }

    case 'VoegAgendapuntToe': {
      const v = vereisVergadering(state);
      const d = command.data;
      const bestaand = v.agendapunten[d.agendapuntId];
      if (bestaand) {
        if (bestaand.vingerafdruk === vingerafdruk(d)) return [];
        throw conflict('agendapunt-bestaat-al', 'Dit agendapunt staat al op de agenda.', [`Agendapunt ${d.agendapuntId} bestaat al met andere gegevens.`]);
      }
      if (v.besluitenlijst) throw conflict('besluitenlijst-vastgesteld', 'De besluitenlijst van deze vergadering is al vastgesteld.', ['Na vaststelling kan de agenda niet meer worden aangevuld.']);
      const volgnummerBezet = Object.values(v.agendapunten).some((a) => a.volgnummer === d.volgnummer);
      if (volgnummerBezet) throw conflict('volgnummer-bezet', 'Dit volgnummer is al in gebruik.', [`Er staat al een agendapunt op nummer ${d.volgnummer}.`]);
      const documenten = d.voorstel?.documenten ?? [];
      weiger('agendapunt-ongeldig', 'Het agendapunt is niet volledig.', [
        ...(isTekst(d.agendapuntId) ? [] : ['Geef het agendapunt een id.']),
        ...(Number.isInteger(d.volgnummer) && d.volgnummer > 0 ? [] : ['Het volgnummer moet een positief geheel getal zijn.']),
        ...(isTekst(d.titel) ? [] : ['Geef het agendapunt een titel.']),
        ...(BESLUIT_ONDERWERPEN.includes(d.onderwerp) ? [] : [`'${String(d.onderwerp)}' is geen bekend onderwerp.`]),
        ...(d.onderwerp !== 'overig' && BESLUIT_ONDERWERPEN.includes(d.onderwerp) && !isTekst(d.kaderId) ? [`Een agendapunt over '${d.onderwerp}' hoort bij een kader; geef het kader op.`] : []),
        ...(d.voorstel && !isTekst(d.voorstel.titel) ? ['Geef het voorstel een titel.'] : []),
        ...(d.voorstel && typeof d.voorstel.samenvatting !== 'string' ? ['Geef het voorstel een samenvatting.'] : []),
        ...(d.voorstel && !Array.isArray(d.voorstel.documenten) ? ['De documenten van het voorstel ontbreken.'] : []),
        ...(Array.isArray(documenten)
          ? documenten.flatMap((doc, i) => [
              ...(isTekst(doc?.titel) ? [] : [`Document ${i + 1} heeft geen titel.`]),
              ...(typeof doc?.url === 'string' && /^https?:\/\/\S+$/.test(doc.url) ? [] : [`Document ${i + 1} heeft geen geldig http(s)-adres.`]),
              ...(isTekst(doc?.hash) ? [] : [`Document ${i + 1} heeft geen inhoudshash.`]),
            ])
          : []),
      ]);
      return [
        {
          type: 'AgendapuntToegevoegd',
          data: {
            vergaderingId: v.vergaderingId,
            agendapuntId: d.agendapuntId,
            volgnummer: d.volgnummer,
            titel: d.titel,
            ...(d.kaderId ? { kaderId: d.kaderId } : {}),
            onderwerp: d.onderwerp,
            ...(d.voorstel ? { voorstel: d.voorstel } : {}),
          },
        },
      ];
    }

    case 'NeemBesluit': {
      const v = vereisVergadering(state);
      const d = command.data;
      const eerder = v.besluiten[d.besluitId];
      if (eerder && eerder.vingerafdruk === neemBesluitVingerafdruk(d)) return [];
      if (eerder) throw conflict('besluit-bestaat-al', 'Dit besluit is al vastgelegd.', ['Corrigeer een besluit met een rectificatie.']);
      const agendapunt = v.agendapunten[d.agendapuntId];
      if (!agendapunt) throw notFound('agendapunt-onbekend', 'Dit agendapunt staat niet op de agenda.', ['Voeg eerst het agendapunt toe.']);
      if (agendapunt.besluitId)
        throw conflict('agendapunt-heeft-besluit', 'Over dit agendapunt is al besloten.', ['Per agendapunt is er één besluit; corrigeer het met een rectificatie.']);
      if (v.besluitenlijst) throw conflict('besluitenlijst-vastgesteld', 'De besluitenlijst van deze vergadering is al vastgesteld.', ['Na vaststelling kunnen geen besluiten meer worden toegevoegd.']);
      const stemGebreken = d.stemming ? stemmingGebreken(d.stemming) : [];
      weiger('besluit-ongeldig', 'Het besluit is niet volledig.', [
        ...(isTekst(d.besluitId) ? [] : ['Geef het besluit een id.']),
        ...(BESLUIT_UITKOMSTEN.includes(d.uitkomst) ? [] : [`'${String(d.uitkomst)}' is geen bekende uitkomst.`]),
        ...(isTekst(d.besluittekst) ? [] : ['Geef de besluittekst.']),
        ...(isIsoDate(d.datum) ? [] : ['De datum moet een geldige datum zijn (JJJJ-MM-DD).']),
        ...(isIsoDate(d.datum) && d.datum < v.datum ? [`Het besluit kan niet eerder zijn genomen dan de vergadering (${v.datum}).`] : []),
        ...(isIsoDate(d.datum) && d.datum > vandaag ? ['Een besluit kan niet in de toekomst zijn genomen.'] : []),
        ...(d.amendementen ?? []).flatMap((a, i) => (isTekst(a?.titel) && isTekst(a?.tekst) ? [] : [`Amendement ${i + 1} heeft geen titel of tekst.`])),
        ...stemGebreken,
      ]);
      const stemming = d.stemming ? { ...d.stemming, uitslag: stemuitslag(d.stemming) } : undefined;
      weiger('uitkomst-strijdig-met-stemming', 'De uitkomst past niet bij de stemming.', uitkomstPastBijStemming(d.uitkomst, stemming?.uitslag.uitslag));
      return [
        {
          type: 'BesluitGenomen',
          data: {
            vergaderingId: v.vergaderingId,
            gremium: v.gremium,
            agendapuntId: d.agendapuntId,
            besluitId: d.besluitId,
            ...(agendapunt.kaderId ? { kaderId: agendapunt.kaderId } : {}),
            onderwerp: agendapunt.onderwerp,
            versie: 1,
            uitkomst: d.uitkomst,
            besluittekst: d.besluittekst,
            ...(d.toelichting !== undefined ? { toelichting: d.toelichting } : {}),
            datum: d.datum,
            amendementen: d.amendementen ?? [],
            ...(stemming ? { stemming } : {}),
          },
        },
      ];
    }

    case 'RectificeerBesluit': {
      const v = vereisVergadering(state);
      const d = command.data;
      const besluit = vereisBesluit(v, d.besluitId, 'rectificeren');
      weiger('rectificatie-ongeldig', 'De rectificatie is niet volledig.', [
        ...(isTekst(d.reden) ? [] : ['Geef de reden van de rectificatie.']),
        ...(d.uitkomst !== undefined && !BESLUIT_UITKOMSTEN.includes(d.uitkomst) ? [`'${String(d.uitkomst)}' is geen bekende uitkomst.`] : []),
        ...(d.besluittekst !== undefined && !isTekst(d.besluittekst) ? ['De nieuwe besluittekst is leeg.'] : []),
      ]);
      const gewijzigd = (['uitkomst', 'besluittekst', 'toelichting'] as const).filter((veld) => d[veld] !== undefined && d[veld] !== besluit[veld]);
      if (gewijzigd.length === 0) throw invalid('rectificatie-zonder-wijziging', 'De rectificatie verandert niets.', ['Geef een nieuwe besluittekst, uitkomst of toelichting.']);
      const uitkomst = d.uitkomst ?? besluit.uitkomst;
      weiger('uitkomst-strijdig-met-stemming', 'De uitkomst past niet bij de stemming.', uitkomstPastBijStemming(uitkomst, besluit.stemuitslag));
      const toelichting = d.toelichting ?? besluit.toelichting;
      return [
        {
          type: 'BesluitGerectificeerd',
          data: {
            ...besluitContext(v, d.besluitId, besluit),
            versie: besluit.versie + 1,
            uitkomst,
            besluittekst: d.besluittekst ?? besluit.besluittekst,
            ...(toelichting !== undefined ? { toelichting } : {}),
            gewijzigd,
            vorige: { uitkomst: besluit.uitkomst, besluittekst: besluit.besluittekst, ...(besluit.toelichting !== undefined ? { toelichting: besluit.toelichting } : {}) },
            reden: d.reden,
            datum: vandaag,
          },
        },
      ];
    }

    case 'TrekBesluitIn': {
      const v = vereisVergadering(state);
      const d = command.data;
      const besluit = vereisBesluit(v, d.besluitId, 'intrekken');
      weiger('intrekking-ongeldig', 'De intrekking is niet volledig.', isTekst(d.reden) ? [] : ['Geef de reden van de intrekking.']);
      return [{ type: 'BesluitIngetrokken', data: { ...besluitContext(v, d.besluitId, besluit), versie: besluit.versie + 1, reden: d.reden, datum: vandaag } }];
    }

    case 'StelBesluitenlijstVast': {
      const v = vereisVergadering(state);
      const d = command.data;
      if (v.besluitenlijst) {
        if (v.besluitenlijst.vastgesteldOp === d.datum) return [];
        throw conflict('besluitenlijst-al-vastgesteld', 'De besluitenlijst is al vastgesteld.', [`Vastgesteld op ${v.besluitenlijst.vastgesteldOp}; corrigeer besluiten met een rectificatie.`]);
      }
      weiger('vaststelling-ongeldig', 'De besluitenlijst kan nog niet worden vastgesteld.', [
        ...(isIsoDate(d.datum) ? [] : ['De datum moet een geldige datum zijn (JJJJ-MM-DD).']),
        ...(isIsoDate(d.datum) && d.datum < v.datum ? [`De vergadering is pas op ${v.datum}; stel de besluitenlijst daarna vast.`] : []),
        ...(isIsoDate(d.datum) && d.datum > vandaag ? ['De datum van vaststelling ligt in de toekomst.'] : []),
      ]);
      const besluitIds = Object.values(v.agendapunten)
        .sort((a, b) => a.volgnummer - b.volgnummer)
        .flatMap((a) => (a.besluitId ? [a.besluitId] : []));
      return [{ type: 'BesluitenlijstVastgesteld', data: { vergaderingId: v.vergaderingId, gremium: v.gremium, datum: d.datum, besluitIds, publicerenUiterlijk: publicatieTermijn(d.datum) } }];
    }

    case 'PubliceerBesluitenlijst': {
      const v = vereisVergadering(state);
      const d = command.data;
      const lijst = v.besluitenlijst;
      if (!lijst) throw conflict('besluitenlijst-niet-vastgesteld', 'De besluitenlijst is nog niet vastgesteld.', ['Publiceer de besluitenlijst na vaststelling.']);
      if (lijst.publicatie !== undefined) {
        if (lijst.publicatie === vingerafdruk(d)) return [];
        throw conflict('besluitenlijst-al-gepubliceerd', 'De besluitenlijst is al gepubliceerd.', []);
      }
      weiger('publicatie-ongeldig', 'De publicatie is niet volledig.', [
        ...(isIsoDate(d.datum) ? [] : ['De datum moet een geldige datum zijn (JJJJ-MM-DD).']),
        ...(isIsoDate(d.datum) && d.datum < lijst.vastgesteldOp ? [`De besluitenlijst is pas op ${lijst.vastgesteldOp} vastgesteld.`] : []),
        ...(isIsoDate(d.datum) && d.datum > vandaag ? ['De publicatiedatum ligt in de toekomst.'] : []),
        ...(d.url !== undefined && !/^https?:\/\/\S+$/.test(d.url) ? ['Het adres van de publicatie is geen geldig http(s)-adres.'] : []),
        ...(d.ketenkop !== undefined && !isTekst(d.ketenkop) ? ['De ketenkop is leeg.'] : []),
      ]);
      return [
        {
          type: 'BesluitenlijstGepubliceerd',
          data: {
            vergaderingId: v.vergaderingId,
            gremium: v.gremium,
            datum: d.datum,
            ...(d.url ? { url: d.url } : {}),
            ...(d.ketenkop ? { ketenkop: d.ketenkop } : {}),
            vastgesteldOp: lijst.vastgesteldOp,
            publicerenUiterlijk: lijst.publicerenUiterlijk,
            tijdig: d.datum <= lijst.publicerenUiterlijk,
            diwoo: diwooMetadata({ gremium: v.gremium, titel: v.titel, vergaderdatum: v.datum, vastgesteldOp: lijst.vastgesteldOp, url: d.url }),
          },
        },
      ];
    }

    default:
      return assertNever(command);
  }
};

const besluitContext = (v: GeplandeVergadering, besluitId: string, besluit: BesluitState): BesluitContext => {
  const agendapunt = v.agendapunten[besluit.agendapuntId];
  return {
    vergaderingId: v.vergaderingId,
    gremium: v.gremium,
    agendapuntId: besluit.agendapuntId,
    besluitId,
    ...(agendapunt?.kaderId ? { kaderId: agendapunt.kaderId } : {}),
    onderwerp: agendapunt?.onderwerp ?? 'overig',
  };
};

// ---- evolve ----

export const evolveVergadering = (state: VergaderingState, event: VergaderingEvent): VergaderingState => {
  if (event.type === 'VergaderingGepland') {
    const { vergaderingId, gremium, datum, titel, locatie } = event.data;
    return { status: 'gepland', vergaderingId, gremium, datum, titel, locatie, vingerafdruk: vingerafdruk(event.data), agendapunten: {}, besluiten: {} };
  }
  if (state.status !== 'gepland') return state;
  switch (event.type) {
    case 'AgendapuntToegevoegd': {
      const { vergaderingId: _v, ...command } = event.data;
      const agendapunt: AgendapuntState = { volgnummer: event.data.volgnummer, kaderId: event.data.kaderId, onderwerp: event.data.onderwerp, vingerafdruk: vingerafdruk(command) };
      return { ...state, agendapunten: { ...state.agendapunten, [event.data.agendapuntId]: agendapunt } };
    }
    case 'BesluitGenomen': {
      const d = event.data;
      const agendapunt = state.agendapunten[d.agendapuntId];
      const besluit: BesluitState = {
        agendapuntId: d.agendapuntId,
        versie: 1,
        uitkomst: d.uitkomst,
        besluittekst: d.besluittekst,
        toelichting: d.toelichting,
        stemuitslag: d.stemming?.uitslag.uitslag,
        ingetrokken: false,
        vingerafdruk: neemBesluitVingerafdruk(d),
      };
      return {
        ...state,
        agendapunten: agendapunt ? { ...state.agendapunten, [d.agendapuntId]: { ...agendapunt, besluitId: d.besluitId } } : state.agendapunten,
        besluiten: { ...state.besluiten, [d.besluitId]: besluit },
      };
    }
    case 'BesluitGerectificeerd': {
      const d = event.data;
      const besluit = state.besluiten[d.besluitId];
      if (!besluit) return state;
      // A corrected besluit is no longer a repeat of its original NeemBesluit.
      const bijgewerkt: BesluitState = { ...besluit, versie: d.versie, uitkomst: d.uitkomst, besluittekst: d.besluittekst, toelichting: d.toelichting, vingerafdruk: '' };
      return { ...state, besluiten: { ...state.besluiten, [d.besluitId]: bijgewerkt } };
    }
    case 'BesluitIngetrokken': {
      const besluit = state.besluiten[event.data.besluitId];
      if (!besluit) return state;
      return { ...state, besluiten: { ...state.besluiten, [event.data.besluitId]: { ...besluit, versie: event.data.versie, ingetrokken: true, vingerafdruk: '' } } };
    }
    case 'BesluitenlijstVastgesteld':
      return { ...state, besluitenlijst: { vastgesteldOp: event.data.datum, publicerenUiterlijk: event.data.publicerenUiterlijk } };
    case 'BesluitenlijstGepubliceerd': {
      if (!state.besluitenlijst) return state;
      const { datum, url, ketenkop } = event.data;
      return { ...state, besluitenlijst: { ...state.besluitenlijst, publicatie: vingerafdruk({ datum, url, ketenkop }) } };
    }
    default: {
      const _onbekend: never = event;
      return state;
    }
  }
};

export const vergaderingDecider: Decider<VergaderingState, VergaderingCommand, VergaderingEvent> = {
  decide: decideVergadering,
  evolve: evolveVergadering,
  initialState: vergaderingInitialState,
};

/**
 * When the event happened in the world, for the store's `occurredAt`: the date the gremium met or
 * decided, not the day the clerk typed it in. Corrections happen when they are recorded.
 */
export const vergaderingOccurredAt = (event: VergaderingEvent, now: string): string => {
  switch (event.type) {
    case 'BesluitGenomen':
    case 'BesluitenlijstVastgesteld':
    case 'BesluitenlijstGepubliceerd':
      return `${event.data.datum}T00:00:00.000Z`;
    default:
      return now;
  }
};
