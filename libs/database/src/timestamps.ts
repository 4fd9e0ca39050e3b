const PG_TIMESTAMPTZ = /^(\d{4,})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,6}))?(?:([+-])(\d{2})(?::?(\d{2}))?(?::?(\d{2}))?|Z)?( BC)?$/;

/**
 * Parses PostgreSQL's text form of a timestamptz (e.g. `2026-11-23 09:27:36.193+00`) to an ISO
 * instant with `Z` and millisecond precision, so both drivers hand out the same strings.
 */
export function parseTimestamptz(text: string): string {
  const utc = utcText(text);
  if (utc !== undefined) return utc;
  if (text === 'infinity' || text === '-infinity') return text;
  const m = PG_TIMESTAMPTZ.exec(text);
  if (!m) return new Date(text).toISOString();
  const [, y, mo, d, h, mi, s, frac, sign, oh, om, os, bc] = m;
  const ms = frac ? Number(frac.padEnd(6, '0').slice(0, 3)) : 0;
  // setUTCFullYear, not Date.UTC, which reads the years 0-99 as 1900-1999. 1 BC is year 0 in ISO.
  const date = new Date(0);
  date.setUTCFullYear(bc ? 1 - Number(y) : Number(y), Number(mo) - 1, Number(d));
  date.setUTCHours(Number(h), Number(mi), Number(s), ms);
  let epoch = date.getTime();
  if (sign) {
    const offset = (Number(oh) * 3600 + Number(om ?? 0) * 60 + Number(os ?? 0)) * 1000;
    epoch += sign === '+' ? -offset : offset;
  }
  return new Date(epoch).toISOString();
}

/**
 * The common text of a session in UTC, `YYYY-MM-DD HH:MM:SS[.f-ffffff]+00`, as its ISO instant by slicing:
 * no pattern and no Date. Every event read carries two of these, and the general path above was the
 * largest of the projector's own functions in a profile. Anything else (another offset, BC, more than four year digits) is undefined.
 */
function utcText(text: string): string | undefined {
  const n = text.length;
  if ((n !== 22 && (n < 24 || n > 29)) || text[n - 3] !== '+' || text[n - 2] !== '0' || text[n - 1] !== '0') return undefined;
  if (text[4] !== '-' || text[7] !== '-' || text[10] !== ' ' || text[13] !== ':' || text[16] !== ':') return undefined;
  if (n === 22) return `${text.slice(0, 10)}T${text.slice(11, 19)}.000Z`;
  if (text[19] !== '.') return undefined;
  // Milliseconds are the first three digits of the fraction (PostgreSQL leaves out trailing zeros), cut, not rounded.
  const ms = n >= 26 ? text.slice(20, 23) : text.slice(20, n - 3).padEnd(3, '0');
  return `${text.slice(0, 10)}T${text.slice(11, 19)}.${ms}Z`;
}

/** int8 as a JS number; the store's counters stay far below 2^53. */
export function parseInt8(text: string): number {
  return Number(text);
}
