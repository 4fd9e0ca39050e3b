import type { IsoDate, IsoInstant } from '../../domain/src/shared';

/**
 * ISO 8601 durations (`P7D`, `P1M`, `PT12H`) on plain UTC dates. No date library is installed; the
 * schedule only needs whole calendar days (plus an optional time part) in UTC, which Date.UTC does
 * exactly, so there are no time zones or DST rules to get wrong here.
 */
export interface Duur {
  jaren: number;
  maanden: number;
  dagen: number;
  /** Hours, minutes and seconds, in seconds. */
  seconden: number;
}

const PATTERN = /^P(?!$)(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?(?:T(?=\d)(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$/;

export class OngeldigeDuurError extends Error {
  override readonly name = 'OngeldigeDuurError';
  constructor(readonly waarde: string) {
    super(`"${waarde}" is geen geldige ISO 8601-duur; schrijf bijvoorbeeld P7D (zeven dagen) of P1M (een maand).`);
  }
}

export const parseDuur = (waarde: string): Duur => {
  const match = PATTERN.exec(waarde);
  if (!match) throw new OngeldigeDuurError(waarde);
  const [, y, m, w, d, h, min, s] = match.map((part) => (part === undefined ? 0 : Number(part)));
  return { jaren: y, maanden: m, dagen: w * 7 + d, seconden: h * 3600 + min * 60 + s };
};

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

export const isIsoDate = (value: string): boolean => {
  const match = DATE.exec(value);
  if (!match) return false;
  const date = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
  return date.toISOString().slice(0, 10) === value;
};

/** Milliseconds since the epoch of a date at a UTC time of day (`HH:MM` or `HH:MM:SS`). */
export const opTijdstip = (datum: IsoDate, tijd: string): number => {
  if (!isIsoDate(datum)) throw new RangeError(`"${datum}" is geen geldige datum (JJJJ-MM-DD).`);
  const instant = Date.parse(`${datum}T${tijd.length === 5 ? `${tijd}:00` : tijd}Z`);
  if (Number.isNaN(instant)) throw new RangeError(`"${tijd}" is geen geldig tijdstip (UU:MM).`);
  return instant;
};

/**
 * Adds (richting 1) or subtracts (richting -1) a duration. Years and months move the calendar and
 * clamp to the month's last day (31 januari + P1M = 28/29 februari); days and time are exact in UTC.
 */
export const verschuif = (instant: number, duur: Duur, richting: 1 | -1): number => {
  const date = new Date(instant);
  if (duur.jaren || duur.maanden) {
    const months = date.getUTCFullYear() * 12 + date.getUTCMonth() + richting * (duur.jaren * 12 + duur.maanden);
    const year = Math.floor(months / 12);
    const month = months - year * 12;
    const lastDay = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
    date.setUTCFullYear(year, month, Math.min(date.getUTCDate(), lastDay));
  }
  return date.getTime() + richting * (duur.dagen * 86_400_000 + duur.seconden * 1000);
};

export const toInstant = (ms: number): IsoInstant => new Date(ms).toISOString();
