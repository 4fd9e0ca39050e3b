import { createPgliteDatabase, Database } from '../../database/src';
import { Kader, KaderCommand, kaderDecider, KaderEvent, kaderStreamId } from '../../domain/src/kader';
import { fold } from '../../domain/src/shared';
import { SqlEventStore } from '../../event-store/src';
import { handleCommand, PreconditionFailedError } from './handle-command';
import { StreamStates } from './stream-states';

const NOW = '2025-03-03T09:00:00.000Z';
const actor = { id: 'projectleider-1', role: 'projectleider' };
const ctx = (extra: object = {}) => ({ actor, now: NOW, correlationId: 'c-1', ...extra });
const STREAM = kaderStreamId('k-1');
const command = (type: string, data: object) => ({ type, data: { kaderId: 'k-1', ...data }, metadata: { now: NOW, actor } }) as KaderCommand;
const plan = (mijlpaalId: string) => command('PlanMijlpaal', { mijlpaalId, titel: `Mijlpaal ${mijlpaalId}`, fase: 'opdracht', deadline: '2025-06-01', eigenaar: 'projectleider' });

/** Two api copies on one store: `here` remembers states, `elsewhere` writes behind its back. */
describe('handleCommand with remembered stream states', () => {
  let db: Database;
  let store: SqlEventStore;
  let states: StreamStates;
  let reads: number;
  const here = (cmd: KaderCommand, extra: object = {}) => handleCommand(store, kaderDecider, STREAM, cmd, ctx(extra), states);
  const elsewhere = (cmd: KaderCommand) => handleCommand(store, kaderDecider, STREAM, cmd, ctx());

  beforeEach(async () => {
    db = await createPgliteDatabase();
    store = new SqlEventStore(db, { clock: () => new Date(NOW) });
    await store.migrate();
    const read = store.readStream.bind(store);
    reads = 0;
    store.readStream = async (...args) => {
      reads++;
      return read(...args);
    };
    states = new StreamStates();
    await here(command('StartKader', { titel: 'Kader 2026-2032', periode: { van: 2026, tot: 2032 }, opdrachtgever: 'directeurenoverleg' }));
  });
  afterEach(() => db.close());

  it('decides the next command on the remembered state without reading the stream', async () => {
    reads = 0;
    const result = await here(plan('m-1'));
    expect(reads).toBe(0);
    expect(result.versie).toBe(2);
    expect((await store.readStream(STREAM)).map((e) => e.type)).toEqual(['KaderGestart', 'MijlpaalGepland']);
  });

  it('decides again on a fresh read when the stream moved elsewhere, and writes after it', async () => {
    await elsewhere(plan('m-2'));
    const result = await here(plan('m-3'));
    expect(result.versie).toBe(3);
    const events = await store.readStream(STREAM);
    expect(events.map((e) => (e.data as { mijlpaalId?: string }).mijlpaalId)).toEqual([undefined, 'm-2', 'm-3']);
  });

  it('does not refuse what only the remembered state forbids', async () => {
    await elsewhere(plan('m-2'));
    // Here the mijlpaal is unknown; the stream knows it.
    const result = await here(command('BehaalMijlpaal', { mijlpaalId: 'm-2', behaaldOp: '2025-03-01' }));
    expect(result.versie).toBe(3);
    expect(result.events.map((e) => e.type)).toEqual(['MijlpaalBehaald']);
  });

  it('honours an If-Match of the stream\'s real version though the remembered one is older, and refuses a stale one', async () => {
    await elsewhere(plan('m-2'));
    await expect(here(plan('m-3'), { ifMatch: 2 })).resolves.toMatchObject({ versie: 3 });
    await expect(here(plan('m-4'), { ifMatch: 2 })).rejects.toBeInstanceOf(PreconditionFailedError);
  });

  it('still refuses what the stream itself forbids', async () => {
    await expect(here(command('BehaalMijlpaal', { mijlpaalId: 'm-onbekend', behaaldOp: '2025-03-01' }))).rejects.toThrow();
    expect((await store.readStream(STREAM)).length).toBe(1);
  });

  it('goes on from the remembered state in place: the mijlpalen are not copied again for every command', async () => {
    await here(plan('m-1'));
    const mijlpalen = (states.get(kaderDecider, STREAM)!.state as Kader).mijlpalen;
    await here(plan('m-2'));
    await here(command('VerschuifMijlpaal', { mijlpaalId: 'm-1', nieuweDeadline: '2025-07-01', reden: 'Later' }));
    const remembered = states.get(kaderDecider, STREAM)!.state as Kader;
    expect(remembered.mijlpalen).toBe(mijlpalen);
    expect(remembered).toEqual(fold(kaderDecider, (await store.readStream(STREAM)).map((e) => ({ type: e.type, data: e.data }) as KaderEvent)));
  });

  it('keeps the remembered state true when commands on one stream come at once in one process', async () => {
    const results = await Promise.all(Array.from({ length: 3 }, (_, i) => here(plan(`m-race-${i}`))));
    expect(results.map((r) => r.versie).sort((a, b) => a - b)).toEqual([2, 3, 4]);
    const stored = (await store.readStream(STREAM)).map((e) => ({ type: e.type, data: e.data }) as KaderEvent);
    reads = 0;
    await here(plan('m-daarna'));
    expect(reads).toBe(0);
    const events = [...stored, ...(await store.readStream(STREAM, { from: 5 })).map((e) => ({ type: e.type, data: e.data }) as KaderEvent)];
    expect(states.get(kaderDecider, STREAM)!.state).toEqual(fold(kaderDecider, events));
    expect(Object.keys((states.get(kaderDecider, STREAM)!.state as Kader).mijlpalen)).toHaveLength(4);
  });

  it('takes commands on one stream in one process in turn: a burst on one kader all lands, each decided on the state the one before left', async () => {
    const appends = jest.spyOn(store, 'appendToStream');
    reads = 0;
    const results = await Promise.all(Array.from({ length: 12 }, (_, i) => here(plan(`m-burst-${i}`))));
    expect(results.map((r) => r.versie)).toEqual(Array.from({ length: 12 }, (_, i) => i + 2));
    // None refused and decided again: one append each, and the stream never read.
    expect(appends).toHaveBeenCalledTimes(12);
    expect(reads).toBe(0);
    expect(Object.keys((states.get(kaderDecider, STREAM)!.state as Kader).mijlpalen)).toHaveLength(12);
  });

  it('lets the next in turn go on when a command before it is refused', async () => {
    const [refused, planned] = await Promise.allSettled([
      here(command('BehaalMijlpaal', { mijlpaalId: 'm-onbekend', behaaldOp: '2025-03-01' })),
      here(plan('m-na-weigering')),
    ]);
    expect(refused.status).toBe('rejected');
    expect(planned).toMatchObject({ status: 'fulfilled', value: { versie: 2 } });
    expect(states.underWay).toBe(0);
  });

  it('keeps deciding again while another writer wins several races in a row, and then lands', async () => {
    let stolen = 0;
    const append = store.appendToStream.bind(store);
    store.appendToStream = async (streamId, events, options) => {
      // Right before each of this command's appends, another api copy writes to the stream first.
      if (stolen < 4 && (events[0]?.data as { mijlpaalId?: string }).mijlpaalId === 'm-taai') await elsewhere(plan(`m-ander-${++stolen}`));
      return append(streamId, events, options);
    };
    const result = await here(plan('m-taai'));
    expect(stolen).toBe(4);
    expect(result.versie).toBe(6);
    expect((await store.readStream(STREAM)).map((e) => (e.data as { mijlpaalId?: string }).mijlpaalId).slice(1)).toEqual(['m-ander-1', 'm-ander-2', 'm-ander-3', 'm-ander-4', 'm-taai']);
  });

  it('forgets the least recently used streams beyond its limit', () => {
    const small = new StreamStates(2);
    for (const id of ['a', 'b', 'c']) small.set(kaderDecider, id, { state: {}, version: 1, position: 1, evolve: kaderDecider.evolve });
    expect(small.size).toBe(2);
    expect(small.get(kaderDecider, 'a')).toBeUndefined();
    expect(small.get(kaderDecider, 'c')).toBeDefined();
  });
});
