import { randomUUID } from 'node:crypto';
import { getPostgreSQLEventStore } from '@event-driven-io/emmett-postgresql';
import { createPostgresDatabase } from '../../libs/database/src';
import { SqlEventStore } from '../../libs/event-store/src';
import { closedLoop, Figures, Sample, summarise } from '../lib/stats';
import { cpuPerOp, CpuPerOp, cpuSnapshot } from '../lib/cpu';
import { recreateDatabase } from '../lib/pg';

export interface AppendSizes {
  streams: number;
  durationMs: number;
  concurrencies: number[];
}

export interface AppendRow {
  concurrency: number;
  kaderflow: Figures;
  rawInsert: Figures;
  emmett: Figures;
  /** CPU per append (µs) in the bench process (driver, store code) and in PostgreSQL, warm-up included. */
  cpu?: { kaderflow: CpuPerOp; rawInsert: CpuPerOp; emmett: CpuPerOp };
}

/** A closed loop with the CPU it cost per op. */
async function measured(concurrency: number, durationMs: number, op: (worker: number, i: number) => Promise<void>): Promise<{ sample: Sample; cpu: CpuPerOp }> {
  let calls = 0;
  const before = cpuSnapshot();
  const sample = await closedLoop(concurrency, durationMs, (w, i) => {
    calls++;
    return op(w, i);
  });
  return { sample, cpu: cpuPerOp(before, cpuSnapshot(), calls) };
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

const poolMax = 10;

/** Workload 1: one event per append to existing streams with an expected version. */
export async function benchAppend(sizes: AppendSizes, log: (m: string) => void): Promise<AppendRow[]> {
  const kfUrl = await recreateDatabase('kaderflow_bench');
  const emUrl = await recreateDatabase('emmett_bench');
  const db = createPostgresDatabase({ connectionString: kfUrl, max: poolMax });
  // The store as the runtime creates it: defaults (group commit on, NOTIFY on).
  const store = new SqlEventStore(db, {});
  await store.migrate();
  await db.query(`CREATE TABLE raw_events (LIKE events INCLUDING DEFAULTS INCLUDING CONSTRAINTS INCLUDING INDEXES)`);
  await db.query(`CREATE SEQUENCE raw_events_seq OWNED BY raw_events.global_position`);
  await db.query(`ALTER TABLE raw_events ALTER COLUMN global_position SET DEFAULT nextval('raw_events_seq')`);
  const emmett = getPostgreSQLEventStore(emUrl, { connectionOptions: { pooled: true } as never });

  const ids = Array.from({ length: sizes.streams }, () => randomUUID());
  log(`append: seeding ${ids.length} streams in each store`);
  const versions = new Map<string, number>();
  const emVersions = new Map<string, bigint>();
  const rawVersions = new Map<string, number>();
  for (const id of ids) {
    await store.appendToStream(`bench-${id}`, [payload(id, 0)], { expectedVersion: 'no_stream' });
    versions.set(id, 1);
    const r = await emmett.appendToStream(`bench-${id}`, [payload(id, 0)] as never);
    emVersions.set(id, r.nextExpectedStreamVersion);
    rawVersions.set(id, 0);
  }

  // Each worker owns its own streams, so no run measures conflicts.
  const rows: AppendRow[] = [];
  for (const concurrency of sizes.concurrencies) {
    if (ids.length < concurrency) throw new Error('more workers than streams');
    const ownedFor = (worker: number) => ids.filter((_, k) => k % concurrency === worker);
    const owned = Array.from({ length: concurrency }, (_, w) => ownedFor(w));
    const pick = (worker: number, i: number) => owned[worker][i % owned[worker].length];

    log(`append c=${concurrency}: kaderflow`);
    const kf = await measured(concurrency, sizes.durationMs, async (w, i) => {
      const id = pick(w, i);
      const v = versions.get(id)!;
      await store.appendToStream(`bench-${id}`, [payload(id, i)], { expectedVersion: v });
      versions.set(id, v + 1);
    });
    log(`append c=${concurrency}: raw insert`);
    const raw = await measured(concurrency, sizes.durationMs, async (w, i) => {
      const id = pick(w, i);
      const v = rawVersions.get(id)! + 1;
      const e = payload(id, i);
      const now = new Date().toISOString();
      await db.query(
        `INSERT INTO raw_events (stream_id, version, event_id, type, data, metadata, occurred_at, recorded_at, hash)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $7, $8)`,
        [`bench-${id}`, v, randomUUID(), e.type, JSON.stringify(e.data), JSON.stringify(e.metadata), now, 'x'],
      );
      rawVersions.set(id, v);
    });
    log(`append c=${concurrency}: emmett`);
    const em = await measured(concurrency, sizes.durationMs, async (w, i) => {
      const id = pick(w, i);
      const r = await emmett.appendToStream(`bench-${id}`, [payload(id, i)] as never, { expectedStreamVersion: emVersions.get(id)! });
      emVersions.set(id, r.nextExpectedStreamVersion);
    });
    rows.push({
      concurrency, kaderflow: summarise(kf.sample), rawInsert: summarise(raw.sample), emmett: summarise(em.sample),
      cpu: { kaderflow: kf.cpu, rawInsert: raw.cpu, emmett: em.cpu },
    });
    log(`append c=${concurrency}: ${JSON.stringify(rows[rows.length - 1])}`);
  }
  await emmett.close();
  await store.close();
  await db.close();
  return rows;
}
