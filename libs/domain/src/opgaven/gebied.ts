import { GEMEENTE_CODES, GEMEENTEN, isGemeenteCode as isGemeente, isSubregioCode as isSubregio, SUBREGIO_CODES, SubregioCode } from '../../../reference-data/src';

export { GEMEENTE_CODES, SUBREGIO_CODES, SubregioCode };

export const GEMEENTE_SUBREGIO: Readonly<Record<string, SubregioCode>> = Object.fromEntries(GEMEENTEN.map((g) => [g.code, g.subregio]));

export const isGemeenteCode = (code: unknown): code is string => typeof code === 'string' && isGemeente(code);
export const isSubregioCode = (code: unknown): code is SubregioCode => typeof code === 'string' && isSubregio(code);
