import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { comparePerOp, selfTimes, summariseSelfTimes } from './cpuprofile';

const frame = (functionName: string, url = '', lineNumber = 0) => ({ functionName, url, lineNumber });
const NODES = [
  { id: 1, callFrame: frame('(idle)') },
  { id: 2, callFrame: frame('setHeader', 'node:_http_outgoing', 652) },
  { id: 3, callFrame: frame('decide', 'file:///app/dist/libs/domain/src/kader/decide.js', 81) },
  { id: 4, callFrame: frame('(garbage collector)') },
  { id: 5, callFrame: frame('transform', 'file:///app/node_modules/@nestjs/common/pipes/validation.pipe.js', 54) },
];

/** A profile whose samples are (node id, µs since the sample before) pairs. */
function profileDir(samples: Array<[number, number]>): string {
  const dir = mkdtempSync(join(tmpdir(), 'kf-prof-spec-'));
  writeFileSync(join(dir, 'CPU.1.cpuprofile'), JSON.stringify({ nodes: NODES, samples: samples.map(([id]) => id), timeDeltas: samples.map(([, us]) => us) }));
  return dir;
}

describe('cpu profiles', () => {
  const dirs: string[] = [];
  const made = (samples: Array<[number, number]>) => {
    const dir = profileDir(samples);
    dirs.push(dir);
    return dir;
  };
  afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

  it('weights each sample by the time it stands for, counts only the window, and leaves out a gap the process did not run in', () => {
    const dir = made([
      [3, 5_000], // at 5 ms: before the window
      [2, 1_000], [3, 2_000], [3, 1_000], [1, 4_000], [2, 60_000], // 6 to 73 ms; the last one stands for a 60 ms gap
      [3, 1_000_000], // at 1.07 s: after the window
    ]);
    const times = selfTimes(dir, { fromMs: 6, toMs: 100 });
    expect(times.samples).toBe(5);
    expect(times.functions.get('setHeader node:_http_outgoing:653')).toBe(1_000);
    expect(times.functions.get('decide libs/domain/src/kader/decide.js:82')).toBe(3_000);
    expect(times.areas.get('libs/domain')).toBe(3_000);
    expect(times.areas.get('idle')).toBe(4_000);
    expect(times.totalUs).toBe(8_000);
    // Shares of time, not of samples: decide has 2 of 5 samples but 3 of 8 ms, the gap's setHeader 1 of 8 ms.
    expect(summariseSelfTimes(times).functions).toEqual([
      { fn: '(idle)', percent: 50 },
      { fn: 'decide libs/domain/src/kader/decide.js:82', percent: 37.5 },
      { fn: 'setHeader node:_http_outgoing:653', percent: 12.5 },
    ]);
  });

  it('compares two servers per operation, idle left out, where the first spends the most beyond the second first', () => {
    // The api: 10 operations, 40 µs per operation of headers, 20 of Nest, 30 of deciding, 10 of GC, and idle.
    const api = selfTimes(made([[2, 400], [5, 200], [3, 300], [4, 100], [1, 5_000]]), { fromMs: 0, toMs: 1_000 });
    // The bare server: 20 operations, 30 µs per operation of deciding, 10 of GC, 5 of headers.
    const bare = selfTimes(made([[3, 600], [4, 200], [2, 100], [1, 9_000]]), { fromMs: 0, toMs: 1_000 });
    const c = comparePerOp(api, 10, bare, 20);
    expect({ us: c.us, baselineUs: c.baselineUs }).toEqual({ us: 100, baselineUs: 45 });
    expect(c.functions.map((f) => [f.name, f.us, f.baselineUs])).toEqual([
      ['setHeader node:_http_outgoing:653', 40, 5],
      ['transform @nestjs/common/pipes/validation.pipe.js:55', 20, 0],
      ['(garbage collector)', 10, 10],
      ['decide libs/domain/src/kader/decide.js:82', 30, 30],
    ]);
    expect(c.areas.map((a) => a.name)).toEqual(['node internals', '@nestjs/common', 'GC', 'libs/domain']);
  });
});
