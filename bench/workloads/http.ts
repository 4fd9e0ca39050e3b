import autocannon from 'autocannon';
import { ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createPostgresDatabase, SqlExecutor } from '../../libs/database/src';
import { kaderStreamId } from '../../libs/domain/src/kader';
import { EVENT_COLUMNS, SqlEventStore } from '../../libs/event-store/src';
import { listBesluiten } from '../../libs/read-models/src/besluiten';
import { foldKaderStatus, getKaderStatus, latestKaderSnapshot, presentKaderStatus } from '../../libs/read-models/src/kader-status';
import { opgavenMatrix } from '../../libs/read-models/src/opgaven';
import { ApiProcess, benchPort, call, ServiceProcess, startApi, startBareCommands, startProjector } from '../lib/api-process';
import { PG_PORT, recreateDatabase } from '../lib/pg';
import { ownedBy, POOL_MAX, rawInsertBaseline, Turns } from './append';
import { seedKaders } from '../lib/seed';
import { GEMEENTEN } from '../../libs/reference-data/src';
import { OPGAVE_THEMAS } from '../../libs/domain/src/opgaven';
import { comparePerOp, PerOpComparison, ProfileSummary, selfTimes, summariseSelfTimes } from '../lib/cpuprofile';
import { backendsOf, cpuPerOp, CpuPerOp, cpuSnapshot, postgresPerOpBy, waitPerOp } from '../lib/cpu';
import { checkedGzipBytes, paced } from '../lib/paced';
import { ProcessDuringRun, withProcessMetrics } from '../lib/process-metrics';
import { closedLoop, Figures, median, nowMs, round, Sample, summarise, timed } from '../lib/stats';

type Log = (m: string) => void;

export interface HttpFigures {
  reqPerSec: number;
  p50: number;
  p99: number;
  requests: number;
  non2xx: number;
  errors: number;
}

// The rate limit is raised so that it does not answer 429 to the load; everything else is the default.
const API_ENV = { RATE_LIMIT_MAX: '100000000' };

async function cannon(opts: autocannon.Options): Promise<HttpFigures> {
  const r = await autocannon({ ...opts });
  return {
    reqPerSec: round(r.requests.average, 1),
    p50: r.latency.p50,
    p99: r.latency.p99,
    requests: r.requests.total,
    non2xx: r.non2xx,
    errors: r.errors,
  };
}

/**
 * An HTTP run and what it cost per request: in the named child processes, in PostgreSQL and in the
 * bench process (autocannon). Given a connection, PostgreSQL's share is also split by the child its
 * backends served (postgresBy).
 */
async function withCpu<T extends { requests: number }>(children: Record<string, number>, run: () => Promise<T>, db?: SqlExecutor): Promise<{ http: T; cpu: CpuPerOp; waits: Record<string, number>; postgresBy?: Record<string, number> }> {
  const before = cpuSnapshot(Object.values(children));
  const http = await run();
  const after = cpuSnapshot(Object.values(children));
  const cpu = cpuPerOp(before, after, http.requests, children);
  const waits = waitPerOp(before, after, http.requests, children);
  if (!db) return { http, cpu, waits };
  return { http, cpu, waits, postgresBy: postgresPerOpBy(before, after, http.requests, await backendsOf(db, children, PG_PORT)) };
}

/** The raw INSERT around a command run, inserts/s in each half: right before the run and right after it. */
export interface RawAroundTurns {
  before: number;
  after: number;
}

export interface CommandsResult {
  kaders: number;
  /** Events the projector still had to project when the load stopped, and how long it took to catch up. */
  rows: Array<{
    concurrency: number; http: HttpFigures; projectorBehind?: number; projectorCatchUpMs?: number; cpu?: CpuPerOp;
    /** PostgreSQL's µs per command by whom its backends served: api, projector, other. */
    postgresBy?: Record<string, number>;
    /** µs per command the event loop of the api (and of the projector) waited for a core. */
    waits?: Record<string, number>;
    /** Workload 1's raw INSERT at this concurrency, half right before and half right after this run, the api and projector paused. */
    rawAround?: Figures;
    /** Its CPU per insert (µs): the bench process and PostgreSQL. */
    rawAroundCpu?: CpuPerOp;
    /** Its rate (inserts/s) in the half right before the run and in the half right after: how steady the machine was. */
    rawAroundTurns?: RawAroundTurns;
  }>;
  memory: { idleMb: number; peakUnderLoadMb: number; projectorPeakMb?: number };
  /** A separate pass at the highest concurrency with node --cpu-prof on a fresh api, after a 2 s warm-up (not counted above). */
  profile?: ProfileSummary & { concurrency: number; http: HttpFigures };
  /**
   * The same load at the highest concurrency with the projector stopped, on a fresh api after a
   * warm-up: the command path alone, to show what the projector's work next to it costs.
   */
  alone?: {
    concurrency: number; http: HttpFigures; cpu: CpuPerOp; postgresBy?: Record<string, number>;
    /** µs per command the api's event loop waited for a core. */
    waits?: Record<string, number>;
    /** Workload 1's raw INSERT at this concurrency, half right before and half right after this run, with this api paused; and its CPU per insert. */
    rawAround?: Figures;
    rawAroundCpu?: CpuPerOp;
    rawAroundTurns?: RawAroundTurns;
    /** On the same api: a public GET with a small fixed answer, and the command refused by validation (400). */
    plainGet?: { http: HttpFigures; cpu: CpuPerOp };
    refused?: { http: HttpFigures; cpu: CpuPerOp };
  };
  /**
   * The same load at the highest concurrency on the bare command server (bench/lib/bare-commands.ts:
   * Node's HTTP server, the same token check, validation and handleCommand, no framework), nothing projecting.
   */
  withoutFramework?: { concurrency: number; http: HttpFigures; cpu: CpuPerOp };
  /**
   * The profiled pass of the api beside one of the bare command server, the same load on each:
   * self time per command by area and by function, where the api spends the most beyond it.
   */
  beyondBare?: PerOpComparison & { concurrency: number; http: HttpFigures };
}

/** The operations of a load run that fall in a profile's window (the run trimmed at both ends), at the run's even rate. */
const opsIn = (http: HttpFigures, fromMs: number, toMs: number, window: { fromMs: number; toMs: number }) =>
  Math.max(1, Math.round((http.requests * Math.max(0, window.toMs - window.fromMs)) / Math.max(1, toMs - fromMs)));

/** Workload 2 (and the api half of 6): PlanMijlpaal over HTTP against an api child process on PostgreSQL. */
export async function benchCommands(sizes: { kaders: number; durationS: number; concurrencies: number[] }, log: Log): Promise<CommandsResult> {
  const url = await recreateDatabase('kaderflow_bench');
  const dataDir = mkdtempSync(join(tmpdir(), 'kf-bench-'));
  // As docker-compose runs it on PostgreSQL: the api without a projector, the projector as its own process.
  const env = { ...API_ENV, DATABASE_URL: url, DATA_DIR: dataDir, RUN_PROJECTOR: 'false' };
  const api = await startApi(env, 3911);
  let projector: ServiceProcess | undefined = await startProjector({ DATABASE_URL: url }, 3921);
  const db = createPostgresDatabase({ connectionString: url, max: 2 }, { statementTimeoutMs: 0 });
  const rawDb = createPostgresDatabase({ connectionString: url, max: POOL_MAX }, { statementTimeoutMs: 0 });
  // How far the projector is behind the head of the store, and how long it takes to catch up.
  const catchUp = async () => {
    const behind = async () => {
      const { rows } = await db.query<{ n: string }>(
        'SELECT (SELECT coalesce(max(global_position), 0) FROM events) - (SELECT coalesce(min(position), 0) FROM projection_checkpoints) AS n');
      return Number(rows[0].n);
    };
    const t0 = nowMs();
    const first = await behind();
    while ((await behind()) > 0) await new Promise((r) => setTimeout(r, 50));
    return { projectorBehind: first, projectorCatchUpMs: Math.round(nowMs() - t0) };
  };
  try {
    const directeur = await api.token('directeur');
    const team = await api.token('projectleider');
    log(`commands: starting ${sizes.kaders} kaders over HTTP`);
    const kaderIds: string[] = [];
    for (let i = 0; i < sizes.kaders; i++) {
      const r = await call<{ kaderId: string }>(api.base, directeur, 'POST', '/kaders', {
        titel: `Bench kader ${i}`, periode: { van: 2026, tot: 2032 }, opdrachtgever: 'directeurenoverleg',
      });
      kaderIds.push(r.kaderId);
    }
    await catchUp();
    await new Promise((r) => setTimeout(r, 1000));
    const idleMb = api.rssMb();
    let peak = idleMb;
    let projectorPeak = projector.rssMb();
    const sampler = setInterval(() => {
      peak = Math.max(peak, api.rssMb());
      if (projector) projectorPeak = Math.max(projectorPeak, projector.rssMb());
    }, 100);
    const rows: CommandsResult['rows'] = [];
    let n = 0;
    // 'refused' sends the same command with a deadline that is no date: validation answers 400 before anything is decided.
    const load = (base: string, concurrency: number, durationS: number, kind: 'command' | 'refused' = 'command') =>
      cannon({
          url: base,
          connections: concurrency,
          duration: durationS,
          headers: { authorization: `Bearer ${team}`, 'content-type': 'application/json' },
          requests: [{
            method: 'POST',
            setupRequest: (req) => {
              n++;
              return {
                ...req,
                path: `/api/v1/kaders/${kaderIds[n % kaderIds.length]}/mijlpalen`,
                body: JSON.stringify({ titel: `Mijlpaal ${n}`, fase: 'plan-van-aanpak', deadline: kind === 'refused' ? '2027-13-45' : '2027-04-15', eigenaar: 'projectleider' }),
              };
            },
          }],
        });
    // A public GET with a small fixed answer: Node's HTTP, Express, Nest and the api's own middleware, nothing else.
    const loadPlainGet = (base: string, concurrency: number, durationS: number) =>
      cannon({ url: `${base}/subregios`, connections: concurrency, duration: durationS, headers: { authorization: `Bearer ${team}` } });
    // Workload 1's raw INSERT again, half right before and half right after a command run, with the services
    // paused (SIGSTOP) so that they take no CPU from it: the baseline in the machine's state of the moment,
    // beside the one workload 1 measured minutes earlier.
    const rawInsert = await rawInsertBaseline(rawDb);
    const rawAround = async <T>(concurrency: number, paused: ChildProcess[], run: () => Promise<T>) => {
      const raw = new Turns();
      const turn = async (when: string): Promise<Sample> => {
        log(`commands c=${concurrency}: raw INSERT ${when}`);
        const owned = ownedBy(kaderIds, concurrency);
        for (const child of paused) child.kill('SIGSTOP');
        try {
          return await raw.take(concurrency, (sizes.durationS * 1000) / 2, (w, i) => rawInsert(owned[w][i % owned[w].length], i));
        } finally {
          for (const child of paused) child.kill('SIGCONT');
        }
      };
      const before = await turn('before');
      const result = await run();
      const after = await turn('after');
      const rate = (s: Sample) => s.ops / s.seconds;
      const rawAroundTurns = { before: round(rate(before), 1), after: round(rate(after), 1) };
      log(`commands c=${concurrency}: raw INSERT around it ${JSON.stringify({ ...raw.figures(), ...rawAroundTurns })}`);
      return { result, rawAround: raw.figures(), rawAroundCpu: raw.cpu(), rawAroundTurns };
    };
    try {
      for (const concurrency of sizes.concurrencies) {
        log(`commands c=${concurrency}`);
        let lag = { projectorBehind: 0, projectorCatchUpMs: 0 };
        const { result: { http, cpu, waits, postgresBy }, ...around } = await rawAround(concurrency, [api.child, projector.child], () =>
          // The projector's share includes catching up after the load.
          withCpu({ api: api.child.pid!, projector: projector!.child.pid! }, async () => {
            const figures = await load(api.base, concurrency, sizes.durationS);
            lag = await catchUp();
            return figures;
          }, db));
        log(`commands c=${concurrency}: ${JSON.stringify({ ...http, ...lag })}`);
        rows.push({ concurrency, http, ...lag, cpu, waits, postgresBy, ...around });
      }
    } finally {
      clearInterval(sampler);
    }
    await api.stop();
    const concurrency = Math.max(...sizes.concurrencies);
    // A fresh server with node --cpu-prof: it knows no stream states and has cold code, so the same 2 s warm-up as the
    // runs below, left out of the profile, then half a run's load. Sample times count from about the spawn; the
    // profile's window is the load itself, and the profile is written when the process ends.
    const profiledPass = async (start: (nodeArgs: string[]) => Promise<{ base: string; stop(): Promise<void> }>) => {
      const dir = mkdtempSync(join(tmpdir(), 'kf-prof-'));
      try {
        const t0 = nowMs();
        const server = await start(['--cpu-prof', `--cpu-prof-dir=${dir}`]);
        try {
          await load(server.base, concurrency, 2);
          const fromMs = nowMs() - t0;
          const http = await load(server.base, concurrency, Math.max(2, Math.round(sizes.durationS / 2)));
          const toMs = nowMs() - t0;
          await server.stop();
          const window = { fromMs: fromMs + 200, toMs: toMs - 200 };
          return { http, times: selfTimes(dir, window), ops: opsIn(http, fromMs, toMs, window) };
        } finally {
          await server.stop();
        }
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    };
    // The api and the bare command server one right after the other, both with the projector beside them: the same conditions.
    log(`commands: profiled pass at c=${concurrency}`);
    const apiPass = await profiledPass((nodeArgs) => startApi(env, 3914, nodeArgs));
    const profile: CommandsResult['profile'] = { concurrency, http: apiPass.http, ...summariseSelfTimes(apiPass.times) };
    log(`commands: profiled pass at c=${concurrency} on the bare command server`);
    const barePass = await profiledPass((nodeArgs) => startBareCommands(env, 3917, nodeArgs));
    const beyondBare: CommandsResult['beyondBare'] = { concurrency, http: barePass.http, ...comparePerOp(apiPass.times, apiPass.ops, barePass.times, barePass.ops) };
    await projector.stop();
    projector = undefined;
    log(`commands: c=${concurrency} with the projector stopped`);
    const bare = await startApi(env, 3915);
    let alone: CommandsResult['alone'];
    try {
      // A fresh api knows no stream states and has cold code: a short warm-up first, as the runs above had c=8 before them.
      await load(bare.base, concurrency, 2);
      const pids = { api: bare.child.pid! };
      // The raw INSERT around this run too, with this api paused: the command path alone against the baseline of its own minutes.
      const { result, ...around } = await rawAround(concurrency, [bare.child], () => withCpu(pids, () => load(bare.base, concurrency, sizes.durationS), db));
      alone = { concurrency, ...result, ...around };
      log(`commands c=${concurrency}, projector stopped: ${JSON.stringify(alone.http)}`);
      // What the same api spends on requests that decide nothing: where a command's api time goes.
      const halfS = Math.max(2, Math.round(sizes.durationS / 2));
      alone.plainGet = await withCpu(pids, () => loadPlainGet(bare.base, concurrency, halfS));
      alone.refused = await withCpu(pids, () => load(bare.base, concurrency, halfS, 'refused'));
      log(`commands c=${concurrency}, requests that decide nothing: ${JSON.stringify({ plainGet: alone.plainGet.http, refused: alone.refused.http })}`);
    } finally {
      await bare.stop();
    }
    log(`commands: c=${concurrency} on the bare command server (no Express, Nest or middleware)`);
    const floor = await startBareCommands(env, 3916);
    let withoutFramework: CommandsResult['withoutFramework'];
    try {
      await load(floor.base, concurrency, 2);
      withoutFramework = { concurrency, ...(await withCpu({ server: floor.child.pid! }, () => load(floor.base, concurrency, sizes.durationS))) };
      log(`commands c=${concurrency}, bare command server: ${JSON.stringify(withoutFramework.http)}`);
    } finally {
      await floor.stop();
    }
    return { kaders: sizes.kaders, rows, memory: { idleMb, peakUnderLoadMb: peak, projectorPeakMb: projectorPeak }, profile, alone, withoutFramework, beyondBare };
  } finally {
    await api.stop();
    await projector?.stop();
    await rawDb.close();
    await db.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

export interface ReadFigures {
  /** autocannon with 8 connections, flat out. */
  http: HttpFigures;
  /** autocannon with 8 connections and a rate of 500 req/s: each second's quota sent at its start, as fast as it goes. */
  httpAt500: HttpFigures;
  /** 500 req/s evenly spaced (bench/lib/paced.ts): the figure the targets read. Absent in reports from before it was measured. */
  pacedAt500?: HttpFigures;
  db: Figures;
  /** The api process during the paced run, from its own /metrics: event-loop lateness and garbage collection. */
  apiAt500?: ProcessDuringRun;
  /** CPU per request over the paced run (over autocannon's 500 req/s run in reports from before it). */
  cpuAt500?: CpuPerOp;
  bytes?: number;
  /**
   * The same evenly spaced run with `Accept-Encoding: gzip`, as browsers, Node's fetch and most HTTP
   * clients ask (checked once to decode to the same answer; not decoded per answer, as the JSON of the
   * run without compression is not parsed): the figure the targets read. Absent in older reports.
   */
  gzip?: { bytes: number; pacedAt500: HttpFigures; cpuAt500: CpuPerOp; apiAt500?: ProcessDuringRun };
}

export interface ReadsResult {
  events: number;
  kaders: number;
  statusEvents: number;
  besluiten: number;
  projectorCatchUpSeconds: number;
  status: ReadFigures;
  besluiten_pagina: ReadFigures;
  opgaven: number;
  opgavenMatrix: ReadFigures;
  /** autocannon at 500 req/s against a bare Node HTTP server (own process) answering as many bytes as the status: the tool's own floor. */
  bareAt500?: HttpFigures & { bytes: number };
  /** The same bare server at 500 req/s evenly spaced (bench/lib/paced.ts). */
  barePacedAt500?: HttpFigures;
  /** The same bare server, evenly spaced, answering as many bytes as the status's gzip. */
  barePacedGzipAt500?: HttpFigures & { bytes: number };
  /** The bare server's event loop during that run (no GC figures). */
  bareProcess?: ProcessDuringRun;
  timeTravel: {
    events: number;
    capMs: number;
    /** Requests per depth (and runs of each in-process step). */
    repeats: number;
    points: TimeTravelPoint[];
    /** Versions not asked for because a smaller one already took longer than capMs. */
    skipped: number[];
    direct: { versie: number; readMs: number; foldAndPresentMs: number };
    /** The deepest answer taken apart in-process (median of TRAVEL_REPEATS each): where its time goes. */
    phases: TimeTravelPhases;
    explain: string[];
  };
}

const GREMIUM = 'bestuurscommissie-maatschappij';

/** Workloads 3 and 5: reads over HTTP on a six-year kader of ~100k events, and time travel on it. */
export async function benchReads(sizes: { events: number; statusEvents: number; vergaderingen: number; durationS: number; timeTravelCapMs: number }, log: Log): Promise<ReadsResult> {
  const url = await recreateDatabase('kaderflow_bench');
  const db = createPostgresDatabase({ connectionString: url, max: 8 }, { statementTimeoutMs: 0 });
  const store = new SqlEventStore(db, {});
  await store.migrate();
  const kaders = Math.max(1, Math.round(sizes.events / sizes.statusEvents));
  log(`reads: seeding ${kaders} kaders of ${sizes.statusEvents} events each over six years`);
  const kaderIds = (await seedKaders(db, { kaders, eventsPerKader: sizes.statusEvents, prefix: 'status' })).kaderIds;
  const kaderId = kaderIds[0];
  const dataDir = mkdtempSync(join(tmpdir(), 'kf-bench-'));
  let api: ApiProcess | undefined;
  try {
    const c0 = nowMs();
    api = await startApi({ ...API_ENV, DATABASE_URL: url, DATA_DIR: dataDir }, 3912);
    const lezer = await api.token('lezer');
    for (;;) {
      const { rows } = await db.query<{ n: string }>('SELECT count(*)::text AS n FROM rm_kader_status WHERE versie = $1', [sizes.statusEvents])
        .catch(() => ({ rows: [{ n: '0' }] }));
      if (Number(rows[0].n) === kaders) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    const projectorCatchUpSeconds = round((nowMs() - c0) / 1000);
    log(`reads: projector caught up with ${kaders * sizes.statusEvents} events in ${projectorCatchUpSeconds} s; adding ${sizes.vergaderingen} vergaderingen with 3 besluiten each`);
    const secretaris = await api.token('secretaris', GREMIUM);
    for (let v = 0; v < sizes.vergaderingen; v++) {
      const day = new Date(Date.UTC(2020, 0, 15) + Math.floor((v * 6 * 365) / sizes.vergaderingen) * 86_400_000).toISOString().slice(0, 10);
      const { vergaderingId } = await call<{ vergaderingId: string }>(api.base, secretaris, 'POST', '/vergaderingen', { gremium: GREMIUM, datum: day, titel: `Vergadering ${v + 1}` });
      for (let p = 1; p <= 3; p++) {
        const { agendapuntId } = await call<{ agendapuntId: string }>(api.base, secretaris, 'POST', `/vergaderingen/${vergaderingId}/agendapunten`,
          { volgnummer: p, titel: `Agendapunt ${p} over de regionale opgaven`, onderwerp: 'overig' });
        await call(api.base, secretaris, 'POST', `/vergaderingen/${vergaderingId}/agendapunten/${agendapuntId}/besluiten`,
          { uitkomst: 'vastgesteld', besluittekst: `Besluit ${v + 1}.${p}: conform voorstel.`, datum: day });
      }
    }
    const besluiten = sizes.vergaderingen * 3;
    log('reads: three lokale opgaven per gemeente (13 gemeenten)');
    const team = await api.token('projectleider');
    let opgaven = 0;
    for (const g of GEMEENTEN) {
      for (let i = 1; i <= 3; i++) {
        await call(api.base, team, 'POST', `/kaders/${kaderId}/opgaven`,
          { titel: `Opgave ${i} van ${g.code}`, thema: OPGAVE_THEMAS[i % OPGAVE_THEMAS.length], gemeenten: [g.code] });
        opgaven++;
      }
    }
    await new Promise((r) => setTimeout(r, 1500));

    const headers = { authorization: `Bearer ${lezer}` };
    const statusPath = `/api/v1/kaders/${kaderId}`;
    const paginaPath = '/api/v1/besluiten?pagina=1&paginaGrootte=20';
    const run = async (path: string) => {
      log(`reads: ${path}`);
      const url = `${api!.base.replace('/api/v1', '')}${path}`;
      const http = await cannon({ url, connections: 8, duration: sizes.durationS, headers });
      const bytes = (await (await fetch(url, { headers })).text()).length;
      const httpAt500 = await cannon({ url, connections: 8, duration: sizes.durationS, overallRate: 500, headers });
      // The api's /metrics read right before and after, outside the CPU count.
      const pacedRun = (asked: Record<string, string>) => withProcessMetrics(`${api!.base}/metrics`,
        () => withCpu({ api: api!.child.pid! }, () => paced({ url, ratePerSec: 500, durationS: sizes.durationS, headers: asked })));
      const { result: { http: pacedAt500, cpu: cpuAt500 }, process: apiAt500 } = await pacedRun(headers);
      const gzipBytes = await checkedGzipBytes(url, headers);
      const { result: gzipRun, process: gzipApi } = await pacedRun({ ...headers, 'accept-encoding': 'gzip' });
      const gzip = { bytes: gzipBytes, pacedAt500: gzipRun.http, cpuAt500: gzipRun.cpu, apiAt500: gzipApi };
      return { http, httpAt500, pacedAt500, apiAt500, cpuAt500, bytes, gzip };
    };
    const statusHttp = await run(statusPath);
    const { bareAt500, barePacedAt500, bareProcess, barePacedGzipAt500 } = await bareServerAt500(statusHttp.bytes, statusHttp.gzip.bytes, sizes.durationS);
    const paginaHttp = await run(paginaPath);
    const matrixHttp = await run(`/api/v1/kaders/${kaderId}/opgaven-matrix`);
    const ms = sizes.durationS * 1000;
    const statusDb = summarise(await closedLoop(8, ms, async () => void (await getKaderStatus(db, kaderId))));
    const paginaDb = summarise(await closedLoop(8, ms, async () => void (await listBesluiten(db, { pagina: 1, paginaGrootte: 20 }))));
    const opgavenDb = summarise(await closedLoop(8, ms, async () => void (await opgavenMatrix(db, kaderId))));

    await api.stop();

    // Time travel folds the stream from the latest kader-status snapshot (one per 500 versions, kept by
    // the projection), as in production: the projector first catches up with the long kader.
    log(`reads: time travel, seeding a kader of ${sizes.events} events`);
    const lang = (await seedKaders(db, { kaders: 1, eventsPerKader: sizes.events, prefix: 'lang' })).kaderIds[0];
    api = await startApi({ ...API_ENV, DATABASE_URL: url, DATA_DIR: dataDir }, 3915);
    for (;;) {
      const { rows } = await db.query<{ versie: number }>('SELECT versie FROM rm_kader_status WHERE kader_id = $1', [lang]).catch(() => ({ rows: [] as { versie: number }[] }));
      if (Number(rows[0]?.versie) === sizes.events) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    const travel = await timeTravelSeries(api.base, headers, lang, sizes.events, sizes.timeTravelCapMs, log);
    const largest = travel.points[travel.points.length - 1];
    const phases = await timeTravelPhases(db, store, lang, largest.peilmoment);
    const read = await timed(() => store.readStream(kaderStreamId(lang), { recordedUntil: largest.peilmoment }));
    const fold = await timed(async () => presentKaderStatus(foldKaderStatus(read.value), largest.peilmoment.slice(0, 10)));
    const { rows: plan } = await db.query<{ 'QUERY PLAN': string }>(
      `EXPLAIN (ANALYZE, BUFFERS) SELECT ${EVENT_COLUMNS} FROM events WHERE stream_id = $1 AND recorded_at <= $2::timestamptz ORDER BY version`,
      [kaderStreamId(lang), largest.peilmoment]);
    return {
      events: kaders * sizes.statusEvents + besluiten * 3 + sizes.vergaderingen + opgaven,
      kaders,
      statusEvents: sizes.statusEvents,
      besluiten,
      projectorCatchUpSeconds,
      status: { ...statusHttp, db: statusDb },
      besluiten_pagina: { ...paginaHttp, db: paginaDb },
      opgaven,
      opgavenMatrix: { ...matrixHttp, db: opgavenDb },
      bareAt500,
      barePacedAt500,
      barePacedGzipAt500,
      bareProcess,
      timeTravel: {
        events: sizes.events, capMs: sizes.timeTravelCapMs, repeats: TRAVEL_REPEATS, points: travel.points, skipped: travel.skipped,
        direct: { versie: read.value.length, readMs: read.ms, foldAndPresentMs: fold.ms }, phases, explain: plan.map((r) => r['QUERY PLAN']),
      },
    };
  } finally {
    await api?.stop();
    await store.close();
    await db.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/**
 * The measuring tools' floor: the same rates against a bare Node HTTP server in its own process,
 * answering `bytes` (and, on /klein, `smallBytes`: the size of the gzip, sent as it is).
 */
async function bareServerAt500(bytes: number, smallBytes: number, durationS: number): Promise<{
  bareAt500: HttpFigures & { bytes: number }; barePacedAt500: HttpFigures; bareProcess: ProcessDuringRun; barePacedGzipAt500: HttpFigures & { bytes: number };
}> {
  const port = benchPort(3931);
  // On /metrics its event-loop delay as prom-client gives it (sampled every 10 ms, reset on each read): the control for the api's.
  const code = `const body = 'x'.repeat(${bytes}); const small = 'x'.repeat(${smallBytes}); const h = require('node:perf_hooks').monitorEventLoopDelay({ resolution: 10 }); h.enable();
    require('node:http').createServer((q, r) => {
      if (q.url === '/metrics') { r.end('nodejs_eventloop_lag_p99_seconds ' + h.percentile(99) / 1e9 + '\\nnodejs_eventloop_lag_max_seconds ' + h.max / 1e9 + '\\n'); h.reset(); return; }
      r.setHeader('content-type', 'application/json'); r.end(q.url === '/klein' ? small : body);
    }).listen(${port});`;
  const url = `http://127.0.0.1:${port}/`;
  const child = spawn(process.execPath, ['-e', code], { stdio: 'ignore' });
  try {
    for (let i = 0; ; i++) {
      try {
        if ((await fetch(url)).ok) break;
      } catch {
        if (i > 200) throw new Error('bare server did not start');
        await new Promise((r) => setTimeout(r, 10));
      }
    }
    const bareAt500 = { ...(await cannon({ url, connections: 8, duration: durationS, overallRate: 500 })), bytes };
    const { result: barePacedAt500, process: bareProcess } = await withProcessMetrics(`${url}metrics`,
      () => paced({ url, ratePerSec: 500, durationS }));
    const barePacedGzipAt500 = { ...(await paced({ url: `${url}klein`, ratePerSec: 500, durationS })), bytes: smallBytes };
    return { bareAt500, barePacedAt500, bareProcess, barePacedGzipAt500 };
  } finally {
    child.kill();
  }
}

export interface TimeTravelPoint {
  peilmoment: string;
  versie: number;
  /** Median of TRAVEL_REPEATS requests: the figure the target is checked against. */
  ms: number;
  /** The first request at this depth, and the slowest of all. */
  firstMs: number;
  maxMs: number;
}

/** Requests per depth: one answer on a shared two-core machine is a poor figure; the median of a few is one a reader can repeat. */
const TRAVEL_REPEATS = 5;

/**
 * `GET /kaders/{id}?peilmoment=` at growing depths of the stream (the seed spreads versions evenly
 * over 2020-2025), up to all of it, skipping depths once the answer takes (or will take) far longer than capMs.
 */
async function timeTravelSeries(base: string, headers: Record<string, string>, kaderId: string, total: number, capMs: number, log: Log) {
  const start = Date.UTC(2020, 0, 1);
  const span = 2190 * 86_400_000;
  const depths = [...new Set([1_000, 2_500, 5_000, 10_000, 20_000, 50_000, total].filter((d) => d <= total))];
  const points: TimeTravelPoint[] = [];
  const skipped: number[] = [];
  for (const depth of depths) {
    const prev = points[points.length - 1];
    // Skip when the last answer was over the cap, or a quadratic guess from it is far over.
    if (prev && (prev.ms > capMs || prev.ms * (depth / prev.versie) ** 2 > 4 * capMs)) {
      skipped.push(depth);
      continue;
    }
    // Just after version `depth` was recorded (the seed's own formula, rounded down to the ms).
    const peilmoment = new Date(start + Math.floor((depth / total) * span) + 1).toISOString();
    const ask = () => timed(async () => {
      const res = await fetch(`${base}/kaders/${kaderId}?peilmoment=${encodeURIComponent(peilmoment)}`, { headers });
      if (!res.ok) throw new Error(`time travel: ${res.status} ${await res.text()}`);
      return (await res.json()) as { versie: number };
    });
    const first = await ask();
    const times = [first.ms];
    // A slow first answer is not asked again: the skip above is about to stop the series anyway.
    while (times.length < TRAVEL_REPEATS && first.ms <= capMs) times.push((await ask()).ms);
    points.push({ peilmoment, versie: first.value.versie, ms: median(times), firstMs: first.ms, maxMs: Math.max(...times) });
    log(`time travel to version ${first.value.versie}: ${times.join(', ')} ms`);
  }
  return { points, skipped };
}

export interface TimeTravelPhases {
  peilmoment: string;
  /** The snapshot the answer starts from, and the events folded onto it. */
  snapshotVersie: number;
  eventsAfter: number;
  /** Median ms of each step of kaderStatusAsOf and the answer, in-process on the bench's own pool. */
  snapshotMs: number;
  eventsMs: number;
  foldMs: number;
  presentMs: number;
  stringifyMs: number;
  answerBytes: number;
}

/** The steps of one time-travel answer, each timed on its own, as the api runs them (kaderStatusAsOf, presentKaderStatus, JSON). */
async function timeTravelPhases(db: SqlExecutor, store: SqlEventStore, kaderId: string, peilmoment: string): Promise<TimeTravelPhases> {
  const t: Record<'snapshot' | 'events' | 'fold' | 'present' | 'stringify', number[]> = { snapshot: [], events: [], fold: [], present: [], stringify: [] };
  let last: Omit<TimeTravelPhases, `${string}Ms`> | undefined;
  for (let i = 0; i < TRAVEL_REPEATS; i++) {
    const snapshot = await timed(() => latestKaderSnapshot(db, kaderId, { recordedUntil: peilmoment }));
    const events = await timed(() => store.readStream(kaderStreamId(kaderId), { recordedUntil: peilmoment, from: snapshot.value.versie + 1 }));
    const fold = await timed(async () => foldKaderStatus(events.value, snapshot.value));
    const present = await timed(async () => presentKaderStatus(fold.value, peilmoment.slice(0, 10)));
    const text = await timed(async () => JSON.stringify(present.value));
    t.snapshot.push(snapshot.ms); t.events.push(events.ms); t.fold.push(fold.ms); t.present.push(present.ms); t.stringify.push(text.ms);
    last = { peilmoment, snapshotVersie: snapshot.value.versie, eventsAfter: events.value.length, answerBytes: Buffer.byteLength(text.value) };
  }
  return {
    ...last!, snapshotMs: median(t.snapshot), eventsMs: median(t.events), foldMs: median(t.fold), presentMs: median(t.present), stringifyMs: median(t.stringify),
  };
}

/** Workload 6: embedded default (PGlite, fresh DATA_DIR) from spawn to the first answered request. */
export async function benchColdStart(runs: number): Promise<{ runs: number[]; idleMb: number; restartMs: number[] }> {
  const times: number[] = [];
  const restartMs: number[] = [];
  let idleMb = 0;
  for (let i = 0; i < runs; i++) {
    const dataDir = mkdtempSync(join(tmpdir(), 'kf-cold-'));
    const api = await startApi({ DATA_DIR: dataDir, RUN_WORKER: 'true' }, 3913 + i);
    times.push(round(api.startMs));
    await new Promise((r) => setTimeout(r, 1500));
    idleMb = api.rssMb();
    await api.stop();
    // The same folder again: what start-up costs once the embedded database exists.
    const again = await startApi({ DATA_DIR: dataDir, RUN_WORKER: 'true' }, 3913 + i);
    restartMs.push(round(again.startMs));
    await again.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
  return { runs: times, idleMb, restartMs };
}

