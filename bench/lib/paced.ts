import { Agent, get, request } from 'node:http';
import { gunzipSync } from 'node:zlib';
import type { HttpFigures } from '../workloads/http';
import { nowMs, percentile, round } from './stats';

/**
 * A steady request rate, as a target "at 500 req/s" means it: a request every 1000/rate ms, sent whether
 * or not the earlier ones have been answered (open loop), on at most `connections` keep-alive connections.
 *
 * Our own, for want of a library that fits:
 * - autocannon's rate option sends each connection's share of a second's quota as fast as it can at the
 *   start of that second, then waits for the next: its latencies are those of a burst after a pause.
 * - loadtest paces its requests, but it is an ES module only (our CommonJS build and jest cannot load it
 *   without tricks, so it could not be tested here), keeps every answer's body as text, and gives whole
 *   milliseconds only.
 * Node's own HTTP client is enough for 500 req/s; the latency is taken in fractions of a millisecond.
 */
export interface PacedOptions {
  url: string;
  ratePerSec: number;
  durationS: number;
  /** Keep-alive connections at most; a request due while all are busy waits for one, and that wait counts. */
  connections?: number;
  headers?: Record<string, string>;
  /** An answer later than this counts as unanswered. */
  timeoutMs?: number;
}

/** One request's outcome. */
export interface PacedAnswer {
  /** The status, when an answer came. */
  statusCode?: number;
  /** From the request's start (a wait for a free connection counts) to the end of the answer's body. */
  ms?: number;
}

/** The figures of a paced run: the rate reached, p50/p99 of the answered requests, non-2xx, and requests that got no answer. */
export function pacedFigures(answers: PacedAnswer[], seconds: number): HttpFigures {
  const answered = answers.filter((a) => a.statusCode !== undefined && a.ms !== undefined);
  const sorted = answered.map((a) => a.ms!).sort((x, y) => x - y);
  return {
    reqPerSec: round(answered.length / seconds, 1),
    p50: round(percentile(sorted, 50), 1),
    p99: round(percentile(sorted, 99), 1),
    requests: answered.length,
    non2xx: answered.filter((a) => a.statusCode! < 200 || a.statusCode! > 299).length,
    errors: answers.length - answered.length,
  };
}

/** Sends `ratePerSec` GETs a second, evenly spaced, for `durationS` seconds, waits for every answer, and gives the figures. */
export function paced(opts: PacedOptions): Promise<HttpFigures> {
  const agent = new Agent({ keepAlive: true, maxSockets: opts.connections ?? 8 });
  const interval = 1000 / opts.ratePerSec;
  const total = Math.max(1, Math.round(opts.ratePerSec * opts.durationS));
  const answers: PacedAnswer[] = [];
  const start = nowMs();
  let sent = 0;
  return new Promise((resolve) => {
    const answer = (a: PacedAnswer) => {
      answers.push(a);
      if (answers.length < total) return;
      agent.destroy();
      resolve(pacedFigures(answers, opts.durationS));
    };
    const send = () => {
      const t0 = nowMs();
      let done = false;
      const once = (a: PacedAnswer) => {
        if (!done) answer(a);
        done = true;
      };
      // The answer is read to its end and not kept or decoded (JSON or gzip): the time is the server's and
      // the transport's, not this client's work on other answers (it has one event loop for all of them).
      const req = request(opts.url, { agent, headers: opts.headers }, (res) => {
        res.on('data', () => undefined);
        res.on('end', () => once({ statusCode: res.statusCode, ms: nowMs() - t0 }));
        res.on('error', () => once({}));
      });
      req.setTimeout(opts.timeoutMs ?? 10_000, () => req.destroy());
      req.on('error', () => once({}));
      req.end();
    };
    // Each tick sends what has come due (more than one when the timer fired late), then sleeps until the next.
    const tick = () => {
      const now = nowMs();
      for (; sent < total && start + sent * interval <= now; sent++) send();
      if (sent < total) setTimeout(tick, Math.max(0, start + sent * interval - nowMs()));
    };
    tick();
  });
}

/** One answer's body as it comes over the wire (still encoded, when the server encoded it), and its Content-Encoding. */
export function wireAnswer(url: string, headers: Record<string, string> = {}): Promise<{ body: Buffer; encoding?: string }> {
  return new Promise((resolve, reject) => {
    get(url, { headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ body: Buffer.concat(chunks), encoding: res.headers['content-encoding'] }));
      res.on('error', reject);
    }).on('error', reject);
  });
}

/**
 * The size of the gzip a client that asks for it gets, after checking that it decodes to the very
 * answer a client that does not ask gets: the paced run does not decode its answers, so this says
 * they were the right ones. Throws when the answer was not gzipped or decodes to anything else.
 */
export async function checkedGzipBytes(url: string, headers: Record<string, string>): Promise<number> {
  const plain = await wireAnswer(url, headers);
  const gzip = await wireAnswer(url, { ...headers, 'accept-encoding': 'gzip' });
  if (gzip.encoding !== 'gzip') throw new Error(`${url} was not gzipped for a client that asked (Content-Encoding ${gzip.encoding ?? 'none'})`);
  if (!gunzipSync(gzip.body).equals(plain.body)) throw new Error(`${url}: the gzipped answer does not decode to the answer without compression`);
  return gzip.body.length;
}
