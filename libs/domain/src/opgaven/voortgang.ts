import { IsoDate } from '../shared';
import { GEMEENTE_CODES, GEMEENTE_SUBREGIO, SUBREGIO_CODES, SubregioCode } from './gebied';
import { DoelEenheid, Plaatsing } from './opgave';

export interface EenheidVoortgang {
  eenheid: string;
  gerealiseerd: number;
  /** Only where the doel belongs to this area (the holder of the opgave, and always the region). */
  doel?: number;
  resterend?: number;
}

export interface Voortgang {
  perGemeente: Array<{ gemeente: string; subregio: SubregioCode; eenheden: EenheidVoortgang[] }>;
  perSubregio: Array<{ subregio: SubregioCode; eenheden: EenheidVoortgang[] }>;
  regio: EenheidVoortgang[];
}

export interface RealisatieInvoer {
  gemeente: string;
  datum: IsoDate;
  eenheden: DoelEenheid[];
  ingetrokken?: boolean;
}

/**
 * Progress of a measurable opgave per gemeente, subregio and region. Areas the opgave covers are
 * listed even without realisations, so what is still missing shows. `peildatum` gives the state on
 * a past date (realisations dated after it are left out).
 */
export function berekenVoortgang(input: { plaatsing: Plaatsing; doel?: DoelEenheid[]; realisaties: RealisatieInvoer[] }, peildatum?: IsoDate): Voortgang {
  const { plaatsing, doel = [] } = input;
  const eenheden = [...new Set([...doel.map((d) => d.eenheid), ...input.realisaties.flatMap((r) => r.eenheden.map((e) => e.eenheid))])];
  const geteld = input.realisaties.filter((r) => !r.ingetrokken && (!peildatum || r.datum <= peildatum));

  const gemeenten = GEMEENTE_CODES.filter(
    (g) =>
      plaatsing.schaalniveau === 'regionaal' ||
      (plaatsing.schaalniveau === 'subregionaal' && GEMEENTE_SUBREGIO[g] === plaatsing.subregio) ||
      plaatsing.gemeenten.includes(g) ||
      geteld.some((r) => r.gemeente === g),
  );
  const subregios = SUBREGIO_CODES.filter((s) => gemeenten.some((g) => GEMEENTE_SUBREGIO[g] === s));

  const som = (filter: (gemeente: string) => boolean, eenheid: string) =>
    geteld.filter((r) => filter(r.gemeente)).reduce((n, r) => n + r.eenheden.filter((e) => e.eenheid === eenheid).reduce((m, e) => m + e.aantal, 0), 0);
  const regel = (filter: (gemeente: string) => boolean, metDoel: boolean) =>
    eenheden.map((eenheid): EenheidVoortgang => {
      const gerealiseerd = som(filter, eenheid);
      const target = metDoel ? doel.find((d) => d.eenheid === eenheid)?.aantal : undefined;
      return target === undefined ? { eenheid, gerealiseerd } : { eenheid, gerealiseerd, doel: target, resterend: Math.max(0, target - gerealiseerd) };
    });

  const enigeGemeente = plaatsing.schaalniveau === 'lokaal' && plaatsing.gemeenten.length === 1 ? plaatsing.gemeenten[0] : undefined;
  return {
    perGemeente: gemeenten.map((gemeente) => ({ gemeente, subregio: GEMEENTE_SUBREGIO[gemeente], eenheden: regel((g) => g === gemeente, gemeente === enigeGemeente) })),
    perSubregio: subregios.map((subregio) => ({
      subregio,
      eenheden: regel((g) => GEMEENTE_SUBREGIO[g] === subregio, plaatsing.schaalniveau === 'subregionaal' && plaatsing.subregio === subregio),
    })),
    regio: regel(() => true, true),
  };
}
