import { BesluitOnderwerp, BesluitUitkomst, DomainCommand, Fase, GremiumCode, IsoDate } from '../shared';
import { Periode, Vaststellingsregel } from './events';

export type StartKader = DomainCommand<'StartKader', {
  kaderId: string;
  titel: string;
  periode: Periode;
  opdrachtgever: GremiumCode;
  /** Defaults to all 13 gemeenten. */
  vaststellingsregel?: Vaststellingsregel;
}>;
export type WijsProjectleiderAan = DomainCommand<'WijsProjectleiderAan', { kaderId: string; projectleiderId: string }>;
export type BetreedFase = DomainCommand<'BetreedFase', { kaderId: string; fase: Fase; toelichting?: string }>;
export type ZetFaseTerug = DomainCommand<'ZetFaseTerug', { kaderId: string; naarFase: Fase; reden: string }>;
export type PlanMijlpaal = DomainCommand<'PlanMijlpaal', { kaderId: string; mijlpaalId: string; titel: string; fase: Fase; deadline: IsoDate; eigenaar: string }>;
export type VerschuifMijlpaal = DomainCommand<'VerschuifMijlpaal', { kaderId: string; mijlpaalId: string; nieuweDeadline: IsoDate; reden: string }>;
export type BehaalMijlpaal = DomainCommand<'BehaalMijlpaal', { kaderId: string; mijlpaalId: string; behaaldOp: IsoDate }>;
export type AnnuleerMijlpaal = DomainCommand<'AnnuleerMijlpaal', { kaderId: string; mijlpaalId: string; reden: string }>;
export type KoppelBesluit = DomainCommand<'KoppelBesluit', {
  kaderId: string;
  besluitId: string;
  vergaderingId?: string;
  gremium: GremiumCode;
  onderwerp: BesluitOnderwerp;
  uitkomst: BesluitUitkomst;
  datum: IsoDate;
}>;
export type TrekBesluitIn = DomainCommand<'TrekBesluitIn', { kaderId: string; besluitId: string; reden: string }>;
export type WijzigBesluitUitkomst = DomainCommand<'WijzigBesluitUitkomst', { kaderId: string; besluitId: string; uitkomst: BesluitUitkomst; reden: string }>;
export type RegistreerLokaleVaststelling = DomainCommand<'RegistreerLokaleVaststelling', {
  kaderId: string;
  gemeente: string;
  besluitId: string;
  gremium: GremiumCode;
  datum: IsoDate;
  uitkomst: BesluitUitkomst;
}>;

export type KaderCommand =
  | StartKader
  | WijsProjectleiderAan
  | BetreedFase
  | ZetFaseTerug
  | PlanMijlpaal
  | VerschuifMijlpaal
  | BehaalMijlpaal
  | AnnuleerMijlpaal
  | KoppelBesluit
  | TrekBesluitIn
  | WijzigBesluitUitkomst
  | RegistreerLokaleVaststelling;

export type KaderCommandType = KaderCommand['type'];
