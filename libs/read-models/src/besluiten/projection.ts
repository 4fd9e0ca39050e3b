import { SqlExecutor } from '../../../database/src';
import { StoredEvent } from '../../../event-store/src';
import { VERGADERING_EVENT_TYPES, VergaderingEvent } from '../../../domain/src/besluitvorming';
import { Projection } from '../projection';

/**
 * Meetings, agendapunten and besluiten with every version of each besluit. A version row holds the
 * full state after that event, so "as known on" is the latest version recorded by then.
 */
export const besluitenProjection: Projection = {
  name: 'besluiten',
  version: 1,
  eventTypes: VERGADERING_EVENT_TYPES,

  async migrate(db) {
    await db.query(`
      CREATE TABLE IF NOT EXISTS besluiten_vergaderingen (
        vergadering_id text PRIMARY KEY,
        gremium text NOT NULL,
        datum date NOT NULL,
        titel text NOT NULL,
        locatie text,
        vastgesteld_op date,
        publiceren_uiterlijk date,
        gepubliceerd_op date,
        publicatie_url text,
        ketenkop text,
        tijdig boolean,
        diwoo jsonb,
        global_position bigint NOT NULL
      )`);
    await db.query(`
      CREATE TABLE IF NOT EXISTS besluiten_agendapunten (
        vergadering_id text NOT NULL,
        agendapunt_id text NOT NULL,
        volgnummer integer NOT NULL,
        titel text NOT NULL,
        kader_id text,
        onderwerp text NOT NULL,
        voorstel jsonb,
        PRIMARY KEY (vergadering_id, agendapunt_id)
      )`);
    await db.query(`
      CREATE TABLE IF NOT EXISTS besluiten_besluiten (
        besluit_id text PRIMARY KEY,
        vergadering_id text NOT NULL,
        agendapunt_id text NOT NULL,
        gremium text NOT NULL,
        kader_id text,
        onderwerp text NOT NULL,
        datum date NOT NULL,
        amendementen jsonb NOT NULL,
        stemming jsonb,
        vastgelegd_op timestamptz NOT NULL
      )`);
    await db.query(`
      CREATE TABLE IF NOT EXISTS besluiten_versies (
        besluit_id text NOT NULL,
        versie integer NOT NULL,
        soort text NOT NULL,
        uitkomst text NOT NULL,
        besluittekst text NOT NULL,
        toelichting text,
        reden text,
        gewijzigd jsonb,
        door jsonb,
        global_position bigint NOT NULL,
        recorded_at timestamptz NOT NULL,
        occurred_at timestamptz NOT NULL,
        PRIMARY KEY (besluit_id, versie)
      )`);
    await db.query('CREATE INDEX IF NOT EXISTS besluiten_besluiten_kader ON besluiten_besluiten (kader_id, datum)');
    await db.query('CREATE INDEX IF NOT EXISTS besluiten_besluiten_datum ON besluiten_besluiten (datum, vastgelegd_op)');
    await db.query('CREATE INDEX IF NOT EXISTS besluiten_versies_recorded ON besluiten_versies (recorded_at)');
  },

  async reset(db) {
    await db.query('DROP TABLE IF EXISTS besluiten_versies, besluiten_besluiten, besluiten_agendapunten, besluiten_vergaderingen');
  },

  async apply(tx, events) {
    for (const stored of events) await applyOne(tx, stored);
  },
};

const json = (value: unknown) => (value === undefined ? null : JSON.stringify(value));

const door = (stored: StoredEvent) => {
  const { id, role, displayName } = stored.metadata.actor ?? ({} as StoredEvent['metadata']['actor']);
  return json({ id, role, ...(displayName ? { displayName } : {}) });
};

async function applyOne(tx: SqlExecutor, stored: StoredEvent): Promise<void> {
  const event = { type: stored.type, data: stored.data } as VergaderingEvent;
  const positie = stored.globalPosition;
  switch (event.type) {
    case 'VergaderingGepland': {
      const d = event.data;
      await tx.query(
        `INSERT INTO besluiten_vergaderingen (vergadering_id, gremium, datum, titel, locatie, global_position)
         VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (vergadering_id) DO NOTHING`,
        [d.vergaderingId, d.gremium, d.datum, d.titel, d.locatie ?? null, positie],
      );
      return;
    }
    case 'AgendapuntToegevoegd': {
      const d = event.data;
      await tx.query(
        `INSERT INTO besluiten_agendapunten (vergadering_id, agendapunt_id, volgnummer, titel, kader_id, onderwerp, voorstel)
         VALUES ($1, $2, $3, $4, $5, $6, $7::jsonb) ON CONFLICT DO NOTHING`,
        [d.vergaderingId, d.agendapuntId, d.volgnummer, d.titel, d.kaderId ?? null, d.onderwerp, json(d.voorstel)],
      );
      return;
    }
    case 'BesluitGenomen': {
      const d = event.data;
      await tx.query(
        `INSERT INTO besluiten_besluiten (besluit_id, vergadering_id, agendapunt_id, gremium, kader_id, onderwerp, datum, amendementen, stemming, vastgelegd_op)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8::jsonb, $9::jsonb, $10) ON CONFLICT (besluit_id) DO NOTHING`,
        [d.besluitId, d.vergaderingId, d.agendapuntId, d.gremium, d.kaderId ?? null, d.onderwerp, d.datum, json(d.amendementen), json(d.stemming), stored.recordedAt],
      );
      await versie(tx, stored, { besluitId: d.besluitId, versie: 1, soort: 'origineel', uitkomst: d.uitkomst, besluittekst: d.besluittekst, toelichting: d.toelichting });
      return;
    }
    case 'BesluitGerectificeerd': {
      const d = event.data;
      await versie(tx, stored, {
        besluitId: d.besluitId,
        versie: d.versie,
        soort: 'rectificatie',
        uitkomst: d.uitkomst,
        besluittekst: d.besluittekst,
        toelichting: d.toelichting,
        reden: d.reden,
        gewijzigd: d.gewijzigd,
      });
      return;
    }
    case 'BesluitIngetrokken': {
      const d = event.data;
      // The withdrawn version keeps the last text and outcome, so history reads in one row.
      await tx.query(
        `INSERT INTO besluiten_versies (besluit_id, versie, soort, uitkomst, besluittekst, toelichting, reden, gewijzigd, door, global_position, recorded_at, occurred_at)
         SELECT besluit_id, $2, 'intrekking', uitkomst, besluittekst, toelichting, $3, NULL, $4::jsonb, $5, $6, $7
           FROM besluiten_versies WHERE besluit_id = $1 ORDER BY versie DESC LIMIT 1
         ON CONFLICT DO NOTHING`,
        [d.besluitId, d.versie, d.reden, door(stored), positie, stored.recordedAt, stored.occurredAt],
      );
      return;
    }
    case 'BesluitenlijstVastgesteld': {
      const d = event.data;
      await tx.query(`UPDATE besluiten_vergaderingen SET vastgesteld_op = $2, publiceren_uiterlijk = $3, global_position = $4 WHERE vergadering_id = $1`, [
        d.vergaderingId,
        d.datum,
        d.publicerenUiterlijk,
        positie,
      ]);
      return;
    }
    case 'BesluitenlijstGepubliceerd': {
      const d = event.data;
      await tx.query(
        `UPDATE besluiten_vergaderingen SET gepubliceerd_op = $2, publicatie_url = $3, ketenkop = $4, tijdig = $5, diwoo = $6::jsonb, global_position = $7 WHERE vergadering_id = $1`,
        [d.vergaderingId, d.datum, d.url ?? null, d.ketenkop ?? null, d.tijdig, json(d.diwoo), positie],
      );
      return;
    }
    default:
      return;
  }
}

async function versie(
  tx: SqlExecutor,
  stored: StoredEvent,
  v: { besluitId: string; versie: number; soort: string; uitkomst: string; besluittekst: string; toelichting?: string; reden?: string; gewijzigd?: string[] },
) {
  await tx.query(
    `INSERT INTO besluiten_versies (besluit_id, versie, soort, uitkomst, besluittekst, toelichting, reden, gewijzigd, door, global_position, recorded_at, occurred_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8::jsonb, $9::jsonb, $10, $11, $12) ON CONFLICT DO NOTHING`,
    [v.besluitId, v.versie, v.soort, v.uitkomst, v.besluittekst, v.toelichting ?? null, v.reden ?? null, json(v.gewijzigd), door(stored), stored.globalPosition, stored.recordedAt, stored.occurredAt],
  );
}
