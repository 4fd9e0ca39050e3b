import { OngeldigeDuurError, opTijdstip, parseDuur, toInstant, verschuif } from './duration';

describe('ISO 8601 durations', () => {
  it.each([
    ['P7D', { jaren: 0, maanden: 0, dagen: 7, seconden: 0 }],
    ['P1D', { jaren: 0, maanden: 0, dagen: 1, seconden: 0 }],
    ['P2W', { jaren: 0, maanden: 0, dagen: 14, seconden: 0 }],
    ['P1Y2M3D', { jaren: 1, maanden: 2, dagen: 3, seconden: 0 }],
    ['PT12H30M', { jaren: 0, maanden: 0, dagen: 0, seconden: 45000 }],
    ['P0D', { jaren: 0, maanden: 0, dagen: 0, seconden: 0 }],
  ])('reads %s', (text, duur) => {
    expect(parseDuur(text)).toEqual(duur);
  });

  it.each(['', 'P', 'PT', '7D', 'P-1D', 'P1.5D', 'P1DT', 'p7d', 'P7 D'])('refuses %p with a Dutch explanation', (text) => {
    expect(() => parseDuur(text)).toThrow(OngeldigeDuurError);
    expect(() => parseDuur(text)).toThrow(/geen geldige ISO 8601-duur/);
  });

  it('counts days across a month and a year boundary', () => {
    const start = opTijdstip('2025-12-29', '07:00');
    expect(toInstant(verschuif(start, parseDuur('P7D'), 1))).toBe('2026-01-05T07:00:00.000Z');
    expect(toInstant(verschuif(opTijdstip('2025-03-03', '07:00'), parseDuur('P7D'), -1))).toBe('2025-02-24T07:00:00.000Z');
  });

  it('clamps months to the last day of the month', () => {
    expect(toInstant(verschuif(opTijdstip('2025-01-31', '00:00'), parseDuur('P1M'), 1))).toBe('2025-02-28T00:00:00.000Z');
    expect(toInstant(verschuif(opTijdstip('2024-03-31', '00:00'), parseDuur('P1M'), -1))).toBe('2024-02-29T00:00:00.000Z');
  });

  it('refuses dates that do not exist', () => {
    expect(() => opTijdstip('2025-02-30', '07:00')).toThrow(/geen geldige datum/);
  });
});
