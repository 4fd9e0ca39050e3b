import fc from 'fast-check';
import { PgliteDatabase, createPgliteDatabase } from '../../../database/src';
import { verifyStreamChain } from '../hash';
import { WrongExpectedVersionError } from '../errors';
import { NewEvent } from '../types';
import { SqlEventStore, StreamHeads } from './sql-event-store';

const event = (n: number, data: unknown = { n }): NewEvent => ({
  type: 'MijlpaalVerschoven',
  data,
  metadata: { actor: { id: 'test-projectleider', role: 'projectleider' }, correlationId: `c-${n}` },
});

describe('StreamHeads: what a store remembers of stream heads', () => {
  it('keeps the latest version it heard of, forgets a predicted one that did not come, and stays bounded', () => {
    const heads = new StreamHeads(2);
    heads.learn('kader-a', 3, 'h3');
    heads.learn('kader-a', 2, 'h2');
    expect(heads.get('kader-a')).toEqual({ version: 3, hash: 'h3' });
    heads.forget('kader-a', 2);
    expect(heads.get('kader-a')).toEqual({ version: 3, hash: 'h3' });
    heads.forget('kader-a', 3);
    expect(heads.get('kader-a')).toBeUndefined();

    heads.learn('kader-a', 1, 'a1');
    heads.learn('kader-b', 1, 'b1');
    heads.get('kader-a');
    heads.learn('kader-c', 1, 'c1');
    expect(heads.size).toBe(2);
    expect(heads.get('kader-b')).toBeUndefined();
    expect(heads.get('kader-a')).toEqual({ version: 1, hash: 'a1' });
  });
});

// Two stores on one database stand for two api processes: each remembers heads the other moved.
describe('SqlEventStore chains on the head it remembers, and on the stored head when that is stale', () => {
  let db: PgliteDatabase;
  let run = 0;
  let one: SqlEventStore;
  let other: SqlEventStore;

  beforeAll(async () => {
    db = await createPgliteDatabase();
  }, 60_000);
  afterAll(async () => {
    await db?.close();
  });
  beforeEach(async () => {
    const schema = `heads_${++run}`;
    await db.query(`CREATE SCHEMA ${schema}`);
    await db.query(`SET search_path TO ${schema}`);
    one = new SqlEventStore(db);
    other = new SqlEventStore(db);
    await one.migrate();
  });

  it('appends at the right version after another process moved the stream, refuses the stale one', async () => {
    await one.appendToStream('kader-1', [event(1)], { expectedVersion: 'no_stream' });
    await other.appendToStream('kader-1', [event(2)], { expectedVersion: 1 });

    await expect(one.appendToStream('kader-1', [event(3)], { expectedVersion: 1 })).rejects.toMatchObject({ actual: 2 });
    const written = await one.appendToStream('kader-1', [event(3), event(4)], { expectedVersion: 2 });
    expect(written.events.map((e) => e.version)).toEqual([3, 4]);
    expect(verifyStreamChain(await other.readStream('kader-1'))).toEqual({ valid: true });
  });

  it('appends with any on a stream that moved behind its back, on the stored head', async () => {
    await one.appendToStream('kader-2', [event(1)], { expectedVersion: 'no_stream' });
    await other.appendToStream('kader-2', [event(2)], { expectedVersion: 'any' });
    const written = await one.appendToStream('kader-2', [event(3)], { expectedVersion: 'any' });
    expect(written.events[0].version).toBe(3);
    const stored = await other.readStream('kader-2');
    expect(written.events[0].prevHash).toBe(stored[1].hash);
    expect(verifyStreamChain(stored)).toEqual({ valid: true });
  });

  it('chains to the stream row when the hash it remembers for that version is not the stored one', async () => {
    await one.appendToStream('kader-3', [event(1)], { expectedVersion: 'no_stream' });
    // As after a restore: same version, another last hash than this process wrote.
    await db.query(`UPDATE streams SET last_hash = repeat('0', 64) WHERE stream_id = 'kader-3'`);
    const written = await one.appendToStream('kader-3', [event(2)], { expectedVersion: 1 });
    expect(written.events[0].prevHash).toBe('0'.repeat(64));
    expect((await other.readStream('kader-3'))[1].prevHash).toBe('0'.repeat(64));
  });

  it('refuses stream_exists on a missing stream without creating it', async () => {
    await expect(one.appendToStream('kader-4', [event(1)], { expectedVersion: 'stream_exists' })).rejects.toBeInstanceOf(WrongExpectedVersionError);
    expect(await other.readStream('kader-4')).toEqual([]);
  });

  it('stores hashes that a reader recomputes from what the database gives back, for any JSON', async () => {
    const text = fc.string().filter((s) => !s.includes('\u0000'));
    const json = fc.letrec((tie) => ({
      value: fc.oneof(
        { depthSize: 'small' },
        text, fc.double({ noNaN: true, noDefaultInfinity: true }), fc.integer(), fc.boolean(), fc.constant(null),
        fc.array(tie('value'), { maxLength: 4 }),
        fc.dictionary(text, tie('value'), { maxKeys: 4 }),
      ),
    })).value;
    let n = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(json, { minLength: 1, maxLength: 3 }), async (datas) => {
        const stream = `kader-p${++n}`;
        await one.appendToStream(stream, datas.map((d, i) => event(i, { d })), { expectedVersion: 'no_stream' });
        await one.appendToStream(stream, [event(9, { d: datas[0] })], { expectedVersion: datas.length });
        expect(verifyStreamChain(await other.readStream(stream))).toEqual({ valid: true });
      }),
      { numRuns: 40 },
    );
  });

  it('announces the first append at once and the rest of a busy spell in one NOTIFY with the highest position', async () => {
    const heard: number[] = [];
    const unlisten = await db.listen!('kaderflow_events', (payload) => heard.push(Number(payload)));
    const busy = new SqlEventStore(db, { notifyGapMs: 60_000 });
    const first = await busy.appendToStream('kader-n', [event(1)], { expectedVersion: 'no_stream' });
    let last = first;
    for (let v = 1; v < 10; v++) last = await busy.appendToStream('kader-n', [event(v + 1)], { expectedVersion: v });
    for (let i = 0; i < 50 && heard.length === 0; i++) await new Promise((r) => setTimeout(r, 10));
    expect(heard).toEqual([first.lastPosition]);
    // Closing sends what waited for its gap.
    await busy.close();
    for (let i = 0; i < 50 && heard.length < 2; i++) await new Promise((r) => setTimeout(r, 10));
    await unlisten();
    expect(heard).toEqual([first.lastPosition, last.lastPosition]);
  });
});
