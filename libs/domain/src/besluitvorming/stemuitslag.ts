import { invalid } from '../shared';

/** Popolo vote options, as Open Raadsinformatie uses them. */
export const STEMKEUZES = ['voor', 'tegen', 'onthouding', 'afwezig'] as const;
export type Stemkeuze = (typeof STEMKEUZES)[number];

export interface Stem {
  /** A gemeente code (GM0546) or a role id; never a person's name. */
  stemgerechtigde: string;
  keuze: Stemkeuze;
  /** Weighted voting (e.g. by inhabitants); 1 when absent. */
  gewicht?: number;
}

/**
 * How a gremium decides. Default: more than half of the votes cast (voor + tegen);
 * onthouding and afwezig do not count as cast.
 */
export interface Stemregel {
  /** Share of the basis that `voor` must exceed (default 0.5: a simple majority). */
  drempel?: number;
  basis?: 'uitgebrachte-stemmen' | 'alle-stemgerechtigden';
}

export interface Stemming {
  stemmen: Stem[];
  regel?: Stemregel;
}

export type Stemtelling = Record<Stemkeuze, number>;

export interface Stemuitslag {
  aantallen: Stemtelling;
  gewogen: Stemtelling;
  /** Weighted total the threshold was measured against. */
  basis: number;
  /** Voor equals the threshold exactly (e.g. a tie); the proposal is not adopted. */
  staking: boolean;
  uitslag: 'aangenomen' | 'verworpen';
}

const leeg = (): Stemtelling => ({ voor: 0, tegen: 0, onthouding: 0, afwezig: 0 });

/** Reasons a stemming cannot be counted; empty when it can. */
export const stemmingGebreken = (stemming: Stemming): string[] => {
  const gebreken: string[] = [];
  if (!Array.isArray(stemming?.stemmen) || stemming.stemmen.length === 0) return ['Een stemming heeft minstens één stem.'];
  const gezien = new Set<string>();
  stemming.stemmen.forEach((stem, i) => {
    const wie = stem?.stemgerechtigde;
    if (typeof wie !== 'string' || wie.trim() === '') gebreken.push(`Stem ${i + 1} heeft geen stemgerechtigde.`);
    else if (gezien.has(wie)) gebreken.push(`${wie} heeft meer dan één keer gestemd.`);
    else gezien.add(wie);
    if (!STEMKEUZES.includes(stem?.keuze)) gebreken.push(`Stem ${i + 1} heeft een onbekende keuze; kies voor, tegen, onthouding of afwezig.`);
    if (stem?.gewicht !== undefined && !(Number.isFinite(stem.gewicht) && stem.gewicht > 0)) gebreken.push(`Stem ${i + 1} heeft een gewicht dat geen positief getal is.`);
  });
  const drempel = stemming.regel?.drempel;
  if (drempel !== undefined && !(Number.isFinite(drempel) && drempel >= 0 && drempel < 1)) gebreken.push('De drempel van de stemregel ligt niet tussen 0 en 1.');
  const basis = stemming.regel?.basis;
  if (basis !== undefined && basis !== 'uitgebrachte-stemmen' && basis !== 'alle-stemgerechtigden') gebreken.push('De stemregel heeft een onbekende basis.');
  return gebreken;
};

/** Counts a stemming and computes its result; the result is never typed in by hand. */
export const stemuitslag = (stemming: Stemming): Stemuitslag => {
  const gebreken = stemmingGebreken(stemming);
  if (gebreken.length) throw invalid('stemming-ongeldig', 'De stemming is niet geldig.', gebreken);
  const aantallen = leeg();
  const gewogen = leeg();
  for (const stem of stemming.stemmen) {
    aantallen[stem.keuze] += 1;
    gewogen[stem.keuze] += stem.gewicht ?? 1;
  }
  const drempel = stemming.regel?.drempel ?? 0.5;
  const basis =
    stemming.regel?.basis === 'alle-stemgerechtigden'
      ? gewogen.voor + gewogen.tegen + gewogen.onthouding + gewogen.afwezig
      : gewogen.voor + gewogen.tegen;
  const grens = basis * drempel;
  // Compare with a small tolerance so fractional weights do not flip a tie.
  const staking = basis > 0 && Math.abs(gewogen.voor - grens) < 1e-9;
  const aangenomen = basis > 0 && !staking && gewogen.voor > grens;
  return { aantallen, gewogen, basis, staking, uitslag: aangenomen ? 'aangenomen' : 'verworpen' };
};
