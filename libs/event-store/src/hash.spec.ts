import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { canonicalJson, eventHash, eventHashWithTexts, storedJson, verifyStreamChain } from './hash';

/** The first, plainly written form: stored hashes were made with it, so the loops must give the same text. */
function referenceCanonicalJson(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'object' && typeof (value as { toJSON?: unknown }).toJSON === 'function') {
    return referenceCanonicalJson((value as { toJSON(): unknown }).toJSON());
  }
  if (Array.isArray(value)) {
    return `[${value.map((item) => (item === undefined || typeof item === 'function' ? 'null' : referenceCanonicalJson(item))).join(',')}]`;
  }
  if (typeof value === 'object') {
    const members = Object.keys(value as Record<string, unknown>)
      .sort()
      .filter((key) => {
        const member = (value as Record<string, unknown>)[key];
        return member !== undefined && typeof member !== 'function' && typeof member !== 'symbol';
      })
      .map((key) => `${JSON.stringify(key)}:${referenceCanonicalJson((value as Record<string, unknown>)[key])}`);
    return `{${members.join(',')}}`;
  }
  if (typeof value === 'bigint') return value.toString();
  return JSON.stringify(value) ?? 'null';
}

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

  it('gives the same text as the first form for any value, so hashes already stored still verify', () => {
    const odd = fc.oneof(
      fc.constant(undefined), fc.constant(() => 1), fc.constant(Number.NaN), fc.constant(-0), fc.constant(Infinity),
      fc.bigInt(), fc.date({ noInvalidDate: true }), fc.constant(Symbol('s')),
    );
    const value = fc.letrec((tie) => ({
      node: fc.oneof({ depthSize: 'small' }, fc.jsonValue(), odd, fc.array(tie('node')), fc.dictionary(fc.string(), tie('node'))),
    })).node;
    fc.assert(fc.property(value, (v) => canonicalJson(v) === referenceCanonicalJson(v)), { numRuns: 500 });
  });

  it('hashes an event as the first form did: the canonical text of an object of just the hashed fields', () => {
    const json = fc.jsonValue({ maxDepth: 3 });
    const text = fc.oneof(fc.string(), fc.constant(undefined));
    const event = fc.record({
      prevHash: fc.oneof(fc.constant(null), fc.string()), eventId: fc.string(), streamId: fc.string(), version: fc.integer(), type: fc.string(),
      schemaVersion: fc.integer(), data: json, metadata: json, occurredAt: text, recordedAt: fc.string(), hash: fc.string(), globalPosition: fc.integer(),
    });
    const first = (e: Record<string, unknown>) => {
      const { prevHash, eventId, streamId, version, type, schemaVersion, data, metadata, occurredAt, recordedAt } = e;
      return createHash('sha256').update(referenceCanonicalJson({ prevHash, eventId, streamId, version, type, schemaVersion, data, metadata, occurredAt, recordedAt })).digest('hex');
    };
    fc.assert(fc.property(event, (e) => eventHash(e as never) === first(e)), { numRuns: 500 });
  });

  it('stores a payload as text whose parsed value hashes to what the store hashed from the text itself, so the chain verifies after a read', () => {
    const odd = fc.oneof(fc.constant(undefined), fc.constant(() => 1), fc.constant(Number.NaN), fc.constant(-0), fc.date({ noInvalidDate: true }), fc.constant(Symbol('s')));
    const value = fc.letrec((tie) => ({
      node: fc.oneof({ depthSize: 'small' }, fc.jsonValue(), odd, fc.array(tie('node')), fc.dictionary(fc.string(), tie('node'))),
    })).node;
    fc.assert(fc.property(value, value, fc.oneof(fc.constant(null), fc.string()), (data, metadata, prevHash) => {
      const texts = { data: storedJson(data ?? null), metadata: storedJson(metadata ?? {}) };
      // What a reader gets back: the values parsed from the stored text.
      const event = {
        prevHash, eventId: 'e-1', streamId: 'kader-1', version: 1, type: 'MijlpaalGepland', schemaVersion: 1,
        data: JSON.parse(texts.data) as unknown, metadata: JSON.parse(texts.metadata) as never, occurredAt: '2026-01-05T09:00:00.000Z', recordedAt: '2026-01-05T09:00:00.000Z',
      };
      const hash = eventHashWithTexts(event, texts);
      return hash === eventHash(event) && verifyStreamChain([{ ...event, prevHash: null, hash: eventHashWithTexts({ ...event, prevHash: null }, texts), globalPosition: 1 }]).valid;
    }), { numRuns: 500 });
  });

  it('refuses a BigInt in a payload to store, as JSON.stringify does; the hash of a value still writes it as a number', () => {
    expect(() => storedJson({ bedrag: 10n })).toThrow(TypeError);
    expect(canonicalJson({ bedrag: 10n })).toBe('{"bedrag":10}');
  });
});
