import { ANY, NO_STREAM, STREAM_EXISTS } from '@eventstore/db-client';
import { WrongExpectedVersionError } from '../errors';
import type { NewEvent } from '../types';
import { verifyStreamChain } from '../hash';
import { satisfies, toEventData, toExpectedRevision, toGlobalPosition, toStoredEvent, toVersion, toWrongExpectedVersion } from './mapping';

const actor = { id: 'projectleider-1', role: 'projectleider' };
const planned: NewEvent = {
  type: 'MijlpaalGepland',
  data: { mijlpaalId: 'm-1', titel: 'Concept-kader, eerste versie', deadline: '2025-09-01' },
  metadata: { actor, correlationId: 'corr-1', causationId: 'cmd-1' },
  occurredAt: '2025-03-03T09:00:00.000Z',
};

describe('KurrentDB expected revision mapping', () => {
  it.each([
    [0, NO_STREAM],
    ['no_stream', NO_STREAM],
    ['stream_exists', STREAM_EXISTS],
    ['any', ANY],
    [1, 0n],
    [5, 4n],
  ] as const)('maps our expected version %p to revision %p', (ours, theirs) => {
    expect(toExpectedRevision(ours)).toBe(theirs);
  });

  it('rejects a negative or fractional version instead of sending nonsense to the server', () => {
    expect(() => toExpectedRevision(-1)).toThrow(RangeError);
    expect(() => toExpectedRevision(1.5)).toThrow(RangeError);
  });

  it('reads the current revision back as our 1-based version (no stream = 0)', () => {
    expect(toVersion(NO_STREAM)).toBe(0);
    expect(toVersion(0n)).toBe(1);
    expect(toVersion(41n)).toBe(42);
  });

  it('turns the driver conflict into our WrongExpectedVersionError with our numbering', () => {
    const error = toWrongExpectedVersion({ actualVersion: 2n }, 'mijlpaal-m-1', 1);
    expect(error).toBeInstanceOf(WrongExpectedVersionError);
    expect(error).toMatchObject({ streamId: 'mijlpaal-m-1', expected: 1, actual: 3 });
    expect(toWrongExpectedVersion({ actualVersion: NO_STREAM }, 's', 'stream_exists').actual).toBe(0);
  });

  it('checks expectations the way the SQL store does', () => {
    expect(satisfies('any', 0)).toBe(true);
    expect(satisfies('no_stream', 0)).toBe(true);
    expect(satisfies('no_stream', 1)).toBe(false);
    expect(satisfies('stream_exists', 0)).toBe(false);
    expect(satisfies('stream_exists', 2)).toBe(true);
    expect(satisfies(2, 2)).toBe(true);
    expect(satisfies(2, 3)).toBe(false);
  });
});

describe('KurrentDB event metadata', () => {
  const ctx = { streamId: 'mijlpaal-m-1', version: 1, recordedAt: '2025-03-03T09:00:01.000Z', prevHash: null, eventId: 'e-1' };

  it('given a new event, when mapped, then metadata carries times, schema version, hash and correlation for KurrentDB', () => {
    const data = toEventData(planned, ctx);
    expect(data).toMatchObject({ id: 'e-1', type: 'MijlpaalGepland', data: planned.data });
    expect(data.metadata).toMatchObject({
      event: planned.metadata,
      schemaVersion: 1,
      occurredAt: '2025-03-03T09:00:00.000Z',
      recordedAt: ctx.recordedAt,
      prevHash: null,
      $correlationId: 'corr-1',
      $causationId: 'cmd-1',
    });
    expect(data.metadata.hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('defaults occurredAt to recordedAt when the event does not say when it happened', () => {
    const { occurredAt: _omit, ...withoutTime } = planned;
    expect(toEventData(withoutTime, ctx).metadata.occurredAt).toBe(ctx.recordedAt);
  });

  it('chains the hash: a different predecessor gives a different hash', () => {
    const first = toEventData(planned, ctx).metadata.hash;
    const chained = toEventData(planned, { ...ctx, version: 2, prevHash: first }).metadata.hash;
    const otherChain = toEventData(planned, { ...ctx, version: 2, prevHash: 'f'.repeat(64) }).metadata.hash;
    expect(chained).not.toBe(otherChain);
  });

  it('writes a chain that the shared verifier accepts', () => {
    const first = toEventData(planned, ctx);
    const second = toEventData({ ...planned, type: 'MijlpaalVerschoven' }, { ...ctx, version: 2, eventId: 'e-2', prevHash: first.metadata.hash });
    const read = [first, second].map((d, i) =>
      toStoredEvent({ streamId: 'mijlpaal-m-1', id: d.id, revision: BigInt(i), type: d.type, created: new Date(), data: d.data, metadata: d.metadata, position: { commit: BigInt(i * 100), prepare: BigInt(i * 100) } }, 'mijlpaal-m-1'),
    );
    expect(verifyStreamChain(read)).toEqual({ valid: true });
    expect(verifyStreamChain([read[0], { ...read[1], data: { titel: 'achteraf gewijzigd' } }])).toEqual({ valid: false, version: 2, reason: 'hash' });
  });

  it('given a recorded event, when read back, then it is the StoredEvent that was appended', () => {
    const written = toEventData(planned, ctx);
    const stored = toStoredEvent(
      {
        streamId: 'kaderflow.mijlpaal-m-1',
        id: 'e-1',
        revision: 0n,
        type: 'MijlpaalGepland',
        created: new Date('2025-03-03T09:00:02.000Z'),
        data: written.data,
        metadata: written.metadata,
        position: { commit: 4096n, prepare: 4096n },
      },
      'mijlpaal-m-1',
    );
    expect(stored).toEqual({
      eventId: 'e-1',
      streamId: 'mijlpaal-m-1',
      version: 1,
      globalPosition: 4097,
      type: 'MijlpaalGepland',
      schemaVersion: 1,
      data: planned.data,
      metadata: planned.metadata,
      occurredAt: '2025-03-03T09:00:00.000Z',
      recordedAt: ctx.recordedAt,
      hash: written.metadata.hash,
      prevHash: null,
    });
  });

  it('reads an event written by another tool with the server time and no chain', () => {
    const stored = toStoredEvent(
      { streamId: 'x', id: 'e-9', revision: 3n, type: 'Iets', created: new Date('2025-01-01T00:00:00.000Z'), data: {}, metadata: undefined, position: { commit: 10n, prepare: 10n } },
      'x',
    );
    expect(stored).toMatchObject({ version: 4, recordedAt: '2025-01-01T00:00:00.000Z', hash: '', prevHash: null });
  });

  it('uses the prepare position (unique per event) for the global position, and fails loudly without one', () => {
    expect(toGlobalPosition({ commit: 100n, prepare: 250n })).toBe(251);
    expect(() => toGlobalPosition(undefined)).toThrow(/position/);
  });
});
