import fc from 'fast-check';
import { parseInt8, parseTimestamptz } from './timestamps';

describe('reading PostgreSQL values the same way on both drivers', () => {
  it.each([
    ['2026-11-23 09:27:36.193+00', '2026-11-23T09:27:36.193Z'],
    ['2026-11-23 10:27:36.193456+01', '2026-11-23T09:27:36.193Z'],
    ['2025-03-03 09:00:00+00', '2025-03-03T09:00:00.000Z'],
    ['2025-03-02 23:30:00-09:30', '2025-03-03T09:00:00.000Z'],
    ['1887-01-01 00:00:00+00:19:32', '1886-12-31T23:40:28.000Z'],
  ])('turns timestamptz %s into the instant %s', (text, iso) => {
    expect(parseTimestamptz(text)).toBe(iso);
  });

  it('reads the text of a session in UTC as the same instant, whatever its fraction of a second', () => {
    const pad = (n: number, width = 2) => String(n).padStart(width, '0');
    fc.assert(fc.property(
      fc.integer({ min: Date.UTC(1000, 0, 1), max: Date.UTC(9999, 11, 31, 23, 59, 59, 999) }),
      fc.integer({ min: 0, max: 999 }),
      (ms, micros) => {
        const d = new Date(ms);
        // As PostgreSQL writes it: microseconds with the trailing zeros left out, no fraction at all for whole seconds.
        const fraction = String(d.getUTCMilliseconds() * 1000 + micros).padStart(6, '0').replace(/0+$/, '');
        const text = `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}${fraction ? `.${fraction}` : ''}+00`;
        expect(parseTimestamptz(text)).toBe(d.toISOString());
      }));
    expect(parseTimestamptz('2026-11-23 09:27:36.1+00')).toBe('2026-11-23T09:27:36.100Z');
    expect(parseTimestamptz('2026-11-23 09:27:36.12+00')).toBe('2026-11-23T09:27:36.120Z');
    expect(parseTimestamptz('2026-11-23 09:27:36.123999+00')).toBe('2026-11-23T09:27:36.123Z');
    expect(parseTimestamptz('infinity')).toBe('infinity');
  });

  it('reads years before 100 and before Christ as the instants they are', () => {
    expect(parseTimestamptz('0044-03-15 12:00:00+00 BC')).toBe('-000043-03-15T12:00:00.000Z');
    expect(parseTimestamptz('0099-01-01 01:00:00+01')).toBe('0099-01-01T00:00:00.000Z');
    expect(parseTimestamptz('0099-01-01 00:00:00+00')).toBe('0099-01-01T00:00:00.000Z');
  });

  it('gives int8 as a number', () => {
    expect(parseInt8('9007199254740991')).toBe(9007199254740991);
  });
});
