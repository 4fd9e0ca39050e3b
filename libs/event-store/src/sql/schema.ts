/** Fixed advisory-lock key guarding position reservation (see reservePositions below). */
export const POSITION_LOCK_KEY = 7_261_530_417;

export const DEFAULT_NOTIFY_CHANNEL = 'kaderflow_events';

/**
 * Idempotent DDL. An append is one call of `kaderflow_append` (one round trip). It first assigns
 * the transaction id and reserves the global positions under one short advisory lock, so a later
 * position always belongs to a later transaction id. That is what makes the reader's rule
 * `tx_id < pg_snapshot_xmin(pg_current_snapshot())` safe: an in-flight append holds back every
 * higher position. Then it claims the idempotency key, locks (or creates) the stream row, checks
 * the expected version, chains the hashes and writes.
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
DROP FUNCTION IF EXISTS kaderflow_begin_append(text, integer, text, text, timestamptz)`,
  `
DROP FUNCTION IF EXISTS kaderflow_append_one(text, text, bigint, jsonb, text, text, jsonb, timestamptz, bigint[])`,
  `
CREATE OR REPLACE FUNCTION kaderflow_append_stream(
  p_stream_id text, p_expected_mode text, p_expected bigint, p_events jsonb,
  p_key text, p_fingerprint text, p_response jsonb, p_recorded_at timestamptz, p_positions bigint[], p_soft boolean
) RETURNS TABLE (out_key_taken boolean, out_conflict bigint, out_start_version bigint, out_prev_hash text, out_hashes text[])
LANGUAGE plpgsql AS $fn$
-- p_soft: a wrong expected version undoes this append's own writes and answers out_conflict
-- (the actual version) instead of raising, so a group needs no subtransaction per append.
DECLARE
  v_created boolean := false;
  v_count integer := jsonb_array_length(p_events);
  v_version bigint;
  v_hash text;
  v_start bigint;
  v_start_hash text;
  v_hashes text[] := '{}';
  v_event jsonb;
BEGIN
  IF p_key IS NOT NULL THEN
    -- Waits for a concurrent request with the same key; only one of them gets the row.
    INSERT INTO idempotency_keys (key, fingerprint, stream_id, created_at)
      VALUES (p_key, p_fingerprint, p_stream_id, p_recorded_at)
      ON CONFLICT (key) DO NOTHING;
    IF NOT FOUND THEN
      RETURN QUERY SELECT true, NULL::bigint, NULL::bigint, NULL::text, NULL::text[];
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
      v_created := true;
    ELSE
      SELECT s.version, s.last_hash INTO v_version, v_hash FROM streams s WHERE s.stream_id = p_stream_id FOR UPDATE;
    END IF;
  END IF;

  IF (p_expected_mode = 'exact' AND v_version <> p_expected)
     OR (p_expected_mode = 'no_stream' AND v_version <> 0)
     OR (p_expected_mode = 'stream_exists' AND v_version = 0) THEN
    IF NOT p_soft THEN
      RAISE EXCEPTION 'wrong expected version' USING ERRCODE = 'KF409', DETAIL = v_version::text;
    END IF;
    IF p_key IS NOT NULL THEN DELETE FROM idempotency_keys WHERE key = p_key; END IF;
    IF v_created THEN DELETE FROM streams WHERE stream_id = p_stream_id; END IF;
    RETURN QUERY SELECT false, v_version, NULL::bigint, NULL::text, NULL::text[];
    RETURN;
  END IF;

  v_start := v_version;
  v_start_hash := v_hash;
  -- The canonical JSON comes in two parts around prevHash; version is the last key.
  FOR v_event IN SELECT value FROM jsonb_array_elements(p_events) LOOP
    v_version := v_version + 1;
    v_hash := encode(sha256(convert_to(
      (v_event->>'before_prev') || coalesce('"' || v_hash || '"', 'null') || (v_event->>'after_prev') || v_version::text || '}',
      'UTF8')), 'hex');
    v_hashes := v_hashes || v_hash;
  END LOOP;

  INSERT INTO events (global_position, stream_id, version, event_id, type, schema_version, data, metadata,
                      occurred_at, recorded_at, hash, prev_hash)
  SELECT p_positions[x.ord], p_stream_id, v_start + x.ord, (x.e->>'event_id')::uuid, x.e->>'type',
         (x.e->>'schema_version')::integer, x.e->'data', x.e->'metadata', (x.e->>'occurred_at')::timestamptz,
         p_recorded_at, v_hashes[x.ord], CASE WHEN x.ord = 1 THEN v_start_hash ELSE v_hashes[x.ord - 1] END
  FROM jsonb_array_elements(p_events) WITH ORDINALITY AS x(e, ord);

  UPDATE streams SET version = v_version, last_hash = v_hash WHERE stream_id = p_stream_id;
  IF p_key IS NOT NULL THEN
    UPDATE idempotency_keys SET next_expected_version = v_version, last_position = p_positions[v_count], response = p_response
      WHERE key = p_key;
  END IF;
  RETURN QUERY SELECT false, NULL::bigint, v_start, v_start_hash, v_hashes;
END;
$fn$`,
  `
CREATE OR REPLACE FUNCTION kaderflow_reserve_positions(p_count integer) RETURNS bigint[]
LANGUAGE plpgsql AS $fn$
DECLARE
  v_positions bigint[];
BEGIN
  -- Transaction id first, then positions, under one short lock: a later position always has a later xid.
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
  RETURN v_positions;
END;
$fn$`,
  `
CREATE OR REPLACE FUNCTION kaderflow_append(
  p_stream_id text, p_expected_mode text, p_expected bigint, p_events jsonb,
  p_key text, p_fingerprint text, p_response jsonb, p_recorded_at timestamptz, p_channel text
) RETURNS TABLE (out_key_taken boolean, out_start_version bigint, out_prev_hash text, out_positions bigint[], out_hashes text[])
LANGUAGE plpgsql AS $fn$
DECLARE
  v_positions bigint[] := kaderflow_reserve_positions(jsonb_array_length(p_events));
  r record;
BEGIN
  SELECT * INTO r FROM kaderflow_append_stream(p_stream_id, p_expected_mode, p_expected, p_events, p_key, p_fingerprint,
                                               p_response, p_recorded_at, v_positions, false);
  IF p_channel IS NOT NULL AND NOT r.out_key_taken THEN
    PERFORM pg_notify(p_channel, v_positions[array_length(v_positions, 1)]::text);
  END IF;
  RETURN QUERY SELECT r.out_key_taken, r.out_start_version, r.out_prev_hash,
    CASE WHEN r.out_key_taken THEN NULL ELSE v_positions END, r.out_hashes;
END;
$fn$`,
  `
CREATE OR REPLACE FUNCTION kaderflow_append_many(p_appends jsonb, p_channel text)
RETURNS TABLE (out_ord integer, out_status text, out_detail text, out_key_taken boolean, out_start_version bigint,
               out_prev_hash text, out_positions bigint[], out_hashes text[])
LANGUAGE plpgsql AS $fn$
DECLARE
  -- Group commit: many single-stream appends in one transaction. A wrong expected version
  -- undoes only that append (soft mode); any other error aborts the group, and the caller then
  -- runs each append on its own.
  v_total integer;
  v_positions bigint[];
  v_slice bigint[];
  v_from integer := 1;
  v_n integer;
  v_last bigint;
  a jsonb;
  i integer;
  r record;
BEGIN
  SELECT sum(jsonb_array_length(x->'events'))::integer INTO v_total FROM jsonb_array_elements(p_appends) AS x;
  v_positions := kaderflow_reserve_positions(v_total);
  FOR i IN 0 .. jsonb_array_length(p_appends) - 1 LOOP
    a := p_appends->i;
    v_n := jsonb_array_length(a->'events');
    v_slice := v_positions[v_from : v_from + v_n - 1];
    v_from := v_from + v_n;
    SELECT * INTO r FROM kaderflow_append_stream(a->>'stream_id', a->>'mode', (a->>'expected')::bigint, a->'events',
      a->>'key', a->>'fingerprint', a->'response', (a->>'recorded_at')::timestamptz, v_slice, true);
    IF r.out_conflict IS NOT NULL THEN
      RETURN QUERY SELECT i, 'KF409'::text, r.out_conflict::text, false, NULL::bigint, NULL::text, NULL::bigint[], NULL::text[];
    ELSE
      IF NOT r.out_key_taken THEN v_last := v_slice[v_n]; END IF;
      RETURN QUERY SELECT i, 'ok'::text, NULL::text, r.out_key_taken, r.out_start_version, r.out_prev_hash,
        CASE WHEN r.out_key_taken THEN NULL ELSE v_slice END, r.out_hashes;
    END IF;
  END LOOP;
  IF p_channel IS NOT NULL AND v_last IS NOT NULL THEN
    PERFORM pg_notify(p_channel, v_last::text);
  END IF;
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

export const APPEND_SQL = 'SELECT * FROM kaderflow_append($1, $2, $3, $4::jsonb, $5, $6, $7::jsonb, $8, $9)';

/** Group commit: a JSON array of appends in one transaction, one result row per append (out_ord from 0). */
export const APPEND_MANY_SQL = 'SELECT * FROM kaderflow_append_many($1::jsonb, $2)';

/** SQLSTATE the append function raises for a violated expected version; DETAIL holds the actual version. */
export const WRONG_EXPECTED_VERSION_SQLSTATE = 'KF409';

/** Only rows of transactions older than every transaction still running: nothing earlier can still commit. */
export const SAFE_ROWS = 'tx_id < pg_snapshot_xmin(pg_current_snapshot())';
