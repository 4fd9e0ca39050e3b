import { Database } from '../../../database/src';
import { StoredEvent } from '../../../event-store/src';
import { VergaderingCommand, vergaderingDecider, VergaderingEvent, vergaderingOccurredAt, vergaderingStream } from '../../../domain/src/besluitvorming';
import { besluitenProjection } from './projection';
import { besluitenlijst, getBesluit, listBesluiten } from './queries';

/** Runs commands through the real decider and keeps what a store would have stored. */
class Logboek {
  readonly events: StoredEvent[] = [];
  run(vergaderingId: string, type: VergaderingCommand['type'], data: unknown, now: string) {
    const streamId = vergaderingStream(vergaderingId);
    const eerder = this.events.filter((e) => e.streamId === streamId);
    const state = eerder.map((e) => ({ type: e.type, data: e.data }) as VergaderingEvent).reduce(vergaderingDecider.evolve, vergaderingDecider.initialState);
    const command = { type, data, metadata: { now, actor: { id: 'griffier-1', role: 'secretariaat', displayName: 'Griffier A' } } } as VergaderingCommand;
    for (const event of vergaderingDecider.decide(command, state)) this.events.push(this.stored(streamId, event, now, eerder.length));
  }
  private stored(streamId: string, event: VergaderingEvent, now: string, versieVoor: number): StoredEvent {
    const globalPosition = this.events.length + 1;
    return {
      eventId: `e-${globalPosition}`,
      streamId,
      version: versieVoor + 1,
      globalPosition,
      type: event.type,
      schemaVersion: 1,
      data: event.data,
      metadata: { actor: { id: 'griffier-1', role: 'secretariaat', displayName: 'Griffier A' }, correlationId: `c-${globalPosition}` },
      occurredAt: vergaderingOccurredAt(event, now),
      recordedAt: now,
      hash: `h-${globalPosition}`,
      prevHash: null,
    };
  }
}

const TEKST_1 = 'De commissie neemt het voorgenomen besluit het concept-beleidskader vrij te geven voor lokale consultatie.';
const TEKST_1_GECORRIGEERD = 'De commissie neemt het voorgenomen besluit het concept-beleidskader vrij te geven voor zienswijzen van de gemeenteraden.';

const logboek = (): Logboek => {
  const log = new Logboek();
  // Directeurenoverleg in March, recorded two days later.
  log.run('do-1', 'PlanVergadering', { vergaderingId: 'do-1', gremium: 'directeurenoverleg', datum: '2025-03-12', titel: 'Directeurenoverleg maart' }, '2025-03-01T09:00:00.000Z');
  log.run('do-1', 'VoegAgendapuntToe', { agendapuntId: 'ap-1', volgnummer: 1, titel: 'Plan van aanpak beleidskader', kaderId: 'kader-2026', onderwerp: 'plan-van-aanpak' }, '2025-03-01T09:01:00.000Z');
  log.run('do-1', 'NeemBesluit', { besluitId: 'b-3', agendapuntId: 'ap-1', uitkomst: 'vastgesteld', besluittekst: 'Het plan van aanpak wordt vastgesteld.', datum: '2025-03-12' }, '2025-03-14T11:00:00.000Z');
  // Bestuurscommissie in October.
  log.run('bc-1', 'PlanVergadering', { vergaderingId: 'bc-1', gremium: 'bestuurscommissie-maatschappij', datum: '2025-10-08', titel: 'Bestuurscommissie Maatschappij' }, '2025-09-20T09:00:00.000Z');
  log.run(
    'bc-1',
    'VoegAgendapuntToe',
    {
      agendapuntId: 'ap-1',
      volgnummer: 1,
      titel: 'Concept-beleidskader maatschappelijke zorg',
      kaderId: 'kader-2026',
      onderwerp: 'concept-kader',
      voorstel: { titel: 'Concept v3', samenvatting: 'Derde versie.', documenten: [{ titel: 'Concept v3', url: 'https://docs.example.org/v3.pdf', hash: 'sha256:aa' }] },
    },
    '2025-09-20T09:01:00.000Z',
  );
  log.run('bc-1', 'VoegAgendapuntToe', { agendapuntId: 'ap-2', volgnummer: 2, titel: 'Winteropvang dak- en thuislozen', onderwerp: 'overig' }, '2025-09-20T09:02:00.000Z');
  log.run(
    'bc-1',
    'NeemBesluit',
    {
      besluitId: 'b-1',
      agendapuntId: 'ap-1',
      uitkomst: 'voorgenomen-besluit',
      besluittekst: TEKST_1,
      datum: '2025-10-08',
      stemming: { stemmen: [{ stemgerechtigde: 'GM0546', keuze: 'voor', gewicht: 3 }, { stemgerechtigde: 'GM0534', keuze: 'tegen' }] },
    },
    '2025-10-13T10:00:00.000Z',
  );
  log.run('bc-1', 'NeemBesluit', { besluitId: 'b-2', agendapuntId: 'ap-2', uitkomst: 'ter-kennisname', besluittekst: 'De commissie neemt kennis van de winteropvang.', datum: '2025-10-08' }, '2025-10-13T10:05:00.000Z');
  log.run('bc-1', 'StelBesluitenlijstVast', { datum: '2025-10-15' }, '2025-10-15T16:00:00.000Z');
  log.run('bc-1', 'RectificeerBesluit', { besluitId: 'b-1', besluittekst: TEKST_1_GECORRIGEERD, reden: 'Verkeerde consultatievorm genoteerd.' }, '2025-10-20T08:00:00.000Z');
  log.run('bc-1', 'PubliceerBesluitenlijst', { datum: '2025-10-20', url: 'https://open.example.org/bc-1.pdf', ketenkop: 'sha256:kop' }, '2025-10-20T09:00:00.000Z');
  log.run('bc-1', 'TrekBesluitIn', { besluitId: 'b-2', reden: 'Hoort bij de vergadering van november.' }, '2025-10-22T12:00:00.000Z');
  return log;
};

/** The same behaviour on PGlite (besluiten.spec.ts) and on PostgreSQL (besluiten.pg.spec.ts). */
export const describeBesluitenReadModel = (naam: string, open: () => Promise<Database>) =>
  describe(`besluiten read model on ${naam}`, () => {
  let db: Database;
  let log: Logboek;

  beforeAll(async () => {
    db = await open();
    log = logboek();
    await besluitenProjection.migrate(db);
    await db.transaction((tx) => besluitenProjection.apply(tx, log.events));
  });
  afterAll(() => db.close());

  const ids = async (filter: Parameters<typeof listBesluiten>[1]) => (await listBesluiten(db, filter)).items.map((b) => b.besluitId);

  it('lists every besluit newest decided first, with totals and pages', async () => {
    const eerste = await listBesluiten(db, { paginaGrootte: 2 });
    expect(eerste).toMatchObject({ totaal: 3, pagina: 1, paginaGrootte: 2, aantalPaginas: 2 });
    expect(eerste.items.map((b) => b.besluitId)).toEqual(['b-2', 'b-1']);
    expect(await ids({ paginaGrootte: 2, pagina: 2 })).toEqual(['b-3']);
  });

  it('shows the current text and status of each besluit', async () => {
    const { items } = await listBesluiten(db);
    expect(items.find((b) => b.besluitId === 'b-1')).toMatchObject({
      besluittekst: TEKST_1_GECORRIGEERD,
      status: 'gerectificeerd',
      versie: 2,
      datum: '2025-10-08',
      kaderId: 'kader-2026',
      agendapuntTitel: 'Concept-beleidskader maatschappelijke zorg',
      vastgelegdOp: '2025-10-13T10:00:00.000Z',
      laatstGewijzigdOp: '2025-10-20T08:00:00.000Z',
    });
    expect(items.find((b) => b.besluitId === 'b-2')).toMatchObject({ status: 'ingetrokken', versie: 2 });
  });

  it('filters by kader, gremium, outcome and decision dates', async () => {
    expect(await ids({ kaderId: 'kader-2026' })).toEqual(['b-1', 'b-3']);
    expect(await ids({ gremium: 'directeurenoverleg' })).toEqual(['b-3']);
    expect(await ids({ uitkomst: 'voorgenomen-besluit' })).toEqual(['b-1']);
    expect(await ids({ datumVan: '2025-03-12', datumTot: '2025-03-12' })).toEqual(['b-3']);
    expect(await ids({ datumVan: '2025-10-09' })).toEqual([]);
  });

  it('filters by when the clerk recorded it, a date meaning the whole day', async () => {
    expect(await ids({ vastgelegdVan: '2025-10-13', vastgelegdTot: '2025-10-13' })).toEqual(['b-2', 'b-1']);
    expect(await ids({ vastgelegdTot: '2025-10-13T10:02:00.000Z' })).toEqual(['b-1', 'b-3']);
  });

  it('searches the agendapunt title and the current besluittekst', async () => {
    expect(await ids({ zoek: 'winteropvang' })).toEqual(['b-2']);
    expect(await ids({ zoek: 'zienswijzen' })).toEqual(['b-1']);
    expect(await ids({ zoek: 'lokale consultatie' })).toEqual([]);
    expect(await ids({ zoek: 'plan van aanpak' })).toEqual(['b-3']);
  });

  it('shows what was decided, rectified or withdrawn since a date', async () => {
    expect(await ids({ sinds: '2025-10-16' })).toEqual(['b-2', 'b-1']);
    expect(await ids({ sinds: '2025-10-21' })).toEqual(['b-2']);
    expect(await ids({ sinds: '2025-10-23' })).toEqual([]);
  });

  it('shows the list as it was recorded at an instant, not as decided by then', async () => {
    const toen = await listBesluiten(db, { bekendOp: '2025-10-13T10:02:00.000Z' });
    expect(toen.items.map((b) => [b.besluitId, b.besluittekst, b.status])).toEqual([
      ['b-1', TEKST_1, 'genomen'],
      ['b-3', 'Het plan van aanpak wordt vastgesteld.', 'genomen'],
    ]);
    // Decided on 12 March but only recorded on the 14th.
    expect(await ids({ bekendOp: '2025-03-13' })).toEqual([]);
    expect(await ids({ bekendOp: '2025-10-19', zoek: 'lokale consultatie' })).toEqual(['b-1']);
  });

  it('gives one besluit with every version, the original kept', async () => {
    const besluit = await getBesluit(db, 'b-1');
    expect(besluit).toMatchObject({ vergaderdatum: '2025-10-08', vergaderingTitel: 'Bestuurscommissie Maatschappij', amendementen: [] });
    expect(besluit?.stemming?.uitslag).toMatchObject({ uitslag: 'aangenomen', gewogen: { voor: 3, tegen: 1 } });
    const positie = (type: string) => log.events.find((e) => e.type === type && (e.data as { besluitId?: string }).besluitId === 'b-1')?.globalPosition;
    expect(besluit?.versies).toEqual([
      {
        versie: 1,
        soort: 'origineel',
        uitkomst: 'voorgenomen-besluit',
        besluittekst: TEKST_1,
        door: { id: 'griffier-1', role: 'secretariaat', displayName: 'Griffier A' },
        globalPosition: positie('BesluitGenomen'),
        recordedAt: '2025-10-13T10:00:00.000Z',
        occurredAt: '2025-10-08T00:00:00.000Z',
      },
      {
        versie: 2,
        soort: 'rectificatie',
        uitkomst: 'voorgenomen-besluit',
        besluittekst: TEKST_1_GECORRIGEERD,
        reden: 'Verkeerde consultatievorm genoteerd.',
        gewijzigd: ['besluittekst'],
        door: { id: 'griffier-1', role: 'secretariaat', displayName: 'Griffier A' },
        globalPosition: positie('BesluitGerectificeerd'),
        recordedAt: '2025-10-20T08:00:00.000Z',
        occurredAt: '2025-10-20T08:00:00.000Z',
      },
    ]);
    expect((await getBesluit(db, 'b-1', { bekendOp: '2025-10-19' }))?.versies).toHaveLength(1);
  });

  it('keeps a withdrawn besluit with its reason', async () => {
    const besluit = await getBesluit(db, 'b-2');
    expect(besluit?.status).toBe('ingetrokken');
    expect(besluit?.versies.map((v) => [v.soort, v.reden ?? null, v.besluittekst])).toEqual([
      ['origineel', null, 'De commissie neemt kennis van de winteropvang.'],
      ['intrekking', 'Hoort bij de vergadering van november.', 'De commissie neemt kennis van de winteropvang.'],
    ]);
  });

  it('gives the besluitenlijst of a meeting in agenda order, with adoption and publication', async () => {
    const lijst = await besluitenlijst(db, 'bc-1');
    expect(lijst).toMatchObject({
      gremium: 'bestuurscommissie-maatschappij',
      datum: '2025-10-08',
      vastgesteldOp: '2025-10-15',
      publicerenUiterlijk: '2025-10-29',
      publicatie: { datum: '2025-10-20', url: 'https://open.example.org/bc-1.pdf', ketenkop: 'sha256:kop', tijdig: true, diwoo: { officieleTitel: 'Besluitenlijst Bestuurscommissie Maatschappij 2025-10-08' } },
    });
    expect(lijst?.agendapunten.map((a) => [a.volgnummer, a.besluit?.besluitId, a.besluit?.status])).toEqual([
      [1, 'b-1', 'gerectificeerd'],
      [2, 'b-2', 'ingetrokken'],
    ]);
    expect(lijst?.agendapunten[0].voorstel?.documenten[0].hash).toBe('sha256:aa');
  });

  it('answers nothing for unknown ids', async () => {
    expect(await getBesluit(db, 'b-onbekend')).toBeUndefined();
    expect(await besluitenlijst(db, 'v-onbekend')).toBeUndefined();
  });

  it('rebuilds to the same result after a reset', async () => {
    const voor = await listBesluiten(db);
    await besluitenProjection.reset(db);
    await besluitenProjection.migrate(db);
    await db.transaction((tx) => besluitenProjection.apply(tx, log.events));
    expect(await listBesluiten(db)).toEqual(voor);
  });
});
