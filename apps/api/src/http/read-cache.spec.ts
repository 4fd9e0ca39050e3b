import type { Response } from 'express';
import { ReadCache } from './read-cache';

const response = () => {
  const headers: Record<string, string> = {};
  return { headers, res: { setHeader: (name: string, value: string) => void (headers[name] = value) } as unknown as Response };
};
const noDb = { db: { query: async () => { throw new Error('not used'); } } } as never;

describe('ReadCache', () => {
  it('makes an answer once per stamp and again when the stamp moves', async () => {
    const cache = new ReadCache(noDb);
    let made = 0;
    const make = async () => ({ value: { made: ++made }, etag: `"${made}"` });
    const { res, headers } = response();
    expect(await cache.json(res, 'k', 'a', make)).toBe('{"made":1}');
    expect(await cache.json(res, 'k', 'a', make)).toBe('{"made":1}');
    expect(headers.ETag).toBe('"1"');
    expect(headers['Content-Type']).toMatch(/^application\/json/);
    expect(await cache.json(res, 'k', 'b', make)).toBe('{"made":2}');
    expect(headers.ETag).toBe('"2"');
  });

  it('keeps nothing when making the answer fails', async () => {
    const cache = new ReadCache(noDb);
    const { res } = response();
    await expect(cache.json(res, 'k', 'a', async () => { throw new Error('weg'); })).rejects.toThrow('weg');
    expect(cache.size()).toEqual({ entries: 0, bytes: 0 });
  });

  it('drops the least recently used answers beyond its bounds, and never keeps one too large', async () => {
    const cache = new ReadCache(noDb, { entries: 2, bytes: 400 });
    const { res } = response();
    let made = 0;
    const make = (size: number) => async () => ({ value: { made: ++made, pad: 'x'.repeat(size) } });
    await cache.json(res, 'a', 's', make(10));
    await cache.json(res, 'b', 's', make(10));
    await cache.json(res, 'a', 's', make(10)); // a is used again: b is now the coldest
    await cache.json(res, 'c', 's', make(10));
    expect(cache.size().entries).toBe(2);
    const before = made;
    await cache.json(res, 'a', 's', make(10));
    expect(made).toBe(before);
    await cache.json(res, 'b', 's', make(10));
    expect(made).toBe(before + 1);
    await cache.json(res, 'huge', 's', make(200));
    expect(cache.size().bytes).toBeLessThanOrEqual(400);
    await cache.json(res, 'huge', 's', make(200));
    expect(made).toBe(before + 3);
  });
});
