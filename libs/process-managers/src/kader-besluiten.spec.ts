import { handleCommand } from '../../application/src';
import { createPgliteDatabase, Database } from '../../database/src';
import { vergaderingDecider, VergaderingCommand, vergaderingStream } from '../../domain/src/besluitvorming';
import { kaderDecider, kaderStreamId } from '../../domain/src/kader';
import { SqlEventStore } from '../../event-store/src';
import { KaderBesluitenReactor } from './kader-besluiten';

const NOW = '2025-10-20T09:00:00.000Z';
const secretaris = { id: 'secretaris-bc', role: 'secretaris', organisation: 'bestuurscommissie-maatschappij' };
const ctx = (correlationId: string) => ({ actor: secretaris, now: NOW, correlationId });

describe('KaderBesluitenReactor', () => {
  let db: Database;
  let store: SqlEventStore;

  beforeEach(async () => {
    db = await createPgliteDatabase();
    store = new SqlEventStore(db, { clock: () => new Date(NOW) });
    await store.migrate();
    await handleCommand(store, kaderDecider, kaderStreamId('k-1'), {
      type: 'StartKader',
      data: { kaderId: 'k-1', titel: 'Kader 2026-2032', periode: { van: 2026, tot: 2032 }, opdrachtgever: 'directeurenoverleg' },
      metadata: { now: NOW, actor: { id: 'directeur-1', role: 'directeur' } },
    }, ctx('start'));
  });
  afterEach(() => db.close());

  const vergadering = (command: Omit<VergaderingCommand, 'metadata'>, id = 'bc-1') =>
    handleCommand(store, vergaderingDecider, vergaderingStream(id), { ...command, metadata: { now: NOW, actor: secretaris } } as VergaderingCommand, {
      ...ctx(`corr-${command.type}`),
      ...(command.type === 'NeemBesluit' ? { occurredAt: `${(command.data as { datum: string }).datum}T00:00:00.000Z` } : {}),
    });

  const besluitOpConcept = async (gremium = 'bestuurscommissie-maatschappij', id = 'bc-1') => {
    await vergadering({ type: 'PlanVergadering', data: { vergaderingId: id, gremium: gremium as never, datum: '2025-10-08', titel: 'Vergadering' } }, id);
    await vergadering({ type: 'VoegAgendapuntToe', data: { agendapuntId: 'ap-1', volgnummer: 1, titel: 'Concept-kader', kaderId: 'k-1', onderwerp: 'concept-kader' } }, id);
    return vergadering({ type: 'NeemBesluit', data: { besluitId: `b-${id}`, agendapuntId: 'ap-1', uitkomst: 'voorgenomen-besluit', besluittekst: 'Voorgenomen besluit.', datum: '2025-10-08' } }, id);
  };

  it('links a besluit to its kader, caused by the besluit event and in the same correlation', async () => {
    const genomen = await besluitOpConcept();
    const reactor = new KaderBesluitenReactor(db, store);
    await reactor.migrate();
    await reactor.catchUp();
    const kader = await store.readStream(kaderStreamId('k-1'));
    const gekoppeld = kader.find((e) => e.type === 'BesluitGekoppeld')!;
    expect(gekoppeld.data).toMatchObject({ besluitId: 'b-bc-1', gremium: 'bestuurscommissie-maatschappij', uitkomst: 'voorgenomen-besluit' });
    expect(gekoppeld.metadata).toMatchObject({ causationId: genomen.events[0].eventId, correlationId: 'corr-NeemBesluit', actor: { id: 'secretaris-bc' } });
    expect(gekoppeld.occurredAt).toBe('2025-10-08T00:00:00.000Z');
    expect(reactor.position()).toBe(await store.headPosition());
  });

  it('writes nothing twice when it restarts from an old checkpoint after a crash', async () => {
    await besluitOpConcept();
    const first = new KaderBesluitenReactor(db, store);
    await first.migrate();
    await first.catchUp();
    await db.query("UPDATE process_manager_checkpoints SET position = 0 WHERE name = 'kader-besluiten'");
    const again = new KaderBesluitenReactor(db, store);
    await again.migrate();
    await again.catchUp();
    const kader = await store.readStream(kaderStreamId('k-1'));
    expect(kader.filter((e) => e.type === 'BesluitGekoppeld')).toHaveLength(1);
  });

  it('moves its checkpoint once for a batch of events it does not react to', async () => {
    for (let i = 0; i < 5; i++) await store.appendToStream('telling-1', [{ type: 'Geteld', data: { i }, metadata: { actor: secretaris, correlationId: 'c' } }], { expectedVersion: 'any' });
    const statements: string[] = [];
    const counted: Database = { ...db, kind: db.kind, query: (text, params) => { statements.push(text); return db.query(text, params); } };
    const reactor = new KaderBesluitenReactor(counted, store);
    await reactor.migrate();
    statements.length = 0;
    await reactor.catchUp();
    expect(statements.filter((s) => s.startsWith('UPDATE process_manager_checkpoints'))).toHaveLength(1);
    expect(reactor.position()).toBe(await store.headPosition());
  });

  it('reads only the vergadering events, not the kaders\' many others nor its own writes', async () => {
    for (let i = 0; i < 30; i++) {
      await handleCommand(store, kaderDecider, kaderStreamId('k-1'), {
        type: 'PlanMijlpaal',
        data: { kaderId: 'k-1', mijlpaalId: `m-${i}`, titel: `Mijlpaal ${i}`, fase: 'opdracht', deadline: '2025-12-01', eigenaar: 'projectleider' },
        metadata: { now: NOW, actor: { id: 'projectleider-1', role: 'projectleider' } },
      }, ctx(`plan-${i}`));
    }
    await besluitOpConcept();
    const read: string[] = [];
    const readAll = store.readAll.bind(store);
    store.readAll = async (options) => {
      const events = await readAll(options);
      read.push(...events.map((e) => e.type));
      return events;
    };
    const reactor = new KaderBesluitenReactor(db, store, { batchSize: 2 });
    await reactor.migrate();
    await reactor.catchUp();
    expect(read).toEqual(['VergaderingGepland', 'AgendapuntToegevoegd', 'BesluitGenomen']);
    expect((await store.readStream(kaderStreamId('k-1'))).map((e) => e.type)).toContain('BesluitGekoppeld');
    expect(reactor.position()).toBe(await store.headPosition());
  });

  it('records a refusal by the kader and keeps going with later besluiten', async () => {
    // A withdrawal for a besluit the kader never saw: the kader refuses it.
    await vergadering({ type: 'PlanVergadering', data: { vergaderingId: 'x-1', gremium: 'directeurenoverleg', datum: '2025-10-01', titel: 'DO' } }, 'x-1');
    await vergadering({ type: 'VoegAgendapuntToe', data: { agendapuntId: 'ap-1', volgnummer: 1, titel: 'Ander kader', kaderId: 'bestaat-niet', onderwerp: 'plan-van-aanpak' } }, 'x-1');
    await vergadering({ type: 'NeemBesluit', data: { besluitId: 'b-x', agendapuntId: 'ap-1', uitkomst: 'vastgesteld', besluittekst: 'Vastgesteld.', datum: '2025-10-01' } }, 'x-1');
    await besluitOpConcept();
    const reactor = new KaderBesluitenReactor(db, store);
    await reactor.migrate();
    await reactor.catchUp();
    const failures = await reactor.failures();
    expect(failures).toHaveLength(1);
    expect(failures[0]).toMatchObject({ commandType: 'KoppelBesluit', kaderId: 'bestaat-niet', code: 'kader-niet-gevonden' });
    expect((await store.readStream(kaderStreamId('k-1'))).map((e) => e.type)).toContain('BesluitGekoppeld');
  });

  it('waitFor resolves once the besluit is handled when running', async () => {
    const reactor = new KaderBesluitenReactor(db, store, { pollMs: 10 });
    await reactor.migrate();
    reactor.start();
    try {
      const genomen = await besluitOpConcept();
      expect(await reactor.waitFor(genomen.positie, 3000)).toBe(true);
      expect(reactor.lastWritten()).toBeGreaterThan(genomen.positie);
    } finally {
      await reactor.stop();
    }
  });
});
