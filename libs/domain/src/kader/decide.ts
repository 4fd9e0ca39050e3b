import { gemeenteByCode, gemeenteVanGremium, gremiumNaam, isGremiumCode, GEMEENTEN } from '../../../reference-data/src';
import { assertNever, BESLUIT_ONDERWERPEN, BESLUIT_UITKOMSTEN, conflict, Decider, Fase, FASEN, invalid, IsoDate, notFound } from '../shared';
import { KaderCommand } from './commands';
import { KaderEvent } from './events';
import { Draft, evolveKader, evolveKaderIn, initialKaderState, Kader, KaderState } from './state';
import { FASE_NAMEN, fasevoorwaarden, volgendeFase } from './voorwaarden';

export const kaderStreamId = (kaderId: string) => `kader-${kaderId}`;

/** A kader holds for six years, e.g. 2026-2032 (DOMAIN.md section 1). */
export const KADER_LOOPTIJD_JAREN = 6;

const isLeeg = (s: string | undefined) => !s || !s.trim();

const isIsoDate = (s: string): boolean => {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s ?? '');
  if (!m) return false;
  const [jaar, maand, dag] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const schrikkel = (jaar % 4 === 0 && jaar % 100 !== 0) || jaar % 400 === 0;
  const dagen = [31, schrikkel ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][maand - 1];
  return dagen !== undefined && dag >= 1 && dag <= dagen;
};

const eisDatum = (datum: IsoDate, veld: string) => {
  if (!isIsoDate(datum)) throw invalid('ongeldige-datum', 'De datum is ongeldig', [`${veld} '${datum}' is geen geldige datum (JJJJ-MM-DD)`]);
};

const eisReden = (reden: string | undefined) => {
  if (isLeeg(reden)) throw invalid('reden-ontbreekt', 'Geef een reden op', ['Een wijziging in het kaderproces wordt altijd met een reden vastgelegd']);
};

const eisFase = (fase: string): Fase => {
  if (!(FASEN as readonly string[]).includes(fase)) throw invalid('onbekende-fase', 'Deze fase bestaat niet', [`'${fase}' is geen fase van het kaderproces`]);
  return fase as Fase;
};

const eisUitkomst = (uitkomst: string) => {
  if (!(BESLUIT_UITKOMSTEN as readonly string[]).includes(uitkomst)) throw invalid('onbekende-uitkomst', 'Deze besluituitkomst bestaat niet', [`'${uitkomst}' is geen uitkomst van een besluit`]);
};

const mijlpaalVan = (k: Kader, mijlpaalId: string) => {
  const m = k.mijlpalen[mijlpaalId];
  if (!m) throw notFound('mijlpaal-niet-gevonden', 'Deze mijlpaal bestaat niet', [`Er is geen mijlpaal met id '${mijlpaalId}' in dit kader`]);
  return m;
};

const eisOpenMijlpaal = (k: Kader, mijlpaalId: string) => {
  const m = mijlpaalVan(k, mijlpaalId);
  if (m.status !== 'gepland')
    throw conflict('mijlpaal-afgesloten', 'Deze mijlpaal kan niet meer worden gewijzigd', [`Mijlpaal '${m.titel}' is al ${m.status}`]);
  return m;
};

const vandaag = (now: string): IsoDate => now.slice(0, 10);

const decideStart = (command: Extract<KaderCommand, { type: 'StartKader' }>, state: KaderState): KaderEvent[] => {
  const { kaderId, titel, periode, opdrachtgever } = command.data;
  const vaststellingsregel = command.data.vaststellingsregel ?? { minimumGemeenten: GEMEENTEN.length };
  const fouten = [
    ...(isLeeg(titel) ? ['De titel ontbreekt'] : []),
    ...(!Number.isInteger(periode?.van) || !Number.isInteger(periode?.tot) || periode.van > periode.tot
      ? ['De periode moet lopen van een beginjaar tot een later eindjaar']
      : periode.tot - periode.van !== KADER_LOOPTIJD_JAREN
        ? [`Een beleidskader loopt ${KADER_LOOPTIJD_JAREN} jaar (bijvoorbeeld 2026-2032); ${periode.van}-${periode.tot} past daar niet bij`]
        : []),
    ...(isGremiumCode(opdrachtgever) ? [] : [`'${opdrachtgever}' is geen bekend gremium en kan geen opdrachtgever zijn`]),
    ...(Number.isInteger(vaststellingsregel.minimumGemeenten) && vaststellingsregel.minimumGemeenten >= 1 && vaststellingsregel.minimumGemeenten <= GEMEENTEN.length
      ? []
      : [`Het minimum aantal vaststellende gemeenten moet tussen 1 en ${GEMEENTEN.length} liggen`]),
  ];
  if (fouten.length) throw invalid('kader-ongeldig', 'Het kader kan zo niet worden gestart', fouten);
  if (state.status === 'gestart') {
    const herhaling = state.titel === titel && state.periode.van === periode.van && state.periode.tot === periode.tot && state.opdrachtgever === opdrachtgever
      && state.vaststellingsregel.minimumGemeenten === vaststellingsregel.minimumGemeenten;
    if (herhaling) return [];
    throw conflict('kader-bestaat-al', 'Dit kader is al gestart', [`Kader '${kaderId}' bestaat al met titel '${state.titel}'`]);
  }
  return [
    {
      type: 'KaderGestart',
      data: { kaderId, titel: titel.trim(), periode: { van: periode.van, tot: periode.tot }, opdrachtgever, vaststellingsregel, fase: 'opdracht', gestartOp: command.metadata.now },
    },
  ];
};

const decideGestart = (command: Exclude<KaderCommand, { type: 'StartKader' }>, k: Kader): KaderEvent[] => {
  const now = command.metadata.now;
  const { kaderId } = k;
  switch (command.type) {
    case 'WijsProjectleiderAan': {
      const { projectleiderId } = command.data;
      if (isLeeg(projectleiderId)) throw invalid('projectleider-ontbreekt', 'Wijs een projectleider aan', ['Het gebruikers-id van de projectleider ontbreekt']);
      if (k.projectleiderId === projectleiderId) return [];
      return [{ type: 'ProjectleiderAangewezen', data: { kaderId, projectleiderId, ...(k.projectleiderId ? { vorigeProjectleiderId: k.projectleiderId } : {}), aangewezenOp: now } }];
    }
    case 'BetreedFase': {
      const fase = eisFase(command.data.fase);
      if (fase === k.fase) return [];
      const volgende = volgendeFase(k.fase);
      if (fase !== volgende)
        throw conflict('fase-niet-de-volgende', 'Alleen de volgende fase kan worden betreden', [
          volgende
            ? `Het kader is in fase '${FASE_NAMEN[k.fase]}'; de volgende fase is '${FASE_NAMEN[volgende]}', niet '${FASE_NAMEN[fase]}'`
            : `Het kader is al in de laatste fase '${FASE_NAMEN[k.fase]}'`,
        ]);
      const onvervuld = fasevoorwaarden(k, fase);
      if (onvervuld.length) throw conflict('fase-voorwaarden-niet-vervuld', `Fase '${FASE_NAMEN[fase]}' kan nog niet worden betreden`, onvervuld);
      const toelichting = command.data.toelichting?.trim();
      return [{ type: 'FaseBetreden', data: { kaderId, fase, vorigeFase: k.fase, ...(toelichting ? { toelichting } : {}), betredenOp: now } }];
    }
    case 'ZetFaseTerug': {
      const naarFase = eisFase(command.data.naarFase);
      eisReden(command.data.reden);
      if (FASEN.indexOf(naarFase) >= FASEN.indexOf(k.fase))
        throw conflict('fase-niet-eerder', 'Een fase kan alleen worden teruggezet naar een eerdere fase', [
          `Het kader is in fase '${FASE_NAMEN[k.fase]}'; '${FASE_NAMEN[naarFase]}' komt daar niet voor`,
        ]);
      return [{ type: 'FaseTeruggezet', data: { kaderId, naarFase, vanFase: k.fase, reden: command.data.reden.trim(), teruggezetOp: now } }];
    }
    case 'PlanMijlpaal': {
      const { mijlpaalId, titel, deadline, eigenaar } = command.data;
      const fase = eisFase(command.data.fase);
      const fouten = [
        ...(isLeeg(mijlpaalId) ? ['Het id van de mijlpaal ontbreekt'] : []),
        ...(isLeeg(titel) ? ['De titel van de mijlpaal ontbreekt'] : []),
        ...(isLeeg(eigenaar) ? ['De eigenaar (een rol of gremium) ontbreekt'] : []),
      ];
      if (fouten.length) throw invalid('mijlpaal-onvolledig', 'De mijlpaal is onvolledig', fouten);
      eisDatum(deadline, 'Deadline');
      const bestaand = k.mijlpalen[mijlpaalId];
      if (bestaand) {
        const herhaling = bestaand.titel === titel.trim() && bestaand.fase === fase && bestaand.eigenaar === eigenaar.trim()
          && (bestaand.deadline === deadline || bestaand.verschuivingen[0] === deadline);
        if (herhaling) return [];
        throw conflict('mijlpaal-bestaat-al', 'Er is al een mijlpaal met dit id', [`Mijlpaal '${mijlpaalId}' bestaat al als '${bestaand.titel}'`]);
      }
      return [{ type: 'MijlpaalGepland', data: { kaderId, mijlpaalId, titel: titel.trim(), fase, deadline, eigenaar: eigenaar.trim(), geplandOp: now } }];
    }
    case 'VerschuifMijlpaal': {
      const { mijlpaalId, nieuweDeadline, reden } = command.data;
      const m = eisOpenMijlpaal(k, mijlpaalId);
      eisDatum(nieuweDeadline, 'Nieuwe deadline');
      eisReden(reden);
      if (m.deadline === nieuweDeadline) return [];
      return [{ type: 'MijlpaalVerschoven', data: { kaderId, mijlpaalId, oudeDeadline: m.deadline, nieuweDeadline, reden: reden.trim(), verschovenOp: now } }];
    }
    case 'BehaalMijlpaal': {
      const { mijlpaalId, behaaldOp } = command.data;
      const m = mijlpaalVan(k, mijlpaalId);
      eisDatum(behaaldOp, 'Behaald op');
      if (m.status === 'behaald' && m.behaaldOp === behaaldOp) return [];
      eisOpenMijlpaal(k, mijlpaalId);
      if (behaaldOp > vandaag(now))
        throw invalid('datum-in-toekomst', 'Een mijlpaal kan niet in de toekomst behaald zijn', [`${behaaldOp} ligt na vandaag (${vandaag(now)})`]);
      return [{ type: 'MijlpaalBehaald', data: { kaderId, mijlpaalId, behaaldOp, geregistreerdOp: now } }];
    }
    case 'AnnuleerMijlpaal': {
      const { mijlpaalId, reden } = command.data;
      const m = mijlpaalVan(k, mijlpaalId);
      eisReden(reden);
      if (m.status === 'geannuleerd') return [];
      eisOpenMijlpaal(k, mijlpaalId);
      return [{ type: 'MijlpaalGeannuleerd', data: { kaderId, mijlpaalId, reden: reden.trim(), geannuleerdOp: now } }];
    }
    case 'KoppelBesluit': {
      const { besluitId, vergaderingId, gremium, onderwerp, uitkomst, datum } = command.data;
      if (isLeeg(besluitId)) throw invalid('besluit-onvolledig', 'Het besluit is onvolledig', ['Het id van het besluit ontbreekt']);
      if (!isGremiumCode(gremium)) throw invalid('onbekend-gremium', 'Dit gremium is onbekend', [`'${gremium}' is geen bekend gremium`]);
      if (!(BESLUIT_ONDERWERPEN as readonly string[]).includes(onderwerp))
        throw invalid('onbekend-onderwerp', 'Dit onderwerp is onbekend', [`'${onderwerp}' is geen onderwerp van het kaderproces`]);
      eisUitkomst(uitkomst);
      eisDatum(datum, 'Datum');
      const bestaand = k.besluiten[besluitId];
      if (bestaand) {
        const herhaling = bestaand.gremium === gremium && bestaand.onderwerp === onderwerp && bestaand.datum === datum
          && bestaand.vergaderingId === vergaderingId && bestaand.oorspronkelijkeUitkomst === uitkomst;
        if (herhaling) return [];
        throw conflict('besluit-al-gekoppeld', 'Dit besluit is al gekoppeld', [`Besluit '${besluitId}' is al gekoppeld met andere gegevens; corrigeer het met een rectificatie`]);
      }
      if (k.lokaleBesluiten[besluitId])
        throw conflict('besluit-al-gekoppeld', 'Dit besluit is al gekoppeld', [`Besluit '${besluitId}' is al geregistreerd als lokale vaststelling`]);
      // A besluit from the wrong gremium is kept (the history shows it); the guards ignore it.
      return [{ type: 'BesluitGekoppeld', data: { kaderId, besluitId, ...(vergaderingId ? { vergaderingId } : {}), gremium, onderwerp, uitkomst, datum, gekoppeldOp: now } }];
    }
    case 'TrekBesluitIn': {
      const { besluitId, reden } = command.data;
      const besluit = besluitVan(k, besluitId);
      eisReden(reden);
      if (besluit.ingetrokken) return [];
      return [{ type: 'BesluitKoppelingIngetrokken', data: { kaderId, besluitId, reden: reden.trim(), ingetrokkenOp: now } }];
    }
    case 'WijzigBesluitUitkomst': {
      const { besluitId, uitkomst, reden } = command.data;
      const besluit = besluitVan(k, besluitId);
      eisUitkomst(uitkomst);
      eisReden(reden);
      if (besluit.uitkomst === uitkomst) return [];
      if (besluit.ingetrokken)
        throw conflict('besluit-ingetrokken', 'Dit besluit is ingetrokken', [`Besluit '${besluitId}' is ingetrokken; de uitkomst kan niet meer worden gewijzigd`]);
      return [{ type: 'BesluitUitkomstGerectificeerd', data: { kaderId, besluitId, uitkomst, vorigeUitkomst: besluit.uitkomst, reden: reden.trim(), gerectificeerdOp: now } }];
    }
    case 'RegistreerLokaleVaststelling': {
      const { gemeente, besluitId, gremium, datum, uitkomst } = command.data;
      if (!gemeenteByCode(gemeente))
        throw invalid('onbekende-gemeente', 'Deze gemeente hoort niet bij Holland Rijnland', [`'${gemeente}' is geen gemeente van Holland Rijnland`]);
      if (gemeenteVanGremium(gremium) !== gemeente)
        throw invalid('gremium-niet-van-gemeente', 'Dit gremium kan niet voor deze gemeente vaststellen', [
          `${gremiumNaam(gremium)} is niet het college of de raad van ${gemeenteByCode(gemeente)!.naam}`,
        ]);
      if (isLeeg(besluitId)) throw invalid('besluit-onvolledig', 'Het besluit is onvolledig', ['Het id van het besluit ontbreekt']);
      eisUitkomst(uitkomst);
      eisDatum(datum, 'Datum');
      const bestaand = k.lokaleBesluiten[besluitId];
      if (bestaand) {
        const herhaling = bestaand.gemeente === gemeente && bestaand.gremium === gremium && bestaand.datum === datum && bestaand.oorspronkelijkeUitkomst === uitkomst;
        if (herhaling) return [];
        throw conflict('besluit-al-gekoppeld', 'Dit besluit is al geregistreerd', [`Besluit '${besluitId}' is al geregistreerd met andere gegevens`]);
      }
      if (k.besluiten[besluitId])
        throw conflict('besluit-al-gekoppeld', 'Dit besluit is al gekoppeld', [`Besluit '${besluitId}' is al gekoppeld als regionaal besluit`]);
      const vorige = k.huidigeLokaleVaststelling[gemeente];
      return [
        {
          type: 'LokaleVaststellingGeregistreerd',
          data: { kaderId, gemeente, besluitId, gremium, datum, uitkomst, ...(vorige ? { vervangtBesluitId: vorige } : {}), geregistreerdOp: now },
        },
      ];
    }
    default:
      return assertNever(command);
  }
};

/** A regional or a local besluit of this kader. */
const besluitVan = (k: Kader, besluitId: string) => {
  const besluit = k.besluiten[besluitId] ?? k.lokaleBesluiten[besluitId];
  if (!besluit) throw notFound('besluit-niet-gekoppeld', 'Dit besluit is niet aan het kader gekoppeld', [`Er is geen besluit '${besluitId}' bij dit kader`]);
  return besluit;
};

export const decideKader = (command: KaderCommand, state: KaderState): KaderEvent[] => {
  if (command.type === 'StartKader') return decideStart(command, state);
  if (state.status !== 'gestart')
    throw notFound('kader-niet-gevonden', 'Dit kader bestaat niet', [`Er is geen gestart kader '${command.data.kaderId}'`]);
  return decideGestart(command, state);
};

export const kaderDecider: Decider<KaderState, KaderCommand, KaderEvent> = {
  decide: decideKader,
  evolve: evolveKader,
  initialState: initialKaderState,
  evolver: () => {
    const draft = new Draft();
    return (state, event) => evolveKaderIn(draft, state, event);
  },
};
