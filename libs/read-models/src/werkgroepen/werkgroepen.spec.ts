import { createPgliteDatabase, PgliteDatabase } from '../../../database/src';
import { StoredEvent } from '../../../event-store/src';
import { WerkgroepCommand, werkgroepDecider, WerkgroepEvent, werkgroepStreamId } from '../../../domain/src/werkgroepen';
import { werkgroepenProjection } from './projection';
import { getWerkgroep, listActiepunten, listWerkgroepen } from './queries';

/** Runs commands through the decider and keeps what a store would have stored. */
class Log {
  readonly events: StoredEvent[] = [];
  run(werkgroepId: string, type: WerkgroepCommand['type'], data: object, now: string) {
    const streamId = werkgroepStreamId(werkgroepId);
    const past = this.events.filter((e) => e.streamId === streamId);
    const state = past.map((e) => ({ type: e.type, data: e.data }) as WerkgroepEvent).reduce(werkgroepDecider.evolve, werkgroepDecider.initialState);
    const command = { type, data: { werkgroepId, ...data }, metadata: { now, actor: { id: 'u-pl', role: 'projectleider' } } } as WerkgroepCommand;
    werkgroepDecider.decide(command, state).forEach((event, i) => {
      const globalPosition = this.events.length + 1;
      this.events.push({
        eventId: `e-${globalPosition}`, streamId, version: past.length + i + 1, globalPosition, type: event.type, schemaVersion: 1, data: event.data,
        metadata: { actor: command.metadata.actor, correlationId: `c-${globalPosition}` }, occurredAt: now, recordedAt: now, hash: `h-${globalPosition}`, prevHash: null,
      });
    });
  }
}

describe('read model werkgroepen', () => {
  let db: PgliteDatabase;
  beforeAll(async () => {
    db = await createPgliteDatabase();
    await werkgroepenProjection.migrate(db);
    const log = new Log();
    log.run('pg', 'StelWerkgroepIn', {
      kaderId: 'kader-2026', soort: 'projectgroep', naam: 'Projectgroep beleidskader', opdracht: 'Concept-kader schrijven', startdatum: '2025-03-01',
      leden: [{ lidId: 'lid-1', rol: 'beleidsadviseur', organisatie: 'GM0546' }, { lidId: 'lid-2', rol: 'programmamanager', organisatie: 'rijnstreek' }],
    }, '2025-03-01T09:00:00Z');
    log.run('wg-wonen', 'StelWerkgroepIn', { kaderId: 'kader-2026', soort: 'werkgroep', naam: 'Werkgroep wonen', opdracht: 'Huisvesting kwetsbare doelgroepen', startdatum: '2025-02-01' }, '2025-03-02T09:00:00Z');
    log.run('pg', 'MaakActiepuntAan', { actiepuntId: 'ap-1', omschrijving: 'Woonzorgvisies verzamelen', eigenaar: { lidId: 'lid-1' }, deadline: '2025-04-01', vergaderingId: 'vg-1' }, '2025-03-05T10:00:00Z');
    log.run('pg', 'MaakActiepuntAan', { actiepuntId: 'ap-2', omschrijving: 'ETHOS-telling samenvatten', eigenaar: { lidId: 'lid-2' }, deadline: '2025-04-10' }, '2025-03-05T10:01:00Z');
    log.run('pg', 'MaakActiepuntAan', { actiepuntId: 'ap-3', omschrijving: 'Bekostigingsmodel toelichten', eigenaar: { rol: 'coordinator', organisatie: 'holland-rijnland' }, deadline: '2025-04-05' }, '2025-03-05T10:02:00Z');
    log.run('pg', 'VerschuifActiepunt', { actiepuntId: 'ap-2', deadline: '2025-05-01', reden: 'Telling nog niet gepubliceerd' }, '2025-04-01T09:00:00Z');
    log.run('pg', 'WijsActiepuntToe', { actiepuntId: 'ap-2', eigenaar: { lidId: 'lid-1' }, reden: 'Verlof' }, '2025-04-02T09:00:00Z');
    log.run('pg', 'MeldActiepuntGereed', { actiepuntId: 'ap-3' }, '2025-04-03T09:00:00Z');
    log.run('pg', 'VerwijderLid', { lidId: 'lid-2', reden: 'Andere functie' }, '2025-04-04T09:00:00Z');
    log.run('wg-wonen', 'HefWerkgroepOp', { datum: '2025-06-01', reden: 'Opdracht afgerond' }, '2025-06-01T09:00:00Z');
    expect(log.events).toHaveLength(12);
    await db.transaction((tx) => werkgroepenProjection.apply(tx, log.events));
  });
  afterAll(() => db.close());

  it('lists the projectgroep first, with current members and open actiepunten', async () => {
    const lijst = await listWerkgroepen(db, { kaderId: 'kader-2026' });
    expect(lijst.map((w) => [w.naam, w.status, w.aantalLeden, w.openActiepunten])).toEqual([
      ['Projectgroep beleidskader', 'actief', 1, 2],
      ['Werkgroep wonen', 'opgeheven', 0, 0],
    ]);
    expect(lijst[1]).toMatchObject({ opgehevenOp: '2025-06-01', redenOpheffing: 'Opdracht afgerond' });
    expect(await listWerkgroepen(db, { kaderId: 'kader-2026', status: 'actief' })).toHaveLength(1);
  });

  it('shows a werkgroep with its members by role and organisation only', async () => {
    const pg = await getWerkgroep(db, 'pg');
    expect(pg?.leden).toEqual([{ lidId: 'lid-1', rol: 'beleidsadviseur', organisatie: 'GM0546' }]);
    expect(await getWerkgroep(db, 'onbekend')).toBeUndefined();
  });

  it('derives te-laat from today and keeps the history counters', async () => {
    const lijst = await listActiepunten(db, { kaderId: 'kader-2026', vandaag: '2025-04-15' });
    expect(lijst.map((a) => [a.actiepuntId, a.status, a.deadline])).toEqual([
      ['ap-1', 'te-laat', '2025-04-01'],
      ['ap-3', 'gereed', '2025-04-05'],
      ['ap-2', 'open', '2025-05-01'],
    ]);
    expect(lijst.find((a) => a.actiepuntId === 'ap-2')).toMatchObject({ eigenaar: { lidId: 'lid-1' }, oorspronkelijkeDeadline: '2025-04-10', keerVerschoven: 1, keerToegewezen: 1 });
    expect(lijst[0]).toMatchObject({ vergaderingId: 'vg-1' });
  });

  it('filters on derived status and on a member', async () => {
    expect((await listActiepunten(db, { vandaag: '2025-04-15', status: 'te-laat' })).map((a) => a.actiepuntId)).toEqual(['ap-1']);
    expect((await listActiepunten(db, { vandaag: '2025-03-15', status: 'te-laat' }))).toEqual([]);
    expect((await listActiepunten(db, { vandaag: '2025-04-15', lidId: 'lid-1', status: 'open' })).map((a) => a.actiepuntId)).toEqual(['ap-2']);
  });

  it('can be reset and rebuilt', async () => {
    await werkgroepenProjection.reset(db);
    await werkgroepenProjection.migrate(db);
    expect(await listWerkgroepen(db)).toEqual([]);
  });
});
