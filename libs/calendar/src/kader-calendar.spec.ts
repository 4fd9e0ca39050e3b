import { KaderCalendarInput, kaderCalendar } from './kader-calendar';

/** Unfolds RFC 5545 lines and splits the feed into its calendar lines and its VEVENTs. */
const parse = (ics: string) => {
  const lines = ics.replace(/\r\n[ \t]/g, '').split('\r\n').filter(Boolean);
  const events: Record<string, string>[] = [];
  let current: Record<string, string> | undefined;
  for (const line of lines) {
    if (line === 'BEGIN:VEVENT') current = {};
    else if (line === 'END:VEVENT') {
      events.push(current!);
      current = undefined;
    } else if (current) {
      const colon = line.indexOf(':');
      current[line.slice(0, colon)] = line.slice(colon + 1);
    }
  }
  return { lines, events, byUid: (uid: string) => events.find((e) => e.UID === uid)! };
};

const input: KaderCalendarInput = {
  kader: { id: 'k-2026', titel: 'Beleidskader maatschappelijke zorg 2026-2032' },
  mijlpalen: [{ id: 'm-1', titel: 'Concept-kader, versie 1; ter bespreking', deadline: '2025-09-30', status: 'gepland' }],
  actiepunten: [
    { id: 'ap-1', titel: 'Woonzorgvisies verzamelen', deadline: '2025-03-31', status: 'open', werkgroepId: 'wg-1' },
    { id: 'ap-2', titel: 'Uitkomsten ETHOS-telling samenvatten', deadline: '2025-12-31', status: 'vervallen' },
  ],
  vergaderingen: [
    { id: 'v-1', gremium: 'directeurenoverleg', datum: '2025-10-02T12:00:00Z', titel: 'Voortgang kader', locatie: 'Leiden, vergaderzaal 2' },
    { id: 'v-2', gremium: 'bestuurscommissie-maatschappij', datum: '2025-11-13', titel: 'Voorgenomen besluit concept-kader' },
  ],
  baseUrl: 'https://kaderflow.example.nl/api/v1/',
  stamp: '2025-05-01T08:00:00Z',
};

describe('kaderCalendar', () => {
  it('given a kader, then the feed names itself and tells subscribers to refresh hourly', () => {
    const { lines } = parse(kaderCalendar(input));
    expect(lines[0]).toBe('BEGIN:VCALENDAR');
    expect(lines[lines.length - 1]).toBe('END:VCALENDAR');
    expect(lines).toContain('VERSION:2.0');
    expect(lines).toContain('METHOD:PUBLISH');
    expect(lines).toContain('X-WR-CALNAME:Kaderflow: Beleidskader maatschappelijke zorg 2026-2032');
    expect(lines).toContain('REFRESH-INTERVAL;VALUE=DURATION:PT1H');
    expect(lines).toContain('X-PUBLISHED-TTL:PT1H');
  });

  it('puts every deadline as an all-day event on its date, ending the next day', () => {
    const cal = parse(kaderCalendar(input));
    const mijlpaal = cal.byUid('mijlpaal-m-1@kaderflow.example.nl');
    expect(mijlpaal['DTSTART;VALUE=DATE']).toBe('20250930');
    expect(mijlpaal['DTEND;VALUE=DATE']).toBe('20251001');
    const jaareinde = cal.byUid('actiepunt-ap-2@kaderflow.example.nl');
    expect(jaareinde['DTSTART;VALUE=DATE']).toBe('20251231');
    expect(jaareinde['DTEND;VALUE=DATE']).toBe('20260101');
  });

  it('escapes commas and semicolons in Dutch titles so clients do not split them', () => {
    const { byUid } = parse(kaderCalendar(input));
    expect(byUid('mijlpaal-m-1@kaderflow.example.nl').SUMMARY).toBe('Mijlpaal: Concept-kader\\, versie 1\\; ter bespreking');
    expect(byUid('vergadering-v-1@kaderflow.example.nl').LOCATION).toBe('Leiden\\, vergaderzaal 2');
  });

  it('keeps UIDs stable across runs and when a deadline moves, so clients update instead of duplicating', () => {
    const first = kaderCalendar(input);
    expect(kaderCalendar(input)).toBe(first);
    const moved = parse(kaderCalendar({ ...input, mijlpalen: [{ ...input.mijlpalen[0], deadline: '2025-10-15' }] }));
    expect(moved.events.map((e) => e.UID)).toEqual(parse(first).events.map((e) => e.UID));
    expect(moved.byUid('mijlpaal-m-1@kaderflow.example.nl')['DTSTART;VALUE=DATE']).toBe('20251015');
  });

  it('shows a vervallen actiepunt as cancelled and links each entry to the API', () => {
    const { byUid } = parse(kaderCalendar(input));
    expect(byUid('actiepunt-ap-2@kaderflow.example.nl').STATUS).toBe('CANCELLED');
    expect(byUid('actiepunt-ap-1@kaderflow.example.nl').STATUS).toBe('CONFIRMED');
    expect(byUid('actiepunt-ap-1@kaderflow.example.nl')['URL;VALUE=URI']).toBe('https://kaderflow.example.nl/api/v1/werkgroepen/wg-1/actiepunten/ap-1');
  });

  it('writes meetings with a time in UTC and names the gremium', () => {
    const { byUid } = parse(kaderCalendar(input));
    const overleg = byUid('vergadering-v-1@kaderflow.example.nl');
    expect(overleg.SUMMARY).toBe('Directeurenoverleg: Voortgang kader');
    expect(overleg.DTSTART).toBe('20251002T120000Z');
    expect(overleg.DTEND).toBe('20251002T140000Z');
    expect(byUid('vergadering-v-2@kaderflow.example.nl')['DTSTART;VALUE=DATE']).toBe('20251113');
  });

  it('refuses a deadline that is not a date rather than placing it on a wrong day', () => {
    expect(() => kaderCalendar({ ...input, mijlpalen: [{ ...input.mijlpalen[0], deadline: '30-09-2025' }] })).toThrow(/geen geldige datum/);
  });
});
