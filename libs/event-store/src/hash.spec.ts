import fc from 'fast-check';
import { canonicalHashParts, canonicalJson, eventHash } from './hash';
import { EventMetadata } from './types';

describe('canonical form of an event', () => {
  it('sorts keys at every level and leaves out undefined members, so equal content hashes equally', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { z: true, y: null }], c: 'x' }, u: undefined })).toBe(
      '{"a":{"c":"x","d":[1,{"y":null,"z":true}]},"b":1}',
    );
    const fields = {
      prevHash: null, eventId: 'e-1', streamId: 'besluit-1', version: 1, type: 'BesluitGenomen', schemaVersion: 1,
      data: { uitkomst: 'aangenomen', datum: '2025-06-12' }, metadata: { actor: { id: 'griffier-1', role: 'secretariaat' }, correlationId: 'c' },
      occurredAt: '2025-06-12T15:00:00.000Z', recordedAt: '2025-06-13T08:00:00.000Z',
    };
    const reordered = { ...fields, data: { datum: '2025-06-12', uitkomst: 'aangenomen' } };
    expect(eventHash(reordered)).toBe(eventHash(fields));
    expect(eventHash({ ...fields, data: { ...fields.data, uitkomst: 'verworpen' } })).not.toBe(eventHash(fields));
  });

  it('splits around prevHash and version into parts the database completes to the same text', () => {
    const json = fc.jsonValue().map((v) => JSON.parse(JSON.stringify(v)) as unknown);
    fc.assert(
      fc.property(
        fc.record({
          eventId: fc.uuid(), streamId: fc.string(), type: fc.string(), schemaVersion: fc.nat(),
          data: json, metadata: fc.dictionary(fc.string(), json).map((m) => m as EventMetadata),
          occurredAt: fc.constant('2025-03-03T09:00:00.000Z'), recordedAt: fc.constant('2025-03-04T10:00:00.000Z'),
        }),
        fc.option(fc.stringMatching(/^[0-9a-f]{64}$/), { nil: null }),
        fc.integer({ min: 1, max: 1_000_000 }),
        (event, prevHash, version) => {
          const { beforePrev, afterPrev } = canonicalHashParts(event);
          const joined = `${beforePrev}${prevHash === null ? 'null' : `"${prevHash}"`}${afterPrev}${version}}`;
          expect(joined).toBe(canonicalJson({ ...event, prevHash, version }));
        },
      ),
    );
  });
});
