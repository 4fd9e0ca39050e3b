import { GEMEENTEN } from '../../../reference-data/src';
import { deciderSpec } from '../testing';
import { BesluitGekoppeld, Draft, evolveKader, evolveKaderIn, fasevoorwaarden, initialKaderState, KaderState, isKaderEvent, KADER_EVENT_TYPES, kaderDecider, KaderEvent, kaderStreamId, LokaleVaststellingGeregistreerd, MIJLPAAL_EVENT_TYPES, MijlpaalGepland, mijlpaalStatus, volgendeMijlpaal } from '.';
import { fold, Fase, FASEN } from '../shared';

const NOW = '2025-03-10T09:00:00Z';
const spec = deciderSpec(kaderDecider, { metadata: { now: NOW, actor: { id: 'gebruiker-1', role: 'projectleider' } } });
const K = 'bk-2026';

const gestart: KaderEvent = {
  type: 'KaderGestart',
  data: {
    kaderId: K,
    titel: 'Beleidskader Maatschappelijke zorg 2026-2032',
    periode: { van: 2026, tot: 2032 },
    opdrachtgever: 'directeurenoverleg',
    vaststellingsregel: { minimumGemeenten: 13 },
    fase: 'opdracht',
    gestartOp: '2025-02-01T08:00:00Z',
  },
};
const projectleider: KaderEvent = { type: 'ProjectleiderAangewezen', data: { kaderId: K, projectleiderId: 'gebruiker-pl', aangewezenOp: '2025-02-03T08:00:00Z' } };
const betreden = (vorigeFase: Fase, fase: Fase): KaderEvent => ({ type: 'FaseBetreden', data: { kaderId: K, fase, vorigeFase, betredenOp: '2025-02-04T08:00:00Z' } });
const gepland = (mijlpaalId: string, titel: string, fase: Fase, deadline: string): MijlpaalGepland => ({
  type: 'MijlpaalGepland',
  data: { kaderId: K, mijlpaalId, titel, fase, deadline, eigenaar: 'projectleider', geplandOp: '2025-02-05T08:00:00Z' },
});
const behaald = (mijlpaalId: string): KaderEvent => ({ type: 'MijlpaalBehaald', data: { kaderId: K, mijlpaalId, behaaldOp: '2025-03-01', geregistreerdOp: '2025-03-01T10:00:00Z' } });
const besluit = (besluitId: string, gremium: BesluitGekoppeld['data']['gremium'], onderwerp: BesluitGekoppeld['data']['onderwerp'], uitkomst: BesluitGekoppeld['data']['uitkomst']): BesluitGekoppeld => ({
  type: 'BesluitGekoppeld',
  data: { kaderId: K, besluitId, gremium, onderwerp, uitkomst, datum: '2025-03-05', gekoppeldOp: '2025-03-05T15:00:00Z' },
});
const ingetrokken = (besluitId: string): KaderEvent => ({ type: 'BesluitKoppelingIngetrokken', data: { kaderId: K, besluitId, reden: 'Vormfout', ingetrokkenOp: '2025-03-06T09:00:00Z' } });
const lokaal = (gemeente: string, uitkomst: LokaleVaststellingGeregistreerd['data']['uitkomst'] = 'vastgesteld', besluitId = `lb-${gemeente}`): LokaleVaststellingGeregistreerd => ({
  type: 'LokaleVaststellingGeregistreerd',
  data: { kaderId: K, gemeente, besluitId, gremium: `raad-${gemeente}` as `raad-GM${string}`, datum: '2025-12-10', uitkomst, geregistreerdOp: '2025-12-11T09:00:00Z' },
});

/** The history up to and including entering `fase`, with every guard met along the way. */
const totFase = (fase: Fase): KaderEvent[] => {
  const pad: KaderEvent[] = [gestart, projectleider];
  const nodig: Partial<Record<Fase, KaderEvent[]>> = {
    inventarisatie: [besluit('b-pva', 'directeurenoverleg', 'plan-van-aanpak', 'vastgesteld')],
    besluitvorming: [besluit('b-concept', 'bestuurscommissie-maatschappij', 'concept-kader', 'voorgenomen-besluit')],
  };
  for (let i = 1; i <= FASEN.indexOf(fase); i++) pad.push(...(nodig[FASEN[i]] ?? []), betreden(FASEN[i - 1], FASEN[i]));
  return pad;
};

describe('kader: starten', () => {
  it('start een kader in fase opdracht, standaard vast te stellen door alle 13 gemeenten', () => {
    spec.given([]).when({
      type: 'StartKader',
      data: { kaderId: K, titel: ' Beleidskader Maatschappelijke zorg 2026-2032 ', periode: { van: 2026, tot: 2032 }, opdrachtgever: 'directeurenoverleg' },
    }).then([{ ...gestart, data: { ...gestart.data, gestartOp: NOW } }]);
  });

  it('neemt een eigen vaststellingsregel over', () => {
    spec.given([]).when({
      type: 'StartKader',
      data: { kaderId: K, titel: 'Kader', periode: { van: 2026, tot: 2032 }, opdrachtgever: 'bestuurscommissie-maatschappij', vaststellingsregel: { minimumGemeenten: 10 } },
    }).thenMatches([{ type: 'KaderGestart', data: { vaststellingsregel: { minimumGemeenten: 10 }, fase: 'opdracht' } }]);
  });

  it('weigert een lege titel, een periode die geen zes jaar is en een onbekende opdrachtgever, allemaal tegelijk', () => {
    const fout = spec.given([]).when({
      type: 'StartKader',
      data: { kaderId: K, titel: '  ', periode: { van: 2026, tot: 2030 }, opdrachtgever: 'dagelijks-bestuur' as 'directeurenoverleg' },
    }).thenThrows('kader-ongeldig', 'invalid');
    expect(fout.reasons).toHaveLength(3);
    expect(fout.reasons[1]).toContain('6 jaar');
  });

  it('weigert een periode die achteruit loopt en een minimum buiten 1..13', () => {
    const fout = spec.given([]).when({
      type: 'StartKader',
      data: { kaderId: K, titel: 'Kader', periode: { van: 2032, tot: 2026 }, opdrachtgever: 'directeurenoverleg', vaststellingsregel: { minimumGemeenten: 14 } },
    }).thenThrows('kader-ongeldig', 'invalid');
    expect(fout.reasons).toEqual(['De periode moet lopen van een beginjaar tot een later eindjaar', 'Het minimum aantal vaststellende gemeenten moet tussen 1 en 13 liggen']);
  });

  it('negeert een herhaalde start en weigert een andere start van hetzelfde kader', () => {
    const start = { type: 'StartKader' as const, data: { kaderId: K, titel: gestart.data.titel, periode: { van: 2026, tot: 2032 }, opdrachtgever: 'directeurenoverleg' as const } };
    spec.given([gestart]).when(start).thenNothing();
    spec.given([gestart]).when({ ...start, data: { ...start.data, titel: 'Een ander kader' } }).thenThrows('kader-bestaat-al', 'conflict');
  });

  it('kent elk ander commando op een niet-gestart kader niet', () => {
    spec.given([]).when({ type: 'WijsProjectleiderAan', data: { kaderId: K, projectleiderId: 'gebruiker-pl' } }).thenThrows('kader-niet-gevonden', 'not_found');
    spec.given([]).when({ type: 'BetreedFase', data: { kaderId: K, fase: 'plan-van-aanpak' } }).thenThrows('kader-niet-gevonden', 'not_found');
  });

  it('bewaart het kader in de stream kader-<kaderId> en somt alle eventtypes op', () => {
    expect(kaderStreamId(K)).toBe('kader-bk-2026');
    expect(KADER_EVENT_TYPES).toHaveLength(12);
    expect(KADER_EVENT_TYPES).toContain('LokaleVaststellingGeregistreerd');
    expect(isKaderEvent({ type: 'MijlpaalBehaald' })).toBe(true);
    expect(isKaderEvent({ type: 'toString' })).toBe(false);
    expect(isKaderEvent({ type: 'WerkgroepIngesteld' })).toBe(false);
  });
});

describe('kader: projectleider', () => {
  it('wijst een projectleider aan met een gebruikers-id; een andere vervangt hem en onthoudt de vorige', () => {
    spec.given([gestart]).when({ type: 'WijsProjectleiderAan', data: { kaderId: K, projectleiderId: 'gebruiker-pl' } })
      .then([{ type: 'ProjectleiderAangewezen', data: { kaderId: K, projectleiderId: 'gebruiker-pl', aangewezenOp: NOW } }]);
    spec.given([gestart, projectleider]).when({ type: 'WijsProjectleiderAan', data: { kaderId: K, projectleiderId: 'gebruiker-pl2' } })
      .thenMatches([{ type: 'ProjectleiderAangewezen', data: { projectleiderId: 'gebruiker-pl2', vorigeProjectleiderId: 'gebruiker-pl' } }]);
  });

  it('verandert niets bij dezelfde aanwijzing en weigert een leeg id', () => {
    spec.given([gestart, projectleider]).when({ type: 'WijsProjectleiderAan', data: { kaderId: K, projectleiderId: 'gebruiker-pl' } }).thenNothing();
    spec.given([gestart]).when({ type: 'WijsProjectleiderAan', data: { kaderId: K, projectleiderId: ' ' } }).thenThrows('projectleider-ontbreekt', 'invalid');
  });
});

describe('kader: fasen betreden', () => {
  it('gaat met een projectleider naar plan van aanpak, met toelichting', () => {
    spec.given([gestart, projectleider]).when({ type: 'BetreedFase', data: { kaderId: K, fase: 'plan-van-aanpak', toelichting: 'Opdracht verstrekt' } })
      .then([{ type: 'FaseBetreden', data: { kaderId: K, fase: 'plan-van-aanpak', vorigeFase: 'opdracht', toelichting: 'Opdracht verstrekt', betredenOp: NOW } }]);
  });

  it('gaat niet naar plan van aanpak zonder projectleider', () => {
    const fout = spec.given([gestart]).when({ type: 'BetreedFase', data: { kaderId: K, fase: 'plan-van-aanpak' } }).thenThrows('fase-voorwaarden-niet-vervuld', 'conflict');
    expect(fout.reasons).toEqual(['Er is nog geen projectleider aangewezen']);
  });

  it('slaat geen fase over en gaat niet terug via BetreedFase', () => {
    spec.given([gestart, projectleider]).when({ type: 'BetreedFase', data: { kaderId: K, fase: 'inventarisatie' } }).thenThrows('fase-niet-de-volgende', 'conflict');
    spec.given(totFase('inventarisatie')).when({ type: 'BetreedFase', data: { kaderId: K, fase: 'opdracht' } }).thenThrows('fase-niet-de-volgende');
  });

  it('ziet het opnieuw betreden van de huidige fase als herhaling', () => {
    spec.given(totFase('plan-van-aanpak')).when({ type: 'BetreedFase', data: { kaderId: K, fase: 'plan-van-aanpak' } }).thenNothing();
  });

  it('kan na de laatste fase niet verder en weigert een onbekende fase', () => {
    const fout = spec.given(totFase('vastgesteld')).when({ type: 'BetreedFase', data: { kaderId: K, fase: 'besluitvorming' } }).thenThrows('fase-niet-de-volgende', 'conflict');
    expect(fout.reasons).toEqual(["Het kader is al in de laatste fase 'Vastgesteld / in uitvoering'"]);
    spec.given(totFase('opdracht')).when({ type: 'BetreedFase', data: { kaderId: K, fase: 'onbekend' as Fase } }).thenThrows('onbekende-fase', 'invalid');
  });

  it('houdt een fase tegen zolang een mijlpaal van de huidige fase open is; behaald of geannuleerd telt niet', () => {
    const pva = gepland('m-1', 'Plan van aanpak opgesteld', 'plan-van-aanpak', '2025-03-15');
    const later = gepland('m-2', 'Inventarisatie klaar', 'inventarisatie', '2025-05-01');
    const metBesluit = [...totFase('plan-van-aanpak'), besluit('b-pva', 'directeurenoverleg', 'plan-van-aanpak', 'vastgesteld'), pva, later];
    const fout = spec.given(metBesluit).when({ type: 'BetreedFase', data: { kaderId: K, fase: 'inventarisatie' } }).thenThrows('fase-voorwaarden-niet-vervuld');
    expect(fout.reasons).toEqual(["Mijlpaal 'Plan van aanpak opgesteld' is nog niet behaald"]);
    spec.given([...metBesluit, behaald('m-1')]).when({ type: 'BetreedFase', data: { kaderId: K, fase: 'inventarisatie' } }).thenMatches([{ type: 'FaseBetreden' }]);
    const geannuleerd: KaderEvent = { type: 'MijlpaalGeannuleerd', data: { kaderId: K, mijlpaalId: 'm-1', reden: 'Vervalt', geannuleerdOp: NOW } };
    spec.given([...metBesluit, geannuleerd]).when({ type: 'BetreedFase', data: { kaderId: K, fase: 'inventarisatie' } }).thenMatches([{ type: 'FaseBetreden' }]);
  });

  it('noemt de open mijlpalen van de huidige fase op deadline, de eerste eerst, ook als ze in andere volgorde gepland zijn', () => {
    const historie = [...totFase('plan-van-aanpak'), besluit('b-pva', 'directeurenoverleg', 'plan-van-aanpak', 'vastgesteld'),
      gepland('m-1', 'Plan van aanpak opgesteld', 'plan-van-aanpak', '2025-03-15'), gepland('m-2', 'Inventarisatie klaar', 'inventarisatie', '2025-02-01'),
      gepland('m-3', 'Startnotitie besproken', 'plan-van-aanpak', '2025-03-01')];
    expect(fasevoorwaarden(fold(kaderDecider, historie), 'inventarisatie'))
      .toEqual(["Mijlpaal 'Startnotitie besproken' is nog niet behaald", "Mijlpaal 'Plan van aanpak opgesteld' is nog niet behaald"]);
  });

  it('vraagt voor inventarisatie een vastgesteld plan van aanpak van het directeurenoverleg en noemt alle onvervulde voorwaarden', () => {
    const open = gepland('m-1', 'Plan van aanpak opgesteld', 'plan-van-aanpak', '2025-03-15');
    const fout = spec.given([...totFase('plan-van-aanpak'), open]).when({ type: 'BetreedFase', data: { kaderId: K, fase: 'inventarisatie' } })
      .thenThrows('fase-voorwaarden-niet-vervuld', 'conflict');
    expect(fout.reasons).toEqual(["Mijlpaal 'Plan van aanpak opgesteld' is nog niet behaald", 'Het plan van aanpak is nog niet vastgesteld door het Directeurenoverleg']);
    spec.given([...totFase('plan-van-aanpak'), besluit('b-1', 'directeurenoverleg', 'plan-van-aanpak', 'gewijzigd-vastgesteld')])
      .when({ type: 'BetreedFase', data: { kaderId: K, fase: 'inventarisatie' } }).thenMatches([{ type: 'FaseBetreden', data: { fase: 'inventarisatie' } }]);
  });

  it('laat een besluit van het verkeerde gremium niet meetellen en zegt waarom', () => {
    const fout = spec.given([...totFase('plan-van-aanpak'), besluit('b-pt', 'pt-mz-hr', 'plan-van-aanpak', 'vastgesteld')])
      .when({ type: 'BetreedFase', data: { kaderId: K, fase: 'inventarisatie' } }).thenThrows('fase-voorwaarden-niet-vervuld');
    expect(fout.reasons).toHaveLength(1);
    expect(fout.reasons[0]).toContain("besluit 'b-pt' is genomen door Regionaal programmateam maatschappelijke zorg (PT MZ HR), maar alleen een besluit van Directeurenoverleg telt");
  });

  it('laat een ingetrokken besluit of een besluit met een andere uitkomst niet meetellen', () => {
    const fout = spec.given([
      ...totFase('plan-van-aanpak'),
      besluit('b-1', 'directeurenoverleg', 'plan-van-aanpak', 'vastgesteld'),
      ingetrokken('b-1'),
      besluit('b-2', 'directeurenoverleg', 'plan-van-aanpak', 'aangehouden'),
    ]).when({ type: 'BetreedFase', data: { kaderId: K, fase: 'inventarisatie' } }).thenThrows('fase-voorwaarden-niet-vervuld');
    expect(fout.reasons[0]).toContain("besluit 'b-1' is ingetrokken");
    expect(fout.reasons[0]).toContain("besluit 'b-2' heeft als uitkomst 'aangehouden'");
  });

  it('gaat zonder extra voorwaarden naar participatie en uitwerking en naar concept-kader', () => {
    spec.given(totFase('inventarisatie')).when({ type: 'BetreedFase', data: { kaderId: K, fase: 'participatie-en-uitwerking' } }).thenMatches([{ type: 'FaseBetreden' }]);
    spec.given(totFase('participatie-en-uitwerking')).when({ type: 'BetreedFase', data: { kaderId: K, fase: 'concept-kader' } }).thenMatches([{ type: 'FaseBetreden' }]);
  });

  it('vraagt voor besluitvorming een voorgenomen besluit van de bestuurscommissie over het concept-kader', () => {
    const fout = spec.given([...totFase('concept-kader'), besluit('b-do', 'directeurenoverleg', 'concept-kader', 'vastgesteld')])
      .when({ type: 'BetreedFase', data: { kaderId: K, fase: 'besluitvorming' } }).thenThrows('fase-voorwaarden-niet-vervuld');
    expect(fout.reasons[0]).toMatch(/^De Bestuurscommissie Maatschappij heeft nog geen voorgenomen besluit/);
    expect(fout.reasons[0]).toContain("besluit 'b-do' is genomen door Directeurenoverleg");
    spec.given([...totFase('concept-kader'), besluit('b-bc', 'bestuurscommissie-maatschappij', 'concept-kader', 'voorgenomen-besluit')])
      .when({ type: 'BetreedFase', data: { kaderId: K, fase: 'besluitvorming' } }).thenMatches([{ type: 'FaseBetreden', data: { fase: 'besluitvorming' } }]);
    spec.given([...totFase('concept-kader'), besluit('b-bc', 'bestuurscommissie-maatschappij', 'concept-kader', 'voorgenomen-besluit'), ingetrokken('b-bc')])
      .when({ type: 'BetreedFase', data: { kaderId: K, fase: 'besluitvorming' } }).thenThrows('fase-voorwaarden-niet-vervuld');
  });

  it('stelt het kader pas vast met een besluit van de bestuurscommissie en genoeg lokale vaststellingen, en noemt wie ontbreekt', () => {
    const bc = besluit('b-kader', 'bestuurscommissie-maatschappij', 'kader', 'vastgesteld');
    const tienGemeenten = GEMEENTEN.slice(0, 10).map((g) => lokaal(g.code));
    const fout = spec.given([...totFase('besluitvorming'), ...tienGemeenten]).when({ type: 'BetreedFase', data: { kaderId: K, fase: 'vastgesteld' } })
      .thenThrows('fase-voorwaarden-niet-vervuld');
    expect(fout.reasons).toEqual([
      'De Bestuurscommissie Maatschappij heeft het kader nog niet vastgesteld',
      'Het kader is lokaal vastgesteld door 10 gemeenten, er zijn er minimaal 13 nodig; nog niet vastgesteld door: Alphen aan den Rijn, Kaag en Braassem, Nieuwkoop',
    ]);
    const alle = GEMEENTEN.map((g) => lokaal(g.code));
    spec.given([...totFase('besluitvorming'), bc, ...alle]).when({ type: 'BetreedFase', data: { kaderId: K, fase: 'vastgesteld' } })
      .thenMatches([{ type: 'FaseBetreden', data: { fase: 'vastgesteld', vorigeFase: 'besluitvorming' } }]);
  });

  it('telt verworpen of ingetrokken lokale besluiten niet, en volgt een lagere vaststellingsregel', () => {
    const bc = besluit('b-kader', 'bestuurscommissie-maatschappij', 'kader', 'gewijzigd-vastgesteld');
    const regel10 = [{ ...gestart, data: { ...gestart.data, vaststellingsregel: { minimumGemeenten: 10 } } } as KaderEvent, ...totFase('besluitvorming').slice(1)];
    const negen = GEMEENTEN.slice(0, 9).map((g) => lokaal(g.code));
    const fout = spec.given([...regel10, bc, ...negen, lokaal('GM0484', 'verworpen'), lokaal('GM1884'), ingetrokken('lb-GM1884')])
      .when({ type: 'BetreedFase', data: { kaderId: K, fase: 'vastgesteld' } }).thenThrows('fase-voorwaarden-niet-vervuld');
    expect(fout.reasons).toEqual([expect.stringContaining('door 9 gemeenten, er zijn er minimaal 10 nodig')]);
    spec.given([...regel10, bc, ...negen, lokaal('GM0569')]).when({ type: 'BetreedFase', data: { kaderId: K, fase: 'vastgesteld' } }).thenMatches([{ type: 'FaseBetreden' }]);
  });

  it('toont wat de volgende fase blokkeert zonder het te proberen', () => {
    expect(fasevoorwaarden(kaderDecider.initialState, 'plan-van-aanpak')).toEqual(['Het kader is nog niet gestart']);
    expect(fasevoorwaarden(fold(kaderDecider, [gestart]), 'plan-van-aanpak')).toEqual(['Er is nog geen projectleider aangewezen']);
    expect(fasevoorwaarden(fold(kaderDecider, [gestart, projectleider]), 'plan-van-aanpak')).toEqual([]);
  });
});

describe('kader: fase terugzetten', () => {
  it('zet terug naar een eerdere fase met reden, en de fase kan daarna opnieuw worden betreden', () => {
    const historie = totFase('besluitvorming');
    spec.given(historie).when({ type: 'ZetFaseTerug', data: { kaderId: K, naarFase: 'concept-kader', reden: 'Bestuurscommissie stuurt concept terug' } })
      .then([{ type: 'FaseTeruggezet', data: { kaderId: K, naarFase: 'concept-kader', vanFase: 'besluitvorming', reden: 'Bestuurscommissie stuurt concept terug', teruggezetOp: NOW } }]);
    const teruggezet: KaderEvent = { type: 'FaseTeruggezet', data: { kaderId: K, naarFase: 'concept-kader', vanFase: 'besluitvorming', reden: 'Terug', teruggezetOp: NOW } };
    spec.given([...historie, teruggezet]).when({ type: 'BetreedFase', data: { kaderId: K, fase: 'besluitvorming' } }).thenMatches([{ type: 'FaseBetreden', data: { fase: 'besluitvorming' } }]);
  });

  it('weigert terugzetten zonder reden, naar dezelfde of een latere fase', () => {
    spec.given(totFase('inventarisatie')).when({ type: 'ZetFaseTerug', data: { kaderId: K, naarFase: 'opdracht', reden: '' } }).thenThrows('reden-ontbreekt', 'invalid');
    spec.given(totFase('inventarisatie')).when({ type: 'ZetFaseTerug', data: { kaderId: K, naarFase: 'inventarisatie', reden: 'x' } }).thenThrows('fase-niet-eerder', 'conflict');
    spec.given(totFase('inventarisatie')).when({ type: 'ZetFaseTerug', data: { kaderId: K, naarFase: 'besluitvorming', reden: 'x' } }).thenThrows('fase-niet-eerder', 'conflict');
  });
});

describe('kader: mijlpalen', () => {
  const m1 = gepland('m-1', 'Plan van aanpak opgesteld', 'plan-van-aanpak', '2025-03-15');

  it('plant een mijlpaal met deadline en eigenaar', () => {
    spec.given([gestart]).when({ type: 'PlanMijlpaal', data: { kaderId: K, mijlpaalId: 'm-1', titel: 'Plan van aanpak opgesteld', fase: 'plan-van-aanpak', deadline: '2025-03-15', eigenaar: 'projectleider' } })
      .then([{ ...m1, data: { ...m1.data, geplandOp: NOW } }]);
  });

  it('weigert een onvolledige mijlpaal en een ongeldige deadline', () => {
    const fout = spec.given([gestart]).when({ type: 'PlanMijlpaal', data: { kaderId: K, mijlpaalId: 'm-1', titel: '', fase: 'opdracht', deadline: '2025-03-15', eigenaar: ' ' } })
      .thenThrows('mijlpaal-onvolledig', 'invalid');
    expect(fout.reasons).toHaveLength(2);
    spec.given([gestart]).when({ type: 'PlanMijlpaal', data: { kaderId: K, mijlpaalId: 'm-1', titel: 'T', fase: 'opdracht', deadline: '2025-02-29', eigenaar: 'projectleider' } })
      .thenThrows('ongeldige-datum', 'invalid');
  });

  it('ziet hetzelfde id met dezelfde gegevens als herhaling, met andere gegevens als conflict', () => {
    const plan = { type: 'PlanMijlpaal' as const, data: { kaderId: K, mijlpaalId: 'm-1', titel: 'Plan van aanpak opgesteld', fase: 'plan-van-aanpak' as const, deadline: '2025-03-15', eigenaar: 'projectleider' } };
    spec.given([gestart, m1]).when(plan).thenNothing();
    spec.given([gestart, m1]).when({ ...plan, data: { ...plan.data, deadline: '2025-04-01' } }).thenThrows('mijlpaal-bestaat-al', 'conflict');
  });

  it('verschuift een mijlpaal met reden en bewaart de oude deadline', () => {
    spec.given([gestart, m1]).when({ type: 'VerschuifMijlpaal', data: { kaderId: K, mijlpaalId: 'm-1', nieuweDeadline: '2025-04-01', reden: 'Wacht op ETHOS-telling' } })
      .then([{ type: 'MijlpaalVerschoven', data: { kaderId: K, mijlpaalId: 'm-1', oudeDeadline: '2025-03-15', nieuweDeadline: '2025-04-01', reden: 'Wacht op ETHOS-telling', verschovenOp: NOW } }]);
    spec.given([gestart, m1]).when({ type: 'VerschuifMijlpaal', data: { kaderId: K, mijlpaalId: 'm-1', nieuweDeadline: '2025-04-01', reden: '' } }).thenThrows('reden-ontbreekt');
    spec.given([gestart, m1]).when({ type: 'VerschuifMijlpaal', data: { kaderId: K, mijlpaalId: 'm-1', nieuweDeadline: '2025-03-15', reden: 'Zelfde' } }).thenNothing();
    spec.given([gestart]).when({ type: 'VerschuifMijlpaal', data: { kaderId: K, mijlpaalId: 'm-9', nieuweDeadline: '2025-04-01', reden: 'x' } }).thenThrows('mijlpaal-niet-gevonden', 'not_found');
  });

  it('markeert een mijlpaal als behaald, maar niet in de toekomst', () => {
    spec.given([gestart, m1]).when({ type: 'BehaalMijlpaal', data: { kaderId: K, mijlpaalId: 'm-1', behaaldOp: '2025-03-10' } })
      .then([{ type: 'MijlpaalBehaald', data: { kaderId: K, mijlpaalId: 'm-1', behaaldOp: '2025-03-10', geregistreerdOp: NOW } }]);
    spec.given([gestart, m1]).when({ type: 'BehaalMijlpaal', data: { kaderId: K, mijlpaalId: 'm-1', behaaldOp: '2025-03-11' } }).thenThrows('datum-in-toekomst', 'invalid');
  });

  it('annuleert een mijlpaal met reden', () => {
    spec.given([gestart, m1]).when({ type: 'AnnuleerMijlpaal', data: { kaderId: K, mijlpaalId: 'm-1', reden: 'Opgenomen in een andere mijlpaal' } })
      .then([{ type: 'MijlpaalGeannuleerd', data: { kaderId: K, mijlpaalId: 'm-1', reden: 'Opgenomen in een andere mijlpaal', geannuleerdOp: NOW } }]);
    spec.given([gestart, m1]).when({ type: 'AnnuleerMijlpaal', data: { kaderId: K, mijlpaalId: 'm-1', reden: ' ' } }).thenThrows('reden-ontbreekt');
  });

  it('wijzigt een behaalde of geannuleerde mijlpaal niet meer; herhalingen veranderen niets', () => {
    const annulering: KaderEvent = { type: 'MijlpaalGeannuleerd', data: { kaderId: K, mijlpaalId: 'm-1', reden: 'Vervalt', geannuleerdOp: NOW } };
    spec.given([gestart, m1, behaald('m-1')]).when({ type: 'VerschuifMijlpaal', data: { kaderId: K, mijlpaalId: 'm-1', nieuweDeadline: '2025-05-01', reden: 'x' } })
      .thenThrows('mijlpaal-afgesloten', 'conflict');
    spec.given([gestart, m1, behaald('m-1')]).when({ type: 'AnnuleerMijlpaal', data: { kaderId: K, mijlpaalId: 'm-1', reden: 'x' } }).thenThrows('mijlpaal-afgesloten');
    spec.given([gestart, m1, behaald('m-1')]).when({ type: 'BehaalMijlpaal', data: { kaderId: K, mijlpaalId: 'm-1', behaaldOp: '2025-03-01' } }).thenNothing();
    spec.given([gestart, m1, behaald('m-1')]).when({ type: 'BehaalMijlpaal', data: { kaderId: K, mijlpaalId: 'm-1', behaaldOp: '2025-03-02' } }).thenThrows('mijlpaal-afgesloten');
    spec.given([gestart, m1, annulering]).when({ type: 'BehaalMijlpaal', data: { kaderId: K, mijlpaalId: 'm-1', behaaldOp: '2025-03-01' } }).thenThrows('mijlpaal-afgesloten');
    spec.given([gestart, m1, annulering]).when({ type: 'AnnuleerMijlpaal', data: { kaderId: K, mijlpaalId: 'm-1', reden: 'Vervalt' } }).thenNothing();
  });

  it('leidt te-laat af uit de deadline en vandaag, zonder het op te slaan', () => {
    const state = fold(kaderDecider, [gestart, m1]);
    const m = state.status === 'gestart' ? state.mijlpalen['m-1'] : undefined;
    expect(m && mijlpaalStatus(m, '2025-03-15')).toBe('gepland');
    expect(m && mijlpaalStatus(m, '2025-03-16')).toBe('te-laat');
    expect(mijlpaalStatus({ status: 'behaald', deadline: '2025-03-15' }, '2025-04-01')).toBe('behaald');
    expect(mijlpaalStatus({ status: 'geannuleerd', deadline: '2025-03-15' }, '2025-04-01')).toBe('geannuleerd');
  });

  it('geeft de open mijlpaal met de vroegste deadline als volgende, ook als die te laat is', () => {
    const m2 = gepland('m-2', 'Inventarisatie klaar', 'inventarisatie', '2025-05-01');
    const m0 = gepland('m-0', 'Opdracht verstrekt', 'opdracht', '2025-02-15');
    const state = fold(kaderDecider, [gestart, m2, m1, m0, behaald('m-0')]);
    expect(volgendeMijlpaal(state, '2025-03-20')).toMatchObject({ mijlpaalId: 'm-1', weergaveStatus: 'te-laat' });
    expect(volgendeMijlpaal(fold(kaderDecider, [gestart, m2, m1, behaald('m-1')]), '2025-03-20')).toMatchObject({ mijlpaalId: 'm-2', weergaveStatus: 'gepland' });
    expect(volgendeMijlpaal(fold(kaderDecider, [gestart]), '2025-03-20')).toBeUndefined();
  });
});

describe('kader: besluiten koppelen', () => {
  const koppel = {
    type: 'KoppelBesluit' as const,
    data: { kaderId: K, besluitId: 'b-1', vergaderingId: 'vg-1', gremium: 'directeurenoverleg' as const, onderwerp: 'plan-van-aanpak' as const, uitkomst: 'vastgesteld' as const, datum: '2025-03-05' },
  };
  const gekoppeld: KaderEvent = { type: 'BesluitGekoppeld', data: { ...koppel.data, gekoppeldOp: NOW } };

  it('koppelt een besluit met vergadering', () => {
    spec.given([gestart]).when(koppel).then([gekoppeld]);
  });

  it('bewaart een besluit van een gremium dat er niet over gaat', () => {
    spec.given([gestart]).when({ ...koppel, data: { ...koppel.data, gremium: 'projectgroep' } }).thenMatches([{ type: 'BesluitGekoppeld', data: { gremium: 'projectgroep' } }]);
  });

  it('weigert een onbekend gremium, onderwerp, uitkomst of datum', () => {
    spec.given([gestart]).when({ ...koppel, data: { ...koppel.data, gremium: 'raad-GM0363' } }).thenThrows('onbekend-gremium', 'invalid');
    spec.given([gestart]).when({ ...koppel, data: { ...koppel.data, onderwerp: 'begroting' as 'kader' } }).thenThrows('onbekend-onderwerp', 'invalid');
    spec.given([gestart]).when({ ...koppel, data: { ...koppel.data, uitkomst: 'aangenomen' as 'vastgesteld' } }).thenThrows('onbekende-uitkomst', 'invalid');
    spec.given([gestart]).when({ ...koppel, data: { ...koppel.data, datum: '5 maart 2025' } }).thenThrows('ongeldige-datum', 'invalid');
  });

  it('ziet een herhaalde koppeling als herhaling, ook na rectificatie, en weigert andere gegevens onder hetzelfde id', () => {
    const gerectificeerd: KaderEvent = { type: 'BesluitUitkomstGerectificeerd', data: { kaderId: K, besluitId: 'b-1', uitkomst: 'aangehouden', vorigeUitkomst: 'vastgesteld', reden: 'r', gerectificeerdOp: NOW } };
    spec.given([gestart, gekoppeld]).when(koppel).thenNothing();
    spec.given([gestart, gekoppeld, gerectificeerd]).when(koppel).thenNothing();
    spec.given([gestart, gekoppeld]).when({ ...koppel, data: { ...koppel.data, uitkomst: 'verworpen' } }).thenThrows('besluit-al-gekoppeld', 'conflict');
    spec.given([gestart, lokaal('GM0546', 'vastgesteld', 'b-1')]).when(koppel).thenThrows('besluit-al-gekoppeld', 'conflict');
  });

  it('trekt een koppeling in met reden; daarna telt het besluit niet meer', () => {
    const historie = [...totFase('plan-van-aanpak'), besluit('b-1', 'directeurenoverleg', 'plan-van-aanpak', 'vastgesteld')];
    spec.given(historie).when({ type: 'TrekBesluitIn', data: { kaderId: K, besluitId: 'b-1', reden: 'Vormfout' } })
      .then([{ type: 'BesluitKoppelingIngetrokken', data: { kaderId: K, besluitId: 'b-1', reden: 'Vormfout', ingetrokkenOp: NOW } }]);
    expect(fasevoorwaarden(fold(kaderDecider, historie), 'inventarisatie')).toEqual([]);
    expect(fasevoorwaarden(fold(kaderDecider, [...historie, ingetrokken('b-1')]), 'inventarisatie')).toHaveLength(1);
  });

  it('trekt niet in zonder reden, kent een onbekend besluit niet en ziet een tweede intrekking als herhaling', () => {
    spec.given([gestart, gekoppeld]).when({ type: 'TrekBesluitIn', data: { kaderId: K, besluitId: 'b-1', reden: '' } }).thenThrows('reden-ontbreekt');
    spec.given([gestart]).when({ type: 'TrekBesluitIn', data: { kaderId: K, besluitId: 'b-9', reden: 'x' } }).thenThrows('besluit-niet-gekoppeld', 'not_found');
    spec.given([gestart, gekoppeld, ingetrokken('b-1')]).when({ type: 'TrekBesluitIn', data: { kaderId: K, besluitId: 'b-1', reden: 'x' } }).thenNothing();
  });

  it('rectificeert de uitkomst en onthoudt de vorige; de nieuwe uitkomst telt voor de fase', () => {
    const aangehouden = [...totFase('plan-van-aanpak'), besluit('b-1', 'directeurenoverleg', 'plan-van-aanpak', 'aangehouden')];
    spec.given(aangehouden).when({ type: 'WijzigBesluitUitkomst', data: { kaderId: K, besluitId: 'b-1', uitkomst: 'vastgesteld', reden: 'Verkeerd genotuleerd' } })
      .then([{ type: 'BesluitUitkomstGerectificeerd', data: { kaderId: K, besluitId: 'b-1', uitkomst: 'vastgesteld', vorigeUitkomst: 'aangehouden', reden: 'Verkeerd genotuleerd', gerectificeerdOp: NOW } }]);
    const rectificatie: KaderEvent = { type: 'BesluitUitkomstGerectificeerd', data: { kaderId: K, besluitId: 'b-1', uitkomst: 'vastgesteld', vorigeUitkomst: 'aangehouden', reden: 'r', gerectificeerdOp: NOW } };
    spec.given([...aangehouden, rectificatie]).when({ type: 'BetreedFase', data: { kaderId: K, fase: 'inventarisatie' } }).thenMatches([{ type: 'FaseBetreden' }]);
  });

  it('rectificeert niet zonder reden, niet na intrekking, en dezelfde uitkomst verandert niets', () => {
    spec.given([gestart, gekoppeld]).when({ type: 'WijzigBesluitUitkomst', data: { kaderId: K, besluitId: 'b-1', uitkomst: 'verworpen', reden: '' } }).thenThrows('reden-ontbreekt');
    spec.given([gestart, gekoppeld, ingetrokken('b-1')]).when({ type: 'WijzigBesluitUitkomst', data: { kaderId: K, besluitId: 'b-1', uitkomst: 'verworpen', reden: 'x' } })
      .thenThrows('besluit-ingetrokken', 'conflict');
    spec.given([gestart, gekoppeld]).when({ type: 'WijzigBesluitUitkomst', data: { kaderId: K, besluitId: 'b-1', uitkomst: 'vastgesteld', reden: 'x' } }).thenNothing();
    spec.given([gestart]).when({ type: 'WijzigBesluitUitkomst', data: { kaderId: K, besluitId: 'b-9', uitkomst: 'vastgesteld', reden: 'x' } }).thenThrows('besluit-niet-gekoppeld', 'not_found');
  });
});

describe('kader: lokale vaststelling', () => {
  const registreer = {
    type: 'RegistreerLokaleVaststelling' as const,
    data: { kaderId: K, gemeente: 'GM0537', besluitId: 'lb-1', gremium: 'raad-GM0537' as const, datum: '2025-12-10', uitkomst: 'vastgesteld' as const },
  };

  it('registreert de vaststelling door de raad van de gemeente', () => {
    spec.given([gestart]).when(registreer).then([{ type: 'LokaleVaststellingGeregistreerd', data: { ...registreer.data, geregistreerdOp: NOW } }]);
  });

  it('laat een latere vaststelling van dezelfde gemeente de eerdere vervangen', () => {
    const eerst = lokaal('GM0537', 'verworpen', 'lb-0');
    spec.given([gestart, eerst]).when(registreer).thenMatches([{ type: 'LokaleVaststellingGeregistreerd', data: { besluitId: 'lb-1', vervangtBesluitId: 'lb-0' } }]);
    const state = fold(kaderDecider, [gestart, eerst, lokaal('GM0537', 'vastgesteld', 'lb-1')]);
    expect(state.status === 'gestart' && state.huidigeLokaleVaststelling).toEqual({ GM0537: 'lb-1' });
  });

  it('weigert een onbekende gemeente en een gremium van een andere gemeente', () => {
    spec.given([gestart]).when({ ...registreer, data: { ...registreer.data, gemeente: 'GM0363', gremium: 'raad-GM0363' } }).thenThrows('onbekende-gemeente', 'invalid');
    const fout = spec.given([gestart]).when({ ...registreer, data: { ...registreer.data, gremium: 'college-GM0534' } }).thenThrows('gremium-niet-van-gemeente', 'invalid');
    expect(fout.reasons).toEqual(['College van B&W Hillegom is niet het college of de raad van Katwijk']);
    spec.given([gestart]).when({ ...registreer, data: { ...registreer.data, gremium: 'directeurenoverleg' } }).thenThrows('gremium-niet-van-gemeente', 'invalid');
  });

  it('ziet dezelfde registratie als herhaling en weigert een ander besluit onder hetzelfde id', () => {
    const geregistreerd = lokaal('GM0537', 'vastgesteld', 'lb-1');
    spec.given([gestart, geregistreerd]).when(registreer).thenNothing();
    spec.given([gestart, geregistreerd]).when({ ...registreer, data: { ...registreer.data, datum: '2025-12-17' } }).thenThrows('besluit-al-gekoppeld', 'conflict');
  });

  it('trekt een lokale vaststelling in en rectificeert haar uitkomst via het besluit-id', () => {
    const geregistreerd = lokaal('GM0537', 'vastgesteld', 'lb-1');
    spec.given([gestart, geregistreerd]).when({ type: 'TrekBesluitIn', data: { kaderId: K, besluitId: 'lb-1', reden: 'Raadsbesluit vernietigd' } })
      .thenMatches([{ type: 'BesluitKoppelingIngetrokken', data: { besluitId: 'lb-1' } }]);
    spec.given([gestart, geregistreerd]).when({ type: 'WijzigBesluitUitkomst', data: { kaderId: K, besluitId: 'lb-1', uitkomst: 'gewijzigd-vastgesteld', reden: 'Amendement' } })
      .thenMatches([{ type: 'BesluitUitkomstGerectificeerd', data: { vorigeUitkomst: 'vastgesteld', uitkomst: 'gewijzigd-vastgesteld' } }]);
  });
});

describe('kader: evolve', () => {
  const verschoven = (mijlpaalId: string, oudeDeadline: string, nieuweDeadline: string): KaderEvent => ({
    type: 'MijlpaalVerschoven', data: { kaderId: K, mijlpaalId, oudeDeadline, nieuweDeadline, reden: 'Later', verschovenOp: '2025-02-06T08:00:00Z' },
  });
  /** Every event type, several on one mijlpaal or besluit, and changes to ids that do not exist. */
  const geschiedenis: KaderEvent[] = [
    gestart, projectleider, gepland('m-1', 'Startnotitie', 'opdracht', '2025-03-01'), gepland('m-2', 'Plan', 'opdracht', '2025-04-01'),
    verschoven('m-1', '2025-03-01', '2025-03-15'), verschoven('m-1', '2025-03-15', '2025-03-30'), verschoven('m-onbekend', '2025-01-01', '2025-01-02'),
    behaald('m-1'), { type: 'MijlpaalGeannuleerd', data: { kaderId: K, mijlpaalId: 'm-2', reden: 'Vervalt', geannuleerdOp: '2025-03-02T08:00:00Z' } },
    besluit('b-pva', 'directeurenoverleg', 'plan-van-aanpak', 'aangehouden'),
    { type: 'BesluitUitkomstGerectificeerd', data: { kaderId: K, besluitId: 'b-pva', uitkomst: 'vastgesteld', vorigeUitkomst: 'aangehouden', reden: 'Notulen', gerectificeerdOp: '2025-03-07T08:00:00Z' } },
    betreden('opdracht', 'plan-van-aanpak'),
    { type: 'FaseTeruggezet', data: { kaderId: K, naarFase: 'opdracht', vanFase: 'plan-van-aanpak', reden: 'Opnieuw', teruggezetOp: '2025-03-08T08:00:00Z' } },
    lokaal('GM0537', 'verworpen', 'lb-0'), lokaal('GM0537', 'vastgesteld', 'lb-1'), ingetrokken('lb-0'), ingetrokken('b-onbekend'),
  ];

  it('volgt de hele geschiedenis', () => {
    expect(geschiedenis.reduce(evolveKader, initialKaderState)).toEqual({
      ...fold(kaderDecider, [gestart]), projectleiderId: 'gebruiker-pl', fase: 'opdracht',
      mijlpalen: {
        'm-1': { mijlpaalId: 'm-1', titel: 'Startnotitie', fase: 'opdracht', deadline: '2025-03-30', eigenaar: 'projectleider', status: 'behaald', behaaldOp: '2025-03-01', verschuivingen: ['2025-03-01', '2025-03-15'] },
        'm-2': { mijlpaalId: 'm-2', titel: 'Plan', fase: 'opdracht', deadline: '2025-04-01', eigenaar: 'projectleider', status: 'geannuleerd', verschuivingen: [] },
      },
      besluiten: { 'b-pva': { besluitId: 'b-pva', gremium: 'directeurenoverleg', onderwerp: 'plan-van-aanpak', uitkomst: 'vastgesteld', oorspronkelijkeUitkomst: 'aangehouden', datum: '2025-03-05', ingetrokken: false } },
      lokaleBesluiten: {
        'lb-0': { gemeente: 'GM0537', besluitId: 'lb-0', gremium: 'raad-GM0537', datum: '2025-12-10', uitkomst: 'verworpen', oorspronkelijkeUitkomst: 'verworpen', ingetrokken: true },
        'lb-1': { gemeente: 'GM0537', besluitId: 'lb-1', gremium: 'raad-GM0537', datum: '2025-12-10', uitkomst: 'vastgesteld', oorspronkelijkeUitkomst: 'vastgesteld', ingetrokken: false },
      },
      huidigeLokaleVaststelling: { GM0537: 'lb-1' },
    });
  });

  it('laat elke eerdere staat zoals hij was', () => {
    const bevroren = (state: KaderState): KaderState => {
      const vries = (value: unknown) => {
        if (value && typeof value === 'object' && !Object.isFrozen(value)) {
          Object.freeze(value);
          Object.values(value).forEach(vries);
        }
      };
      vries(state);
      return state;
    };
    // A change to a frozen object throws in strict mode, so this fails when evolve changes its input.
    expect(() => geschiedenis.reduce((state, event) => bevroren(evolveKader(state, event)), bevroren(initialKaderState))).not.toThrow();
  });

  it('verandert met een mijlpaal-event alleen de mijlpalen, en met elk ander event iets anders dan de mijlpalen', () => {
    const zonderMijlpalen = (state: KaderState) => ({ ...state, mijlpalen: undefined });
    const gezien = new Set<string>();
    let state = initialKaderState;
    for (const event of geschiedenis) {
      const volgende = evolveKader(state, event);
      const alleenMijlpalen = state.status === 'gestart' && JSON.stringify(zonderMijlpalen(volgende)) === JSON.stringify(zonderMijlpalen(state));
      // An event about a mijlpaal or besluit the kader does not have changes nothing at all.
      if (JSON.stringify(volgende) !== JSON.stringify(state)) {
        expect([event.type, alleenMijlpalen]).toEqual([event.type, MIJLPAAL_EVENT_TYPES.includes(event.type)]);
        gezien.add(event.type);
      }
      state = volgende;
    }
    expect([...gezien].sort()).toEqual([...KADER_EVENT_TYPES].sort());
  });

  it('geeft met één werkkopie voor de hele reeks dezelfde staat als evolveKader per event, zonder de beginstaat te veranderen', () => {
    const begin = geschiedenis.slice(0, 6).reduce(evolveKader, initialKaderState);
    const kopie = JSON.parse(JSON.stringify(begin));
    const draft = new Draft();
    const rest = geschiedenis.slice(6);
    expect(rest.reduce((state, event) => evolveKaderIn(draft, state, event), begin)).toEqual(rest.reduce(evolveKader, begin));
    expect(begin).toEqual(kopie);
  });
});
