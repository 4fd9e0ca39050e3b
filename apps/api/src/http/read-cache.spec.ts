import type { Response } from 'express';
import { gunzipSync } from 'node:zlib';
import { createPgliteDatabase, PgliteDatabase } from '../../../../libs/database/src';
import { CHECKPOINT_CHANNEL } from '../../../../libs/projector/src';
import { ReadCache } from './read-cache';

const response = () => {
  const headers: Record<string, string> = {};
  return { headers, res: { setHeader: (name: string, value: string) => void (headers[name] = value) } as unknown as Response };
};
const noDb = { db: { query: async () => { throw new Error('not used'); } } } as never;
/** An answer that depends on a stamp read from the database each time. */
const at = (stamp: string) => ({ projection: 'p', exact: async () => stamp });

describe('ReadCache', () => {
  it('makes an answer once per stamp and again when the stamp moves', async () => {
    const cache = new ReadCache(noDb);
    let made = 0;
    const make = async () => ({ value: { made: ++made }, etag: `"${made}"` });
    const { res, headers } = response();
    expect(await cache.json(res, 'k', at('a'), make)).toBe('{"made":1}');
    expect(await cache.json(res, 'k', at('a'), make)).toBe('{"made":1}');
    expect(headers.ETag).toBe('"1"');
    expect(headers['Content-Type']).toMatch(/^application\/json/);
    expect(await cache.json(res, 'k', at('b'), make)).toBe('{"made":2}');
    expect(headers.ETag).toBe('"2"');
  });

  it('keeps nothing when making the answer fails', async () => {
    const cache = new ReadCache(noDb);
    const { res } = response();
    await expect(cache.json(res, 'k', at('a'), async () => { throw new Error('weg'); })).rejects.toThrow('weg');
    expect(cache.size()).toEqual({ entries: 0, bytes: 0 });
  });

  it('drops the least recently used answers beyond its bounds, and never keeps one too large', async () => {
    const cache = new ReadCache(noDb, { entries: 2, bytes: 400 });
    const { res } = response();
    let made = 0;
    const make = (size: number) => async () => ({ value: { made: ++made, pad: 'x'.repeat(size) } });
    await cache.json(res, 'a', at('s'), make(10));
    await cache.json(res, 'b', at('s'), make(10));
    await cache.json(res, 'a', at('s'), make(10)); // a is used again: b is now the coldest
    await cache.json(res, 'c', at('s'), make(10));
    expect(cache.size().entries).toBe(2);
    const before = made;
    await cache.json(res, 'a', at('s'), make(10));
    expect(made).toBe(before);
    await cache.json(res, 'b', at('s'), make(10));
    expect(made).toBe(before + 1);
    await cache.json(res, 'huge', at('s'), make(200));
    expect(cache.size().bytes).toBeLessThanOrEqual(400);
    await cache.json(res, 'huge', at('s'), make(200));
    expect(made).toBe(before + 3);
  });

  describe('with the projector\'s announced checkpoints', () => {
    let db: PgliteDatabase;
    let cache: ReadCache;
    let exactReads: number;
    let stamp: string;
    const validity = (atLeast?: number) => ({ projection: 'besluiten', exact: async () => { exactReads++; return stamp; }, atLeast });
    const announce = async (position: number) => {
      await db.query('UPDATE projection_checkpoints SET position = $1', [position]);
      await db.query('SELECT pg_notify($1, $2)', [CHECKPOINT_CHANNEL, JSON.stringify({ besluiten: [1, position] })]);
    };

    beforeAll(async () => {
      db = await createPgliteDatabase();
      await db.query('CREATE TABLE projection_checkpoints (name text PRIMARY KEY, version integer NOT NULL, position bigint NOT NULL)');
      await db.query("INSERT INTO projection_checkpoints VALUES ('besluiten', 1, 10)");
      cache = new ReadCache({ db });
      await cache.onModuleInit();
    });
    afterAll(async () => {
      await cache.onModuleDestroy();
      await db.close();
    });

    it('answers without a database read while the checkpoint stays, checks when it moves, and trusts memory only up to it', async () => {
      const { res } = response();
      let made = 0;
      const make = async () => ({ value: { made: ++made } });
      exactReads = 0;
      stamp = 'rij-1';
      await cache.json(res, 'lijst', validity(), make);
      await cache.json(res, 'lijst', validity(), make);
      expect({ made, exactReads }).toEqual({ made: 1, exactReads: 1 });

      // The checkpoint moves, but not what this answer depends on: checked once, not made again.
      await announce(11);
      await cache.json(res, 'lijst', validity(), make);
      await cache.json(res, 'lijst', validity(), make);
      expect({ made, exactReads }).toEqual({ made: 1, exactReads: 2 });

      // The client asks for a position beyond what was announced: memory is not trusted.
      await cache.json(res, 'lijst', validity(12), make);
      expect(exactReads).toBe(3);

      // What the answer depends on changed: made again.
      stamp = 'rij-2';
      await announce(12);
      expect(await cache.json(res, 'lijst', validity(12), make)).toBe('{"made":2}');
    });

    it('gzips a ready answer once, counts the gzip in its bounds, and leaves a small answer as it is', async () => {
      const { res } = response();
      stamp = 'groot';
      const url = { url: '/api/v1/besluiten?pagina=1', route: '/api/v1/besluiten' };
      const large = { besluiten: Array.from({ length: 100 }, (_, i) => ({ nummer: i, tekst: 'Conform voorstel vastgesteld.' })) };
      await cache.json(res, 'groot', { ...validity(), url }, async () => ({ value: large }));
      const before = cache.size().bytes;
      const answer = cache.ready(url.url)!;
      const gzip = answer.gzip()!;
      expect(JSON.parse(gunzipSync(gzip).toString())).toEqual(large);
      expect(gzip.length).toBeLessThan(answer.body.length / 4);
      expect(cache.size().bytes).toBe(before + gzip.length);
      // Made once: the same bytes for the next client, on the next ready answer too.
      expect(answer.gzip()).toBe(gzip);
      expect(cache.ready(url.url)!.gzip()).toBe(gzip);
      expect(cache.size().bytes).toBe(before + gzip.length);

      const small = { url: '/api/v1/besluiten?pagina=2', route: '/api/v1/besluiten' };
      await cache.json(res, 'klein', { ...validity(), url: small }, async () => ({ value: { besluiten: [] } }));
      expect(cache.ready(small.url)!.gzip()).toBeUndefined();
    });
  });
});
