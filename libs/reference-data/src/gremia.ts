import { BesluitOnderwerp, GremiumCode, VASTE_GREMIA, VastGremium } from '../../domain/src/shared';
import { GEMEENTEN, GemeenteCode, gemeenteByCode, isGemeenteCode } from './gemeenten';

/** Bestuurlijk bodies decide politically; ambtelijk bodies are civil servants (DOMAIN.md section 2). */
export type GremiumSoort = 'bestuurlijk' | 'ambtelijk';

export interface Gremium {
  code: GremiumCode;
  naam: string;
  soort: GremiumSoort;
  omschrijving: string;
  /** The onderwerpen of the kader process this body decides on ('overig' is open to all). */
  besluitOver: readonly BesluitOnderwerp[];
  /** Set for the college and raad of one gemeente. */
  gemeente?: GemeenteCode;
}

export const VASTE_GREMIUM_GEGEVENS: Record<VastGremium, Gremium> = {
  'bestuurscommissie-maatschappij': {
    code: 'bestuurscommissie-maatschappij',
    naam: 'Bestuurscommissie Maatschappij',
    soort: 'bestuurlijk',
    omschrijving:
      'Bestuurscommissie van Holland Rijnland: bestuurlijk overleg over het concept-kader (voorgenomen besluit) en besluitvorming over het kader.',
    besluitOver: ['concept-kader', 'kader'],
  },
  directeurenoverleg: {
    code: 'directeurenoverleg',
    naam: 'Directeurenoverleg',
    soort: 'ambtelijk',
    omschrijving:
      'De drie directeuren maatschappelijke zorg van de subregio\'s; ambtelijk opdrachtgever van de projectleider. Stelt het plan van aanpak vast en geeft concepten vrij voor de bestuurscommissie.',
    besluitOver: ['plan-van-aanpak', 'concept-kader'],
  },
  'pt-mz-hr': {
    code: 'pt-mz-hr',
    naam: 'Regionaal programmateam maatschappelijke zorg (PT MZ HR)',
    soort: 'ambtelijk',
    omschrijving: 'Begeleidt de projectleider dagelijks en denkt mee; adviseert, maar besluit niet over het kader.',
    besluitOver: [],
  },
  projectgroep: {
    code: 'projectgroep',
    naam: 'Projectgroep beleidskader',
    soort: 'ambtelijk',
    omschrijving: 'Ambtenaren van gemeenten en subregio\'s onder leiding van de projectleider; schrijft onderdelen van het kader.',
    besluitOver: [],
  },
};

const lokaleGremia = (): Gremium[] =>
  GEMEENTEN.flatMap((g) => [
    {
      code: `college-${g.code}` as GremiumCode,
      naam: `College van B&W ${g.naam}`,
      soort: 'bestuurlijk' as const,
      omschrijving: `Het college van burgemeester en wethouders van ${g.naam}; stelt het regionale kader lokaal vast.`,
      besluitOver: ['kader'] as BesluitOnderwerp[],
      gemeente: g.code,
    },
    {
      code: `raad-${g.code}` as GremiumCode,
      naam: `Gemeenteraad ${g.naam}`,
      soort: 'bestuurlijk' as const,
      omschrijving: `De gemeenteraad van ${g.naam}; stelt het regionale kader lokaal vast of geeft er wensen en bedenkingen op.`,
      besluitOver: ['kader'] as BesluitOnderwerp[],
      gemeente: g.code,
    },
  ]);

/** Every known gremium: the fixed bodies plus college and raad of each of the 13 gemeenten. */
export const GREMIA: readonly Gremium[] = [...VASTE_GREMIA.map((c) => VASTE_GREMIUM_GEGEVENS[c]), ...lokaleGremia()];

/** Whose besluit counts regionally for each onderwerp of the kader process (DOMAIN.md section 4). */
export const BESLISSEND_GREMIUM: Record<Exclude<BesluitOnderwerp, 'overig'>, VastGremium> = {
  'plan-van-aanpak': 'directeurenoverleg',
  'concept-kader': 'bestuurscommissie-maatschappij',
  kader: 'bestuurscommissie-maatschappij',
};

const LOKAAL = /^(college|raad)-(GM\d{4})$/;

export const gremiumByCode = (code: string): Gremium | undefined => GREMIA.find((g) => g.code === code);

/** Werkgroep codes (`werkgroep-<id>`) are valid too, though not listed: werkgroepen come and go. */
export const isGremiumCode = (code: string): code is GremiumCode =>
  gremiumByCode(code) !== undefined || /^werkgroep-[A-Za-z0-9][A-Za-z0-9_-]*$/.test(code);

/** `college-GM0546` / `raad-GM0546` -> `GM0546` when it is a gemeente of Holland Rijnland. */
export const gemeenteVanGremium = (code: string): GemeenteCode | undefined => {
  const m = LOKAAL.exec(code);
  return m && isGemeenteCode(m[2]) ? m[2] : undefined;
};

export const isLokaalGremiumVan = (gremium: string, gemeente: string): boolean => gemeenteVanGremium(gremium) === gemeente;

export const magBesluitenOver = (gremium: string, onderwerp: BesluitOnderwerp): boolean => {
  const g = gremiumByCode(gremium);
  if (onderwerp === 'overig') return isGremiumCode(gremium);
  return g !== undefined && g.besluitOver.includes(onderwerp);
};

/** Display name; werkgroepen and unknown codes fall back to the code. */
export const gremiumNaam = (code: string): string => gremiumByCode(code)?.naam ?? code;

export const lokaleGremiaVan = (gemeente: string): Gremium[] => (gemeenteByCode(gemeente) ? GREMIA.filter((g) => g.gemeente === gemeente) : []);
