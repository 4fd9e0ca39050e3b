import { Besluitenlijst } from '../../read-models/src/besluiten';
import { besluitenlijstCsv } from './besluitenlijst-csv';
import { besluitenlijstPdf } from './besluitenlijst-pdf';

const lijst: Besluitenlijst = {
  vergaderingId: 'bc-2025-10',
  gremium: 'bestuurscommissie-maatschappij',
  datum: '2025-10-08',
  titel: 'Bestuurscommissie Maatschappij',
  vastgesteldOp: '2025-10-15',
  publicerenUiterlijk: '2025-10-29',
  agendapunten: [
    {
      agendapuntId: 'ap-1', volgnummer: 1, titel: 'Concept-kader; "bespreking"', kaderId: 'k-1', onderwerp: 'concept-kader',
      besluit: { besluitId: 'b-1', uitkomst: 'voorgenomen-besluit', besluittekst: 'Het concept wordt voorgenomen vastgesteld.', datum: '2025-10-08', versie: 2, status: 'gerectificeerd', amendementen: [] },
    },
    { agendapuntId: 'ap-2', volgnummer: 2, titel: 'Rondvraag', onderwerp: 'overig' },
  ],
};
const versies = {
  'b-1': [
    { versie: 1, soort: 'origineel' as const, uitkomst: 'voorgenomen-besluit' as const, besluittekst: 'Oud.', globalPosition: 5, recordedAt: '2025-10-09T10:00:00.000Z', occurredAt: '2025-10-08T00:00:00.000Z' },
    { versie: 2, soort: 'rectificatie' as const, uitkomst: 'voorgenomen-besluit' as const, besluittekst: 'Nieuw.', reden: 'Typefout', gewijzigd: ['besluittekst'], globalPosition: 9, recordedAt: '2025-10-20T10:00:00.000Z', occurredAt: '2025-10-20T10:00:00.000Z' },
  ],
};

describe('besluitenlijst exports', () => {
  it('writes a CSV with Dutch headers, one row per agendapunt, the rectificatie and quoted separators', () => {
    const csv = besluitenlijstCsv({ lijst, versies });
    const [header, eerste, tweede] = csv.replace(/^\ufeff/, '').trim().split('\n');
    expect(header.split(';').slice(0, 4)).toEqual(['Gremium', 'Vergaderdatum', 'Agendapunt nr', 'Agendapunt']);
    expect(eerste).toContain('"Concept-kader; ""bespreking"""');
    expect(eerste).toContain('Voorgenomen besluit');
    expect(eerste).toContain('versie 2 op 2025-10-20: Typefout');
    expect(tweede).toContain('Geen besluit');
  });

  it('renders a PDF whose text names the gremium, date, outcome and rectificatie', async () => {
    const pdf = await besluitenlijstPdf({ lijst, versies }, { compress: false });
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    const text = pdf.toString('latin1');
    expect((text.match(/\/Type \/Page\b/g) ?? []).length).toBe(1);
    // pdfkit writes text as hex glyph strings; the document info carries plain text.
    expect(text).toContain('Besluitenlijst Bestuurscommissie Maatschappij');
    expect(pdf.length).toBeGreaterThan(1000);
  });
});
