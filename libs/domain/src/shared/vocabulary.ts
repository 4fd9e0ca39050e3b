/** Words shared by several slices. One spelling per idea, used as-is in events, API and UI. */

/** The phases of a kader, in order (DOMAIN.md section 3). */
export const FASEN = [
  'opdracht',
  'plan-van-aanpak',
  'inventarisatie',
  'participatie-en-uitwerking',
  'concept-kader',
  'besluitvorming',
  'vastgesteld',
] as const;
export type Fase = (typeof FASEN)[number];

/** Outcomes a gremium can give an agendapunt. */
export const BESLUIT_UITKOMSTEN = [
  'vastgesteld',
  'gewijzigd-vastgesteld',
  'voorgenomen-besluit',
  'aangehouden',
  'verworpen',
  'ter-kennisname',
] as const;
export type BesluitUitkomst = (typeof BESLUIT_UITKOMSTEN)[number];

/** What a besluit is about, as far as the kader process is concerned. */
export const BESLUIT_ONDERWERPEN = ['plan-van-aanpak', 'concept-kader', 'kader', 'overig'] as const;
export type BesluitOnderwerp = (typeof BESLUIT_ONDERWERPEN)[number];

export const SCHAALNIVEAUS = ['lokaal', 'subregionaal', 'regionaal'] as const;
export type Schaalniveau = (typeof SCHAALNIVEAUS)[number];

/** Grounds that allow an opgave above the local level (subsidiarity, seed 004 chapter 1). */
export const SUBSIDIARITEIT_GRONDEN = ['schadelijk-voor-clienten', 'onmogelijk', 'onbetaalbaar'] as const;
export type SubsidiariteitGrond = (typeof SUBSIDIARITEIT_GRONDEN)[number];

/**
 * Gremium codes. Fixed bodies have a fixed code; the college and raad of a gemeente are
 * `college-GM0546` / `raad-GM0546`; a werkgroep is `werkgroep-<werkgroepId>`.
 */
export const VASTE_GREMIA = ['bestuurscommissie-maatschappij', 'directeurenoverleg', 'pt-mz-hr', 'projectgroep'] as const;
export type VastGremium = (typeof VASTE_GREMIA)[number];
export type GremiumCode = VastGremium | `college-GM${string}` | `raad-GM${string}` | `werkgroep-${string}`;

/** Dates without time are ISO `YYYY-MM-DD`; instants are ISO 8601 in UTC with `Z`. */
export type IsoDate = string;
export type IsoInstant = string;
