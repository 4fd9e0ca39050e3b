/**
 * The region's gemeenten and subregio's (DOMAIN.md section 1). Kept here until libs/reference-data
 * is available to the domain; codes are the CBS gemeentecodes.
 */
export const SUBREGIO_CODES = ['leidse-regio', 'duin-en-bollenstreek', 'rijnstreek'] as const;
export type SubregioCode = (typeof SUBREGIO_CODES)[number];

export const GEMEENTE_SUBREGIO: Readonly<Record<string, SubregioCode>> = {
  GM0546: 'leidse-regio',
  GM0547: 'leidse-regio',
  GM0579: 'leidse-regio',
  GM0626: 'leidse-regio',
  GM0638: 'leidse-regio',
  GM0534: 'duin-en-bollenstreek',
  GM0537: 'duin-en-bollenstreek',
  GM0553: 'duin-en-bollenstreek',
  GM0575: 'duin-en-bollenstreek',
  GM1525: 'duin-en-bollenstreek',
  GM0484: 'rijnstreek',
  GM1884: 'rijnstreek',
  GM0569: 'rijnstreek',
};

export const GEMEENTE_CODES: readonly string[] = Object.keys(GEMEENTE_SUBREGIO);

export const isGemeenteCode = (code: unknown): code is string => typeof code === 'string' && code in GEMEENTE_SUBREGIO;
export const isSubregioCode = (code: unknown): code is SubregioCode => (SUBREGIO_CODES as readonly unknown[]).includes(code);
export const gemeentenVanSubregio = (subregio: SubregioCode): string[] => GEMEENTE_CODES.filter((g) => GEMEENTE_SUBREGIO[g] === subregio);
