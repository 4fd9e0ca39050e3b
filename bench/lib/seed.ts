import { SqlExecutor } from '../../libs/database/src';

/**
 * Writes kaders straight into the store's tables with one INSERT .. SELECT generate_series, in the
 * store's format: per kader KaderGestart, then every `perMijlpaal` events a new MijlpaalGepland
 * that is shifted (MijlpaalVerschoven) in the events after it, spread over six years (2020-2025),
 * interleaved across kaders in the global order in bursts of `burst` events per kader (default 1). Hashes are placeholders:
 * rebuild and time travel do not check them (verify would, and is not measured here).
 */
export async function seedKaders(db: SqlExecutor, opts: { kaders: number; eventsPerKader: number; perMijlpaal?: number; prefix?: string; burst?: number }): Promise<{ kaderIds: string[]; events: number }> {
  const prefix = opts.prefix ?? 'bench';
  const idSql = (k: string) => `md5('${prefix}-' || ${k})::uuid`;
  await db.query(
    `INSERT INTO events (stream_id, version, event_id, type, data, metadata, occurred_at, recorded_at, hash, prev_hash)
     SELECT 'kader-' || kid, v, md5('${prefix}-e-' || kk || '-' || v)::uuid,
       CASE WHEN v = 1 THEN 'KaderGestart' WHEN (v - 2) % $3::int = 0 THEN 'MijlpaalGepland' ELSE 'MijlpaalVerschoven' END,
       CASE
         WHEN v = 1 THEN jsonb_build_object('kaderId', kid, 'titel', 'Beleidskader ' || kk, 'periode', jsonb_build_object('van', 2020, 'tot', 2026),
           'opdrachtgever', 'directeurenoverleg', 'vaststellingsregel', jsonb_build_object('minimumGemeenten', 13), 'fase', 'opdracht', 'gestartOp', ts)
         WHEN (v - 2) % $3::int = 0 THEN jsonb_build_object('kaderId', kid, 'mijlpaalId', md5(kid || '-m-' || ((v - 2) / $3::int))::uuid, 'titel', 'Mijlpaal ' || ((v - 2) / $3::int + 1),
           'fase', 'opdracht', 'deadline', '2026-06-01', 'eigenaar', 'projectleider', 'geplandOp', ts)
         ELSE jsonb_build_object('kaderId', kid, 'mijlpaalId', md5(kid || '-m-' || ((v - 2) / $3::int))::uuid, 'oudeDeadline', '2026-06-01',
           'nieuweDeadline', to_char(date '2026-01-01' + (v % 300), 'YYYY-MM-DD'), 'reden', 'Het directeurenoverleg schuift op.', 'verschovenOp', ts)
       END,
       jsonb_build_object('actor', jsonb_build_object('id', 'bench-projectleider', 'role', 'projectleider', 'organisation', 'hr'),
         'correlationId', md5('c' || kk || '-' || v)::uuid, 'command', 'bench'),
       ts::timestamptz, ts::timestamptz, md5(kk || '-' || v), CASE WHEN v = 1 THEN NULL ELSE md5(kk || '-' || (v - 1)) END
     FROM generate_series(1, $2::int) AS v
     CROSS JOIN generate_series(1, $1::int) AS kk
     CROSS JOIN LATERAL (SELECT ${idSql('kk')}::text AS kid,
       to_char(timestamptz '2020-01-01T00:00:00Z' + (v::float8 / $2::int) * interval '2190 days', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS ts) AS x
     ORDER BY (v - 1) / $4::int, kk, v`,
    [opts.kaders, opts.eventsPerKader, opts.perMijlpaal ?? 10, opts.burst ?? 1],
  );
  await db.query(
    `INSERT INTO streams (stream_id, version, last_hash)
     SELECT 'kader-' || ${idSql('kk')}::text, $2::bigint, md5(kk || '-' || $2::int) FROM generate_series(1, $1::int) AS kk
     ON CONFLICT (stream_id) DO UPDATE SET version = excluded.version, last_hash = excluded.last_hash`,
    [opts.kaders, opts.eventsPerKader],
  );
  await db.query('ANALYZE events');
  const { rows } = await db.query<{ id: string }>(`SELECT ${idSql('kk')}::text AS id FROM generate_series(1, $1::int) AS kk`, [opts.kaders]);
  return { kaderIds: rows.map((r) => r.id), events: opts.kaders * opts.eventsPerKader };
}
