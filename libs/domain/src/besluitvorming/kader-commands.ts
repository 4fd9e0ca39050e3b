import { BesluitOnderwerp, BesluitUitkomst, GremiumCode, IsoDate } from '../shared';
import { gemeenteVanGremium } from '../../../reference-data/src';
import { VergaderingEvent } from './vergadering';

/**
 * The kader commands a besluit leads to, as plain `{ type, data }` (the process manager adds the
 * metadata). Shapes match the kader decider's commands.
 */
export type KaderOpdracht =
  | {
      type: 'KoppelBesluit';
      data: { kaderId: string; besluitId: string; vergaderingId?: string; gremium: GremiumCode; onderwerp: BesluitOnderwerp; uitkomst: BesluitUitkomst; datum: IsoDate };
    }
  | { type: 'TrekBesluitIn'; data: { kaderId: string; besluitId: string; reden: string } }
  | { type: 'WijzigBesluitUitkomst'; data: { kaderId: string; besluitId: string; uitkomst: BesluitUitkomst; reden: string } }
  | { type: 'RegistreerLokaleVaststelling'; data: { kaderId: string; gemeente: string; besluitId: string; gremium: GremiumCode; datum: IsoDate; uitkomst: BesluitUitkomst } };


/**
 * Maps a besluitvorming event to the kader commands to issue. Only agendapunten about the kader
 * process (plan-van-aanpak, concept-kader, kader) with a kaderId count; a college or raad besluit
 * on the kader itself is that gemeente's local adoption.
 */
export const kaderCommandsFor = (event: VergaderingEvent): KaderOpdracht[] => {
  switch (event.type) {
    case 'BesluitGenomen': {
      const d = event.data;
      if (!d.kaderId || d.onderwerp === 'overig') return [];
      const gemeente = gemeenteVanGremium(d.gremium);
      if (gemeente && d.onderwerp === 'kader')
        return [{ type: 'RegistreerLokaleVaststelling', data: { kaderId: d.kaderId, gemeente, besluitId: d.besluitId, gremium: d.gremium, datum: d.datum, uitkomst: d.uitkomst } }];
      return [
        {
          type: 'KoppelBesluit',
          data: { kaderId: d.kaderId, besluitId: d.besluitId, vergaderingId: d.vergaderingId, gremium: d.gremium, onderwerp: d.onderwerp, uitkomst: d.uitkomst, datum: d.datum },
        },
      ];
    }
    case 'BesluitGerectificeerd': {
      const d = event.data;
      if (!d.kaderId || d.onderwerp === 'overig' || !d.gewijzigd.includes('uitkomst')) return [];
      return [{ type: 'WijzigBesluitUitkomst', data: { kaderId: d.kaderId, besluitId: d.besluitId, uitkomst: d.uitkomst, reden: d.reden } }];
    }
    case 'BesluitIngetrokken': {
      const d = event.data;
      if (!d.kaderId || d.onderwerp === 'overig') return [];
      return [{ type: 'TrekBesluitIn', data: { kaderId: d.kaderId, besluitId: d.besluitId, reden: d.reden } }];
    }
    case 'VergaderingGepland':
    case 'AgendapuntToegevoegd':
    case 'BesluitenlijstVastgesteld':
    case 'BesluitenlijstGepubliceerd':
      return [];
    default: {
      const _onbekend: never = event;
      return [];
    }
  }
};
