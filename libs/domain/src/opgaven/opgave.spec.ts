import { DomainError, fold } from '../shared';
import { OpgaveCommand, opgaveDecider, OpgaveEvent, SUBSIDIARITEIT_REGEL } from './opgave';
import { berekenVoortgang } from './voortgang';

const metadata = { now: '2025-05-12T10:00:00Z', actor: { id: 'u-pl', role: 'projectleider' } };
const decide = (events: OpgaveEvent[], command: Omit<OpgaveCommand, 'metadata'>) =>
  opgaveDecider.decide({ ...command, metadata } as OpgaveCommand, fold(opgaveDecider, events));
const failure = (run: () => unknown): DomainError => {
  try {
    run();
  } catch (e) {
    expect(e).toBeInstanceOf(DomainError);
    return e as DomainError;
  }
  throw new Error('expected a DomainError, got events');
};

const O = 'opg-1';
const basis = { opgaveId: O, kaderId: 'kader-2026', titel: 'Decentrale opvang', omschrijving: 'Opvangplekken dichtbij huis', thema: 'maatschappelijke-opvang' as const };
const motivering = { gronden: ['onbetaalbaar' as const], toelichting: 'Eén gemeente kan 24-uurs toezicht niet dragen.' };
const lokaalVastgelegd: OpgaveEvent = {
  type: 'OpgaveVastgelegd',
  data: { ...basis, beleidsdomeinen: ['maatschappelijke-zorg'], plaatsing: { schaalniveau: 'lokaal', gemeenten: ['GM0537'] }, vastgelegdOp: '2025-05-01T10:00:00Z' },
};
const dbsVastgelegd: OpgaveEvent = {
  type: 'OpgaveVastgelegd',
  data: { ...basis, beleidsdomeinen: ['maatschappelijke-zorg', 'wonen'], plaatsing: { schaalniveau: 'subregionaal', gemeenten: [], subregio: 'duin-en-bollenstreek' }, motivering, vastgelegdOp: '2025-05-01T10:00:00Z' },
};
const doel: OpgaveEvent = {
  type: 'DoelGesteld',
  data: { opgaveId: O, kaderId: 'kader-2026', omschrijving: 'Decentrale opvangplekken', eenheden: [{ eenheid: 'plekken-alleenstaanden', aantal: 12 }, { eenheid: 'plekken-gezinnen', aantal: 2 }], gesteldOp: '2025-05-02T10:00:00Z' },
};
const realisatie = (realisatieId: string, gemeente: string, datum: string, alleenstaanden: number, gezinnen: number): OpgaveEvent => ({
  type: 'RealisatieGemeld',
  data: {
    opgaveId: O, kaderId: 'kader-2026', realisatieId, gemeente, subregio: 'duin-en-bollenstreek', datum, gemeldOp: `${datum}T12:00:00Z`,
    eenheden: [{ eenheid: 'plekken-alleenstaanden', aantal: alleenstaanden }, ...(gezinnen ? [{ eenheid: 'plekken-gezinnen', aantal: gezinnen }] : [])],
  },
});

describe('opgave vastleggen: subsidiariteit', () => {
  it('given niets, when een opgave zonder schaalniveau wordt vastgelegd, then is zij lokaal bij de genoemde gemeente', () => {
    const [event] = decide([], { type: 'LegOpgaveVast', data: { ...basis, gemeenten: ['GM0537'] } });
    expect(event).toMatchObject({ type: 'OpgaveVastgelegd', data: { plaatsing: { schaalniveau: 'lokaal', gemeenten: ['GM0537'] }, beleidsdomeinen: ['maatschappelijke-zorg'] } });
    expect(event.data).not.toHaveProperty('motivering');
  });

  it('weigert een regionale opgave zonder motivering en noemt de regel', () => {
    const error = failure(() => decide([], { type: 'LegOpgaveVast', data: { ...basis, schaalniveau: 'regionaal' } }));
    expect(error).toMatchObject({ kind: 'conflict', code: 'subsidiariteit' });
    expect(error.reasons.join(' ')).toContain(`"${SUBSIDIARITEIT_REGEL}"`);
    expect(SUBSIDIARITEIT_REGEL).toBe('lokaal wat kan, (sub)regionaal wat moet');
  });

  it('weigert een motivering zonder grond of zonder toelichting', () => {
    expect(failure(() => decide([], { type: 'LegOpgaveVast', data: { ...basis, schaalniveau: 'regionaal', motivering: { gronden: [], toelichting: 'Is handig' } } })))
      .toMatchObject({ code: 'subsidiariteit' });
    expect(failure(() => decide([], { type: 'LegOpgaveVast', data: { ...basis, schaalniveau: 'subregionaal', subregio: 'rijnstreek', motivering: { gronden: ['onmogelijk'], toelichting: ' ' } } })))
      .toMatchObject({ code: 'subsidiariteit' });
    expect(failure(() => decide([], { type: 'LegOpgaveVast', data: { ...basis, schaalniveau: 'regionaal', motivering: { gronden: ['handig' as never], toelichting: 'x' } } })))
      .toMatchObject({ kind: 'invalid', code: 'onbekende-grond' });
  });

  it('legt een regionale opgave met motivering vast, met de motivering in het event', () => {
    const [event] = decide([], { type: 'LegOpgaveVast', data: { ...basis, schaalniveau: 'regionaal', motivering } });
    expect(event).toMatchObject({ type: 'OpgaveVastgelegd', data: { plaatsing: { schaalniveau: 'regionaal', gemeenten: [] }, motivering } });
  });

  it('eist dat de houder past bij het schaalniveau', () => {
    const fout = (data: object) => failure(() => decide([], { type: 'LegOpgaveVast', data: { ...basis, motivering, ...data } }));
    expect(fout({ schaalniveau: 'lokaal' })).toMatchObject({ kind: 'invalid', code: 'houder-past-niet' });
    expect(fout({ schaalniveau: 'subregionaal' })).toMatchObject({ code: 'houder-past-niet' });
    expect(fout({ schaalniveau: 'subregionaal', subregio: 'duin-en-bollenstreek', gemeenten: ['GM0537'] })).toMatchObject({ code: 'houder-past-niet' });
    expect(fout({ schaalniveau: 'regionaal', subregio: 'rijnstreek' })).toMatchObject({ code: 'houder-past-niet' });
    expect(fout({ schaalniveau: 'lokaal', gemeenten: ['GM9999'] })).toMatchObject({ code: 'onbekende-gemeente' });
  });

  it('legt een lokale opgave bij meerdere gemeenten vast, en weigert een bestaande opgave opnieuw', () => {
    const [event] = decide([], { type: 'LegOpgaveVast', data: { ...basis, gemeenten: ['GM0575', 'GM0553'] } });
    expect(event.data).toMatchObject({ plaatsing: { schaalniveau: 'lokaal', gemeenten: ['GM0553', 'GM0575'] } });
    expect(failure(() => decide([lokaalVastgelegd], { type: 'LegOpgaveVast', data: { ...basis, gemeenten: ['GM0537'] } }))).toMatchObject({ kind: 'conflict', code: 'opgave-bestaat-al' });
  });
});

describe('opgave verplaatsen', () => {
  it('given een lokale opgave, when zij subregionaal wordt met motivering, then is de oude en nieuwe plaatsing vastgelegd', () => {
    const [event] = decide([lokaalVastgelegd], { type: 'VerplaatsOpgave', data: { opgaveId: O, schaalniveau: 'subregionaal', subregio: 'duin-en-bollenstreek', motivering, reden: 'Besproken in projectgroep' } });
    expect(event).toMatchObject({
      type: 'OpgaveVerplaatst',
      data: { van: { schaalniveau: 'lokaal', gemeenten: ['GM0537'] }, naar: { schaalniveau: 'subregionaal', subregio: 'duin-en-bollenstreek' }, motivering, reden: 'Besproken in projectgroep', verplaatstOp: metadata.now },
    });
  });

  it('weigert verplaatsen naar boven zonder motivering', () => {
    expect(failure(() => decide([lokaalVastgelegd], { type: 'VerplaatsOpgave', data: { opgaveId: O, schaalniveau: 'regionaal', reden: 'Liever samen' } })))
      .toMatchObject({ kind: 'conflict', code: 'subsidiariteit' });
  });

  it('verplaatst terug naar lokaal zonder motivering maar met reden; dezelfde plaatsing is geen wijziging', () => {
    const [event] = decide([dbsVastgelegd], { type: 'VerplaatsOpgave', data: { opgaveId: O, schaalniveau: 'lokaal', gemeenten: ['GM0537', 'GM1525'], reden: 'Kan lokaal' } });
    expect(event.data).toMatchObject({ naar: { schaalniveau: 'lokaal', gemeenten: ['GM0537', 'GM1525'] } });
    expect(event.data).not.toHaveProperty('motivering');
    expect(failure(() => decide([dbsVastgelegd], { type: 'VerplaatsOpgave', data: { opgaveId: O, schaalniveau: 'lokaal', gemeenten: ['GM0537'], reden: '' } })))
      .toMatchObject({ code: 'reden-ontbreekt' });
    expect(decide([dbsVastgelegd], { type: 'VerplaatsOpgave', data: { opgaveId: O, schaalniveau: 'subregionaal', subregio: 'duin-en-bollenstreek', motivering, reden: 'x' } })).toEqual([]);
  });

  it('kent een onbekende opgave niet', () => {
    expect(failure(() => decide([], { type: 'VerplaatsOpgave', data: { opgaveId: O, schaalniveau: 'lokaal', gemeenten: ['GM0537'], reden: 'x' } }))).toMatchObject({ kind: 'not_found' });
  });
});

describe('meetbare opgave: doel en realisaties', () => {
  it('stelt een doel met meerdere eenheden; bijstellen vraagt een reden', () => {
    const [event] = decide([dbsVastgelegd], { type: 'StelDoel', data: { opgaveId: O, omschrijving: 'Plekken', eenheden: [{ eenheid: 'plekken-alleenstaanden', aantal: 12 }, { eenheid: 'plekken-gezinnen', aantal: 2 }] } });
    expect(event).toMatchObject({ type: 'DoelGesteld', data: { eenheden: [{ eenheid: 'plekken-alleenstaanden', aantal: 12 }, { eenheid: 'plekken-gezinnen', aantal: 2 }] } });
    expect(failure(() => decide([dbsVastgelegd, doel], { type: 'StelDoel', data: { opgaveId: O, omschrijving: 'Plekken', eenheden: [{ eenheid: 'plekken', aantal: 14 }] } })))
      .toMatchObject({ code: 'reden-ontbreekt' });
    expect(failure(() => decide([dbsVastgelegd], { type: 'StelDoel', data: { opgaveId: O, omschrijving: 'Plekken', eenheden: [{ eenheid: 'plekken', aantal: 0 }] } })))
      .toMatchObject({ code: 'ongeldig-aantal' });
  });

  it('meldt een realisatie van een gemeente in de subregio, met haar subregio erbij', () => {
    const [event] = decide([dbsVastgelegd, doel], { type: 'MeldRealisatie', data: { opgaveId: O, realisatieId: 'r-1', gemeente: 'GM0537', datum: '2025-04-01', eenheden: [{ eenheid: 'plekken-alleenstaanden', aantal: 4 }] } });
    expect(event).toMatchObject({ type: 'RealisatieGemeld', data: { gemeente: 'GM0537', subregio: 'duin-en-bollenstreek', datum: '2025-04-01' } });
  });

  it('weigert een realisatie zonder doel, van een gemeente buiten de houder, of met een vreemde eenheid', () => {
    const melding = (gemeente: string, eenheid = 'plekken-alleenstaanden') => ({ type: 'MeldRealisatie' as const, data: { opgaveId: O, realisatieId: 'r-1', gemeente, datum: '2025-04-01', eenheden: [{ eenheid, aantal: 1 }] } });
    expect(failure(() => decide([dbsVastgelegd], melding('GM0537')))).toMatchObject({ kind: 'conflict', code: 'geen-doel' });
    expect(failure(() => decide([dbsVastgelegd, doel], melding('GM0546')))).toMatchObject({ kind: 'conflict', code: 'gemeente-niet-betrokken' });
    expect(failure(() => decide([dbsVastgelegd, doel], melding('GM0537', 'bedden')))).toMatchObject({ kind: 'invalid', code: 'onbekende-eenheid' });
  });

  it('trekt een realisatie in met reden, één keer', () => {
    const gemeld = realisatie('r-1', 'GM0537', '2025-04-01', 4, 1);
    expect(decide([dbsVastgelegd, doel, gemeld], { type: 'TrekRealisatieIn', data: { opgaveId: O, realisatieId: 'r-1', reden: 'Dubbel gemeld' } })).toMatchObject([{ type: 'RealisatieIngetrokken' }]);
    const ingetrokken: OpgaveEvent = { type: 'RealisatieIngetrokken', data: { opgaveId: O, kaderId: 'kader-2026', realisatieId: 'r-1', reden: 'Dubbel', ingetrokkenOp: metadata.now } };
    expect(decide([dbsVastgelegd, doel, gemeld, ingetrokken], { type: 'TrekRealisatieIn', data: { opgaveId: O, realisatieId: 'r-1', reden: 'x' } })).toEqual([]);
  });
});

describe('voortgang', () => {
  // Duin- en Bollenstreek: Katwijk 4 + 1, Teylingen 3 + 2, Hillegom 1 (DOMAIN.md section 5)
  const plaatsing = { schaalniveau: 'subregionaal' as const, gemeenten: [], subregio: 'duin-en-bollenstreek' as const };
  const doelEenheden = [{ eenheid: 'plekken-alleenstaanden', aantal: 12 }, { eenheid: 'plekken-gezinnen', aantal: 2 }];
  const realisaties = [
    { gemeente: 'GM0537', datum: '2024-06-01', eenheden: [{ eenheid: 'plekken-alleenstaanden', aantal: 4 }, { eenheid: 'plekken-gezinnen', aantal: 1 }] },
    { gemeente: 'GM1525', datum: '2024-09-01', eenheden: [{ eenheid: 'plekken-alleenstaanden', aantal: 3 }, { eenheid: 'plekken-gezinnen', aantal: 2 }] },
    { gemeente: 'GM0534', datum: '2025-02-01', eenheden: [{ eenheid: 'plekken-alleenstaanden', aantal: 1 }] },
    { gemeente: 'GM0553', datum: '2025-03-01', eenheden: [{ eenheid: 'plekken-alleenstaanden', aantal: 5 }], ingetrokken: true },
  ];

  it('telt per gemeente, per subregio en voor de regio, en laat zien wat nog ontbreekt', () => {
    const voortgang = berekenVoortgang({ plaatsing, doel: doelEenheden, realisaties });
    expect(voortgang.perGemeente.map((g) => g.gemeente)).toEqual(['GM0534', 'GM0537', 'GM0553', 'GM0575', 'GM1525']);
    expect(voortgang.perGemeente.find((g) => g.gemeente === 'GM0537')!.eenheden).toEqual([
      { eenheid: 'plekken-alleenstaanden', gerealiseerd: 4 },
      { eenheid: 'plekken-gezinnen', gerealiseerd: 1 },
    ]);
    expect(voortgang.perGemeente.find((g) => g.gemeente === 'GM0575')!.eenheden[0].gerealiseerd).toBe(0);
    expect(voortgang.perSubregio).toEqual([
      {
        subregio: 'duin-en-bollenstreek',
        eenheden: [
          { eenheid: 'plekken-alleenstaanden', gerealiseerd: 8, doel: 12, resterend: 4 },
          { eenheid: 'plekken-gezinnen', gerealiseerd: 3, doel: 2, resterend: 0 },
        ],
      },
    ]);
    expect(voortgang.regio[0]).toEqual({ eenheid: 'plekken-alleenstaanden', gerealiseerd: 8, doel: 12, resterend: 4 });
  });

  it('geeft de stand op een peildatum', () => {
    const voortgang = berekenVoortgang({ plaatsing, doel: doelEenheden, realisaties }, '2024-12-31');
    expect(voortgang.regio[0]).toMatchObject({ gerealiseerd: 7, resterend: 5 });
  });

  it('zet het doel van een lokale opgave bij die ene gemeente', () => {
    const voortgang = berekenVoortgang({ plaatsing: { schaalniveau: 'lokaal', gemeenten: ['GM0546'] }, doel: [{ eenheid: 'plekken', aantal: 5 }], realisaties: [{ gemeente: 'GM0546', datum: '2025-01-01', eenheden: [{ eenheid: 'plekken', aantal: 2 }] }] });
    expect(voortgang.perGemeente).toEqual([{ gemeente: 'GM0546', subregio: 'leidse-regio', eenheden: [{ eenheid: 'plekken', gerealiseerd: 2, doel: 5, resterend: 3 }] }]);
    expect(voortgang.perSubregio[0].eenheden[0]).not.toHaveProperty('doel');
  });
});
