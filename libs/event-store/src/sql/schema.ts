/** Fixed advisory-lock key guarding position reservation (see reservePositions below). */
export const POSITION_LOCK_KEY = 7_261_530_417;

export const DEFAULT_NOTIFY_CHANNEL = 'kaderflow_events';

/**
 * Idempotent DDL. `kaderflow_begin_append` is the first statement of every append. It assigns the
 * transaction id and reserves the global positions under one short advisory lock, so a later
 * position always belongs to a later transaction id. That is what makes the reader's rule
 * `tx_id < pg_snapshot_xmin(pg_current_snapshot())` safe: an in-flight append holds back every
 * higher position. It then claims the idempotency key and locks (or creates) the stream row.
 */
export const MIGRATION_STATEMENTS: readonly string[] = [
  `
CREATE TABLE IF NOT EXISTS events (
  global_position bigserial PRIMARY KEY,
  stream_id text NOT NULL,
  version bigint NOT NULL,
  event_id uuid NOT NULL UNIQUE,
  type text NOT NULL,
  schema_version integer NOT NULL DEFAULT 1,
  data jsonb NOT NULL,
  metadata jsonb NOT NULL,
  occurred_at timestamptz NOT NULL,
  recorded_at timestamptz NOT NULL,
  tx_id xid8 NOT NULL DEFAULT pg_current_xact_id(),
  hash text NOT NULL,
  prev_hash text,
  UNIQUE (stream_id, version)
)`,
  `
CREATE INDEX IF NOT EXISTS events_occurred_at_idx ON events (occurred_at)`,
  `
CREATE INDEX IF NOT EXISTS events_recorded_at_idx ON events (recorded_at)`,
  `
CREATE INDEX IF NOT EXISTS events_type_position_idx ON events (type, global_position)`,
  `
CREATE TABLE IF NOT EXISTS streams (
  stream_id text PRIMARY KEY,
  version bigint NOT NULL,
  last_hash text
)`,
  `
CREATE TABLE IF NOT EXISTS idempotency_keys (
  key text PRIMARY KEY,
  fingerprint text NOT NULL,
  stream_id text NOT NULL,
  next_expected_version bigint NOT NULL DEFAULT 0,
  last_position bigint NOT NULL DEFAULT 0,
  response jsonb,
  created_at timestamptz NOT NULL
)`,
  `
CREATE OR REPLACE FUNCTION kaderflow_begin_append(
  p_stream_id text, p_count integer, p_key text, p_fingerprint text, p_created_at timestamptz
) RETURNS TABLE (out_positions bigint[], out_version bigint, out_last_hash text, out_key_taken boolean)
LANGUAGE plpgsql AS $fn$
DECLARE
  v_positions bigint[];
  v_version bigint;
  v_hash text;
BEGIN
  PERFORM pg_advisory_lock(${POSITION_LOCK_KEY});
  BEGIN
    PERFORM pg_current_xact_id();
    SELECT array_agg(nextval('events_global_position_seq') ORDER BY g) INTO v_positions
      FROM generate_series(1, p_count) AS g;
  EXCEPTION WHEN query_canceled OR others THEN
    PERFORM pg_advisory_unlock(${POSITION_LOCK_KEY});
    RAISE;
  END;
  PERFORM pg_advisory_unlock(${POSITION_LOCK_KEY});

  IF p_key IS NOT NULL THEN
    INSERT INTO idempotency_keys (key, fingerprint, stream_id, created_at)
      VALUES (p_key, p_fingerprint, p_stream_id, p_created_at)
      ON CONFLICT (key) DO NOTHING;
    IF NOT FOUND THEN
      RETURN QUERY SELECT v_positions, NULL::bigint, NULL::text, true;
      RETURN;
    END IF;
  END IF;

  SELECT s.version, s.last_hash INTO v_version, v_hash FROM streams s WHERE s.stream_id = p_stream_id FOR UPDATE;
  IF NOT FOUND THEN
    INSERT INTO streams (stream_id, version, last_hash) VALUES (p_stream_id, 0, NULL)
      ON CONFLICT (stream_id) DO NOTHING;
    IF FOUND THEN
      v_version := 0;
      v_hash := NULL;
    ELSE
      SELECT s.version, s.last_hash INTO v_version, v_hash FROM streams s WHERE s.stream_id = p_stream_id FOR UPDATE;
    END IF;
  END IF;
  RETURN QUERY SELECT v_positions, v_version, v_hash, false;
END;
$fn$`,
  `
CREATE TABLE IF NOT EXISTS subscription_checkpoints (
  name text PRIMARY KEY,
  position bigint NOT NULL DEFAULT 0,
  updated_at timestamptz NOT NULL DEFAULT now()
)`,
];

export const CHECKPOINT_TABLE_SQL = `
CREATE TABLE IF NOT EXISTS subscription_checkpoints (
  name text PRIMARY KEY,
  position bigint NOT NULL DEFAULT 0,
  updated_at timestamptz NOT NULL DEFAULT now()
);`;

export const EVENT_COLUMNS =
  'global_position, stream_id, version, event_id, type, schema_version, data, metadata, occurred_at, recorded_at, hash, prev_hash';

export const BEGIN_APPEND_SQL = 'SELECT * FROM kaderflow_begin_append($1, $2, $3, $4, $5)';

export const WRITE_APPEND_SQL = `
WITH input AS (
  SELECT * FROM jsonb_to_recordset($1::jsonb) AS x(
    global_position bigint, version bigint, event_id uuid, type text, schema_version integer,
    data jsonb, metadata jsonb, occurred_at timestamptz, recorded_at timestamptz, hash text, prev_hash text)
), ins AS (
  INSERT INTO events (${EVENT_COLUMNS})
  SELECT global_position, $2, version, event_id, type, schema_version, coalesce(data, 'null'::jsonb),
         coalesce(metadata, '{}'::jsonb), occurred_at, recorded_at, hash, prev_hash
  FROM input
  RETURNING 1
), stream AS (
  UPDATE streams SET version = $3, last_hash = $4 WHERE stream_id = $2
), idempotency AS (
  UPDATE idempotency_keys SET next_expected_version = $3, last_position = $5, response = $6::jsonb WHERE key = $7
)
SELECT CASE WHEN $8::text IS NULL THEN NULL ELSE pg_notify($8, $5::text) END FROM (SELECT count(*) FROM ins) AS written`;

/** Only rows of transactions older than every transaction still running: nothing earlier can still commit. */
export const SAFE_ROWS = 'tx_id < pg_snapshot_xmin(pg_current_snapshot())';
