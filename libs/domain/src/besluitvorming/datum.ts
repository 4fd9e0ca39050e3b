import { IsoDate, IsoInstant } from '../shared';

// Calendar arithmetic without the Date object: the domain never touches a clock.
const daysFromCivil = (y: number, m: number, d: number): number => {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
};

const civilFromDays = (z: number): [number, number, number] => {
  const zz = z + 719468;
  const era = Math.floor(zz / 146097);
  const doe = zz - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp + (mp < 10 ? 3 : -9);
  return [era * 400 + yoe + (m <= 2 ? 1 : 0), m, d];
};

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

export const isIsoDate = (value: unknown): value is IsoDate => {
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const [y, m, d] = value.split('-').map(Number);
  const [cy, cm, cd] = civilFromDays(daysFromCivil(y, m, d));
  return cy === y && cm === m && cd === d;
};

export const addDays = (date: IsoDate, days: number): IsoDate => {
  const [y, m, d] = date.split('-').map(Number);
  const [ny, nm, nd] = civilFromDays(daysFromCivil(y, m, d) + days);
  return `${pad(ny, 4)}-${pad(nm)}-${pad(nd)}`;
};

/** The calendar date (UTC) of an instant. */
export const dateOf = (instant: IsoInstant): IsoDate => instant.slice(0, 10);
