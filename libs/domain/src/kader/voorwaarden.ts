import { GEMEENTEN, gremiumNaam } from '../../../reference-data/src';
import { BesluitOnderwerp, BesluitUitkomst, Fase, FASEN, VastGremium } from '../shared';
import { openMijlpalen } from './mijlpalen';
import { Kader, KaderState, lokaleVaststellingen } from './state';

export const FASE_NAMEN: Record<Fase, string> = {
  opdracht: 'Opdracht',
  'plan-van-aanpak': 'Plan van aanpak',
  inventarisatie: 'Inventarisatie',
  'participatie-en-uitwerking': 'Participatie en uitwerking',
  'concept-kader': 'Concept-kader',
  besluitvorming: 'Besluitvorming',
  vastgesteld: 'Vastgesteld / in uitvoering',
};

export const VASTSTELLENDE_UITKOMSTEN: readonly BesluitUitkomst[] = ['vastgesteld', 'gewijzigd-vastgesteld'];

/** The fase after `fase`, or undefined for the last one. */
export const volgendeFase = (fase: Fase): Fase | undefined => FASEN[FASEN.indexOf(fase) + 1];

interface BesluitEis {
  gremium: VastGremium;
  onderwerp: BesluitOnderwerp;
  uitkomsten: readonly BesluitUitkomst[];
  /** The reason when no besluit satisfies the eis. */
  ontbreekt: string;
}

const uitkomstTekst = (u: BesluitUitkomst) => u.replace(/-/g, ' ');

/** Unmet: one reason, with why each besluit on the onderwerp does not count. */
const besluitOntbreekt = (k: Kader, eis: BesluitEis): string[] => {
  const kandidaten = Object.values(k.besluiten).filter((b) => b.onderwerp === eis.onderwerp);
  if (kandidaten.some((b) => !b.ingetrokken && b.gremium === eis.gremium && eis.uitkomsten.includes(b.uitkomst))) return [];
  const waaromNiet = kandidaten.map((b) =>
    b.ingetrokken
      ? `besluit '${b.besluitId}' is ingetrokken`
      : b.gremium !== eis.gremium
        ? `besluit '${b.besluitId}' is genomen door ${gremiumNaam(b.gremium)}, maar alleen een besluit van ${gremiumNaam(eis.gremium)} telt`
        : `besluit '${b.besluitId}' heeft als uitkomst '${uitkomstTekst(b.uitkomst)}'`,
  );
  return [waaromNiet.length ? `${eis.ontbreekt} (${waaromNiet.join('; ')})` : eis.ontbreekt];
};

const lokaalOntbreekt = (k: Kader): string[] => {
  const vastgesteld = new Set(lokaleVaststellingen(k).filter((v) => !v.ingetrokken && VASTSTELLENDE_UITKOMSTEN.includes(v.uitkomst)).map((v) => v.gemeente));
  const minimum = k.vaststellingsregel.minimumGemeenten;
  if (vastgesteld.size >= minimum) return [];
  const nogNiet = GEMEENTEN.filter((g) => !vastgesteld.has(g.code)).map((g) => g.naam);
  return [`Het kader is lokaal vastgesteld door ${vastgesteld.size} gemeenten, er zijn er minimaal ${minimum} nodig; nog niet vastgesteld door: ${nogNiet.join(', ')}`];
};

const EISEN_PER_FASE: Record<Fase, (k: Kader) => string[]> = {
  opdracht: () => [],
  'plan-van-aanpak': (k) => (k.projectleiderId ? [] : ['Er is nog geen projectleider aangewezen']),
  inventarisatie: (k) =>
    besluitOntbreekt(k, {
      gremium: 'directeurenoverleg',
      onderwerp: 'plan-van-aanpak',
      uitkomsten: VASTSTELLENDE_UITKOMSTEN,
      ontbreekt: 'Het plan van aanpak is nog niet vastgesteld door het Directeurenoverleg',
    }),
  'participatie-en-uitwerking': () => [],
  'concept-kader': () => [],
  besluitvorming: (k) =>
    besluitOntbreekt(k, {
      gremium: 'bestuurscommissie-maatschappij',
      onderwerp: 'concept-kader',
      uitkomsten: ['voorgenomen-besluit', ...VASTSTELLENDE_UITKOMSTEN],
      ontbreekt: 'De Bestuurscommissie Maatschappij heeft nog geen voorgenomen besluit over het concept-kader genomen',
    }),
  vastgesteld: (k) => [
    ...besluitOntbreekt(k, {
      gremium: 'bestuurscommissie-maatschappij',
      onderwerp: 'kader',
      uitkomsten: VASTSTELLENDE_UITKOMSTEN,
      ontbreekt: 'De Bestuurscommissie Maatschappij heeft het kader nog niet vastgesteld',
    }),
    ...lokaalOntbreekt(k),
  ],
};

/**
 * What still blocks entering `fase` from the current one: open mijlpalen of the current fase
 * and the fase's own conditions. Empty means the guards are met (the order of fasen is checked
 * by the decider).
 */
export const fasevoorwaarden = (state: KaderState, fase: Fase): string[] => {
  if (state.status !== 'gestart') return ['Het kader is nog niet gestart'];
  const mijlpalen = openMijlpalen(state, state.fase).map((m) => `Mijlpaal '${m.titel}' is nog niet behaald`);
  return [...mijlpalen, ...EISEN_PER_FASE[fase](state)];
};
