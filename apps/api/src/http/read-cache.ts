import { Inject, Injectable, OnModuleDestroy, OnModuleInit, Optional } from '@nestjs/common';
import type { Response } from 'express';
import { createHash } from 'node:crypto';
import { CheckpointWatch } from '../../../../libs/projector/src';
import { Runtime } from '../../../../libs/runtime/src';
import { RUNTIME } from '../commands/command-gateway';
import { gzipAnswer } from './compression';

/** What a cached answer was made from; the answer is reused only while a new read gives the same stamp. */
export type Stamp = string;

interface Entry {
  /** The read model's checkpoint as announced when the answer was made (or last confirmed). */
  fast?: Stamp;
  /** What a database read said the answer was made from. */
  exact: Stamp;
  /** The JSON as bytes: sent as they are, with no conversion per request. */
  body: Buffer;
  /** The body gzipped, made when a client first asks for it (null: too small to be worth it). */
  gzip?: Buffer | null;
  etag: string;
}

/** An answer to cache: the value sent as JSON and, when it has one, its ETag. */
export interface Answer {
  value: unknown;
  etag?: string;
}

/**
 * How to tell whether an earlier answer holds. `projection`: the read model it comes from; its
 * announced checkpoint (CheckpointWatch) answers without a query while nothing changed there.
 * `exact`: a database read of what the answer depends on (a row's version, the checkpoint),
 * asked only when the announced checkpoint moved or is unknown. `atLeast`: the position the
 * client asked to see (naPositie); a checkpoint below it is not trusted from memory.
 */
export interface Validity {
  projection: string;
  exact: () => Promise<Stamp>;
  atLeast?: number;
  /** Part of both stamps, e.g. the day for answers that derive te laat; asked each time. */
  suffix?: () => string;
  /**
   * The request's URL and route template: a later GET of the same URL with a valid token can then
   * be answered before routing (cachedReads) while the announced checkpoint has not moved.
   */
  url?: { url: string; route: string };
}

/** The URL and route template of the request being answered, for Validity.url. */
export const cachedUrl = (res: Response): { url: string; route: string } => ({ url: res.req.originalUrl, route: `${res.req.route?.path ?? 'onbekend'}` });

/** An answer the cache can give before routing. */
export interface ReadyAnswer {
  body: Buffer;
  etag: string;
  route: string;
  /** The body gzipped (made once per answer, on the first call); undefined when too small to compress. */
  gzip(): Buffer | undefined;
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
 * The projector commits a read model's rows together with its checkpoint and announces the
 * checkpoint afterwards. While the announced checkpoint equals the one an answer was made at,
 * the answer is sent without a query. When it moved, a cheap exact read (the kader's stream
 * version, or the checkpoint itself) decides: unchanged keeps the answer, else it is made again.
 * Stamps are taken before the answer is made: an entry may be newer than its stamps, never older.
 */
@Injectable()
export class ReadCache implements OnModuleInit, OnModuleDestroy {
  private readonly entries = new Map<string, Entry>();
  private readonly urls = new Map<string, { key: string; validity: Validity; route: string }>();
  private bytes = 0;
  private readonly watch: CheckpointWatch;

  constructor(
    @Inject(RUNTIME) private readonly runtime: Pick<Runtime, 'db'>,
    @Optional() @Inject(READ_CACHE_LIMITS) private readonly limits: ReadCacheLimits = DEFAULT_LIMITS,
  ) {
    this.watch = new CheckpointWatch(runtime.db);
  }

  onModuleInit(): Promise<void> {
    return this.watch.start();
  }

  onModuleDestroy(): Promise<void> {
    return this.watch.stop();
  }

  /** Exact stamp of a whole read model: its projection's version and position, from the table. */
  async projectionStamp(projection: string): Promise<Stamp> {
    const { rows } = await this.runtime.db.query<{ version: number; position: string }>(
      'SELECT version, position::text AS position FROM projection_checkpoints WHERE name = $1', [projection]);
    return rows[0] ? `${rows[0].version}@${rows[0].position}` : 'leeg';
  }

  /**
   * The answer for `key`: from the cache while it holds (see Validity), else from `make`, which
   * may throw (nothing is kept). Sent as JSON text with its ETag, so Express answers a matching
   * If-None-Match with 304.
   */
  async json(res: Response, key: string, freshness: Validity, make: (suffix: string) => Promise<Answer>): Promise<string> {
    // Taken once: the answer is made for the same day its stamps carry.
    const suffixValue = freshness.suffix?.() ?? '';
    const suffix = freshness.suffix ? `|${suffixValue}` : '';
    const announced = this.watch.stamp(freshness.projection, freshness.atLeast);
    const fast = announced === undefined ? undefined : announced + suffix;
    if (freshness.url && !freshness.atLeast) this.index(freshness.url.url, { key, validity: freshness, route: freshness.url.route });
    let entry = this.entries.get(key);
    if (entry && fast !== undefined && entry.fast === fast) {
      this.touch(key, entry);
    } else {
      const exact = (await freshness.exact()) + suffix;
      if (entry && entry.exact === exact) {
        entry.fast = fast;
        this.touch(key, entry);
      } else {
        const answer = await make(suffixValue);
        const body = Buffer.from(JSON.stringify(answer.value));
        // An answer without a version of its own gets a weak ETag of its content, made once (not by Express per request).
        entry = { fast, exact, body, etag: answer.etag ?? `W/"${createHash('sha1').update(body).digest('base64url')}"` };
        this.remember(key, entry);
      }
    }
    res.setHeader('ETag', entry.etag);
    res.setHeader('Content-Type', 'application/json; charset=utf-8');
    return entry.body.toString();
  }

  /**
   * The answer for a GET of `url` when an earlier request of the same URL was answered here and the
   * announced checkpoint has not moved since; undefined when it must go the whole way.
   */
  ready(url: string): ReadyAnswer | undefined {
    const known = this.urls.get(url);
    if (!known) return undefined;
    const entry = this.entries.get(known.key);
    const announced = this.watch.stamp(known.validity.projection);
    if (!entry || announced === undefined) return undefined;
    const suffix = known.validity.suffix ? `|${known.validity.suffix()}` : '';
    if (entry.fast !== announced + suffix) return undefined;
    this.touch(known.key, entry);
    return { body: entry.body, etag: entry.etag, route: known.route, gzip: () => this.gzipOf(known.key, entry) };
  }

  private gzipOf(key: string, entry: Entry): Buffer | undefined {
    if (entry.gzip === undefined) {
      entry.gzip = gzipAnswer(entry.body) ?? null;
      // Counted with the body while the entry is kept (an entry already evicted keeps it only for this answer).
      if (entry.gzip && this.entries.get(key) === entry) {
        this.bytes += entry.gzip.length;
        this.evict();
      }
    }
    return entry.gzip ?? undefined;
  }

  private index(url: string, known: { key: string; validity: Validity; route: string }) {
    this.urls.delete(url);
    this.urls.set(url, known);
    if (this.urls.size > this.limits.entries) this.urls.delete(this.urls.keys().next().value!);
  }

  size(): { entries: number; bytes: number } {
    return { entries: this.entries.size, bytes: this.bytes };
  }

  /** Most recently used last, so eviction takes the coldest. */
  private touch(key: string, entry: Entry) {
    this.entries.delete(key);
    this.entries.set(key, entry);
  }

  private remember(key: string, entry: Entry) {
    const old = this.entries.get(key);
    if (old) {
      this.bytes -= sizeOf(old);
      this.entries.delete(key);
    }
    if (entry.body.length > this.limits.bytes / 4) return;
    this.entries.set(key, entry);
    this.bytes += sizeOf(entry);
    this.evict();
  }

  /** Drops the coldest entries until the cache is within its limits. */
  private evict() {
    for (const [oldest, value] of this.entries) {
      if (this.entries.size <= this.limits.entries && this.bytes <= this.limits.bytes) break;
      this.entries.delete(oldest);
      this.bytes -= sizeOf(value);
    }
  }
}

/** The bytes an entry keeps: its body and, once made, its gzip. */
const sizeOf = (entry: Entry): number => entry.body.length + (entry.gzip?.length ?? 0);
