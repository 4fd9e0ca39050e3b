import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { checkedGzipBytes, paced, pacedFigures, wireAnswer } from './paced';

describe('the figures of an evenly spaced run', () => {
  it('gives the rate reached and the latencies of the answered requests, with non-2xx and unanswered requests counted apart', () => {
    const answers = [
      ...Array.from({ length: 97 }, (_, i) => ({ statusCode: 200, ms: 1 + i / 100 })),
      { statusCode: 503, ms: 30 },
      {},
      {},
    ];
    expect(pacedFigures(answers, 2)).toEqual({ reqPerSec: 49, p50: 1.5, p99: 30, requests: 98, non2xx: 1, errors: 2 });
  });

  it('says n/a rather than 0 ms when nothing was answered', () => {
    const figures = pacedFigures([{}], 1);
    expect(figures).toMatchObject({ reqPerSec: 0, requests: 0, errors: 1 });
    expect(figures.p99).toBeNaN();
  });
});

describe('an evenly spaced run', () => {
  const servers: Server[] = [];
  afterEach(() => servers.splice(0).forEach((s) => { s.closeAllConnections(); s.close(); }));
  const serve = (handler: (res: ServerResponse, n: number) => void): Promise<string> => {
    let n = 0;
    return serveRequests((_req, res) => handler(res, n++));
  };
  const serveRequests = async (handler: (req: IncomingMessage, res: ServerResponse) => void): Promise<string> => {
    const server = createServer(handler);
    servers.push(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  };

  it('spreads its requests over each second instead of sending them at its start', async () => {
    const arrivals: number[] = [];
    const url = await serve((res) => {
      arrivals.push(performance.now());
      res.end('{}');
    });
    const figures = await paced({ url, ratePerSec: 200, durationS: 1 });
    expect(figures).toMatchObject({ reqPerSec: 200, requests: 200, non2xx: 0, errors: 0 });
    // Evenly spaced, any 100 ms holds about 20 of the 200; a burst would put them all in the first few ms.
    const busiest = Math.max(...arrivals.map((t) => arrivals.filter((u) => u >= t && u < t + 100).length));
    expect(busiest).toBeLessThanOrEqual(40);
    expect(arrivals[arrivals.length - 1] - arrivals[0]).toBeGreaterThan(900);
  });

  it('counts the wait for a free connection in the latency, and a request that got no answer apart', async () => {
    // The first request holds the only connection for 300 ms: the ones due meanwhile wait for it.
    const slow = await serve((res, n) => setTimeout(() => res.end('{}'), n === 0 ? 300 : 0));
    const waited = await paced({ url: slow, ratePerSec: 100, durationS: 0.5, connections: 1 });
    expect(waited.requests).toBe(50);
    expect(waited.p99).toBeGreaterThanOrEqual(250);
    const dropping = await serve((res, n) => (n % 10 === 0 ? res.socket!.destroy() : res.writeHead(503).end()));
    expect(await paced({ url: dropping, ratePerSec: 100, durationS: 0.5 })).toMatchObject({ requests: 45, non2xx: 45, errors: 5 });
  });

  it('says how large the gzip is only when it decodes to the answer without compression', async () => {
    const json = Buffer.from(JSON.stringify({ tekst: 'x'.repeat(5000) }));
    const body = gzipSync(json);
    const serveAs = (gzipped: (asked: boolean) => Buffer | undefined) => serveRequests((req, res) => {
      const asked = /gzip/.test(String(req.headers['accept-encoding']));
      const encoded = gzipped(asked);
      if (encoded) res.setHeader('content-encoding', 'gzip');
      res.end(encoded ?? json);
    });
    const good = await serveAs((asked) => (asked ? body : undefined));
    expect(await checkedGzipBytes(good, {})).toBe(body.length);
    expect(await wireAnswer(good, { 'accept-encoding': 'gzip' })).toEqual({ body, encoding: 'gzip' });
    await expect(checkedGzipBytes(await serveAs(() => undefined), {})).rejects.toThrow('was not gzipped');
    await expect(checkedGzipBytes(await serveAs((asked) => (asked ? gzipSync('{}') : undefined)), {})).rejects.toThrow('does not decode to the answer');
  });
});
