/** Latencies in ms, measured with process.hrtime. */
export interface Sample {
  ops: number;
  errors: number;
  seconds: number;
  latencies: number[];
}

export interface Figures {
  opsPerSec: number;
  p50: number;
  p99: number;
  ops: number;
  errors: number;
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index];
}

/** Two samples of one workload (turns taken apart) as one. */
export const mergeSamples = (a: Sample, b: Sample): Sample => ({
  ops: a.ops + b.ops, errors: a.errors + b.errors, seconds: a.seconds + b.seconds, latencies: a.latencies.concat(b.latencies),
});

export function summarise(sample: Sample): Figures {
  const sorted = [...sample.latencies].sort((a, b) => a - b);
  return {
    opsPerSec: sample.ops / sample.seconds,
    p50: round(percentile(sorted, 50)),
    p99: round(percentile(sorted, 99)),
    ops: sample.ops,
    errors: sample.errors,
  };
}

/** The middle value (the lower of the two middle ones for an even count). */
export const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.floor((s.length - 1) / 2)] : NaN;
};

export const round = (n: number, digits = 2) => (Number.isFinite(n) ? Math.round(n * 10 ** digits) / 10 ** digits : n);

export const nowMs = () => Number(process.hrtime.bigint()) / 1e6;

/**
 * Runs `op(worker, i)` from `concurrency` workers until `durationMs` has passed (after a warm-up
 * that is not counted). An op that throws counts as an error, not as a latency.
 */
export async function closedLoop(
  concurrency: number,
  durationMs: number,
  op: (worker: number, i: number) => Promise<void>,
  warmupMs = Math.min(1000, durationMs / 5),
): Promise<Sample> {
  const latencies: number[] = [];
  let ops = 0;
  let errors = 0;
  let firstError: unknown;
  const start = nowMs();
  const measureFrom = start + warmupMs;
  const end = measureFrom + durationMs;
  await Promise.all(
    Array.from({ length: concurrency }, async (_, worker) => {
      for (let i = 0; nowMs() < end; i++) {
        const t0 = nowMs();
        try {
          await op(worker, i);
          if (t0 >= measureFrom) {
            latencies.push(nowMs() - t0);
            ops++;
          }
        } catch (error) {
          firstError ??= error;
          if (t0 >= measureFrom) errors++;
        }
      }
    }),
  );
  if (errors > 0 && ops === 0) throw firstError;
  return { ops, errors, seconds: (nowMs() - measureFrom) / 1000, latencies };
}

/** Times one async call in ms. */
export async function timed<T>(fn: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const t0 = nowMs();
  const value = await fn();
  return { ms: round(nowMs() - t0), value };
}
