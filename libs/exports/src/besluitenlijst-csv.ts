import { stringify } from 'csv-stringify/sync';
import { BesluitenlijstDocument, kop, Regel, regels } from './besluitenlijst-document';

const KOLOMMEN: [keyof Regel | 'gremium' | 'vergaderdatum', string][] = [
  ['gremium', 'Gremium'],
  ['vergaderdatum', 'Vergaderdatum'],
  ['volgnummer', 'Agendapunt nr'],
  ['agendapunt', 'Agendapunt'],
  ['onderwerp', 'Onderwerp'],
  ['besluitId', 'Besluit-id'],
  ['uitkomst', 'Uitkomst'],
  ['datum', 'Besluitdatum'],
  ['besluittekst', 'Besluittekst'],
  ['toelichting', 'Toelichting'],
  ['stemming', 'Stemming'],
  ['amendementen', 'Amendementen'],
  ['versie', 'Versie'],
  ['status', 'Status'],
  ['rectificaties', 'Rectificaties'],
  ['intrekking', 'Intrekking'],
];

/**
 * The besluitenlijst as CSV: a header row with Dutch column names, one row per agendapunt.
 * Separator `;` and a BOM, so Excel with Dutch settings opens it in columns with accents intact.
 */
export function besluitenlijstCsv(doc: BesluitenlijstDocument): string {
  const { gremium, vergaderdatum } = kop(doc.lijst);
  const rows = regels(doc).map((r) => ({ ...r, gremium, vergaderdatum }));
  return `\ufeff${stringify(rows, { header: true, delimiter: ';', columns: KOLOMMEN.map(([key, header]) => ({ key, header })) })}`;
}
