import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}

export interface ProfileSummary {
  samples: number;
  /** Share of self time per area: a package, one of our libs/apps, node internals, GC, idle. */
  areas: Array<{ area: string; percent: number }>;
  functions: Array<{ fn: string; percent: number }>;
}

/** Self time in µs per area and per function over a window of a profile, and what it adds up to. */
export interface SelfTimes {
  samples: number;
  totalUs: number;
  areas: Map<string, number>;
  functions: Map<string, number>;
}

const areaOf = (url: string, fn: string): string => {
  if (fn === '(garbage collector)') return 'GC';
  if (fn === '(idle)') return 'idle';
  if (fn === '(program)') return 'V8/native (program)';
  if (!url) return 'V8/native';
  if (url.startsWith('node:')) return 'node internals';
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg) return pkg[1];
  const own = /dist\/((?:libs|apps|bench)\/[^/]+)/.exec(url);
  return own ? own[1] : 'other';
};

/**
 * A sample stands for the time since the one before it. A gap longer than this is not time spent
 * in the sampled function (the process was stopped or starved), so it is left out.
 */
const MAX_SAMPLE_GAP_US = 50_000;

/**
 * Self time of the .cpuprofile files in dir (node --cpu-prof), counting only samples taken between
 * fromMs and toMs after the profile started (the load, not start-up or shutdown), each weighted by
 * the time it stands for: on a busy machine the profiler's ticks come late and unevenly.
 */
export function selfTimes(dir: string, window: { fromMs: number; toMs: number }): SelfTimes {
  const areas = new Map<string, number>();
  const functions = new Map<string, number>();
  let samples = 0;
  let totalUs = 0;
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.cpuprofile'))) {
    const profile = JSON.parse(readFileSync(join(dir, file), 'utf8')) as { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[] };
    const usByNode = new Map<number, number>();
    let t = 0;
    profile.samples.forEach((id, i) => {
      const delta = profile.timeDeltas[i] ?? 0;
      t += delta;
      if (t / 1000 < window.fromMs || t / 1000 > window.toMs) return;
      samples++;
      usByNode.set(id, (usByNode.get(id) ?? 0) + (delta > MAX_SAMPLE_GAP_US ? 0 : delta));
    });
    for (const node of profile.nodes) {
      const us = usByNode.get(node.id);
      if (us === undefined) continue;
      totalUs += us;
      const { functionName, url, lineNumber } = node.callFrame;
      const area = areaOf(url, functionName);
      areas.set(area, (areas.get(area) ?? 0) + us);
      const short = url ? `${url.replace(/^.*\/(node_modules|dist)\//, '')}:${lineNumber + 1}` : '';
      const key = `${functionName || '(anonymous)'} ${short}`.trim();
      functions.set(key, (functions.get(key) ?? 0) + us);
    }
  }
  return { samples, totalUs, areas, functions };
}

/** Shares of self time (idle included, as the profiler saw it) per area and the heaviest functions. */
export function summariseSelfTimes({ samples, totalUs, areas, functions }: SelfTimes, top = 12): ProfileSummary {
  const pct = (us: number) => Math.round((1000 * us) / Math.max(1, totalUs)) / 10;
  const sorted = (m: Map<string, number>) => [...m.entries()].sort((a, b) => b[1] - a[1]).slice(0, top);
  return {
    samples,
    areas: sorted(areas).map(([area, us]) => ({ area, percent: pct(us) })),
    functions: sorted(functions).map(([fn, us]) => ({ fn, percent: pct(us) })),
  };
}

export interface PerOpRow {
  name: string;
  /** µs of self time per operation in the first profile (the api) and in the second (the baseline). */
  us: number;
  baselineUs: number;
}

/** Two profiles of the same operation side by side: µs of self time per operation, idle left out. */
export interface PerOpComparison {
  /** Operations in each profile's window. */
  ops: number;
  baselineOps: number;
  /** Busy self time per operation in all (idle left out). */
  us: number;
  baselineUs: number;
  /** The areas and functions where the first spends the most beyond the second, most first. */
  areas: PerOpRow[];
  functions: PerOpRow[];
}

/**
 * Where one server spends more per operation than another doing the same work (the api against the
 * bare command server): self time per operation by area and by function, idle left out, the largest
 * differences first.
 */
export function comparePerOp(profile: SelfTimes, ops: number, baseline: SelfTimes, baselineOps: number, top = 12): PerOpComparison {
  const busy = (t: SelfTimes) => t.totalUs - (t.areas.get('idle') ?? 0);
  const rows = (a: Map<string, number>, b: Map<string, number>): PerOpRow[] =>
    [...new Set([...a.keys(), ...b.keys()])]
      .filter((name) => name !== 'idle' && name !== '(idle)')
      .map((name) => ({ name, us: round1((a.get(name) ?? 0) / ops), baselineUs: round1((b.get(name) ?? 0) / baselineOps) }))
      .sort((x, y) => y.us - y.baselineUs - (x.us - x.baselineUs) || x.name.localeCompare(y.name))
      .slice(0, top);
  return {
    ops,
    baselineOps,
    us: round1(busy(profile) / ops),
    baselineUs: round1(busy(baseline) / baselineOps),
    areas: rows(profile.areas, baseline.areas),
    functions: rows(profile.functions, baseline.functions),
  };
}

const round1 = (n: number) => Math.round(n * 10) / 10;
