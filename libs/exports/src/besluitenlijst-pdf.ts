import type PDFKitDocument from 'pdfkit';
import { BesluitenlijstDocument, kop, regels } from './besluitenlijst-document';

type PDFDocumentClass = typeof PDFKitDocument;
let pdfkit: PDFDocumentClass | undefined;
/** pdfkit (and its fonts) load on the first PDF asked for, not at every start. */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const loadPdfkit = (): PDFDocumentClass => (pdfkit ??= require('pdfkit') as PDFDocumentClass);

/** A printable besluitenlijst (A4): gremium, date, each agendapunt with its besluit, rectificaties and intrekking. */
export function besluitenlijstPdf(doc: BesluitenlijstDocument, opties: { compress?: boolean } = {}): Promise<Buffer> {
  const { gremium, titel, vergaderdatum, vastgesteldOp } = kop(doc.lijst);
  const PDFDocument = loadPdfkit();
  const pdf = new PDFDocument({ size: 'A4', margin: 56, info: { Title: titel, Author: gremium, Subject: `Besluitenlijst ${vergaderdatum}` }, lang: 'nl-NL', compress: opties.compress ?? true } as PDFKit.PDFDocumentOptions);
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    pdf.on('data', (chunk: Buffer) => chunks.push(chunk));
    pdf.on('end', () => resolve(Buffer.concat(chunks)));
    pdf.on('error', reject);
  });

  pdf.font('Helvetica-Bold').fontSize(16).text(titel);
  pdf.moveDown(0.3).font('Helvetica').fontSize(10).text(`${gremium}, vergadering van ${vergaderdatum}`);
  if (doc.lijst.locatie) pdf.text(`Locatie: ${doc.lijst.locatie}`);
  pdf.text(vastgesteldOp ? `Besluitenlijst vastgesteld op ${vastgesteldOp}` : 'Concept: de besluitenlijst is nog niet vastgesteld');
  if (doc.lijst.publicerenUiterlijk) pdf.text(`Te publiceren uiterlijk ${doc.lijst.publicerenUiterlijk} (Woo)`);
  pdf.moveDown();

  for (const r of regels(doc)) {
    pdf.font('Helvetica-Bold').fontSize(11).text(`${r.volgnummer}. ${r.agendapunt}`);
    pdf.font('Helvetica').fontSize(10);
    pdf.text(`Uitkomst: ${r.uitkomst}${r.datum ? ` (besloten op ${r.datum})` : ''}${r.status && r.status !== 'Genomen' ? ` - ${r.status}` : ''}`);
    if (r.besluittekst) pdf.text(`Besluit: ${r.besluittekst}`);
    if (r.toelichting) pdf.text(`Toelichting: ${r.toelichting}`);
    if (r.stemming) pdf.text(`Stemming: ${r.stemming}`);
    if (r.amendementen) pdf.text(`Amendementen: ${r.amendementen}`);
    if (r.rectificaties) pdf.text(`Rectificaties: ${r.rectificaties}`);
    if (r.intrekking) pdf.text(`Ingetrokken ${r.intrekking}`);
    pdf.moveDown(0.8);
  }
  pdf.end();
  return done;
}
