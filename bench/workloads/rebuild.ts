import { createPostgresDatabase } from '../../libs/database/src';
import { EVENT_COLUMNS, SqlEventStore } from '../../libs/event-store/src';
import { Projector } from '../../libs/projector/src';
import { kaderStatusProjection } from '../../libs/read-models/src/kader-status';
import { recreateDatabase } from '../lib/pg';
import { seedKaders } from '../lib/seed';
import { nowMs, round } from '../lib/stats';

/** Kaders are busy in spells: 50 events of one kader follow each other in the global order. */
const BURST = 50;

export interface RebuildResult {
  burst: number;
  events: number;
  kaders: number;
  seedSeconds: number;
  rebuild: { seconds: number; eventsPerSec: number };
  rawRead: { seconds: number; rowsPerSec: number; batch: number };
}

/** Workload 4: rebuild of the kader-status projection vs. reading the same rows with the driver. */
export async function benchRebuild(sizes: { kaders: number; eventsPerKader: number }, log: (m: string) => void): Promise<RebuildResult> {
  const url = await recreateDatabase('kaderflow_bench');
  const db = createPostgresDatabase({ connectionString: url, max: 4 }, { statementTimeoutMs: 0 });
  const store = new SqlEventStore(db, {});
  await store.migrate();
  log(`rebuild: seeding ${sizes.kaders * sizes.eventsPerKader} events`);
  const t0 = nowMs();
  const seeded = await seedKaders(db, { ...sizes, burst: BURST });
  const seedSeconds = (nowMs() - t0) / 1000;

  const projector = new Projector(db, store, [kaderStatusProjection]);
  await projector.migrate();
  // Warm the cache the same way for both: one full pass over the table first.
  await db.query('SELECT count(*) FROM events');

  log('rebuild: raw read');
  const batch = 5000;
  const r0 = nowMs();
  let after = 0;
  let rows = 0;
  for (;;) {
    const { rows: page } = await db.query<{ global_position: number }>(
      `SELECT ${EVENT_COLUMNS} FROM events WHERE global_position > $1 ORDER BY global_position LIMIT $2`, [after, batch]);
    if (page.length === 0) break;
    rows += page.length;
    after = Number(page[page.length - 1].global_position);
  }
  const rawSeconds = (nowMs() - r0) / 1000;

  log('rebuild: projection');
  const p0 = nowMs();
  const read = await projector.rebuild(kaderStatusProjection.name);
  const rebuildSeconds = (nowMs() - p0) / 1000;
  const { rows: check } = await db.query<{ n: string }>('SELECT count(*)::text AS n FROM rm_kader_status');
  if (Number(check[0].n) !== sizes.kaders) throw new Error(`rebuild produced ${check[0].n} kaders, expected ${sizes.kaders}`);
  await projector.stop();
  await store.close();
  await db.close();
  return {
    burst: BURST,
    events: seeded.events,
    kaders: sizes.kaders,
    seedSeconds: round(seedSeconds),
    rebuild: { seconds: round(rebuildSeconds), eventsPerSec: round(read / rebuildSeconds, 0) },
    rawRead: { seconds: round(rawSeconds), rowsPerSec: round(rows / rawSeconds, 0), batch },
  };
}
