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

  it('gives int8 as a number', () => {
    expect(parseInt8('9007199254740991')).toBe(9007199254740991);
  });
});
