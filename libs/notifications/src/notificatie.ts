import type { StoredEvent } from '../../event-store/src';

/** One kanaal per resource kind, as in ZGW Notificaties. */
export const KANALEN = ['kaders', 'mijlpalen', 'besluiten', 'vergaderingen', 'opgaven', 'participatierondes', 'werkgroepen'] as const;
export type Kanaal = (typeof KANALEN)[number];

export type Actie = 'create' | 'update' | 'destroy';

/** A ZGW-style message: it says what changed and where to fetch it, not the data itself. */
export interface Notificatie {
  kanaal: Kanaal;
  /** URL of the main object (e.g. the werkgroep an actiepunt belongs to). */
  hoofdObject: string;
  /** The kind of thing that changed (e.g. `actiepunt`). */
  resource: string;
  resourceUrl: string;
  actie: Actie;
  /** When the change was recorded (ISO 8601). */
  aanmaakdatum: string;
  /** Small string attributes subscribers filter on; always includes `eventType`. */
  kenmerken: Record<string, string>;
}

export interface Abonnement {
  id: string;
  callbackUrl: string;
  /** Sent as the Authorization header, as ZGW abonnementen do. */
  auth?: string;
  /** When set, every delivery carries a Kaderflow-Signature header (see signing.ts). */
  signingSecret?: string;
  kanalen: { naam: Kanaal; filters: Record<string, string> }[];
}

interface Regel {
  /** Event types starting with this noun belong here (longest prefix wins). */
  prefix: string;
  kanaal: Kanaal;
  resource: string;
  /** Data field holding the main object's id; the stream id's suffix is the fallback. */
  hoofdId: string;
  /** For a sub-resource: its path under the main object and the data field with its id. */
  sub?: { pad: string; id?: string };
}

const REGELS: Regel[] = ([
  { prefix: 'Kader', kanaal: 'kaders', resource: 'kader', hoofdId: 'kaderId' },
  { prefix: 'Fase', kanaal: 'kaders', resource: 'kader', hoofdId: 'kaderId' },
  { prefix: 'Mijlpaal', kanaal: 'mijlpalen', resource: 'mijlpaal', hoofdId: 'mijlpaalId' },
  { prefix: 'Besluitenlijst', kanaal: 'vergaderingen', resource: 'besluitenlijst', hoofdId: 'vergaderingId', sub: { pad: 'besluitenlijst' } },
  { prefix: 'Besluit', kanaal: 'besluiten', resource: 'besluit', hoofdId: 'besluitId' },
  { prefix: 'Vergadering', kanaal: 'vergaderingen', resource: 'vergadering', hoofdId: 'vergaderingId' },
  { prefix: 'Agendapunt', kanaal: 'vergaderingen', resource: 'agendapunt', hoofdId: 'vergaderingId', sub: { pad: 'agendapunten', id: 'agendapuntId' } },
  { prefix: 'Opgave', kanaal: 'opgaven', resource: 'opgave', hoofdId: 'opgaveId' },
  { prefix: 'Realisatie', kanaal: 'opgaven', resource: 'realisatie', hoofdId: 'opgaveId', sub: { pad: 'realisaties', id: 'realisatieId' } },
  { prefix: 'Participatieronde', kanaal: 'participatierondes', resource: 'participatieronde', hoofdId: 'participatierondeId' },
  { prefix: 'Inbreng', kanaal: 'participatierondes', resource: 'inbreng', hoofdId: 'participatierondeId', sub: { pad: 'inbreng', id: 'inbrengId' } },
  { prefix: 'Werkgroep', kanaal: 'werkgroepen', resource: 'werkgroep', hoofdId: 'werkgroepId' },
  { prefix: 'Lid', kanaal: 'werkgroepen', resource: 'lid', hoofdId: 'werkgroepId', sub: { pad: 'leden', id: 'lidId' } },
  { prefix: 'Actiepunt', kanaal: 'werkgroepen', resource: 'actiepunt', hoofdId: 'werkgroepId', sub: { pad: 'actiepunten', id: 'actiepuntId' } },
] satisfies Regel[]).sort((a, b) => b.prefix.length - a.prefix.length);

const CREATE = ['Gepland', 'Aangemaakt', 'Ingesteld', 'Vastgelegd', 'Toegevoegd', 'Ontvangen', 'Genomen', 'Gestart', 'Gemeld'];
const DESTROY = ['Ingetrokken', 'Opgeheven', 'Verwijderd', 'Vervallen'];

/** Data fields worth filtering on; only string values travel, to keep messages small. */
const KENMERKEN = ['kaderId', 'gremium', 'fase', 'schaalniveau', 'subregio', 'gemeente', 'status', 'soort', 'uitkomst', 'eigenaar'];

export const actieFor = (eventType: string): Actie =>
  CREATE.some((v) => eventType.endsWith(v)) ? 'create' : DESTROY.some((v) => eventType.endsWith(v)) ? 'destroy' : 'update';

const idPart = (value: unknown): string | undefined =>
  typeof value === 'string' && value !== '' ? encodeURIComponent(value) : undefined;

/** The notification for a stored event, or undefined for events no kanaal publishes. */
export const notificatieFor = (event: StoredEvent, baseUrl: string): Notificatie | undefined => {
  const regel = REGELS.find((r) => event.type.startsWith(r.prefix));
  if (!regel) return undefined;
  const data = (event.data ?? {}) as Record<string, unknown>;
  const base = baseUrl.replace(/\/+$/, '');
  const streamSuffix = event.streamId.includes('-') ? event.streamId.slice(event.streamId.indexOf('-') + 1) : event.streamId;
  const hoofdObject = `${base}/${regel.kanaal}/${idPart(data[regel.hoofdId]) ?? encodeURIComponent(streamSuffix)}`;
  const subId = regel.sub?.id ? idPart(data[regel.sub.id]) : undefined;
  const resourceUrl = !regel.sub ? hoofdObject : regel.sub.id ? (subId ? `${hoofdObject}/${regel.sub.pad}/${subId}` : hoofdObject) : `${hoofdObject}/${regel.sub.pad}`;
  const kenmerken: Record<string, string> = { eventType: event.type };
  for (const key of KENMERKEN) if (typeof data[key] === 'string') kenmerken[key] = data[key] as string;
  return { kanaal: regel.kanaal, hoofdObject, resource: regel.resource, resourceUrl, actie: actieFor(event.type), aanmaakdatum: event.recordedAt, kenmerken };
};

/**
 * Does the abonnement want this message? One of its kanalen must match by name, and every filter on it
 * must equal a kenmerk (or `resource`/`actie`); `*` accepts any value that is present.
 */
export const matches = (abonnement: Abonnement, message: Notificatie): boolean =>
  abonnement.kanalen.some(
    (kanaal) =>
      kanaal.naam === message.kanaal &&
      Object.entries(kanaal.filters).every(([key, wanted]) => {
        const actual = key === 'resource' ? message.resource : key === 'actie' ? message.actie : message.kenmerken[key];
        return actual !== undefined && (wanted === '*' || actual === wanted);
      }),
  );
