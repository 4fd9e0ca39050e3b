import { Inject, Injectable, Optional } from '@nestjs/common';
import type { Response } from 'express';
import { Runtime } from '../../../../libs/runtime/src';
import { RUNTIME } from '../commands/command-gateway';

/** What a cached answer was made from; the answer is reused only while a new read gives the same stamp. */
export type Stamp = string;

interface Entry {
  stamp: Stamp;
  body: string;
  etag?: string;
}

/** An answer to cache: the value sent as JSON and, when it has one, its ETag. */
export interface Answer {
  value: unknown;
  etag?: string;
}

/** Bounds: the answers of the busiest pages, not a copy of the database. */
export interface ReadCacheLimits {
  entries: number;
  /** Characters of JSON kept in all; one answer larger than a quarter of this is never kept. */
  bytes: number;
}
export const READ_CACHE_LIMITS = Symbol('ReadCacheLimits');
const DEFAULT_LIMITS: ReadCacheLimits = { entries: 1_000, bytes: 64 * 1024 * 1024 };

/**
 * Serialised answers of read models, reused while the rows they came from are unchanged.
 *
 * The projector commits a read model's rows together with its checkpoint, and a kader's row carries
 * its stream version, so a cheap read of that stamp tells whether an earlier answer still holds.
 * The stamp is read before the answer is made: an entry may be newer than its stamp, never older.
 * Answers that depend on the date (te laat) carry the date in their stamp.
 */
@Injectable()
export class ReadCache {
  private readonly entries = new Map<string, Entry>();
  private bytes = 0;

  constructor(
    @Inject(RUNTIME) private readonly runtime: Pick<Runtime, 'db'>,
    @Optional() @Inject(READ_CACHE_LIMITS) private readonly limits: ReadCacheLimits = DEFAULT_LIMITS,
  ) {}

  /** Stamp of a whole read model: its projection's version and position. */
  async projectionStamp(projection: string): Promise<Stamp> {
    const { rows } = await this.runtime.db.query<{ version: number; position: string }>(
      'SELECT version, position::text AS position FROM projection_checkpoints WHERE name = $1', [projection]);
    return rows[0] ? `${rows[0].version}@${rows[0].position}` : 'leeg';
  }

  /**
   * The answer for `key` at `stamp`: from the cache when it was made at the same stamp, else from
   * `make`, which may throw (nothing is kept). Sent as JSON text with its ETag, so Express answers a
   * matching If-None-Match with 304.
   */
  async json(res: Response, key: string, stamp: Stamp, make: () => Promise<Answer>): Promise<string> {
    let entry = this.entries.get(key);
    if (entry && entry.stamp === stamp) {
      // Most recently used last, so eviction takes the coldest.
      this.entries.delete(key);
      this.entries.set(key, entry);
    } else {
      const answer = await make();
      entry = { stamp, body: JSON.stringify(answer.value), etag: answer.etag };
      this.remember(key, entry);
    }
    if (entry.etag) res.setHeader('ETag', entry.etag);
    res.setHeader('Content-Type', 'application/json; charset=utf-8');
    return entry.body;
  }

  size(): { entries: number; bytes: number } {
    return { entries: this.entries.size, bytes: this.bytes };
  }

  private remember(key: string, entry: Entry) {
    const old = this.entries.get(key);
    if (old) {
      this.bytes -= old.body.length;
      this.entries.delete(key);
    }
    if (entry.body.length > this.limits.bytes / 4) return;
    this.entries.set(key, entry);
    this.bytes += entry.body.length;
    for (const [oldest, value] of this.entries) {
      if (this.entries.size <= this.limits.entries && this.bytes <= this.limits.bytes) break;
      this.entries.delete(oldest);
      this.bytes -= value.body.length;
    }
  }
}
