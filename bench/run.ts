/**
 * Kaderflow benchmark suite (issue 7). `node dist/bench/run.js` runs the full suite and writes
 * docs/PERFORMANCE.md and docs/performance.json; `--smoke` runs tiny sizes and writes to
 * bench/results/ instead. Every figure in the report comes from this run.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { benchAppend } from './workloads/append';
import { benchColdStart, benchCommands, benchReads } from './workloads/http';
import { benchRebuild } from './workloads/rebuild';
import { collectEnvironment } from './lib/environment';
import { dropDatabase } from './lib/pg';
import { renderReport, Results, unexpectedAnswers } from './report';

const smoke = process.argv.includes('--smoke');
const only = process.argv.find((a) => a.startsWith('--only='))?.slice(7).split(',');
/** --out=DIR writes the report there instead (a partial or side run that must not replace docs/PERFORMANCE.md). */
const out = process.argv.find((a) => a.startsWith('--out='))?.slice(6);

const SIZES = smoke
  ? {
      append: { streams: 64, durationMs: 1500, concurrencies: [1, 8, 32] },
      commands: { kaders: 40, durationS: 2, concurrencies: [8, 32] },
      reads: { events: 5_000, statusEvents: 500, vergaderingen: 4, durationS: 2, timeTravelCapMs: 5_000 },
      rebuild: { kaders: 40, eventsPerKader: 500 },
      coldStarts: 1,
    }
  : {
      append: { streams: 1_000, durationMs: 10_000, concurrencies: [1, 8, 32], rounds: 5 },
      commands: { kaders: 500, durationS: 10, concurrencies: [8, 32] },
      reads: { events: 100_000, statusEvents: 1_500, vergaderingen: 80, durationS: 10, timeTravelCapMs: 15_000 },
      rebuild: { kaders: 1_000, eventsPerKader: 1_000 },
      coldStarts: 3,
    };

const log = (message: string) => process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${message}\n`);
const wants = (name: string) => !only || only.includes(name);

async function main() {
  const started = new Date();
  const results: Results = { mode: smoke ? 'smoke' : 'full', sizes: SIZES, environment: await collectEnvironment(started) };
  const root = join(__dirname, '..', '..');
  const dir = out ?? (smoke ? join(root, 'bench', 'results') : join(root, 'docs'));
  mkdirSync(dir, { recursive: true });
  const md = smoke ? join(dir, 'PERFORMANCE.smoke.md') : join(dir, 'PERFORMANCE.md');
  const json = smoke ? join(dir, 'performance.smoke.json') : join(dir, 'performance.json');
  const write = () => {
    results.durationSeconds = Math.round((Date.now() - started.getTime()) / 1000);
    writeFileSync(json, `${JSON.stringify(results, null, 2)}\n`);
    writeFileSync(md, renderReport(results));
  };
  // Each workload on its own: one failing (e.g. a connection killed from outside) keeps the others' figures.
  const step = async (name: string, fn: () => Promise<void>) => {
    if (!wants(name)) return;
    try {
      await fn();
    } catch (error) {
      log(`${name} failed: ${error instanceof Error ? error.stack : String(error)}`);
      results.failures = { ...results.failures, [name]: error instanceof Error ? error.message : String(error) };
    }
    write();
  };
  await step('append', async () => void (results.append = await benchAppend(SIZES.append, log)));
  await step('commands', async () => void (results.commands = await benchCommands(SIZES.commands, log)));
  await step('reads', async () => void (results.reads = await benchReads(SIZES.reads, log)));
  await step('coldstart', async () => void (results.coldStart = await benchColdStart(SIZES.coldStarts)));
  await step('rebuild', async () => void (results.rebuild = await benchRebuild(SIZES.rebuild, log)));
  await dropDatabase('kaderflow_bench');
  await dropDatabase('emmett_bench');
  const unexpected = unexpectedAnswers(results);
  if (unexpected.length) {
    for (const line of unexpected) log(`unexpected answers: ${line}`);
    results.failures = { ...results.failures, 'unexpected answers': unexpected.join('; ') };
  }
  write();
  log(`written ${md} and ${json} in ${results.durationSeconds} s`);
  if (results.failures) process.exitCode = 1;
}

main().then(
  () => process.exit(process.exitCode ?? 0),
  (error) => {
    log(`failed: ${error instanceof Error ? error.stack : String(error)}`);
    process.exit(1);
  },
);
