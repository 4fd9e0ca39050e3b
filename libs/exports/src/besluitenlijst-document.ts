import { Besluitenlijst, BesluitVersie } from '../../read-models/src/besluiten';
import { gremiumNaam } from '../../reference-data/src';

/** A besluitenlijst with, per besluit, its full version history (rectificaties and intrekking). */
export interface BesluitenlijstDocument {
  lijst: Besluitenlijst;
  versies: Record<string, BesluitVersie[]>;
}

export interface Regel {
  volgnummer: number;
  agendapunt: string;
  onderwerp: string;
  besluitId: string;
  uitkomst: string;
  besluittekst: string;
  toelichting: string;
  datum: string;
  versie: string;
  status: string;
  stemming: string;
  amendementen: string;
  rectificaties: string;
  intrekking: string;
}

const UITKOMST: Record<string, string> = {
  vastgesteld: 'Vastgesteld',
  'gewijzigd-vastgesteld': 'Gewijzigd vastgesteld',
  'voorgenomen-besluit': 'Voorgenomen besluit',
  aangehouden: 'Aangehouden',
  verworpen: 'Verworpen',
  'ter-kennisname': 'Ter kennisname',
};
export const uitkomstLabel = (uitkomst: string) => UITKOMST[uitkomst] ?? uitkomst;

const STATUS: Record<string, string> = { genomen: 'Genomen', gerectificeerd: 'Gerectificeerd', ingetrokken: 'Ingetrokken' };

const datumVan = (instant: string) => new Date(instant).toISOString().slice(0, 10);

/** One line per agendapunt, in agenda order, as clerks read it. */
export function regels(doc: BesluitenlijstDocument): Regel[] {
  return doc.lijst.agendapunten.map((a) => {
    const b = a.besluit;
    const versies = b ? doc.versies[b.besluitId] ?? [] : [];
    const uitslag = b?.stemming?.uitslag;
    return {
      volgnummer: a.volgnummer,
      agendapunt: a.titel,
      onderwerp: a.onderwerp,
      besluitId: b?.besluitId ?? '',
      uitkomst: b ? uitkomstLabel(b.uitkomst) : 'Geen besluit',
      besluittekst: b?.besluittekst ?? '',
      toelichting: b?.toelichting ?? '',
      datum: b?.datum ?? '',
      versie: b ? String(b.versie) : '',
      status: b ? STATUS[b.status] ?? b.status : '',
      stemming: uitslag
        ? `${uitslag.uitslag} (voor ${uitslag.aantallen.voor}, tegen ${uitslag.aantallen.tegen}, onthouding ${uitslag.aantallen.onthouding}, afwezig ${uitslag.aantallen.afwezig})`
        : '',
      amendementen: (b?.amendementen ?? []).map((x) => `${x.titel}${x.aangenomen === undefined ? '' : x.aangenomen ? ' (aangenomen)' : ' (verworpen)'}`).join(' | '),
      rectificaties: versies
        .filter((v) => v.soort === 'rectificatie')
        .map((v) => `versie ${v.versie} op ${datumVan(v.recordedAt)}: ${v.reden ?? ''} [gewijzigd: ${(v.gewijzigd ?? []).join(', ')}]`)
        .join(' | '),
      intrekking: versies
        .filter((v) => v.soort === 'intrekking')
        .map((v) => `op ${datumVan(v.recordedAt)}: ${v.reden ?? ''}`)
        .join(' | '),
    };
  });
}

export const kop = (lijst: Besluitenlijst) => ({
  gremium: gremiumNaam(lijst.gremium),
  titel: `Besluitenlijst ${lijst.titel}`,
  vergaderdatum: lijst.datum,
  vastgesteldOp: lijst.vastgesteldOp ?? null,
});
