import { createHash } from 'node:crypto';
import { StoredEvent } from './types';

/** JSON with object keys sorted at every level; undefined members are left out, as JSON.stringify does. */
export function canonicalJson(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'object' && typeof (value as { toJSON?: unknown }).toJSON === 'function') {
    return canonicalJson((value as { toJSON(): unknown }).toJSON());
  }
  if (Array.isArray(value)) {
    return `[${value.map((item) => (item === undefined || typeof item === 'function' ? 'null' : canonicalJson(item))).join(',')}]`;
  }
  if (typeof value === 'object') {
    const members = Object.keys(value as Record<string, unknown>)
      .sort()
      .filter((key) => {
        const member = (value as Record<string, unknown>)[key];
        return member !== undefined && typeof member !== 'function' && typeof member !== 'symbol';
      })
      .map((key) => `${JSON.stringify(key)}:${canonicalJson((value as Record<string, unknown>)[key])}`);
    return `{${members.join(',')}}`;
  }
  if (typeof value === 'bigint') return value.toString();
  return JSON.stringify(value) ?? 'null';
}

export type HashedFields = Pick<
  StoredEvent,
  'prevHash' | 'eventId' | 'streamId' | 'version' | 'type' | 'schemaVersion' | 'data' | 'metadata' | 'occurredAt' | 'recordedAt'
>;

/** sha256 hex of the canonical form; a verifier recomputes it from a stored event. */
export function eventHash(event: HashedFields): string {
  const { prevHash, eventId, streamId, version, type, schemaVersion, data, metadata, occurredAt, recordedAt } = event;
  return createHash('sha256')
    .update(canonicalJson({ prevHash, eventId, streamId, version, type, schemaVersion, data, metadata, occurredAt, recordedAt }))
    .digest('hex');
}

export type ChainVerification = { valid: true } | { valid: false; version: number; reason: 'hash' | 'link' };

/** Checks a whole stream read from version 1: every hash matches and links to the one before. */
export function verifyStreamChain(events: StoredEvent[]): ChainVerification {
  let previous: string | null = null;
  for (const event of events) {
    if (event.prevHash !== previous) return { valid: false, version: event.version, reason: 'link' };
    if (eventHash(event) !== event.hash) return { valid: false, version: event.version, reason: 'hash' };
    previous = event.hash;
  }
  return { valid: true };
}
