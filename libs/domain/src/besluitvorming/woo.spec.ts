import { diwooMetadata, publicatieTermijn, publisherVoor } from './woo';

describe('publicatieTermijn', () => {
  it('is two weeks after adoption, across month and year ends', () => {
    expect(publicatieTermijn('2025-10-15')).toBe('2025-10-29');
    expect(publicatieTermijn('2025-12-24')).toBe('2026-01-07');
    expect(publicatieTermijn('2028-02-20')).toBe('2028-03-05');
  });
});

describe('diwooMetadata', () => {
  it('publishes a college besluitenlijst under the gemeente, a regional one under Holland Rijnland', () => {
    expect(publisherVoor('college-GM1884')).toBe('https://identifier.overheid.nl/tooi/id/gemeente/gm1884');
    expect(publisherVoor('directeurenoverleg')).toBe('https://identifier.overheid.nl/tooi/id/so/so0507');
  });

  it('carries the official title, category, adoption and the address as identifier', () => {
    const metadata = diwooMetadata({ gremium: 'raad-GM0546', titel: 'Raadsvergadering', vergaderdatum: '2025-11-20', vastgesteldOp: '2025-12-04', url: 'https://open.example.org/bl.pdf' });
    expect(metadata).toMatchObject({
      officieleTitel: 'Besluitenlijst Raadsvergadering 2025-11-20',
      informatiecategorieen: [{ label: "agenda's en besluitenlijsten bestuurscolleges" }],
      documenthandelingen: [{ soortHandeling: { label: 'vaststelling' }, atTime: '2025-12-04', wasAssociatedWith: { resource: 'https://identifier.overheid.nl/tooi/id/gemeente/gm0546' } }],
      creatiedatum: '2025-12-04',
      identifiers: ['https://open.example.org/bl.pdf'],
    });
  });
});
