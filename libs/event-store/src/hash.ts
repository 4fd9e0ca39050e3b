import { createHash } from 'node:crypto';
import { StoredEvent } from './types';

/** Keys as JSON strings, made once: the same few dozen names come back in every event. Bounded, as data may bring keys of its own. */
const QUOTED = new Map<string, string>();
const QUOTED_MAX = 10_000;

function quoted(key: string): string {
  let text = QUOTED.get(key);
  if (text === undefined) {
    text = JSON.stringify(key);
    if (QUOTED.size < QUOTED_MAX) QUOTED.set(key, text);
  }
  return text;
}

/**
 * JSON with object keys sorted at every level; undefined members are left out, as JSON.stringify does.
 * Written as plain loops: it runs on every event appended and every event verified.
 */
export function canonicalJson(value: unknown): string {
  return write(value, false);
}

/**
 * The text a payload is stored as: its canonical JSON, which the hash takes as it is, so an append
 * serialises each payload once. Like JSON.stringify it refuses a BigInt: no JSON number reads back as one.
 */
export function storedJson(value: unknown): string {
  return write(value, true);
}

function write(value: unknown, strict: boolean): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value !== 'object') {
    if (typeof value === 'bigint') {
      if (strict) throw new TypeError('Do not know how to serialize a BigInt');
      return value.toString();
    }
    return JSON.stringify(value) ?? 'null';
  }
  if (typeof (value as { toJSON?: unknown }).toJSON === 'function') return write((value as { toJSON(): unknown }).toJSON(), strict);
  if (Array.isArray(value)) {
    let out = '[';
    for (let i = 0; i < value.length; i++) {
      const item: unknown = value[i];
      if (i > 0) out += ',';
      out += item === undefined || typeof item === 'function' ? 'null' : write(item, strict);
    }
    return `${out}]`;
  }
  const record = value as Record<string, unknown>;
  return membersJson(record, Object.keys(record).sort(), strict);
}

/** An object's members under `keys` (sorted), as canonicalJson writes an object; undefined members are left out. */
function membersJson(record: Record<string, unknown>, keys: readonly string[], strict = false, given?: PayloadTexts): string {
  let out = '{';
  for (const key of keys) {
    const text = given && (key === 'data' || key === 'metadata') ? given[key] : undefined;
    const member = record[key];
    if (text === undefined && (member === undefined || typeof member === 'function' || typeof member === 'symbol')) continue;
    if (out.length > 1) out += ',';
    out += `${quoted(key)}:${text ?? write(member, strict)}`;
  }
  return `${out}}`;
}

/** An event's data and metadata as storedJson wrote them. */
export interface PayloadTexts {
  data: string;
  metadata: string;
}

const HASHED = ['prevHash', 'eventId', 'streamId', 'version', 'type', 'schemaVersion', 'data', 'metadata', 'occurredAt', 'recordedAt'] as const;

export type HashedFields = Pick<StoredEvent, (typeof HASHED)[number]>;

/** The hashed fields in the order canonicalJson puts them (sorted as it sorts). */
const HASHED_KEYS = [...HASHED].sort();

/**
 * sha256 hex of the canonical form of the hashed fields (canonicalJson of an object holding just those);
 * a verifier recomputes it from a stored event. Only those fields are read, so no object is made for them.
 */
export function eventHash(event: HashedFields): string {
  return createHash('sha256').update(membersJson(event as unknown as Record<string, unknown>, HASHED_KEYS)).digest('hex');
}

/**
 * eventHash of an event whose data and metadata are given as the texts storedJson made of them (and
 * the event holds their values parsed from those texts): the same hash, without writing them again.
 */
export function eventHashWithTexts(event: HashedFields, texts: PayloadTexts): string {
  return createHash('sha256').update(membersJson(event as unknown as Record<string, unknown>, HASHED_KEYS, false, texts)).digest('hex');
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
