/**
 * What a service's own /metrics says about its Node process during a run: how late its event loop
 * ran and how long garbage collection held it. Read once right before the run (which also starts
 * prom-client's event-loop histogram afresh) and once right after.
 */
export interface ProcessDuringRun {
  /** How late the event loop ran, p99 and at most, in ms (prom-client samples it every 10 ms). */
  loopLateP99Ms: number;
  loopLateMaxMs: number;
  /** Garbage collection during the run: its time in all, and the number of pauses. */
  gcMs: number;
  gcPauses: number;
}

/** prom-client's sampling interval for the event-loop delay (eventLoopMonitoringPrecision): each sample is this plus the lateness. */
const LOOP_SAMPLE_MS = 10;

/** The sum of a metric's samples over its label sets (the GC kinds), in the Prometheus text format; NaN when absent. A gauge read here has one label set. */
export function metricSum(text: string, name: string): number {
  let sum = NaN;
  for (const line of text.split('\n')) {
    if (!line.startsWith(name)) continue;
    const rest = line.slice(name.length);
    if (rest[0] !== '{' && rest[0] !== ' ') continue;
    const value = Number(line.slice(line.lastIndexOf(' ') + 1));
    sum = Number.isNaN(sum) ? value : sum + value;
  }
  return sum;
}

export function processDuringRun(before: string, after: string): ProcessDuringRun {
  const late = (name: string) => Math.max(0, metricSum(after, name) * 1000 - LOOP_SAMPLE_MS);
  const grew = (name: string) => metricSum(after, name) - metricSum(before, name);
  return {
    loopLateP99Ms: late('nodejs_eventloop_lag_p99_seconds'),
    loopLateMaxMs: late('nodejs_eventloop_lag_max_seconds'),
    gcMs: grew('nodejs_gc_duration_seconds_sum') * 1000,
    gcPauses: grew('nodejs_gc_duration_seconds_count'),
  };
}

/** Reads `metricsUrl` before and after `run`, and gives the run's result with what the process went through. */
export async function withProcessMetrics<T>(metricsUrl: string, run: () => Promise<T>): Promise<{ result: T; process: ProcessDuringRun }> {
  const scrape = async () => (await fetch(metricsUrl)).text();
  const before = await scrape();
  const result = await run();
  return { result, process: processDuringRun(before, await scrape()) };
}
