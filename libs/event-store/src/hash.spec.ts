import { canonicalJson, eventHash } from './hash';

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
});
