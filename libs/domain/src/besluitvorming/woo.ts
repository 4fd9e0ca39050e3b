import { GremiumCode, IsoDate } from '../shared';
import { gemeenteVanGremium } from '../../../reference-data/src';
import { addDays } from './datum';

/** Woo: a besluitenlijst is published within two weeks of its adoption. Returns the last allowed date. */
export const publicatieTermijn = (vastgesteldOp: IsoDate): IsoDate => addDays(vastgesteldOp, 14);

const TOOI = 'https://identifier.overheid.nl/tooi';
export const HOLLAND_RIJNLAND_TOOI = `${TOOI}/id/so/so0507`;
export const INFORMATIECATEGORIE_BESLUITENLIJSTEN = `${TOOI}/def/thes/kern/c_3a248e3a`;
export const DOCUMENTHANDELING_VASTSTELLING = `${TOOI}/def/thes/kern/c_641ecd76`;

export interface DiWooMetadata {
  publisher: { resource: string };
  officieleTitel: string;
  informatiecategorieen: { resource: string; label: string }[];
  documenthandelingen: { soortHandeling: { resource: string; label: string }; atTime: IsoDate; wasAssociatedWith: { resource: string } }[];
  creatiedatum: IsoDate;
  identifiers?: string[];
}

/** The college or raad of a gemeente publishes under the gemeente; regional gremia under Holland Rijnland. */
export const publisherVoor = (gremium: GremiumCode | string): string => {
  const gemeente = gemeenteVanGremium(gremium);
  return gemeente ? `${TOOI}/id/gemeente/${gemeente.toLowerCase()}` : HOLLAND_RIJNLAND_TOOI;
};

export const diwooMetadata = (lijst: {
  gremium: string;
  titel: string;
  vergaderdatum: IsoDate;
  vastgesteldOp: IsoDate;
  url?: string;
}): DiWooMetadata => {
  const publisher = publisherVoor(lijst.gremium);
  return {
    publisher: { resource: publisher },
    officieleTitel: `Besluitenlijst ${lijst.titel} ${lijst.vergaderdatum}`,
    informatiecategorieen: [{ resource: INFORMATIECATEGORIE_BESLUITENLIJSTEN, label: "agenda's en besluitenlijsten bestuurscolleges" }],
    documenthandelingen: [
      { soortHandeling: { resource: DOCUMENTHANDELING_VASTSTELLING, label: 'vaststelling' }, atTime: lijst.vastgesteldOp, wasAssociatedWith: { resource: publisher } },
    ],
    creatiedatum: lijst.vastgesteldOp,
    ...(lijst.url ? { identifiers: [lijst.url] } : {}),
  };
};
