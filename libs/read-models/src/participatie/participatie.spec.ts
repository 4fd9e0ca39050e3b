import { createPgliteDatabase, PgliteDatabase } from '../../../database/src';
import { StoredEvent } from '../../../event-store/src';
import { ParticipatieCommand, participatieDecider, ParticipatieEvent, participatierondeStreamId } from '../../../domain/src/participatie';
import { participatieProjection } from './projection';
import { listInbreng, participatieKaderOverzicht, participatierondeOverzicht } from './queries';

/** Runs commands through the decider and keeps what a store would have stored. */
class Log {
  readonly events: StoredEvent[] = [];
  run(rondeId: string, type: ParticipatieCommand['type'], data: object, now: string) {
    const streamId = participatierondeStreamId(rondeId);
    const past = this.events.filter((e) => e.streamId === streamId);
    const state = past.map((e) => ({ type: e.type, data: e.data }) as ParticipatieEvent).reduce(participatieDecider.evolve, participatieDecider.initialState);
    const command = { type, data: { rondeId, ...data }, metadata: { now, actor: { id: 'u-pl', role: 'projectleider' } } } as ParticipatieCommand;
    participatieDecider.decide(command, state).forEach((event, i) => {
      const globalPosition = this.events.length + 1;
      this.events.push({
        eventId: `e-${globalPosition}`, streamId, version: past.length + i + 1, globalPosition, type: event.type, schemaVersion: 1, data: event.data,
        metadata: { actor: command.metadata.actor, correlationId: `c-${globalPosition}` }, occurredAt: now, recordedAt: now, hash: `h-${globalPosition}`, prevHash: null,
      });
    });
  }
}

const K = 'kader-2026';

describe('read model participatie', () => {
  let db: PgliteDatabase;
  beforeAll(async () => {
    db = await createPgliteDatabase();
    await participatieProjection.migrate(db);
    const log = new Log();
    const inbreng = (ronde: string, inbrengId: string, partijType: string, organisatie?: string) =>
      log.run(ronde, 'RegistreerInbreng', { inbrengId, bron: { partijType, organisatie }, thema: 'opvang', tekst: `Inbreng ${inbrengId}` }, '2025-04-15T15:00:00Z');
    log.run('r-inv', 'PlanParticipatieronde', { kaderId: K, fase: 'inventarisatie', doel: 'Huidige stand ophalen', vorm: 'interview', datum: '2025-03-20', genodigden: ['zorgaanbieder', 'ervaringsdeskundigen'] }, '2025-03-01T09:00:00Z');
    inbreng('r-inv', 'i-1', 'zorgaanbieder', 'Zorgaanbieder Oost');
    log.run('r-inv', 'BeantwoordInbreng', { inbrengId: 'i-1', uitkomst: 'overgenomen', reden: 'Klopt', verwerking: { kaderdeel: 'inventarisatie' } }, '2025-03-25T09:00:00Z');
    log.run('r-inv', 'SluitParticipatieronde', {}, '2025-03-26T09:00:00Z');

    log.run('r-pu', 'PlanParticipatieronde', { kaderId: K, fase: 'participatie-en-uitwerking', doel: 'Visie toetsen', vorm: 'bijeenkomst', datum: '2025-04-15', genodigden: ['ervaringsdeskundigen', 'inwoners', 'woningcorporatie'] }, '2025-04-01T09:00:00Z');
    inbreng('r-pu', 'i-2', 'ervaringsdeskundigen');
    inbreng('r-pu', 'i-3', 'ervaringsdeskundigen');
    inbreng('r-pu', 'i-4', 'inwoners');
    inbreng('r-pu', 'i-5', 'woningcorporatie', 'Woningcorporatie West');
    log.run('r-pu', 'BeantwoordInbreng', { inbrengId: 'i-2', uitkomst: 'deels-overgenomen', reden: 'Deels', verwerking: { opgaveId: 'opg-1' } }, '2025-04-20T09:00:00Z');
    log.run('r-pu', 'BeantwoordInbreng', { inbrengId: 'i-4', uitkomst: 'niet-overgenomen', reden: 'Buiten het kader' }, '2025-04-20T09:01:00Z');

    log.run('r-other', 'PlanParticipatieronde', { kaderId: 'ander-kader', fase: 'inventarisatie', doel: 'x', vorm: 'enquete', datum: '2025-03-20', genodigden: ['inwoners'] }, '2025-03-01T09:00:00Z');
    await db.transaction((tx) => participatieProjection.apply(tx, log.events));
  });
  afterAll(() => db.close());

  it('summarises one round: from whom, how much answered and how', async () => {
    const ronde = await participatierondeOverzicht(db, 'r-pu');
    expect(ronde).toMatchObject({
      fase: 'participatie-en-uitwerking', status: 'gepland', inbreng: 4, beantwoord: 2, onbeantwoord: 2,
      perUitkomst: { overgenomen: 0, 'deels-overgenomen': 1, 'niet-overgenomen': 1 },
      genodigden: ['ervaringsdeskundigen', 'inwoners', 'woningcorporatie'],
      ervaringsdeskundigenBetrokken: true,
    });
    expect(ronde!.perPartijType.map((p) => [p.partijType, p.inbreng, p.beantwoord])).toEqual([
      ['ervaringsdeskundigen', 2, 1],
      ['inwoners', 1, 1],
      ['woningcorporatie', 1, 0],
    ]);
    expect(await participatierondeOverzicht(db, 'onbekend')).toBeUndefined();
  });

  it('summarises a kader and shows per phase whether ervaringsdeskundigen took part', async () => {
    const kader = await participatieKaderOverzicht(db, K);
    expect(kader).toMatchObject({ inbreng: 5, beantwoord: 3, onbeantwoord: 2 });
    expect(kader.rondes.map((r) => [r.rondeId, r.status])).toEqual([['r-inv', 'gesloten'], ['r-pu', 'gepland']]);
    const fase = (f: string) => kader.perFase.find((p) => p.fase === f);
    expect(fase('inventarisatie')).toEqual({ fase: 'inventarisatie', rondes: 1, ervaringsdeskundigenUitgenodigd: true, ervaringsdeskundigenInbreng: 0, ervaringsdeskundigenBetrokken: false });
    expect(fase('participatie-en-uitwerking')).toMatchObject({ ervaringsdeskundigenInbreng: 2, ervaringsdeskundigenBetrokken: true });
    expect(fase('concept-kader')).toMatchObject({ rondes: 0, ervaringsdeskundigenBetrokken: false });
    expect(kader.perFase).toHaveLength(7);
  });

  it('lists what still needs terugkoppeling, and where answered input landed', async () => {
    expect((await listInbreng(db, { kaderId: K, beantwoord: false })).map((i) => i.inbrengId)).toEqual(['i-3', 'i-5']);
    const [i2] = await listInbreng(db, { rondeId: 'r-pu', beantwoord: true });
    expect(i2).toMatchObject({ inbrengId: 'i-2', bron: { partijType: 'ervaringsdeskundigen' }, terugkoppeling: { uitkomst: 'deels-overgenomen', verwerking: { opgaveId: 'opg-1' } } });
    expect(i2.bron).not.toHaveProperty('organisatie');
  });
});
