import { DomainError, fold } from '../shared';
import { actiepuntWeergaveStatus, WerkgroepCommand, werkgroepDecider, WerkgroepEvent } from './werkgroep';

const metadata = { now: '2025-03-10T09:00:00Z', actor: { id: 'u-pl', role: 'projectleider' } };
const given = (events: WerkgroepEvent[]) => ({
  when: (command: Omit<WerkgroepCommand, 'metadata'>) => {
    const run = () => werkgroepDecider.decide({ ...command, metadata } as WerkgroepCommand, fold(werkgroepDecider, events));
    return {
      then: (expected: Array<{ type: string; data?: unknown }>) => {
        const events = run();
        expect(events.map((e) => e.type)).toEqual(expected.map((e) => e.type));
        expected.forEach((e, i) => e.data && expect(events[i].data).toMatchObject(e.data as object));
      },
      thenFails: (kind: string, code: string) => {
        let error: unknown;
        try { run(); } catch (e) { error = e; }
        expect(error).toBeInstanceOf(DomainError);
        expect(error).toMatchObject({ kind, code });
        return error as DomainError;
      },
      thenNothing: () => expect(run()).toEqual([]),
    };
  },
});

const W = 'wg-1';
const ingesteld: WerkgroepEvent = {
  type: 'WerkgroepIngesteld',
  data: { werkgroepId: W, kaderId: 'kader-2026', soort: 'projectgroep', naam: 'Projectgroep beleidskader', opdracht: 'Schrijf het concept-kader', startdatum: '2025-03-01', ingesteldOp: '2025-03-01T08:00:00Z' },
};
const beleidsadviseur = { lidId: 'lid-1', rol: 'beleidsadviseur', organisatie: 'GM0546' };
const lidErbij: WerkgroepEvent = { type: 'LidToegevoegd', data: { werkgroepId: W, kaderId: 'kader-2026', lid: beleidsadviseur, toegevoegdOp: '2025-03-01T08:00:00Z' } };
const actiepunt: WerkgroepEvent = {
  type: 'ActiepuntAangemaakt',
  data: { werkgroepId: W, kaderId: 'kader-2026', actiepuntId: 'ap-1', omschrijving: 'Inventariseer woonzorgvisies', eigenaar: { lidId: 'lid-1' }, deadline: '2025-04-01', aangemaaktOp: '2025-03-05T10:00:00Z' },
};
const opgeheven: WerkgroepEvent = { type: 'WerkgroepOpgeheven', data: { werkgroepId: W, kaderId: 'kader-2026', datum: '2025-06-01', reden: 'Opdracht afgerond', opgehevenOp: '2025-06-01T10:00:00Z' } };

describe('werkgroep: instellen en leden', () => {
  it('stelt een projectgroep in met haar leden, zonder namen', () => {
    given([]).when({
      type: 'StelWerkgroepIn',
      data: { werkgroepId: W, kaderId: 'kader-2026', soort: 'projectgroep', naam: 'Projectgroep', opdracht: 'Concept-kader', startdatum: '2025-03-01', einddatum: '2026-02-28', leden: [beleidsadviseur] },
    }).then([
      { type: 'WerkgroepIngesteld', data: { soort: 'projectgroep', kaderId: 'kader-2026', einddatum: '2026-02-28', ingesteldOp: metadata.now } },
      { type: 'LidToegevoegd', data: { lid: { lidId: 'lid-1', rol: 'beleidsadviseur', organisatie: 'GM0546' } } },
    ]);
  });

  it('weigert een einddatum voor de startdatum', () => {
    given([]).when({ type: 'StelWerkgroepIn', data: { werkgroepId: W, kaderId: 'k', soort: 'werkgroep', naam: 'n', opdracht: 'o', startdatum: '2025-03-01', einddatum: '2025-02-01' } })
      .thenFails('invalid', 'einde-voor-start');
  });

  it('weigert een tweede werkgroep met hetzelfde id', () => {
    given([ingesteld]).when({ type: 'StelWerkgroepIn', data: { werkgroepId: W, kaderId: 'k', soort: 'werkgroep', naam: 'Ander', opdracht: 'o', startdatum: '2025-05-01' } })
      .thenFails('conflict', 'werkgroep-bestaat-al');
    given([ingesteld]).when({ type: 'StelWerkgroepIn', data: { werkgroepId: W, kaderId: 'kader-2026', soort: 'projectgroep', naam: 'Projectgroep beleidskader', opdracht: 'Schrijf het concept-kader', startdatum: '2025-03-01' } })
      .thenNothing();
  });

  it('voegt een lid toe; dezelfde toevoeging nogmaals verandert niets', () => {
    given([ingesteld]).when({ type: 'VoegLidToe', data: { werkgroepId: W, lid: beleidsadviseur } }).then([{ type: 'LidToegevoegd', data: { kaderId: 'kader-2026' } }]);
    given([ingesteld, lidErbij]).when({ type: 'VoegLidToe', data: { werkgroepId: W, lid: beleidsadviseur } }).thenNothing();
  });

  it('weigert een lid zonder rol of organisatie', () => {
    given([ingesteld]).when({ type: 'VoegLidToe', data: { werkgroepId: W, lid: { lidId: 'lid-2', rol: '', organisatie: 'GM0547' } } }).thenFails('invalid', 'lid-onvolledig');
  });

  it('verwijdert een lid niet zolang het open actiepunten heeft', () => {
    given([ingesteld, lidErbij, actiepunt]).when({ type: 'VerwijderLid', data: { werkgroepId: W, lidId: 'lid-1', reden: 'Andere functie' } })
      .thenFails('conflict', 'lid-heeft-open-actiepunten');
    given([ingesteld, lidErbij]).when({ type: 'VerwijderLid', data: { werkgroepId: W, lidId: 'lid-1', reden: 'Andere functie' } }).then([{ type: 'LidVerwijderd' }]);
  });

  it('heft een werkgroep op met een reden, en daarna kan er niets meer bij', () => {
    given([ingesteld]).when({ type: 'HefWerkgroepOp', data: { werkgroepId: W, datum: '2025-06-01', reden: 'Opdracht afgerond' } })
      .then([{ type: 'WerkgroepOpgeheven', data: { reden: 'Opdracht afgerond', datum: '2025-06-01' } }]);
    given([ingesteld]).when({ type: 'HefWerkgroepOp', data: { werkgroepId: W, datum: '2025-06-01', reden: ' ' } }).thenFails('invalid', 'reden-ontbreekt');
    given([ingesteld, opgeheven]).when({ type: 'VoegLidToe', data: { werkgroepId: W, lid: beleidsadviseur } }).thenFails('conflict', 'werkgroep-opgeheven');
  });

  it('kent een onbekende werkgroep niet', () => {
    given([]).when({ type: 'VoegLidToe', data: { werkgroepId: W, lid: beleidsadviseur } }).thenFails('not_found', 'werkgroep-onbekend');
  });
});

describe('werkgroep: actiepunten', () => {
  it('maakt een actiepunt aan in een vergadering, met een lid als eigenaar', () => {
    given([ingesteld, lidErbij]).when({
      type: 'MaakActiepuntAan',
      data: { werkgroepId: W, actiepuntId: 'ap-1', omschrijving: 'Inventariseer', eigenaar: { lidId: 'lid-1' }, deadline: '2025-04-01', vergaderingId: 'vg-3' },
    }).then([{ type: 'ActiepuntAangemaakt', data: { eigenaar: { lidId: 'lid-1' }, vergaderingId: 'vg-3', kaderId: 'kader-2026' } }]);
  });

  it('maakt een actiepunt aan voor een rol bij een organisatie', () => {
    given([ingesteld]).when({
      type: 'MaakActiepuntAan',
      data: { werkgroepId: W, actiepuntId: 'ap-2', omschrijving: 'Cijfers aanleveren', eigenaar: { rol: 'programmamanager', organisatie: 'duin-en-bollenstreek' }, deadline: '2025-04-01' },
    }).then([{ type: 'ActiepuntAangemaakt', data: { eigenaar: { rol: 'programmamanager', organisatie: 'duin-en-bollenstreek' } } }]);
  });

  it('weigert een eigenaar die geen lid is, en een ongeldige deadline', () => {
    given([ingesteld]).when({ type: 'MaakActiepuntAan', data: { werkgroepId: W, actiepuntId: 'ap-1', omschrijving: 'x', eigenaar: { lidId: 'lid-9' }, deadline: '2025-04-01' } })
      .thenFails('invalid', 'eigenaar-geen-lid');
    given([ingesteld, lidErbij]).when({ type: 'MaakActiepuntAan', data: { werkgroepId: W, actiepuntId: 'ap-1', omschrijving: 'x', eigenaar: { lidId: 'lid-1' }, deadline: '2025-02-30' } })
      .thenFails('invalid', 'ongeldige-datum');
  });

  it('wijst een actiepunt opnieuw toe met reden en onthoudt de vorige eigenaar', () => {
    given([ingesteld, lidErbij, actiepunt]).when({
      type: 'WijsActiepuntToe',
      data: { werkgroepId: W, actiepuntId: 'ap-1', eigenaar: { rol: 'coordinator', organisatie: 'holland-rijnland' }, reden: 'Capaciteit' },
    }).then([{ type: 'ActiepuntToegewezen', data: { vorigeEigenaar: { lidId: 'lid-1' }, eigenaar: { rol: 'coordinator', organisatie: 'holland-rijnland' }, reden: 'Capaciteit' } }]);
    given([ingesteld, lidErbij, actiepunt]).when({ type: 'WijsActiepuntToe', data: { werkgroepId: W, actiepuntId: 'ap-1', eigenaar: { rol: 'c', organisatie: 'o' }, reden: '' } })
      .thenFails('invalid', 'reden-ontbreekt');
  });

  it('verschuift een deadline met reden; dezelfde deadline is geen wijziging', () => {
    given([ingesteld, lidErbij, actiepunt]).when({ type: 'VerschuifActiepunt', data: { werkgroepId: W, actiepuntId: 'ap-1', deadline: '2025-05-01', reden: 'Wacht op ETHOS-cijfers' } })
      .then([{ type: 'ActiepuntVerschoven', data: { deadline: '2025-05-01', vorigeDeadline: '2025-04-01' } }]);
    given([ingesteld, lidErbij, actiepunt]).when({ type: 'VerschuifActiepunt', data: { werkgroepId: W, actiepuntId: 'ap-1', deadline: '2025-04-01', reden: 'x' } }).thenNothing();
    given([ingesteld, lidErbij, actiepunt]).when({ type: 'VerschuifActiepunt', data: { werkgroepId: W, actiepuntId: 'ap-1', deadline: '2025-05-01', reden: '' } })
      .thenFails('invalid', 'reden-ontbreekt');
  });

  it('meldt een actiepunt gereed, en een gereed actiepunt kan niet meer vervallen of verschuiven', () => {
    const gereed: WerkgroepEvent = { type: 'ActiepuntGereed', data: { werkgroepId: W, kaderId: 'kader-2026', actiepuntId: 'ap-1', gereedOp: metadata.now } };
    given([ingesteld, lidErbij, actiepunt]).when({ type: 'MeldActiepuntGereed', data: { werkgroepId: W, actiepuntId: 'ap-1' } }).then([{ type: 'ActiepuntGereed', data: { gereedOp: metadata.now } }]);
    given([ingesteld, lidErbij, actiepunt, gereed]).when({ type: 'MeldActiepuntGereed', data: { werkgroepId: W, actiepuntId: 'ap-1' } }).thenNothing();
    given([ingesteld, lidErbij, actiepunt, gereed]).when({ type: 'LaatActiepuntVervallen', data: { werkgroepId: W, actiepuntId: 'ap-1', reden: 'x' } })
      .thenFails('conflict', 'actiepunt-afgesloten');
    given([ingesteld, lidErbij, actiepunt, gereed]).when({ type: 'VerschuifActiepunt', data: { werkgroepId: W, actiepuntId: 'ap-1', deadline: '2025-09-01', reden: 'x' } })
      .thenFails('conflict', 'actiepunt-afgesloten');
  });

  it('laat een actiepunt vervallen met reden', () => {
    given([ingesteld, lidErbij, actiepunt]).when({ type: 'LaatActiepuntVervallen', data: { werkgroepId: W, actiepuntId: 'ap-1', reden: 'Niet meer nodig' } })
      .then([{ type: 'ActiepuntVervallen', data: { reden: 'Niet meer nodig' } }]);
    given([ingesteld, lidErbij]).when({ type: 'LaatActiepuntVervallen', data: { werkgroepId: W, actiepuntId: 'ap-9', reden: 'x' } }).thenFails('not_found', 'actiepunt-onbekend');
  });

  it('leidt te-laat af uit de deadline en vandaag, alleen voor open actiepunten', () => {
    expect(actiepuntWeergaveStatus({ status: 'open', deadline: '2025-04-01' }, '2025-04-01')).toBe('open');
    expect(actiepuntWeergaveStatus({ status: 'open', deadline: '2025-04-01' }, '2025-04-02')).toBe('te-laat');
    expect(actiepuntWeergaveStatus({ status: 'gereed', deadline: '2025-04-01' }, '2025-05-01')).toBe('gereed');
  });
});
