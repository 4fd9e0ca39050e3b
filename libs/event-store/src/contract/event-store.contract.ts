import { IdempotencyKeyReusedError, WrongExpectedVersionError } from '../errors';
import { eventHash, verifyStreamChain } from '../hash';
import { AppendOptions, EventStore, NewEvent, StoredEvent } from '../types';

export interface ContractStoreOptions {
  /** The store must take recordedAt from this clock; the suite moves it forward. */
  clock: () => Date;
}

export interface ContractStore {
  store: EventStore;
  cleanup(): Promise<void>;
}

/**
 * The behaviour every EventStore must show. The factory is called once per test and must hand
 * out an empty store (a fresh database, schema or namespace). A bare store is closed as cleanup.
 */
export function describeEventStoreContract(
  name: string,
  factory: (options: ContractStoreOptions) => Promise<ContractStore | EventStore>,
): void {
  describe(`EventStore contract: ${name}`, () => {
    let store: EventStore;
    let cleanup: () => Promise<void>;
    let now: number;
    const clock = () => new Date(now);
    const advance = (ms: number) => (now += ms);

    beforeEach(async () => {
      now = Date.parse('2025-03-03T09:00:00.000Z');
      const made = await factory({ clock });
      if ('appendToStream' in made) {
        store = made;
        cleanup = () => made.close();
      } else {
        store = made.store;
        cleanup = made.cleanup;
      }
    });
    afterEach(async () => {
      await cleanup();
    });

    const actor = { id: 'projectleider-1', role: 'projectleider', displayName: 'Projectleider (fictief)' };
    const event = (type: string, data: Record<string, unknown> = {}, extra: Partial<NewEvent> = {}): NewEvent => ({
      type,
      data,
      metadata: { actor, correlationId: `corr-${type}` },
      ...extra,
    });
    const append = (streamId: string, events: NewEvent[], options: AppendOptions = { expectedVersion: 'any' }) =>
      store.appendToStream(streamId, events, options);
    const uuid = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

    describe('append and read', () => {
      it('returns what was appended, with versions from 1, recordedAt from the clock and occurredAt defaulting to it', async () => {
        const result = await append('mijlpaal-1', [
          event('MijlpaalGepland', { titel: 'Plan van aanpak', deadline: '2025-04-01', nested: { b: 2, a: [1, 'x', null] } }, { eventId: uuid(1) }),
          event('MijlpaalVerschoven', { deadline: '2025-05-01' }, { schemaVersion: 2, occurredAt: '2025-02-20T14:30:00.000Z' }),
        ], { expectedVersion: 'no_stream' });

        const read = await store.readStream('mijlpaal-1');
        expect(read).toEqual(result.events);
        expect(read.map((e) => [e.version, e.type, e.schemaVersion])).toEqual([[1, 'MijlpaalGepland', 1], [2, 'MijlpaalVerschoven', 2]]);
        expect(read[0]).toMatchObject({
          eventId: uuid(1),
          streamId: 'mijlpaal-1',
          data: { titel: 'Plan van aanpak', deadline: '2025-04-01', nested: { b: 2, a: [1, 'x', null] } },
          metadata: { actor, correlationId: 'corr-MijlpaalGepland' },
          recordedAt: '2025-03-03T09:00:00.000Z',
          occurredAt: '2025-03-03T09:00:00.000Z',
        });
        expect(read[1].occurredAt).toBe('2025-02-20T14:30:00.000Z');
        expect(read[1].eventId).toMatch(/^[0-9a-f-]{36}$/);
        expect(result).toMatchObject({ streamId: 'mijlpaal-1', nextExpectedVersion: 2, lastPosition: read[1].globalPosition, replayed: false });
      });

      it('continues the version where the stream stands and reads an unknown stream as empty', async () => {
        await append('actie-1', [event('ActiepuntToegewezen')]);
        const second = await append('actie-1', [event('ActiepuntAfgerond'), event('ActiepuntHeropend')], { expectedVersion: 1 });
        expect(second.nextExpectedVersion).toBe(3);
        expect((await store.readStream('actie-1')).map((e) => e.version)).toEqual([1, 2, 3]);
        expect(await store.readStream('actie-onbekend')).toEqual([]);
      });
    });

    describe('expected version', () => {
      const rejects = async (promise: Promise<unknown>, actual: number) => {
        const error = await promise.then(() => undefined, (e: unknown) => e);
        expect(error).toBeInstanceOf(WrongExpectedVersionError);
        expect((error as WrongExpectedVersionError).actual).toBe(actual);
      };

      it('accepts the exact version and rejects a stale one without writing anything', async () => {
        await append('besluit-1', [event('BesluitVoorgenomen')], { expectedVersion: 0 });
        await append('besluit-1', [event('BesluitGenomen')], { expectedVersion: 1 });
        const before = await store.readAll();

        await rejects(append('besluit-1', [event('BesluitIngetrokken'), event('BesluitGerectificeerd')], { expectedVersion: 1 }), 2);
        await rejects(append('besluit-1', [event('BesluitIngetrokken')], { expectedVersion: 5 }), 2);

        expect(await store.readAll()).toEqual(before);
        expect((await store.readStream('besluit-1')).map((e) => e.type)).toEqual(['BesluitVoorgenomen', 'BesluitGenomen']);
      });

      it('treats 0 and no_stream as "must not exist"', async () => {
        await append('opgave-1', [event('OpgaveGeformuleerd')], { expectedVersion: 'no_stream' });
        await rejects(append('opgave-1', [event('OpgaveGeformuleerd')], { expectedVersion: 'no_stream' }), 1);
        await rejects(append('opgave-1', [event('OpgaveGeformuleerd')], { expectedVersion: 0 }), 1);
        expect(await store.readStream('opgave-1')).toHaveLength(1);
      });

      it('rejects stream_exists on a missing stream (actual 0) and leaves it missing', async () => {
        await rejects(append('werkgroep-1', [event('WerkgroepIngesteld')], { expectedVersion: 'stream_exists' }), 0);
        expect(await store.readStream('werkgroep-1')).toEqual([]);
        expect(await store.headPosition()).toBe(0);

        await append('werkgroep-1', [event('WerkgroepIngesteld')], { expectedVersion: 'no_stream' });
        const appended = await append('werkgroep-1', [event('LidToegevoegd')], { expectedVersion: 'stream_exists' });
        expect(appended.nextExpectedVersion).toBe(2);
      });

      it('any appends whether or not the stream exists', async () => {
        await append('ronde-1', [event('ParticipatierondeGestart')], { expectedVersion: 'any' });
        const result = await append('ronde-1', [event('InbrengOntvangen')], { expectedVersion: 'any' });
        expect(result.nextExpectedVersion).toBe(2);
      });

      it('lets exactly one of 50 concurrent writers win version 1', async () => {
        const outcomes = await Promise.allSettled(
          Array.from({ length: 50 }, (_, i) => append('kader-race', [event('KaderAangemaakt', { schrijver: i })], { expectedVersion: 0 })),
        );
        const won = outcomes.filter((o) => o.status === 'fulfilled');
        const lost = outcomes.filter((o): o is PromiseRejectedResult => o.status === 'rejected');
        expect(won).toHaveLength(1);
        expect(lost.every((o) => o.reason instanceof WrongExpectedVersionError && o.reason.actual === 1)).toBe(true);
        expect(await store.readStream('kader-race')).toHaveLength(1);
      });

      it('gives 50 concurrent writers that retry on conflict one version each, without gaps', async () => {
        const writer = async (i: number) => {
          for (;;) {
            const current = (await store.readStream('kader-rij')).length;
            try {
              return await append('kader-rij', [event('ReactieVerwerkt', { schrijver: i })], { expectedVersion: current });
            } catch (error) {
              if (!(error instanceof WrongExpectedVersionError)) throw error;
            }
          }
        };
        const results = await Promise.all(Array.from({ length: 50 }, (_, i) => writer(i)));

        const read = await store.readStream('kader-rij');
        expect(read.map((e) => e.version)).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
        expect(new Set(read.map((e) => (e.data as { schrijver: number }).schrijver)).size).toBe(50);
        expect(new Set(results.map((r) => r.nextExpectedVersion)).size).toBe(50);
        expect(verifyStreamChain(read)).toEqual({ valid: true });
      });
    });

    describe('global order', () => {
      it('numbers events across streams in the order they were appended', async () => {
        await append('kader-1', [event('A1')]);
        await append('opgave-1', [event('B1'), event('B2')]);
        await append('kader-1', [event('A2')]);

        const all = await store.readAll();
        expect(all.map((e) => e.type)).toEqual(['A1', 'B1', 'B2', 'A2']);
        const positions = all.map((e) => e.globalPosition);
        expect(positions).toEqual([...positions].sort((a, b) => a - b));
        expect(new Set(positions).size).toBe(4);
        expect(await store.headPosition()).toBe(positions[3]);
      });

      it('pages with after and limit, every event exactly once', async () => {
        for (let i = 0; i < 7; i++) await append(`actie-${i % 3}`, [event(`E${i}`)]);
        const seen: StoredEvent[] = [];
        let after = 0;
        for (;;) {
          const page = await store.readAll({ after, limit: 3 });
          if (page.length === 0) break;
          expect(page.length).toBeLessThanOrEqual(3);
          seen.push(...page);
          after = page[page.length - 1].globalPosition;
        }
        expect(seen.map((e) => e.type)).toEqual(['E0', 'E1', 'E2', 'E3', 'E4', 'E5', 'E6']);
      });

      it('filters by type and by category, keeping the global order', async () => {
        await append('kader-1', [event('KaderAangemaakt')]);
        await append('kaderflow-1', [event('KaderAangemaakt')]);
        await append('opgave-1', [event('OpgaveGeformuleerd')]);
        await append('kader-2', [event('KaderAangemaakt'), event('ConceptVersieOpgesteld')]);

        const byType = await store.readAll({ types: ['KaderAangemaakt', 'OpgaveGeformuleerd'] });
        expect(byType.map((e) => e.streamId)).toEqual(['kader-1', 'kaderflow-1', 'opgave-1', 'kader-2']);
        const byCategory = await store.readAll({ category: 'kader' });
        expect(byCategory.map((e) => `${e.streamId}/${e.version}`)).toEqual(['kader-1/1', 'kader-2/1', 'kader-2/2']);
        const both = await store.readAll({ category: 'kader', types: ['ConceptVersieOpgesteld'] });
        expect(both.map((e) => e.type)).toEqual(['ConceptVersieOpgesteld']);
        expect(await store.readAll({ category: 'kader', after: byCategory[0].globalPosition, limit: 1 })).toEqual([byCategory[1]]);
      });

      it('reads an empty store as nothing, at head 0', async () => {
        expect(await store.readAll()).toEqual([]);
        expect(await store.headPosition()).toBe(0);
      });
    });

    describe('readStream ranges and time', () => {
      it('reads a version range and up to a global position', async () => {
        await append('mijlpaal-1', [event('V1'), event('V2'), event('V3'), event('V4')]);
        const other = await append('mijlpaal-2', [event('X')]);
        await append('mijlpaal-1', [event('V5')]);

        expect((await store.readStream('mijlpaal-1', { from: 2, to: 4 })).map((e) => e.type)).toEqual(['V2', 'V3', 'V4']);
        expect((await store.readStream('mijlpaal-1', { from: 4 })).map((e) => e.type)).toEqual(['V4', 'V5']);
        expect((await store.readStream('mijlpaal-1', { maxPosition: other.lastPosition })).map((e) => e.type)).toEqual(['V1', 'V2', 'V3', 'V4']);
      });

      it('tells when something was recorded from when it happened', async () => {
        // Monday: the meeting of last Friday is entered. Wednesday: a correction is entered.
        await append('vergadering-1', [event('BesluitGenomen', {}, { occurredAt: '2025-02-28T10:00:00.000Z' })]);
        advance(2 * 24 * 3600_000);
        await append('vergadering-1', [event('BesluitGerectificeerd', {}, { occurredAt: '2025-03-05T08:00:00.000Z' })]);

        const read = await store.readStream('vergadering-1');
        expect(read.map((e) => [e.occurredAt, e.recordedAt])).toEqual([
          ['2025-02-28T10:00:00.000Z', '2025-03-03T09:00:00.000Z'],
          ['2025-03-05T08:00:00.000Z', '2025-03-05T09:00:00.000Z'],
        ]);
        // What the system knew on Tuesday, and what had happened by then.
        expect((await store.readStream('vergadering-1', { recordedUntil: '2025-03-04T12:00:00.000Z' })).map((e) => e.type)).toEqual(['BesluitGenomen']);
        expect((await store.readStream('vergadering-1', { recordedUntil: '2025-03-05T09:00:00.000Z' }))).toHaveLength(2);
        expect((await store.readStream('vergadering-1', { occurredUntil: '2025-03-01T00:00:00.000Z' })).map((e) => e.type)).toEqual(['BesluitGenomen']);
        expect(await store.readStream('vergadering-1', { occurredUntil: '2025-02-01T00:00:00.000Z' })).toEqual([]);
      });
    });

    describe('idempotency', () => {
      const keyed = (key: string, fingerprint: string, response?: unknown): AppendOptions => ({
        expectedVersion: 'any',
        idempotencyKey: key,
        fingerprint,
        response,
      });

      it('answers a repeat with the first result and writes nothing', async () => {
        const first = await append('actie-1', [event('ActiepuntToegewezen'), event('DeadlineGezet')], keyed('req-1', 'sha-a', { status: 201, id: 'actie-1' }));
        const repeat = await append('actie-1', [event('ActiepuntToegewezen'), event('DeadlineGezet')], keyed('req-1', 'sha-a'));

        expect(repeat).toMatchObject({
          replayed: true,
          streamId: 'actie-1',
          nextExpectedVersion: first.nextExpectedVersion,
          lastPosition: first.lastPosition,
          response: { status: 201, id: 'actie-1' },
        });
        expect(first.replayed).toBe(false);
        expect(await store.readStream('actie-1')).toHaveLength(2);
        expect(await store.findIdempotencyRecord('req-1')).toMatchObject({
          key: 'req-1', fingerprint: 'sha-a', streamId: 'actie-1', nextExpectedVersion: 2, lastPosition: first.lastPosition,
        });
        expect(await store.findIdempotencyRecord('req-onbekend')).toBeUndefined();
      });

      it('rejects the same key with a different request and writes nothing', async () => {
        await append('actie-1', [event('ActiepuntToegewezen')], keyed('req-1', 'sha-a'));
        await expect(append('actie-1', [event('ActiepuntAfgerond')], keyed('req-1', 'sha-b'))).rejects.toBeInstanceOf(IdempotencyKeyReusedError);
        expect((await store.readAll()).map((e) => e.type)).toEqual(['ActiepuntToegewezen']);
      });

      it('lets exactly one of several concurrent requests with one key write', async () => {
        const results = await Promise.all(
          Array.from({ length: 5 }, () => append('actie-2', [event('ActiepuntToegewezen')], keyed('req-2', 'sha-c', { ok: true }))),
        );
        expect(results.filter((r) => !r.replayed)).toHaveLength(1);
        expect(new Set(results.map((r) => r.lastPosition)).size).toBe(1);
        expect(results.every((r) => r.nextExpectedVersion === 1)).toBe(true);
        expect(await store.readStream('actie-2')).toHaveLength(1);
      });

      it('does not keep the key of a request that failed, so it can be retried', async () => {
        await append('actie-3', [event('ActiepuntToegewezen')]);
        await expect(append('actie-3', [event('ActiepuntAfgerond')], { ...keyed('req-3', 'sha-d'), expectedVersion: 0 })).rejects.toBeInstanceOf(WrongExpectedVersionError);
        expect(await store.findIdempotencyRecord('req-3')).toBeUndefined();
        const retried = await append('actie-3', [event('ActiepuntAfgerond')], { ...keyed('req-3', 'sha-d'), expectedVersion: 1 });
        expect(retried).toMatchObject({ replayed: false, nextExpectedVersion: 2 });
      });
    });

    describe('hash chain', () => {
      it('links every event to the previous one of its stream and can be recomputed', async () => {
        await append('besluit-1', [event('BesluitVoorgenomen', { onderwerp: 'Concept-kader "2026–2032"\n café ✓ 𝄞', bedrag: 40e6, deel: 0.1 })]);
        await append('besluit-2', [event('BesluitVoorgenomen')]);
        await append('besluit-1', [event('BesluitGenomen', { uitkomst: 'aangenomen' }), event('BesluitGepubliceerd')]);

        const read = await store.readStream('besluit-1');
        expect(read[0].prevHash).toBeNull();
        expect(read[1].prevHash).toBe(read[0].hash);
        expect(read[2].prevHash).toBe(read[1].hash);
        for (const e of read) {
          expect(e.hash).toMatch(/^[0-9a-f]{64}$/);
          expect(eventHash(e)).toBe(e.hash);
        }
        expect((await store.readStream('besluit-2'))[0].prevHash).toBeNull();
        expect(verifyStreamChain(read)).toEqual({ valid: true });
      });

      it('shows a changed or removed event as a broken chain', async () => {
        await append('besluit-1', [event('BesluitVoorgenomen', { uitkomst: 'aangenomen' }), event('BesluitGenomen'), event('BesluitGepubliceerd')]);
        const read = await store.readStream('besluit-1');
        const altered = [read[0], { ...read[1], data: { uitkomst: 'verworpen' } }, read[2]];
        expect(verifyStreamChain(altered)).toEqual({ valid: false, version: 2, reason: 'hash' });
        expect(verifyStreamChain([read[0], read[2]])).toEqual({ valid: false, version: 3, reason: 'link' });
      });
    });
  });
}
