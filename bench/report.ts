import { CpuPerOp } from './lib/cpu';
import { PerOpRow } from './lib/cpuprofile';
import { AppendRow } from './workloads/append';
import { CommandsResult, HttpFigures, RawAroundTurns, ReadFigures, ReadsResult } from './workloads/http';
import { RebuildResult } from './workloads/rebuild';
import { collectEnvironment } from './lib/environment';
import { median } from './lib/stats';

export interface Results {
  mode: 'smoke' | 'full';
  sizes: unknown;
  environment: Awaited<ReturnType<typeof collectEnvironment>>;
  append?: AppendRow[];
  commands?: CommandsResult;
  reads?: ReadsResult;
  rebuild?: RebuildResult;
  coldStart?: { runs: number[]; idleMb: number; restartMs: number[] };
  durationSeconds?: number;
  /** Workloads that failed in this run, with the error. */
  failures?: Record<string, string>;
}

export interface TargetCheck {
  target: string;
  measured: string;
  met: boolean;
  /** How far off, when missed. */
  gap?: string;
  /** Where the time goes, when missed and the run measured it. */
  detail?: string;
}

const f0 = (n: number) => (Number.isFinite(n) ? Math.round(n).toLocaleString('en-US') : 'n/a');
const f1 = (n: number) => (Number.isFinite(n) ? (Math.round(n * 10) / 10).toString() : 'n/a');
/** A share; n/a when its baseline was not measured in this run (a side run with --only=). */
const pct = (n: number) => (Number.isFinite(n) ? `${Math.round(n * 100)}%` : 'n/a');

/** Workload 1's raw INSERT rate at a concurrency, the baseline of workload 2; NaN when this run did not measure it. */
const rawInsertAt = (r: Results, concurrency: number): number => r.append?.find((a) => a.concurrency === concurrency)?.rawInsert.opsPerSec ?? NaN;

/** A share to two decimals, rounded towards `down` or up: a near miss must not read as the target itself (49.99%, not 50%). */
const pct2 = (n: number, down: boolean) => `${((down ? Math.floor(n * 10_000) : Math.ceil(n * 10_000)) / 100).toFixed(2)}%`;

const ratioCheck = (target: string, value: number, base: number, need: number, what: string): TargetCheck => {
  const ratio = value / base;
  if (ratio >= need) return { target, measured: `${f0(value)} vs ${f0(base)} ${what} = ${pct(ratio)}`, met: true };
  const near = Math.round(ratio * 100) >= Math.round(need * 100);
  const short = need - ratio;
  return {
    target,
    measured: `${f0(value)} vs ${f0(base)} ${what} = ${near ? pct2(ratio, true) : pct(ratio)}`,
    met: false,
    gap: `${Math.round(short * 100) === 0 ? pct2(short, false) : pct(short)} short of ${pct(need)} (${f0(Math.ceil(need * base - value))} ${what} more needed)`,
  };
};

/**
 * A read at 500 req/s as the targets read it: evenly spaced with Accept-Encoding: gzip where measured,
 * else (older reports) evenly spaced without it, else autocannon's 500 req/s.
 */
const at500 = (v: ReadFigures): HttpFigures => v.gzip?.pacedAt500 ?? v.pacedAt500 ?? v.httpAt500;

const maxCheck = (target: string, value: number, limit: number, unit: string): TargetCheck => ({
  target,
  measured: `${f1(value)} ${unit}`,
  met: value < limit,
  gap: value < limit ? undefined : `${f1(value - limit)} ${unit} over (${pct(value / limit - 1)} above the limit)`,
});

/** Growth exponent between the last two depths, and the time it predicts for the whole stream. */
export function extrapolate(t: ReadsResult['timeTravel']): { exponent: number; fullMs: number } | undefined {
  const [a, b] = t.points.slice(-2);
  if (!a || !b || b.versie === a.versie) return undefined;
  const exponent = Math.log(b.ms / a.ms) / Math.log(b.versie / a.versie);
  return { exponent, fullMs: b.ms * (t.events / b.versie) ** exponent };
}

/**
 * The run a read's target is judged on, with what belongs to that run: gzip where measured, else evenly
 * spaced, else (older reports) autocannon's 500 req/s; its CPU, the api's event loop, the bytes sent, and
 * the bare server's floor for the same load and (about) the same bytes.
 */
function judgedRun(v: ReadFigures, x: ReadsResult) {
  const common = { figures: at500(v), evenly: v.pacedAt500 !== undefined };
  if (v.gzip) {
    return { ...common, label: ', gzip', cpu: v.gzip.cpuAt500, api: v.gzip.apiAt500, bytes: v.gzip.bytes,
      floor: x.barePacedGzipAt500, floorBytes: x.barePacedGzipAt500?.bytes, floorLoop: undefined };
  }
  return { ...common, label: '', cpu: v.cpuAt500, api: v.apiAt500, bytes: v.bytes,
    floor: v.pacedAt500 ? x.barePacedAt500 : x.bareAt500, floorBytes: x.bareAt500?.bytes, floorLoop: v.pacedAt500 ? x.bareProcess : undefined };
}

/**
 * A read's p99 at 500 req/s; when missed, its median, the api's CPU per read, and what the same load
 * measured against a bare Node HTTP server in this run: the tail a server that does nothing gets here.
 */
function readCheck(target: string, v: ReadFigures, x: ReadsResult): TargetCheck {
  const run = judgedRun(v, x);
  const check = maxCheck(target, run.figures.p99, 10, 'ms');
  // The figure without compression stays beside the one the target reads.
  const measured = v.gzip && v.pacedAt500 ? `${check.measured} with gzip (${f1(v.pacedAt500.p99)} ms without)` : check.measured;
  if (check.met) return { ...check, measured };
  const parts = [`p50 ${f1(run.figures.p50)} ms`];
  if (run.cpu) parts.push(`the api spends ${f0(run.cpu.api)} µs of CPU per read (PostgreSQL ${f0(run.cpu.postgres)})`);
  if (run.api) {
    parts.push(`the api's event loop ran at most ${f1(run.api.loopLateMaxMs)} ms late (p99 ${f1(run.api.loopLateP99Ms)} ms), ` +
      `and garbage collection took ${f1(run.api.gcMs)} ms in ${f0(run.api.gcPauses)} pauses over the run`);
  }
  if (run.floor && run.floorBytes !== undefined) {
    parts.push(`against a bare Node HTTP server answering ${f0(run.floorBytes)} bytes (${f0(run.bytes ?? NaN)} here), the same load measured ` +
      `p50 ${f1(run.floor.p50)} ms and p99 ${f1(run.floor.p99)} ms in this run` +
      (run.floorLoop ? `, its event loop at most ${f1(run.floorLoop.loopLateMaxMs)} ms late (p99 ${f1(run.floorLoop.loopLateP99Ms)} ms)` : ''));
  }
  return { ...check, measured, detail: `At 500 req/s${run.evenly ? ' evenly spaced' : ''}${run.label}: ${parts.join('; ')}` };
}

function timeTravelCheck(t: ReadsResult['timeTravel']): TargetCheck {
  const target = `Time travel on ${f0(t.events)} events < 200 ms`;
  const last = t.points[t.points.length - 1];
  if (last && last.versie >= t.events) return maxCheck(target, last.ms, 200, 'ms');
  const x = extrapolate(t);
  return {
    target,
    measured: `stopped at version ${f0(last?.versie ?? 0)} after ${f0(last?.ms ?? NaN)} ms (cap ${f0(t.capMs)} ms)` +
      (x ? `; growth ~n^${f1(x.exponent)} predicts ~${f0(x.fullMs / 1000)} s for all ${f0(t.events)}` : ''),
    met: false,
    gap: x ? `~${f0(x.fullMs / 200)}x the limit (extrapolated)` : 'not measured to the end',
  };
}

/** CPU per command in all processes of workload 2: api, projector (where it ran), PostgreSQL and the bench (autocannon). */
const commandCpuSum = (cpu: CpuPerOp) => cpu.api + (cpu.projector ?? 0) + cpu.postgres + cpu.bench;

/** The raw INSERT around a command run, with its rate before and after the run where measured. */
const aroundCell = (run: { rawAround?: { opsPerSec: number }; rawAroundTurns?: RawAroundTurns }): string => {
  const around = f0(run.rawAround?.opsPerSec ?? NaN);
  return run.rawAroundTurns ? `${around} (${f0(run.rawAroundTurns.before)} before, ${f0(run.rawAroundTurns.after)} after)` : around;
};

/** µs per command the api's event loop waited for a core in a run, where the run measured it. */
const apiWait = (run: { waits?: Record<string, number> }): number | undefined => run.waits?.api;

/** A command run as the targets read it: with the projector beside it (rows) or alone. */
type CommandRun = Pick<CommandsResult['rows'][number], 'concurrency' | 'http' | 'cpu' | 'postgresBy' | 'waits' | 'rawAround' | 'rawAroundCpu'>;

/**
 * For a missed command throughput: the CPU per command by process and how busy the cores were, beside
 * the same for the raw INSERT it is compared with (where measured), and how much less CPU per command
 * the target needs at the command run's use of the cores.
 */
function commandBudget(row: CommandRun, raw: { opsPerSec: number; cpu?: CpuPerOp }, cores: number): string | undefined {
  const cpu = row.cpu;
  if (!cpu || !Number.isFinite(cores) || cores <= 0) return undefined;
  const busy = (perOp: number, opsPerSec: number) => (perOp * opsPerSec) / (cores * 1_000_000);
  const sum = commandCpuSum(cpu);
  const needed = 0.5 * raw.opsPerSec;
  const allowed = (sum * row.http.reqPerSec) / needed;
  const by = row.postgresBy;
  const projected = cpu.projector !== undefined;
  const pg = by ? `PostgreSQL ${f0(cpu.postgres)} (${f0(by.api)} for the api's appends, ${projected ? `${f0(by.projector)} for the projector, ` : ''}${f0(by.other)} other)` : `PostgreSQL ${f0(cpu.postgres)}`;
  let text = `CPU per command at c=${row.concurrency}: api ${f0(cpu.api)}, ${projected ? `projector ${f0(cpu.projector)}, ` : ''}${pg}, autocannon ${f0(cpu.bench)}; ` +
    `${f0(sum)} µs in all, with the ${cores} cores ${pct(busy(sum, row.http.reqPerSec))} busy`;
  const waited = apiWait(row);
  if (waited !== undefined) text += `; the api's event loop, which serves every request, waited ${f0(waited)} µs per command for a core`;
  if (raw.cpu) {
    const rawSum = raw.cpu.bench + raw.cpu.postgres;
    text += `. Per raw INSERT: bench ${f0(raw.cpu.bench)} + PostgreSQL ${f0(raw.cpu.postgres)} = ${f0(rawSum)} µs, the cores ${pct(busy(rawSum, raw.opsPerSec))} busy. ` +
      `The ratio is the CPU per operation (${f0(rawSum)} / ${f0(sum)} = ${pct(rawSum / sum)}) times the use of the cores ` +
      `(${pct(busy(sum, row.http.reqPerSec))} / ${pct(busy(rawSum, raw.opsPerSec))})`;
  }
  const share = 1 - allowed / sum;
  const less = `${Math.round(sum - allowed) === 0 ? 'under 1' : f0(sum - allowed)} µs (${Math.round(share * 100) === 0 ? 'under 1%' : pct(share)})`;
  return `${text}. At the command run's use of the cores, ${f0(needed)} commands/s needs at most ${f0(allowed)} µs per command: ${less} less`;
}

/** Answers of a load run outside 2xx, and requests left unanswered. */
const notOk = (h: HttpFigures) => h.non2xx + h.errors;

/** The HTTP load runs of one read, named; a run this report did not measure is undefined. */
const loadRunsOf = (v: ReadFigures): Array<[string, HttpFigures | undefined]> =>
  [['flat out', v.http], ['autocannon at 500/s', v.httpAt500], ['500/s evenly spaced', v.pacedAt500], ['500/s evenly spaced with gzip', v.gzip?.pacedAt500]];

/**
 * Load runs whose answers were not what the load asked for: a command or read run with any answer
 * outside 2xx or left unanswered, or the validation run with any answer that was not refused. A
 * figure measured on failing requests is no figure, and a 409 in a burst is a bug to see, not a
 * cell in a table: the run fails on them (`unexpected answers`), smoke or full.
 */
export function unexpectedAnswers(r: Results): string[] {
  const out: string[] = [];
  const expectOk = (run: string, h: HttpFigures | undefined) => {
    if (h && notOk(h) > 0) out.push(`${run}: ${h.non2xx} answers outside 2xx and ${h.errors} unanswered of ${h.requests}`);
  };
  const c = r.commands;
  for (const row of c?.rows ?? []) expectOk(`commands c=${row.concurrency}`, row.http);
  expectOk('commands, profiled pass', c?.profile?.http);
  expectOk('commands, projector stopped', c?.alone?.http);
  expectOk('public GET', c?.alone?.plainGet?.http);
  expectOk('bare command server', c?.withoutFramework?.http);
  expectOk('bare command server, profiled pass', c?.beyondBare?.http);
  const refused = c?.alone?.refused?.http;
  if (refused && (refused.non2xx !== refused.requests || refused.errors > 0)) {
    out.push(`commands refused by validation: ${refused.requests - refused.non2xx} of ${refused.requests} not refused and ${refused.errors} unanswered`);
  }
  const reads: Array<[string, ReadFigures | undefined]> = [['kader status', r.reads?.status], ['besluiten page', r.reads?.besluiten_pagina], ['opgaven matrix', r.reads?.opgavenMatrix]];
  for (const [name, v] of reads) {
    if (!v) continue;
    for (const [run, h] of loadRunsOf(v)) expectOk(`${name}, ${run}`, h);
  }
  return out;
}

/** Every target of issue 7 that this run measured, with the verdict. */
export function checkTargets(r: Results): TargetCheck[] {
  const checks: TargetCheck[] = [];
  for (const row of r.append ?? []) {
    if (row.concurrency === 1) continue;
    checks.push(ratioCheck(`Append c=${row.concurrency}: >= 2x Emmett`, row.kaderflow.opsPerSec, row.emmett.opsPerSec, 2, 'events/s'));
    const need = row.concurrency >= 32 ? 1 : 0.8;
    checks.push(ratioCheck(`Append c=${row.concurrency}: >= ${pct(need)} of raw INSERT`, row.kaderflow.opsPerSec, row.rawInsert.opsPerSec, need, 'events/s'));
  }
  const c32 = r.commands?.rows.find((x) => x.concurrency === 32);
  const raw32 = r.append?.find((x) => x.concurrency === 32);
  const cores = parseInt(r.environment.cpu, 10);
  const commandsCheck = (target: string, run: CommandRun, raw: { opsPerSec: number; cpu?: CpuPerOp }): TargetCheck => {
    const check = ratioCheck(target, run.http.reqPerSec, raw.opsPerSec, 0.5, 'per s');
    return check.met ? check : { ...check, detail: commandBudget(run, raw, cores) };
  };
  // With the projector beside the api, and the command path as workload 2 names it (validation, decide, append,
  // response) with nothing projecting, like workload 1's appends. Each against workload 1's raw INSERT and against
  // the one measured around the run (the machine's state of that moment).
  const alone = r.commands?.alone?.concurrency === 32 ? r.commands.alone : undefined;
  const runs = [
    { name: 'Commands over HTTP c=32 (projector running beside it)', run: c32, itsRun: 'the command run' },
    { name: 'Commands over HTTP c=32, the command path alone (projector stopped)', run: alone, itsRun: 'its run' },
  ];
  for (const { name, run, itsRun } of runs) {
    if (run && raw32) checks.push(commandsCheck(`${name}: >= 50% of raw INSERT c=32`, run, { opsPerSec: raw32.rawInsert.opsPerSec, cpu: raw32.cpu?.rawInsert }));
    if (run?.rawAround) checks.push(commandsCheck(`${name}: >= 50% of raw INSERT c=32 measured around ${itsRun}`, run, { opsPerSec: run.rawAround.opsPerSec, cpu: run.rawAroundCpu }));
  }
  if (c32) checks.push(maxCheck('Commands over HTTP c=32: p99 < 50 ms', c32.http.p99, 50, 'ms'));
  if (r.reads) {
    checks.push(readCheck('Kader status at 500 req/s: p99 < 10 ms', r.reads.status, r.reads));
    checks.push(readCheck('Besluiten history page at 500 req/s: p99 < 10 ms', r.reads.besluiten_pagina, r.reads));
    checks.push(readCheck('Opgaven matrix at 500 req/s: p99 < 10 ms (status/history target applied)', r.reads.opgavenMatrix, r.reads));
    checks.push(timeTravelCheck(r.reads.timeTravel));
  }
  if (r.rebuild) checks.push(ratioCheck('Rebuild: >= 50% of the raw read rate', r.rebuild.rebuild.eventsPerSec, r.rebuild.rawRead.rowsPerSec, 0.5, 'events/s'));
  if (r.coldStart) {
    checks.push(maxCheck('Embedded cold start (median) < 3 s', median(r.coldStart.runs) / 1000, 3, 's'));
    checks.push(maxCheck('Embedded idle resident size < 200 MB', r.coldStart.idleMb, 200, 'MB'));
  }
  return checks;
}

const table = (head: string[], rows: Array<Array<string | number>>) =>
  [`| ${head.join(' | ')} |`, `|${head.map(() => '---').join('|')}|`, ...rows.map((r) => `| ${r.join(' | ')} |`)].join('\n');

const httpCells = (h: HttpFigures) => [f0(h.reqPerSec), f1(h.p50), f1(h.p99), f0(h.non2xx), f0(h.errors)];

/** What the load tools measure against a bare Node HTTP server at 500 req/s: their own floor. */
function floorSentence(x: ReadsResult): string {
  if (!x.bareAt500) return '';
  const bare = ` against a bare Node HTTP server (its own process) answering ${f0(x.bareAt500.bytes)} bytes, in this run,`;
  const burst = `p50 ${f1(x.bareAt500.p50)} ms and p99 ${f1(x.bareAt500.p99)} ms`;
  if (!x.barePacedAt500) return ` autocannon's fixed-rate mode has a floor of its own:${bare} it measured ${burst} at 500 req/s.`;
  return ` The tools have a floor of their own:${bare} autocannon at 500 req/s measured ${burst}, ` +
    `and 500 req/s evenly spaced p50 ${f1(x.barePacedAt500.p50)} ms and p99 ${f1(x.barePacedAt500.p99)} ms` +
    (x.bareProcess ? `, with the bare server's event loop at most ${f1(x.bareProcess.loopLateMaxMs)} ms late (p99 ${f1(x.bareProcess.loopLateP99Ms)} ms).` : '.') +
    (x.barePacedGzipAt500 ? ` Answering ${f0(x.barePacedGzipAt500.bytes)} bytes (the size of the status's gzip), evenly spaced: ` +
      `p50 ${f1(x.barePacedGzipAt500.p50)} ms and p99 ${f1(x.barePacedGzipAt500.p99)} ms.` : '');
}

export function renderReport(r: Results): string {
  const e = r.environment;
  const out: string[] = [];
  out.push('# Performance');
  out.push('');
  out.push(`Generated by \`npm run bench${r.mode === 'smoke' ? ':smoke' : ''}\` (bench/run.ts) on ${e.date}; nothing here is typed by hand. ` +
    'Every ratio compares against a baseline measured in the same run, on the same machine and server.');
  out.push('');
  out.push(table(['', ''], [
    ['Machine', `${e.cpu}, ${e.memoryGb} GB RAM (${e.freeMemoryGbAtStart} GB free at start), load average at start ${e.loadAverageAtStart}`],
    ['OS', e.os],
    ['Node', e.node],
    ['PostgreSQL', `${e.postgres.server_version} (synchronous_commit=${e.postgres.synchronous_commit}, fsync=${e.postgres.fsync}, shared_buffers=${e.postgres.shared_buffers} x 8kB)`],
    ['Packages', Object.entries(e.packages).map(([k, v]) => `${k} ${v}`).join(', ')],
    ['Mode', `${r.mode}${r.durationSeconds ? `, ${r.durationSeconds} s` : ''}`],
  ]));
  out.push('');
  out.push('The machine is shared with other test runs; treat absolute numbers as noisy and the ratios as the result.');
  out.push('');

  const checks = checkTargets(r);
  out.push('## Targets');
  out.push('');
  out.push(table(['Target', 'Measured', 'Verdict'], checks.map((c) => [c.target, c.measured, c.met ? 'met' : `**missed**: ${c.gap}`])));
  out.push('');

  if (r.append) {
    out.push('## 1. Store append');
    out.push('');
    out.push('One event (a MijlpaalVerschoven with its envelope, ~600 bytes) per append to an existing stream with an expected version; ' +
      `each worker owns its streams, so nothing conflicts. The three contenders take turns (${(r.sizes as { append?: { rounds?: number } } | undefined)?.append?.rounds ?? 1} turns each, adding up to the measured time), so a change in the machine's load hits them alike. ` +
      'pg pool of 10 for every contender. Raw INSERT: the same payload as one ' +
      'single-row INSERT into a copy of the events table (same columns and indexes, no hash, no version check). Emmett: ' +
      '`getPostgreSQLEventStore(url).appendToStream(stream, [event], { expectedStreamVersion })` on its own database on the same server. ' +
      'Kaderflow: `SqlEventStore.appendToStream` with its defaults (group commit, NOTIFY after the commit), each worker\'s next append ' +
      'expecting the version its previous one returned, as the command path does.');
    out.push('');
    out.push(table(['Concurrency', 'Kaderflow events/s', 'p50 ms', 'p99 ms', 'Raw INSERT events/s', 'p50', 'p99', 'Emmett events/s', 'p50', 'p99', 'vs raw', 'vs Emmett'],
      r.append.map((x) => [x.concurrency, f0(x.kaderflow.opsPerSec), f1(x.kaderflow.p50), f1(x.kaderflow.p99), f0(x.rawInsert.opsPerSec), f1(x.rawInsert.p50), f1(x.rawInsert.p99),
        f0(x.emmett.opsPerSec), f1(x.emmett.p50), f1(x.emmett.p99), pct(x.kaderflow.opsPerSec / x.rawInsert.opsPerSec), `${f1(x.kaderflow.opsPerSec / x.emmett.opsPerSec)}x`])));
    out.push('');
    const one = r.append.find((x) => x.concurrency === 1);
    if (one) {
      out.push(`At concurrency 1 there is nothing to group: a Kaderflow append costs ${f1(one.kaderflow.p50)} ms at the median against ${f1(one.rawInsert.p50)} ms for the raw INSERT. ` +
        'The difference is the work the raw INSERT skips: the advisory lock around position reservation, the stream row checked at the expected ' +
        'version and last hash and moved, the sha256 chain (computed in the store from the head it remembers), and the NOTIFY sent after the commit. ' +
        'Under concurrency, group commit writes the appends made in one turn of the event loop, and those waiting behind the transactions in flight, ' +
        'set-based in one transaction and one commit (the WAL flush), which is where the raw INSERT spends its time. ' +
        'The flush waits for the end of the turn (setImmediate), which a lone writer pays for at concurrency 1.');
      out.push('');
    }
    const withCpu = r.append.filter((x) => x.cpu);
    if (withCpu.length) {
      out.push('### Where the time goes: CPU per append');
      out.push('');
      out.push('CPU time per append in microseconds, from /proc over each run (warm-up included): the bench process (driver and store code) and ' +
        'all PostgreSQL server processes. On two cores, the sum bounds the throughput.');
      out.push('');
      const cell = (c: CpuPerOp) => `${f0(c.bench)} + ${f0(c.postgres)} = ${f0(c.bench + c.postgres)}`;
      out.push(table(['Concurrency', 'Kaderflow node + PostgreSQL µs', 'Raw INSERT node + PostgreSQL µs', 'Emmett node + PostgreSQL µs'],
        withCpu.map((x) => [x.concurrency, cell(x.cpu!.kaderflow), cell(x.cpu!.rawInsert), cell(x.cpu!.emmett)])));
      out.push('');
    }
  }

  if (r.commands) {
    const c = r.commands;
    out.push('## 2. Command path over HTTP');
    out.push('');
    out.push(`\`POST /api/v1/kaders/{id}/mijlpalen\` (PlanMijlpaal with a fresh id) on ${f0(c.kaders)} kaders, round robin, with autocannon against the api as a child process ` +
      '(`node dist/apps/api/src/main.js`, DATABASE_URL on the local PostgreSQL, RUN_PROJECTOR=false) and the projector as its own process ' +
      '(`node dist/apps/projector/src/main.js`), as docker-compose.yml runs them; both on the same two cores as PostgreSQL and autocannon; worker off, rate limit raised. ' +
      'Each request: token check, validation, the stream\'s state (remembered from the previous command on it in this process, else read and folded), ' +
      'decide, append with the expected version, answer. "Projector behind" is how many events the projector still had to project when the load stopped. ' +
      'The raw INSERT is measured twice: by workload 1, minutes earlier, and again "around" the command run (workload 1\'s raw INSERT at the same ' +
      'concurrency on this database, half of its time right before the run and half right after, with the api and the projector paused by SIGSTOP), ' +
      'so that a change in the machine\'s speed between the workloads shows. In brackets, its rate in the half before the run and in the half after: ' +
      'far apart, the machine\'s speed changed during the run itself, and the verdict on this run is as uncertain as that difference.');
    out.push('');
    out.push(table(['Concurrency', 'Commands/s', 'p50 ms', 'p99 ms', 'non-2xx', 'errors', 'Raw INSERT events/s (workload 1)', 'Ratio', 'Raw INSERT around the run', 'Ratio to it',
      'Projector behind', 'Caught up in ms'],
      c.rows.map((x) => {
        const raw = rawInsertAt(r, x.concurrency);
        const around = x.rawAround?.opsPerSec ?? NaN;
        return [x.concurrency, ...httpCells(x.http), f0(raw), pct(x.http.reqPerSec / raw), aroundCell(x), pct(x.http.reqPerSec / around),
          f0(x.projectorBehind ?? NaN), f0(x.projectorCatchUpMs ?? NaN)];
      })));
    out.push('');
    out.push(`Resident size of the api process: ${f1(c.memory.idleMb)} MB idle, ${f1(c.memory.peakUnderLoadMb)} MB at the peak under this load` +
      (c.memory.projectorPeakMb !== undefined ? `; the projector process peaked at ${f1(c.memory.projectorPeakMb)} MB.` : '.'));
    out.push('');
    const withCpu = c.rows.filter((x) => x.cpu);
    if (withCpu.length) {
      out.push('CPU time per command in microseconds, from /proc over each run (the projector\'s share includes catching up after the load): ' +
        'on two cores, the sum bounds the throughput.');
      out.push('');
      const split = withCpu.some((x) => x.postgresBy);
      const waited = withCpu.some((x) => apiWait(x) !== undefined);
      out.push(table(['Concurrency', 'api µs', 'projector µs', 'PostgreSQL µs', ...(split ? ['PostgreSQL for the api + for the projector + other µs'] : []), 'bench (autocannon) µs', 'Sum µs',
        ...(waited ? ['api waited for a core µs'] : [])],
        withCpu.map((x) => [x.concurrency, f0(x.cpu!.api), f0(x.cpu!.projector), f0(x.cpu!.postgres),
          ...(split ? [x.postgresBy ? `${f0(x.postgresBy.api)} + ${f0(x.postgresBy.projector)} + ${f0(x.postgresBy.other)}` : 'n/a'] : []),
          f0(x.cpu!.bench), f0(commandCpuSum(x.cpu!)), ...(waited ? [apiWait(x) !== undefined ? f0(apiWait(x)!) : 'n/a'] : [])])));
      out.push('');
      if (waited) {
        out.push('"api waited for a core" is the time per command the api\'s main thread, the event loop that serves every request one after the other, was ready to run ' +
          'but had no core (/proc/<pid>/schedstat): time in which no request moves on, however idle the rest of the api is.');
        out.push('');
      }
      if (split) {
        out.push('PostgreSQL\'s share is split by whom its server processes served: the api\'s connections (the appends), the projector\'s ' +
          '(reading the events, writing the read models and checkpoints), and the rest (WAL writer, checkpointer, the bench\'s own queries, connections that came and went during the run).');
        out.push('');
      }
    }
    if (c.alone) {
      const a = c.alone;
      const raw = rawInsertAt(r, a.concurrency);
      const withProjector = c.rows.find((x) => x.concurrency === a.concurrency);
      out.push(`### The same load with the projector stopped`);
      out.push('');
      out.push(`A fresh api (after a 2 s warm-up), c=${a.concurrency}, nothing projecting: the command path as workload 2 names it (validation, decide, append, answer), ` +
        'with nothing else on the cores, as workload 1\'s appends have. The raw INSERT is measured around this run too, with this api paused. ' +
        'The targets table checks the throughput on both: this run, and the runs above, which keep the projector running beside the api as it runs in production.');
      out.push('');
      const around = a.rawAround?.opsPerSec ?? NaN;
      const aloneWaited = apiWait(a);
      out.push(table(['Concurrency', 'Commands/s', 'p50 ms', 'p99 ms', 'non-2xx', 'errors', 'Ratio to raw INSERT (workload 1)', 'Raw INSERT around the run', 'Ratio to it',
        'api µs', 'PostgreSQL µs', 'bench (autocannon) µs', ...(aloneWaited !== undefined ? ['api waited for a core µs'] : [])],
        [[a.concurrency, ...httpCells(a.http), pct(a.http.reqPerSec / raw), aroundCell(a), pct(a.http.reqPerSec / around), f0(a.cpu.api),
          a.postgresBy ? `${f0(a.cpu.postgres)} (for the api ${f0(a.postgresBy.api)})` : f0(a.cpu.postgres), f0(a.cpu.bench), ...(aloneWaited !== undefined ? [f0(aloneWaited)] : [])]]));
      out.push('');
      if (a.plainGet && a.refused) {
        const g = a.plainGet;
        const v = a.refused;
        out.push('The same api, the same concurrency, on requests that decide nothing: a public GET with a small fixed answer (`GET /api/v1/subregios`: ' +
          'Node\'s HTTP, Express, Nest and the api\'s own middleware), and the command with a deadline that is no date (token check, body, validation, a 400 problem+json).');
        out.push('');
        out.push(table(['Request', 'Requests/s', 'p50 ms', 'p99 ms', 'non-2xx', 'errors', 'api µs', 'Share of the command\'s api µs'], [
          ['Public GET, small fixed answer', ...httpCells(g.http), f0(g.cpu.api), pct(g.cpu.api / a.cpu.api)],
          ['Command refused by validation (400)', ...httpCells(v.http), f0(v.cpu.api), pct(v.cpu.api / a.cpu.api)],
          ['Command (201)', ...httpCells(a.http), f0(a.cpu.api), pct(1)],
        ]));
        out.push('');
      }
      if (withProjector) {
        const [running, stopped] = [apiWait(withProjector), apiWait(a)];
        // Only a longer wait beside the projector is the projector's: the cores went to it or its PostgreSQL connection.
        const waits = running !== undefined && stopped !== undefined
          ? ` The api's event loop waited ${f0(running)} µs per command for a core with the projector running, against ${f0(stopped)} µs with it stopped, ` +
            `while its own CPU per command was ${f0(withProjector.cpu!.api)} against ${f0(a.cpu.api)} µs` +
            (running > stopped ? ': the difference in waiting is time in which the projector and its PostgreSQL connection had the cores and the api\'s one thread, ready, had none.' : '.')
          : '';
        out.push(`With the projector running: ${pct(withProjector.http.reqPerSec / a.http.reqPerSec)} of these commands/s, and p99 ${f1(withProjector.http.p99)} ms against ${f1(a.http.p99)} ms. ` +
          'The projector shares the two cores: for each kader in a batch it reads the event, moves the kader row\'s version (its document stays as it was, since only mijlpalen changed) ' +
          `and writes the one mijlpaal row each event changed, and with the load spread over many kaders a batch rarely holds two events of one kader, so that is a row pair per command.${waits}`);
        out.push('');
      }
    }
    if (c.withoutFramework) {
      const w = c.withoutFramework;
      const raw = rawInsertAt(r, w.concurrency);
      out.push('### The same command without the HTTP framework');
      out.push('');
      out.push(`The same load (c=${w.concurrency}, nothing projecting) on a bare Node HTTP server (\`bench/lib/bare-commands.ts\`, its own process) that does the command's own work ` +
        'with the api\'s own parts: the token check, the body validated against the same DTO by the api\'s own validation pipe, handleCommand with remembered stream states ' +
        'on the same store, and the same 201 answer. It has no Express, Nest or api middleware, and none of what the product adds around a command: security headers, rate limit, ' +
        'request log and metrics, person directory, problem+json, the Idempotency-Key, If-Match and X-Audit-Toelichting headers. ' +
        'Beside it, the api on the same load from the table above: the difference is what the HTTP stack and those parts cost per command.');
      out.push('');
      const rows: Array<Array<string | number>> = [['Bare command server', ...httpCells(w.http), pct(w.http.reqPerSec / raw), f0(w.cpu.server), f0(w.cpu.postgres), f0(w.cpu.bench)]];
      if (c.alone) rows.push(['api (projector stopped)', ...httpCells(c.alone.http), pct(c.alone.http.reqPerSec / raw), f0(c.alone.cpu.api), f0(c.alone.cpu.postgres), f0(c.alone.cpu.bench)]);
      out.push(table(['Server', 'Commands/s', 'p50 ms', 'p99 ms', 'non-2xx', 'errors', 'Ratio to raw INSERT', 'server µs', 'PostgreSQL µs', 'bench (autocannon) µs'], rows));
      out.push('');
    }
    if (c.profile) {
      out.push(`### Where the time goes (node --cpu-prof, separate pass at c=${c.profile.concurrency} on a fresh api after a 2 s warm-up: ${f0(c.profile.http.reqPerSec)} commands/s, p99 ${f1(c.profile.http.p99)} ms)`);
      out.push('');
      out.push('Self time of the api process by area, then the heaviest functions. The profiler samples wall-clock time: on two cores a write that wakes ' +
        'PostgreSQL or autocannon can hand the core to the woken process, and that wait is counted as time in `writev`; the CPU from /proc above is the measure of work.');
      out.push('');
      out.push(table(['Area', 'Self time'], c.profile.areas.map((a) => [a.area, `${a.percent}%`])));
      out.push('');
      out.push(table(['Function', 'Self time'], c.profile.functions.map((a) => [`\`${a.fn}\``, `${a.percent}%`])));
      out.push('');
    }
    if (c.beyondBare) {
      const b = c.beyondBare;
      out.push('### What the api spends beyond the bare command server');
      out.push('');
      out.push(`The api's profiled pass above beside the same pass on the bare command server right after it (a fresh one, the same 2 s warm-up, both with the projector running beside them, c=${b.concurrency}: ` +
        `${f0(b.http.reqPerSec)} commands/s, p99 ${f1(b.http.p99)} ms): self time per command in µs, each sample weighted by the time it stands for, idle left out. ` +
        `In all, the api ${f1(b.us)} µs and the bare server ${f1(b.baselineUs)} µs per command (${f0(b.ops)} and ${f0(b.baselineOps)} commands in the profiled windows). ` +
        'The areas, then the functions, where the api spends the most beyond the bare server; a function the compiler inlined counts as its caller. ' +
        'A profile samples wall-clock time, so these add up to more than the CPU from /proc: they show where the difference goes, the /proc figures above how large it is.');
      out.push('');
      const rows = (list: PerOpRow[], name: (n: string) => string) => list.map((x) => [name(x.name), f1(x.us), f1(x.baselineUs), f1(x.us - x.baselineUs)]);
      out.push(table(['Area', 'api µs', 'Bare server µs', 'Difference µs'], rows(b.areas, (n) => n)));
      out.push('');
      // V8's own entries, as (garbage collector), are no code to quote.
      out.push(table(['Function', 'api µs', 'Bare server µs', 'Difference µs'], rows(b.functions, (n) => (/^\([^)]*\)$/.test(n) ? n : `\`${n}\``))));
      out.push('');
    }
  }

  if (r.reads) {
    const x = r.reads;
    const pacedRun = [x.status, x.besluiten_pagina, x.opgavenMatrix].some((v) => v.pacedAt500);
    const gzipRun = [x.status, x.besluiten_pagina, x.opgavenMatrix].some((v) => v.gzip);
    out.push('## 3. Reads over HTTP');
    out.push('');
    out.push(`Data, about ${f0(x.events)} events: ${f0(x.kaders)} kaders of ${f0(x.statusEvents)} events each over six years (2020-2025; a new mijlpaal every ten events, ` +
      `shifted nine times), written in the store's format; ${f0(x.besluiten)} besluiten in their vergaderingen and ${f0(x.opgaven)} lokale opgaven (three for each of the 13 gemeenten) entered over HTTP. ` +
      `The api's projector, started on this database, projected the kaders in ${f1(x.projectorCatchUpSeconds)} s. Status and matrix are read for the first kader. ` +
      'autocannon with 8 connections: once flat out, once at 500 req/s' +
      (pacedRun ? '; and 500 req/s evenly spaced (bench/lib/paced.ts: a request every 2 ms on up to 8 keep-alive connections, sent whether or not ' +
        'the ones before it were answered, timed from its start to the end of its answer), ' +
        'the figure the targets read. autocannon\'s rate option sends each second\'s quota at the start of that second, as fast as it goes, ' +
        'and then waits for the next second: its latencies are those of a burst after a pause, not of a steady 500 req/s. ' : '. ') +
      (gzipRun ? 'The evenly spaced run is made twice: without compression, and with `Accept-Encoding: gzip` as browsers, Node\'s fetch, ' +
        'curl --compressed and most HTTP clients ask (the api sends the gzip it made once for the answer). The client reads each answer to its end ' +
        'and neither parses nor decodes it, in both runs: with one event loop for all its requests, its work on one answer would be counted in the ' +
        'time of the others. Before the run it checks once that the gzip decodes to the very answer sent without compression. The targets read the gzip run. ' : '') +
      '"Database" runs the read model\'s own query function (getKaderStatus, listBesluiten, opgavenMatrix) with 8 workers on a pg pool.');
    out.push('');
    const row = (name: string, v: ReadFigures) => {
      const errors = loadRunsOf(v).reduce((n, [, h]) => n + (h ? notOk(h) : 0), 0);
      const paced = v.pacedAt500 ?? v.httpAt500;
      const gz = v.gzip?.pacedAt500;
      return [name, f0(v.http.reqPerSec), f1(v.http.p99),
        ...(gzipRun ? [f0(v.gzip?.bytes ?? NaN), f0(gz?.reqPerSec ?? NaN), f1(gz?.p50 ?? NaN), f1(gz?.p99 ?? NaN)] : []),
        ...(pacedRun ? [f0(paced.reqPerSec), f1(paced.p50), f1(paced.p99)] : []),
        f0(v.httpAt500.reqPerSec), f1(v.httpAt500.p50), f1(v.httpAt500.p99), f0(errors), f0(v.db.opsPerSec), f1(v.db.p99), pct(v.http.reqPerSec / v.db.opsPerSec)];
    };
    out.push(table(['Read', 'HTTP req/s', 'p99 ms',
      ...(gzipRun ? ['At 500/s evenly spaced, gzip: bytes', 'req/s', 'p50 ms', 'p99 ms'] : []),
      ...(pacedRun ? [`At 500/s evenly spaced${gzipRun ? ', no compression' : ''}: req/s`, 'p50 ms', 'p99 ms'] : []),
      `${pacedRun ? 'autocannon at 500/s (bursts)' : 'HTTP at 500/s'}: req/s`, 'p50 ms', 'p99 ms', 'non-2xx or unanswered', 'Database q/s', 'p99 ms', 'HTTP vs database'], [
      row('Kader status `GET /kaders/{id}`', x.status),
      row('Besluiten page 1 `GET /besluiten?pagina=1`', x.besluiten_pagina),
      row('Opgaven matrix `GET /kaders/{id}/opgaven-matrix`', x.opgavenMatrix),
    ]));
    out.push('');
    const reads = [['Kader status', x.status], ['Besluiten page 1', x.besluiten_pagina], ['Opgaven matrix', x.opgavenMatrix]] as const;
    if (reads.some(([, v]) => v.cpuAt500)) {
      out.push('### Where the time goes: CPU per read at 500 req/s');
      out.push('');
      out.push(`CPU time per request in microseconds, from /proc over the ${pacedRun ? 'evenly spaced ' : ''}500 req/s run: the api process, all PostgreSQL server processes, ` +
        `and the bench process (${pacedRun ? 'its paced client' : 'autocannon'}, which reads every answer). Nothing is written during these runs, so every answer after the first comes ` +
        'from the read cache before Express: the fixed headers from one list made at start-up, the rate limit count, the token check, and the ' +
        'serialised answer made earlier, with no query. What is left is Node\'s HTTP work and writing the answer to the socket; the tail (p99 against ' +
        'p50) is where the api, the load tool and PostgreSQL take turns on two cores.' + floorSentence(x));
      out.push('');
      const loop = reads.some(([, v]) => v.apiAt500);
      if (loop) {
        out.push('From the api\'s own /metrics, read right before and right after the run: how late its event loop ran (prom-client samples it every 10 ms), ' +
          'and the time its garbage collection took. A tail the api\'s event loop does not show is spent outside it: in the kernel, or waiting for a core.');
        out.push('');
      }
      // Each read without compression, then (where measured) with gzip.
      const runs = reads.flatMap(([name, v]) => [
        ...(v.cpuAt500 ? [{ name, cpu: v.cpuAt500, bytes: v.bytes, api: v.apiAt500 }] : []),
        ...(v.gzip ? [{ name: `${name}, gzip`, cpu: v.gzip.cpuAt500, bytes: v.gzip.bytes, api: v.gzip.apiAt500 }] : []),
      ]);
      out.push(table(['Read', 'api µs', 'PostgreSQL µs', `bench (${pacedRun ? 'paced client' : 'autocannon'}) µs`, 'Answer bytes',
        ...(loop ? ['api event loop late p99 / max ms', 'api GC ms (pauses)'] : [])],
        runs.map(({ name, cpu, bytes, api }) => [name, f0(cpu.api), f0(cpu.postgres), f0(cpu.bench), f0(bytes ?? NaN),
          ...(loop ? [api ? `${f1(api.loopLateP99Ms)} / ${f1(api.loopLateMaxMs)}` : 'n/a',
            api ? `${f1(api.gcMs)} (${f0(api.gcPauses)})` : 'n/a'] : [])])));
      out.push('');
    }
    out.push('');
    out.push('## 5. Time travel');
    out.push('');
    const t = x.timeTravel;
    out.push(`\`GET /kaders/{id}?peilmoment=<instant>\` on a kader of ${f0(t.events)} events, at growing depths, after the api's projector caught up ` +
      `with it: the answer starts from the latest kader-status snapshot at or before the instant (one per 500 versions) and folds the events after it. A depth is skipped once an earlier one took longer than ${f0(t.capMs)} ms, or a quadratic guess from it exceeds four times that.`);
    out.push('');
    out.push(`Each depth is asked ${t.repeats} times in a row; the median is the figure the target is checked against, with the first answer (the api has not made one that large before) and the slowest beside it. ` +
      'Each time is the whole request as a client sees it: sent, answered, and the JSON read.');
    out.push('');
    out.push(table(['Version reached', 'Peilmoment', 'Median ms over HTTP', 'First ms', 'Slowest ms'],
      t.points.map((p) => [f0(p.versie), p.peilmoment, f0(p.ms), f0(p.firstMs), f0(p.maxMs)])));
    if (t.skipped.length) out.push(`\nNot asked (too slow already): versions ${t.skipped.map(f0).join(', ')}.`);
    const ex = extrapolate(t);
    if (ex) out.push(`\nBetween the last two depths the time grows as n^${f1(ex.exponent)}${t.skipped.length ? `; that predicts ~${f0(ex.fullMs / 1000)} s for all ${f0(t.events)} events` : ''}.`);
    out.push('');
    const ph = t.phases;
    out.push(`### Where the time goes: the deepest answer in steps`);
    out.push('');
    out.push(`The same answer (peilmoment ${ph.peilmoment}) taken apart in-process, each step timed on its own, median of ${t.repeats}: the snapshot it starts from (version ${f0(ph.snapshotVersie)}), ` +
      `the ${f0(ph.eventsAfter)} events after it, the fold, the presentation for the day (derived statuses, what blocks the next fase), and the JSON text of ${f0(ph.answerBytes)} bytes. ` +
      'What the HTTP time adds to their sum is Node writing that text to the socket and the client reading and parsing it.');
    out.push('');
    const steps: Array<[string, number]> = [['Snapshot read (PostgreSQL detoasts the document, the driver parses it)', ph.snapshotMs], ['Events after the snapshot', ph.eventsMs],
      ['Fold', ph.foldMs], ['Present', ph.presentMs], ['JSON.stringify', ph.stringifyMs]];
    const sum = steps.reduce((a, [, ms]) => a + ms, 0);
    out.push(table(['Step', 'ms', 'Share'], [...steps.map(([step, ms]) => [step, f1(ms), pct(ms / sum)]), ['Sum', f1(sum), '100%']]));
    out.push('');
    out.push(`For comparison, without snapshots, in-process at version ${f0(t.direct.versie)}: ${f0(t.direct.readMs)} ms to read all its rows (\`SqlEventStore.readStream\`), ` +
      `${f0(t.direct.foldAndPresentMs)} ms to fold and present them (\`foldKaderStatus\`, \`presentKaderStatus\`); the plan below is that full read.`);
    out.push('');
    out.push('The read, as PostgreSQL runs it:');
    out.push('');
    out.push('```');
    out.push(...t.explain);
    out.push('```');
    out.push('');
  }

  if (r.rebuild) {
    const b = r.rebuild;
    out.push('## 4. Projection rebuild');
    out.push('');
    out.push(`${f0(b.events)} events (${f0(b.kaders)} kaders, interleaved in spells of ${f0(b.burst)} events per kader) generated with one INSERT .. SELECT generate_series in ${f1(b.seedSeconds)} s. ` +
      '`Projector.rebuild(\'kader-status\')` into a shadow schema and switch, against a raw keyset read of the same rows ' +
      `(all columns, ${f0(b.rawRead.batch)} per query) through the same driver.`);
    out.push('');
    out.push(table(['', 'Seconds', 'Events/s', 'Ratio'], [
      ['Rebuild kader-status', f1(b.rebuild.seconds), f0(b.rebuild.eventsPerSec), pct(b.rebuild.eventsPerSec / b.rawRead.rowsPerSec)],
      ['Raw read', f1(b.rawRead.seconds), f0(b.rawRead.rowsPerSec), '100%'],
    ]));
    out.push('');
  }

  if (r.coldStart) {
    out.push('## 6. Memory and cold start');
    out.push('');
    out.push(`Embedded default (PGlite, a fresh DATA_DIR, projector and worker in process): spawn of \`node dist/apps/api/src/main.js\` until ` +
      `\`/api/v1/gezondheid\` answered: ${r.coldStart.runs.map((ms) => f0(ms)).join(', ')} ms (median ${f0(median(r.coldStart.runs))} ms). ` +
      `Resident size idle after start: ${f1(r.coldStart.idleMb)} MB. Started again on the same folder (database already there): ` +
      `${r.coldStart.restartMs.map((ms) => f0(ms)).join(', ')} ms; the difference is creating the embedded database.`);
    if (r.commands) out.push(`On PostgreSQL (workload 2): ${f1(r.commands.memory.idleMb)} MB idle, ${f1(r.commands.memory.peakUnderLoadMb)} MB peak under load.`);
    out.push('');
  }

  if (r.failures && Object.keys(r.failures).length) {
    out.push('## Workloads that failed in this run');
    out.push('');
    out.push(Object.entries(r.failures).map(([k, v]) => `- ${k}: \`${v.split('\n')[0]}\``).join('\n'));
    out.push('');
  }
  const missed = checks.filter((c) => !c.met);
  out.push('## Misses');
  out.push('');
  out.push(missed.length === 0 ? 'None in this run.' : missed.map((c) => `- ${c.target}: ${c.gap}.${c.detail ? `\n  ${c.detail}.` : ''}`).join('\n'));
  out.push('');
  return `${out.join('\n')}\n`;
}
