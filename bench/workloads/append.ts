import { randomUUID } from 'node:crypto';
import { getPostgreSQLEventStore } from '@event-driven-io/emmett-postgresql';
import { createPostgresDatabase, SqlExecutor } from '../../libs/database/src';
import { SqlEventStore } from '../../libs/event-store/src';
import { closedLoop, Figures, mergeSamples, Sample, summarise } from '../lib/stats';
import { cpuPerOp, CpuPerOp, cpuSnapshot } from '../lib/cpu';
import { recreateDatabase } from '../lib/pg';

export interface AppendSizes {
  streams: number;
  /** Measured time per contender and concurrency, split over `rounds` turns. */
  durationMs: number;
  concurrencies: number[];
  /** The contenders take turns this many times, so a change in the machine's load hits all of them alike. */
  rounds?: number;
}

export interface AppendRow {
  concurrency: number;
  kaderflow: Figures;
  rawInsert: Figures;
  emmett: Figures;
  /** CPU per append (µs) in the bench process (driver, store code) and in PostgreSQL, warm-up included. */
  cpu?: { kaderflow: CpuPerOp; rawInsert: CpuPerOp; emmett: CpuPerOp };
}

/** A contender's turns added up: every latency, and the CPU they cost per op. */
export class Turns {
  private sample: Sample = { ops: 0, errors: 0, seconds: 0, latencies: [] };
  private calls = 0;
  private benchUs = 0;
  private postgresUs = 0;

  /** One turn: a closed loop of durationMs, its CPU from /proc. Returns the turn's own sample. */
  async take(concurrency: number, durationMs: number, op: (worker: number, i: number) => Promise<void>): Promise<Sample> {
    let calls = 0;
    const before = cpuSnapshot();
    const turn = await closedLoop(concurrency, durationMs, (w, i) => {
      calls++;
      return op(w, i);
    });
    const cpu = cpuPerOp(before, cpuSnapshot(), calls);
    this.calls += calls;
    this.benchUs += cpu.bench * calls;
    this.postgresUs += cpu.postgres * calls;
    this.sample = mergeSamples(this.sample, turn);
    return turn;
  }

  figures(): Figures {
    return summarise(this.sample);
  }

  cpu(): CpuPerOp {
    const per = (us: number) => Math.round(us / Math.max(this.calls, 1));
    return { bench: per(this.benchUs), postgres: per(this.postgresUs) };
  }
}

/** The same payload everywhere: a realistic MijlpaalVerschoven with its envelope. */
export const payload = (kaderId: string, i: number) => ({
  type: 'MijlpaalVerschoven',
  data: {
    kaderId,
    mijlpaalId: '6f1c2d4e-0a1b-4c3d-8e9f-112233445566',
    oudeDeadline: '2026-03-01',
    nieuweDeadline: `2026-0${(i % 8) + 2}-01`,
    reden: 'Het directeurenoverleg schuift een maand op.',
    verschovenOp: '2026-02-10T09:00:00.000Z',
  },
  metadata: {
    actor: { id: 'bench-projectleider', role: 'projectleider', organisation: 'hr' },
    correlationId: randomUUID(),
    command: 'VerschuifMijlpaal',
  },
});

/** The pg pool size of every contender, and of the raw INSERT workload 2 measures around its runs. */
export const POOL_MAX = 10;

/** Each worker's own streams, so no two workers append to one stream and no run measures conflicts. */
export const ownedBy = (ids: string[], concurrency: number): string[][] =>
  Array.from({ length: concurrency }, (_, w) => ids.filter((_, k) => k % concurrency === w));

/**
 * The raw INSERT baseline: a copy of the events table (same columns and indexes), and one
 * single-row INSERT of the payload per call, each stream's next version, no hash or version check.
 */
export async function rawInsertBaseline(db: SqlExecutor): Promise<(id: string, i: number) => Promise<void>> {
  await db.query(`CREATE TABLE raw_events (LIKE events INCLUDING DEFAULTS INCLUDING CONSTRAINTS INCLUDING INDEXES)`);
  await db.query(`CREATE SEQUENCE raw_events_seq OWNED BY raw_events.global_position`);
  await db.query(`ALTER TABLE raw_events ALTER COLUMN global_position SET DEFAULT nextval('raw_events_seq')`);
  const versions = new Map<string, number>();
  return async (id, i) => {
    const v = (versions.get(id) ?? 0) + 1;
    const e = payload(id, i);
    const now = new Date().toISOString();
    await db.query(
      `INSERT INTO raw_events (stream_id, version, event_id, type, data, metadata, occurred_at, recorded_at, hash)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $7, $8)`,
      [`bench-${id}`, v, randomUUID(), e.type, JSON.stringify(e.data), JSON.stringify(e.metadata), now, 'x'],
    );
    versions.set(id, v);
  };
}

/** Workload 1: one event per append to existing streams with an expected version. */
export async function benchAppend(sizes: AppendSizes, log: (m: string) => void): Promise<AppendRow[]> {
  const kfUrl = await recreateDatabase('kaderflow_bench');
  const emUrl = await recreateDatabase('emmett_bench');
  const db = createPostgresDatabase({ connectionString: kfUrl, max: POOL_MAX });
  // The store as the runtime creates it: defaults (group commit on, NOTIFY on).
  const store = new SqlEventStore(db, {});
  await store.migrate();
  const rawInsert = await rawInsertBaseline(db);
  const emmett = getPostgreSQLEventStore(emUrl, { connectionOptions: { pooled: true } as never });

  const ids = Array.from({ length: sizes.streams }, () => randomUUID());
  log(`append: seeding ${ids.length} streams in each store`);
  const versions = new Map<string, number>();
  const emVersions = new Map<string, bigint>();
  for (const id of ids) {
    await store.appendToStream(`bench-${id}`, [payload(id, 0)], { expectedVersion: 'no_stream' });
    versions.set(id, 1);
    const r = await emmett.appendToStream(`bench-${id}`, [payload(id, 0)] as never);
    emVersions.set(id, r.nextExpectedStreamVersion);
  }

  // Each worker owns its own streams, so no run measures conflicts.
  const rows: AppendRow[] = [];
  for (const concurrency of sizes.concurrencies) {
    if (ids.length < concurrency) throw new Error('more workers than streams');
    const owned = ownedBy(ids, concurrency);
    const pick = (worker: number, i: number) => owned[worker][i % owned[worker].length];

    const contenders: Record<'kaderflow' | 'rawInsert' | 'emmett', (w: number, i: number) => Promise<void>> = {
      kaderflow: async (w, i) => {
        const id = pick(w, i);
        const v = versions.get(id)!;
        await store.appendToStream(`bench-${id}`, [payload(id, i)], { expectedVersion: v });
        versions.set(id, v + 1);
      },
      rawInsert: (w, i) => rawInsert(pick(w, i), i),
      emmett: async (w, i) => {
        const id = pick(w, i);
        const r = await emmett.appendToStream(`bench-${id}`, [payload(id, i)] as never, { expectedStreamVersion: emVersions.get(id)! });
        emVersions.set(id, r.nextExpectedStreamVersion);
      },
    };
    const turns = { kaderflow: new Turns(), rawInsert: new Turns(), emmett: new Turns() };
    const rounds = Math.max(1, sizes.rounds ?? 1);
    // Each worker counts its own ops across turns, so it keeps walking its streams round robin.
    const next = Array.from({ length: concurrency }, () => 0);
    for (let round = 1; round <= rounds; round++) {
      for (const name of ['kaderflow', 'rawInsert', 'emmett'] as const) {
        log(`append c=${concurrency}: ${name}, turn ${round} of ${rounds}`);
        await turns[name].take(concurrency, sizes.durationMs / rounds, (w) => contenders[name](w, next[w]++));
      }
    }
    rows.push({
      concurrency, kaderflow: turns.kaderflow.figures(), rawInsert: turns.rawInsert.figures(), emmett: turns.emmett.figures(),
      cpu: { kaderflow: turns.kaderflow.cpu(), rawInsert: turns.rawInsert.cpu(), emmett: turns.emmett.cpu() },
    });
    log(`append c=${concurrency}: ${JSON.stringify(rows[rows.length - 1])}`);
  }
  await emmett.close();
  await store.close();
  await db.close();
  return rows;
}
