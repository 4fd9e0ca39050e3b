const PG_TIMESTAMPTZ = /^(\d{4,})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,6}))?(?:([+-])(\d{2})(?::?(\d{2}))?(?::?(\d{2}))?|Z)?( BC)?$/;

/**
 * Parses PostgreSQL's text form of a timestamptz (e.g. `2026-11-23 09:27:36.193+00`) to an ISO
 * instant with `Z` and millisecond precision, so both drivers hand out the same strings.
 */
export function parseTimestamptz(text: string): string {
  if (text === 'infinity' || text === '-infinity') return text;
  const m = PG_TIMESTAMPTZ.exec(text);
  if (!m || m[12]) return new Date(text).toISOString();
  const [, y, mo, d, h, mi, s, frac, sign, oh, om, os] = m;
  const ms = frac ? Number(frac.padEnd(6, '0').slice(0, 3)) : 0;
  let epoch = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s), ms);
  if (sign) {
    const offset = (Number(oh) * 3600 + Number(om ?? 0) * 60 + Number(os ?? 0)) * 1000;
    epoch += sign === '+' ? -offset : offset;
  }
  return new Date(epoch).toISOString();
}

/** int8 as a JS number; the store's counters stay far below 2^53. */
export function parseInt8(text: string): number {
  return Number(text);
}
