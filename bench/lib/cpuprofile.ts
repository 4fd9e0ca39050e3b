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

const areaOf = (url: string, fn: string): string => {
  if (fn === '(garbage collector)') return 'GC';
  if (fn === '(idle)') return 'idle';
  if (fn === '(program)') return 'V8/native (program)';
  if (!url) return 'V8/native';
  if (url.startsWith('node:')) return 'node internals';
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg) return pkg[1];
  const own = /dist\/((?:libs|apps)\/[^/]+)/.exec(url);
  return own ? own[1] : 'other';
};

/**
 * Self-time summary of the .cpuprofile files in dir (node --cpu-prof), counting only samples
 * taken between fromMs and toMs after the profile started (the load, not start-up or shutdown).
 */
export function summariseProfiles(dir: string, window: { fromMs: number; toMs: number }, top = 12): ProfileSummary {
  const areas = new Map<string, number>();
  const fns = new Map<string, number>();
  let total = 0;
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.cpuprofile'))) {
    const profile = JSON.parse(readFileSync(join(dir, file), 'utf8')) as { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[] };
    const counts = new Map<number, number>();
    let t = 0;
    profile.samples.forEach((id, i) => {
      t += profile.timeDeltas[i] ?? 0;
      if (t / 1000 >= window.fromMs && t / 1000 <= window.toMs) counts.set(id, (counts.get(id) ?? 0) + 1);
    });
    for (const node of profile.nodes) {
      const hits = counts.get(node.id) ?? 0;
      if (!hits) continue;
      total += hits;
      const { functionName, url, lineNumber } = node.callFrame;
      const area = areaOf(url, functionName);
      areas.set(area, (areas.get(area) ?? 0) + hits);
      const short = url ? `${url.replace(/^.*\/(node_modules|dist)\//, '')}:${lineNumber + 1}` : '';
      const key = `${functionName || '(anonymous)'} ${short}`.trim();
      fns.set(key, (fns.get(key) ?? 0) + hits);
    }
  }
  const pct = (n: number) => Math.round((1000 * n) / Math.max(1, total)) / 10;
  const sorted = (m: Map<string, number>) => [...m.entries()].sort((a, b) => b[1] - a[1]).slice(0, top);
  return {
    samples: total,
    areas: sorted(areas).map(([area, n]) => ({ area, percent: pct(n) })),
    functions: sorted(fns).map(([fn, n]) => ({ fn, percent: pct(n) })),
  };
}
