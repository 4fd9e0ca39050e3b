import { createPgliteDatabase, PgliteDatabase } from '../../../database/src';
import { StoredEvent } from '../../../event-store/src';
import { OpgaveCommand, opgaveDecider, OpgaveEvent, opgaveStreamId } from '../../../domain/src/opgaven';
import { opgavenProjection } from './projection';
import { gemeenteOpgaven, getOpgave, listOpgaven, opgavenMatrix, opgavenTelling, opgaveVoortgang, plaatsingsHistorie } from './queries';

/** Runs commands through the decider and keeps what a store would have stored. */
class Log {
  readonly events: StoredEvent[] = [];
  run(opgaveId: string, type: OpgaveCommand['type'], data: object, now: string) {
    const streamId = opgaveStreamId(opgaveId);
    const past = this.events.filter((e) => e.streamId === streamId);
    const state = past.map((e) => ({ type: e.type, data: e.data }) as OpgaveEvent).reduce(opgaveDecider.evolve, opgaveDecider.initialState);
    const command = { type, data: { opgaveId, ...data }, metadata: { now, actor: { id: 'u-pl', role: 'projectleider' } } } as OpgaveCommand;
    opgaveDecider.decide(command, state).forEach((event, i) => {
      const globalPosition = this.events.length + 1;
      this.events.push({
        eventId: `e-${globalPosition}`, streamId, version: past.length + i + 1, globalPosition, type: event.type, schemaVersion: 1, data: event.data,
        metadata: { actor: command.metadata.actor, correlationId: `c-${globalPosition}` }, occurredAt: now, recordedAt: now, hash: `h-${globalPosition}`, prevHash: null,
      });
    });
  }
}

const K = 'kader-2026';
const motivering = { gronden: ['onbetaalbaar'], toelichting: 'Te klein voor één gemeente' };

describe('read model opgaven', () => {
  let db: PgliteDatabase;
  beforeAll(async () => {
    db = await createPgliteDatabase();
    await opgavenProjection.migrate(db);
    const log = new Log();
    const vast = (id: string, titel: string, thema: string, plaatsing: object) =>
      log.run(id, 'LegOpgaveVast', { kaderId: K, titel, omschrijving: `${titel}.`, thema, ...plaatsing }, '2025-05-01T09:00:00Z');
    vast('preventie-katwijk', 'Vroegsignalering', 'preventie', { gemeenten: ['GM0537'] });
    vast('skaeve-huse', 'Scheve huisjes', 'huisvesting-kwetsbare-doelgroepen', { gemeenten: ['GM0537', 'GM0553'] });
    vast('opvang-dbs', 'Decentrale opvang', 'maatschappelijke-opvang', { gemeenten: ['GM0537'] });
    log.run('opvang-dbs', 'VerplaatsOpgave', { schaalniveau: 'subregionaal', subregio: 'duin-en-bollenstreek', motivering, reden: 'Projectgroep 12 mei' }, '2025-05-12T09:00:00Z');
    vast('bw-regio', 'Beschermd wonen 24-uurs toezicht', 'beschermd-wonen', { schaalniveau: 'regionaal', motivering: { gronden: ['schadelijk-voor-clienten'], toelichting: 'Specialistisch' } });
    vast('preventie-leiden', 'Preventie GGZ', 'preventie', { gemeenten: ['GM0546'] });
    log.run('opvang-dbs', 'StelDoel', { omschrijving: 'Decentrale opvangplekken', eenheden: [{ eenheid: 'plekken-alleenstaanden', aantal: 12 }, { eenheid: 'plekken-gezinnen', aantal: 2 }] }, '2025-05-13T09:00:00Z');
    const meld = (realisatieId: string, gemeente: string, datum: string, eenheden: object[]) => log.run('opvang-dbs', 'MeldRealisatie', { realisatieId, gemeente, datum, eenheden }, '2025-05-20T09:00:00Z');
    meld('r-katwijk', 'GM0537', '2024-06-01', [{ eenheid: 'plekken-alleenstaanden', aantal: 4 }, { eenheid: 'plekken-gezinnen', aantal: 1 }]);
    meld('r-teylingen', 'GM1525', '2024-09-01', [{ eenheid: 'plekken-alleenstaanden', aantal: 3 }, { eenheid: 'plekken-gezinnen', aantal: 2 }]);
    meld('r-hillegom', 'GM0534', '2025-02-01', [{ eenheid: 'plekken-alleenstaanden', aantal: 1 }]);
    meld('r-fout', 'GM0553', '2025-03-01', [{ eenheid: 'plekken-alleenstaanden', aantal: 9 }]);
    log.run('opvang-dbs', 'TrekRealisatieIn', { realisatieId: 'r-fout', reden: 'Verkeerde opgave' }, '2025-05-21T09:00:00Z');
    log.run('anders', 'LegOpgaveVast', { kaderId: 'ander-kader', titel: 'Elders', omschrijving: '', thema: 'preventie', gemeenten: ['GM0537'] }, '2025-05-01T09:00:00Z');
    expect(log.events).toHaveLength(13);
    await db.transaction((tx) => opgavenProjection.apply(tx, log.events));
  });
  afterAll(() => db.close());

  it('shows the matrix by level and holder: region, 3 subregio\'s, 13 gemeenten', async () => {
    const matrix = await opgavenMatrix(db, K);
    expect(matrix.regionaal.map((o) => o.opgaveId)).toEqual(['bw-regio']);
    expect(matrix.subregionaal.map((s) => [s.subregio, s.opgaven.map((o) => o.opgaveId)])).toEqual([
      ['leidse-regio', []],
      ['duin-en-bollenstreek', ['opvang-dbs']],
      ['rijnstreek', []],
    ]);
    expect(matrix.lokaal).toHaveLength(13);
    const katwijk = matrix.lokaal.find((g) => g.gemeente === 'GM0537')!;
    expect(katwijk.naam).toBe('Katwijk');
    expect(katwijk.opgaven.map((o) => o.opgaveId)).toEqual(['skaeve-huse', 'preventie-katwijk']);
    expect(matrix.lokaal.find((g) => g.gemeente === 'GM0553')!.opgaven.map((o) => o.opgaveId)).toEqual(['skaeve-huse']);
  });

  it("gives one gemeente's view: what is ours, what we share, with whom", async () => {
    const lisse = await gemeenteOpgaven(db, K, 'GM0553');
    expect(lisse).toMatchObject({ naam: 'Lisse', subregio: 'duin-en-bollenstreek', eigen: [] });
    expect(lisse!.gedeeldLokaal.map((o) => [o.opgaveId, o.samenMet])).toEqual([['skaeve-huse', ['GM0537']]]);
    expect(lisse!.subregionaal.map((o) => [o.opgaveId, o.samenMet])).toEqual([['opvang-dbs', ['GM0534', 'GM0537', 'GM0575', 'GM1525']]]);
    expect(lisse!.regionaal.map((o) => o.opgaveId)).toEqual(['bw-regio']);
    const leiden = await gemeenteOpgaven(db, K, 'GM0546');
    expect(leiden!.eigen.map((o) => o.opgaveId)).toEqual(['preventie-leiden']);
    expect(leiden!.subregionaal).toEqual([]);
    expect(await gemeenteOpgaven(db, K, 'GM9999')).toBeUndefined();
  });

  it('counts per level and per theme', async () => {
    const telling = await opgavenTelling(db, K);
    expect(telling.totaal).toBe(5);
    expect(telling.perSchaalniveau).toEqual({ lokaal: 3, subregionaal: 1, regionaal: 1 });
    expect(telling.perThema.find((t) => t.thema === 'preventie')).toEqual({ thema: 'preventie', lokaal: 2, subregionaal: 0, regionaal: 0, totaal: 2 });
  });

  it('keeps every move in the history, with its motivering', async () => {
    const historie = await plaatsingsHistorie(db, 'opvang-dbs');
    expect(historie).toEqual([
      { soort: 'vastgelegd', plaatsing: { schaalniveau: 'lokaal', gemeenten: ['GM0537'] }, op: '2025-05-01T09:00:00Z', door: { id: 'u-pl', role: 'projectleider' } },
      {
        soort: 'verplaatst', plaatsing: { schaalniveau: 'subregionaal', gemeenten: [], subregio: 'duin-en-bollenstreek' }, motivering, reden: 'Projectgroep 12 mei',
        op: '2025-05-12T09:00:00Z', door: { id: 'u-pl', role: 'projectleider' },
      },
    ]);
    expect(await getOpgave(db, 'opvang-dbs')).toMatchObject({ plaatsing: { schaalniveau: 'subregionaal' }, motivering, doel: { eenheden: [{ eenheid: 'plekken-alleenstaanden', aantal: 12 }, { eenheid: 'plekken-gezinnen', aantal: 2 }] } });
  });

  it('computes progress per gemeente, subregio and region, leaving out withdrawn realisaties', async () => {
    const voortgang = await opgaveVoortgang(db, 'opvang-dbs');
    expect(voortgang!.regio).toEqual([
      { eenheid: 'plekken-alleenstaanden', gerealiseerd: 8, doel: 12, resterend: 4 },
      { eenheid: 'plekken-gezinnen', gerealiseerd: 3, doel: 2, resterend: 0 },
    ]);
    expect(voortgang!.perGemeente.filter((g) => g.eenheden[0].gerealiseerd === 0).map((g) => g.gemeente)).toEqual(['GM0553', 'GM0575']);
    expect((await opgaveVoortgang(db, 'opvang-dbs', '2024-12-31'))!.perSubregio[0].eenheden[0]).toMatchObject({ gerealiseerd: 7, resterend: 5 });
  });

  it('filters the list by level, theme and gemeente', async () => {
    expect((await listOpgaven(db, { kaderId: K, schaalniveau: 'lokaal', thema: 'preventie' })).map((o) => o.opgaveId)).toEqual(['preventie-leiden', 'preventie-katwijk']);
    expect((await listOpgaven(db, { kaderId: K, gemeente: 'GM0484' })).map((o) => o.opgaveId)).toEqual(['bw-regio']);
  });
});
