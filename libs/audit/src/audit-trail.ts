import type { SqlExecutor } from '../../database/src';
import { createPersonDirectory, PersonDirectory } from '../../privacy/src';

/** One entry in the shape of the ZGW audit trail (VNG `/{resource}/audittrail`), plus what an event knows besides. */
export interface AuditTrailEntry {
  uuid: string;
  gebruikersId: string;
  /** The person's name from the person directory, else the subject; `vergeten` after erasure. Never "system". */
  gebruikersWeergave: string;
  gebruikersRol: string;
  organisatie: string | null;
  applicatieId: string;
  /** `create` for the first event of a resource, `update` after. */
  actie: 'create' | 'update';
  /** The event type, e.g. MijlpaalGepland. */
  actieWeergave: string;
  /** HTTP status of the request that wrote it: 201 when it created the resource, 200 otherwise. */
  resultaat: number;
  hoofdObject: string;
  resource: string;
  resourceUrl: string;
  resourceWeergave: string;
  toelichting: string | null;
  /** When it was recorded (instant). */
  aanmaakdatum: string;
  /** When it happened in the world (instant). */
  tijdstipGebeurd: string;
  opdracht: string | null;
  requestId: string | null;
  correlationId: string | null;
  positie: number;
  versie: number;
  wijzigingen: { oud: Record<string, unknown> | null; nieuw: Record<string, unknown> };
}

export interface AuditTrailFilter {
  /** One resource: its stream id, e.g. `kader-<uuid>`. */
  streamId?: string;
  /** A resource kind: the stream category, e.g. `kader`. */
  resource?: string;
  gebruikersId?: string;
  organisatie?: string;
  /** Recorded at or after this instant. */
  vanaf?: string;
  /** Recorded before this instant. */
  tot?: string;
  /** Only entries after this global position (paging). */
  na?: number;
  limit?: number;
}

export interface AuditTrailOptions {
  /** e.g. `http://localhost:3000/api/v1`, for resourceUrl and hoofdObject. */
  baseUrl: string;
  applicatieId?: string;
  personen?: PersonDirectory;
}

/** Stream category to the plural path of its resource in the API. */
export const RESOURCE_PATHS: Record<string, string> = {
  kader: 'kaders',
  werkgroep: 'werkgroepen',
  opgave: 'opgaven',
  participatieronde: 'participatierondes',
  vergadering: 'vergaderingen',
  persoon: 'personen',
};

interface Row {
  global_position: number | string;
  stream_id: string;
  version: number | string;
  event_id: string;
  type: string;
  data: unknown;
  metadata: { actor?: { id?: string; role?: string; organisation?: string }; command?: string; requestId?: string; correlationId?: string; reason?: string };
  occurred_at: string | Date;
  recorded_at: string | Date;
}

const instant = (value: string | Date) => new Date(value).toISOString();
const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

export const streamCategory = (streamId: string) => {
  const dash = streamId.indexOf('-');
  return dash < 0 ? streamId : streamId.slice(0, dash);
};

const resourceUrl = (baseUrl: string, streamId: string) => {
  const category = streamCategory(streamId);
  const path = RESOURCE_PATHS[category] ?? category;
  return `${baseUrl}/${path}/${streamId.slice(category.length + 1)}`;
};

const weergaveOf = (state: Record<string, unknown>, streamId: string) => {
  for (const field of ['titel', 'onderwerp', 'naam']) if (typeof state[field] === 'string' && state[field]) return state[field] as string;
  return streamId;
};

export const MAX_AUDIT_LIMIT = 1000;

/**
 * Reads the audit trail straight from the events table: who (from the token, via metadata.actor),
 * when, which command and request, why, and what changed (the event's fields against their values
 * before, folded from the same stream).
 */
export const readAuditTrail = async (db: SqlExecutor, filter: AuditTrailFilter, options: AuditTrailOptions): Promise<AuditTrailEntry[]> => {
  const where: string[] = [];
  const params: unknown[] = [];
  const add = (sql: string, value: unknown) => {
    params.push(value);
    where.push(sql.replace('?', `$${params.length}`));
  };
  if (filter.streamId !== undefined) add('stream_id = ?', filter.streamId);
  if (filter.resource !== undefined) add("stream_id LIKE ? || '-%'", filter.resource.replace(/[%_\\]/g, (c) => `\\${c}`));
  if (filter.gebruikersId !== undefined) add("metadata->'actor'->>'id' = ?", filter.gebruikersId);
  if (filter.organisatie !== undefined) add("metadata->'actor'->>'organisation' = ?", filter.organisatie);
  if (filter.vanaf !== undefined) add('recorded_at >= ?::timestamptz', filter.vanaf);
  if (filter.tot !== undefined) add('recorded_at < ?::timestamptz', filter.tot);
  if (filter.na !== undefined) add('global_position > ?', filter.na);
  const limit = Math.min(Math.max(filter.limit ?? 100, 1), MAX_AUDIT_LIMIT);
  params.push(limit);
  const { rows } = await db.query<Row>(
    `SELECT global_position, stream_id, version, event_id, type, data, metadata, occurred_at, recorded_at FROM events
     ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY global_position LIMIT $${params.length}`,
    params,
  );
  if (rows.length === 0) return [];

  // The state of each stream's fields just before each entry, folded from the stream's earlier events.
  const streams = [...new Set(rows.map((r) => r.stream_id))];
  const last = Number(rows[rows.length - 1].global_position);
  const { rows: history } = await db.query<Pick<Row, 'stream_id' | 'global_position' | 'data'>>(
    'SELECT stream_id, global_position, data FROM events WHERE stream_id = ANY($1::text[]) AND global_position <= $2 ORDER BY global_position',
    [streams, last],
  );
  const before = new Map<number, Record<string, unknown>>();
  const states = new Map<string, Record<string, unknown>>();
  for (const event of history) {
    const state = states.get(event.stream_id) ?? {};
    before.set(Number(event.global_position), state);
    states.set(event.stream_id, isRecord(event.data) ? { ...state, ...event.data } : state);
  }

  const personen = options.personen ?? createPersonDirectory(db);
  const weergaven = await personen.weergaven(rows.map((r) => r.metadata?.actor?.id ?? '').filter(Boolean));

  return rows.map((row): AuditTrailEntry => {
    const position = Number(row.global_position);
    const version = Number(row.version);
    const previous = before.get(position) ?? {};
    const nieuw = isRecord(row.data) ? row.data : { waarde: row.data };
    const oud = version === 1 ? null : Object.fromEntries(Object.keys(nieuw).filter((k) => k in previous).map((k) => [k, previous[k]]));
    const actorId = row.metadata?.actor?.id ?? 'onbekend';
    const url = resourceUrl(options.baseUrl, row.stream_id);
    return {
      uuid: row.event_id,
      gebruikersId: actorId,
      gebruikersWeergave: weergaven.get(actorId)?.weergave ?? actorId,
      gebruikersRol: row.metadata?.actor?.role ?? 'onbekend',
      organisatie: row.metadata?.actor?.organisation ?? null,
      applicatieId: options.applicatieId ?? 'kaderflow',
      actie: version === 1 ? 'create' : 'update',
      actieWeergave: row.type,
      resultaat: version === 1 ? 201 : 200,
      hoofdObject: url,
      resource: streamCategory(row.stream_id),
      resourceUrl: url,
      resourceWeergave: weergaveOf({ ...previous, ...nieuw }, row.stream_id),
      toelichting: row.metadata?.reason ?? null,
      aanmaakdatum: instant(row.recorded_at),
      tijdstipGebeurd: instant(row.occurred_at),
      opdracht: row.metadata?.command ?? null,
      requestId: row.metadata?.requestId ?? null,
      correlationId: row.metadata?.correlationId ?? null,
      positie: position,
      versie: version,
      wijzigingen: { oud, nieuw },
    };
  });
};

export const AUDIT_CSV_COLUMNS: (keyof AuditTrailEntry)[] = [
  'aanmaakdatum', 'gebruikersId', 'gebruikersWeergave', 'gebruikersRol', 'organisatie', 'applicatieId', 'actie', 'actieWeergave',
  'resultaat', 'hoofdObject', 'resource', 'resourceUrl', 'resourceWeergave', 'toelichting', 'tijdstipGebeurd', 'opdracht',
  'requestId', 'correlationId', 'positie', 'versie', 'wijzigingen', 'uuid',
];

/** Rows for a CSV export: nested values as JSON, and a leading quote on cells a spreadsheet would run as a formula. */
export const auditCsvRecords = (entries: AuditTrailEntry[]): string[][] =>
  entries.map((entry) =>
    AUDIT_CSV_COLUMNS.map((column) => {
      const value = entry[column];
      const text = value === null ? '' : typeof value === 'object' ? JSON.stringify(value) : String(value);
      return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
    }),
  );
