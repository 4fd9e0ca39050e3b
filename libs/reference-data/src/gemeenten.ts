/**
 * The gemeenten of Holland Rijnland and their subregio's (DOMAIN.md section 1, seed 001).
 * Codes are CBS gemeentecodes; TOOI ids are derived from them in lower case.
 */

const TOOI = 'https://identifier.overheid.nl/tooi/id';

export const SUBREGIO_CODES = ['leidse-regio', 'duin-en-bollenstreek', 'rijnstreek'] as const;
export type SubregioCode = (typeof SUBREGIO_CODES)[number];

export const GEMEENTE_CODES = [
  'GM0546', 'GM0547', 'GM0579', 'GM0626', 'GM0638',
  'GM0534', 'GM0537', 'GM0553', 'GM0575', 'GM1525',
  'GM0484', 'GM1884', 'GM0569',
] as const;
export type GemeenteCode = (typeof GEMEENTE_CODES)[number];

export interface Gemeente {
  code: GemeenteCode;
  naam: string;
  tooi: string;
  subregio: SubregioCode;
}

export interface Subregio {
  code: SubregioCode;
  naam: string;
  gemeenten: readonly GemeenteCode[];
}

const gemeente = (code: GemeenteCode, naam: string, subregio: SubregioCode): Gemeente => ({
  code,
  naam,
  tooi: `${TOOI}/gemeente/${code.toLowerCase()}`,
  subregio,
});

export const GEMEENTEN: readonly Gemeente[] = [
  gemeente('GM0546', 'Leiden', 'leidse-regio'),
  gemeente('GM0547', 'Leiderdorp', 'leidse-regio'),
  gemeente('GM0579', 'Oegstgeest', 'leidse-regio'),
  gemeente('GM0626', 'Voorschoten', 'leidse-regio'),
  gemeente('GM0638', 'Zoeterwoude', 'leidse-regio'),
  gemeente('GM0534', 'Hillegom', 'duin-en-bollenstreek'),
  gemeente('GM0537', 'Katwijk', 'duin-en-bollenstreek'),
  gemeente('GM0553', 'Lisse', 'duin-en-bollenstreek'),
  gemeente('GM0575', 'Noordwijk', 'duin-en-bollenstreek'),
  gemeente('GM1525', 'Teylingen', 'duin-en-bollenstreek'),
  // Official spelling; one seed writes "Alphen aan de Rijn".
  gemeente('GM0484', 'Alphen aan den Rijn', 'rijnstreek'),
  gemeente('GM1884', 'Kaag en Braassem', 'rijnstreek'),
  gemeente('GM0569', 'Nieuwkoop', 'rijnstreek'),
];

const SUBREGIO_NAMEN: Record<SubregioCode, string> = {
  'leidse-regio': 'Leidse regio',
  'duin-en-bollenstreek': 'Duin- en Bollenstreek',
  rijnstreek: 'Rijnstreek',
};

export const SUBREGIOS: readonly Subregio[] = SUBREGIO_CODES.map((code) => ({
  code,
  naam: SUBREGIO_NAMEN[code],
  gemeenten: GEMEENTEN.filter((g) => g.subregio === code).map((g) => g.code),
}));

/** The samenwerkingsorgaan itself (gemeenschappelijke regeling). */
export const HOLLAND_RIJNLAND = {
  code: 'holland-rijnland',
  naam: 'Holland Rijnland',
  tooi: `${TOOI}/so/so0507`,
  gemeenten: GEMEENTEN.map((g) => g.code),
} as const;

export const isGemeenteCode = (code: string): code is GemeenteCode => (GEMEENTE_CODES as readonly string[]).includes(code);

export const gemeenteByCode = (code: string): Gemeente | undefined => GEMEENTEN.find((g) => g.code === code);

export const isSubregioCode = (code: string): code is SubregioCode => (SUBREGIO_CODES as readonly string[]).includes(code);

export const subregioByCode = (code: string): Subregio | undefined => SUBREGIOS.find((s) => s.code === code);

/** The subregio a gemeente belongs to; undefined for a code outside Holland Rijnland. */
export const subregioOf = (gemeenteCode: string): Subregio | undefined => {
  const g = gemeenteByCode(gemeenteCode);
  return g && subregioByCode(g.subregio);
};

export const gemeentenIn = (subregio: SubregioCode): Gemeente[] => GEMEENTEN.filter((g) => g.subregio === subregio);

/** Name for display; falls back to the code so a message never shows `undefined`. */
export const gemeenteNaam = (code: string): string => gemeenteByCode(code)?.naam ?? code;
