import { SqlExecutor } from '../../../database/src';
import { StoredEvent } from '../../../event-store/src';
import { PARTICIPATIE_EVENT_TYPES, ParticipatieEvent } from '../../../domain/src/participatie';
import { Projection } from '../projection';

/** Participation rounds and every contribution with the answer given to it. */
export const participatieProjection: Projection = {
  name: 'participatie',
  version: 1,
  eventTypes: PARTICIPATIE_EVENT_TYPES,

  async migrate(db) {
    await db.query(`
      CREATE TABLE IF NOT EXISTS participatie_rondes (
        ronde_id text PRIMARY KEY,
        kader_id text NOT NULL,
        fase text NOT NULL,
        doel text NOT NULL,
        vorm text NOT NULL,
        datum text NOT NULL,
        genodigden jsonb NOT NULL,
        status text NOT NULL,
        gesloten_op text,
        sluitreden text
      )`);
    await db.query(`
      CREATE TABLE IF NOT EXISTS participatie_inbreng (
        ronde_id text NOT NULL,
        inbreng_id text NOT NULL,
        kader_id text NOT NULL,
        partij_type text NOT NULL,
        organisatie text,
        thema text NOT NULL,
        tekst text NOT NULL,
        ontvangen_op text NOT NULL,
        uitkomst text,
        reden text,
        opgave_id text,
        kaderdeel text,
        beantwoord_op text,
        PRIMARY KEY (ronde_id, inbreng_id)
      )`);
    await db.query('CREATE INDEX IF NOT EXISTS participatie_rondes_kader ON participatie_rondes (kader_id, datum)');
    await db.query('CREATE INDEX IF NOT EXISTS participatie_inbreng_kader ON participatie_inbreng (kader_id)');
  },

  async reset(db) {
    await db.query('DROP TABLE IF EXISTS participatie_inbreng, participatie_rondes');
  },

  async apply(tx, events) {
    for (const stored of events) await applyOne(tx, stored);
  },
};

async function applyOne(tx: SqlExecutor, stored: StoredEvent): Promise<void> {
  const event = { type: stored.type, data: stored.data } as ParticipatieEvent;
  switch (event.type) {
    case 'ParticipatierondeGepland': {
      const d = event.data;
      await tx.query(
        `INSERT INTO participatie_rondes (ronde_id, kader_id, fase, doel, vorm, datum, genodigden, status)
         VALUES ($1, $2, $3, $4, $5, $6, $7::jsonb, 'gepland') ON CONFLICT (ronde_id) DO NOTHING`,
        [d.rondeId, d.kaderId, d.fase, d.doel, d.vorm, d.datum, JSON.stringify(d.genodigden)],
      );
      return;
    }
    case 'InbrengOntvangen': {
      const d = event.data;
      await tx.query(
        `INSERT INTO participatie_inbreng (ronde_id, inbreng_id, kader_id, partij_type, organisatie, thema, tekst, ontvangen_op)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT DO NOTHING`,
        [d.rondeId, d.inbrengId, d.kaderId, d.bron.partijType, d.bron.organisatie ?? null, d.thema, d.tekst, d.ontvangenOp],
      );
      return;
    }
    case 'InbrengBeantwoord': {
      const d = event.data;
      await tx.query(
        `UPDATE participatie_inbreng SET uitkomst = $3, reden = $4, opgave_id = $5, kaderdeel = $6, beantwoord_op = $7
         WHERE ronde_id = $1 AND inbreng_id = $2`,
        [d.rondeId, d.inbrengId, d.uitkomst, d.reden, d.verwerking?.opgaveId ?? null, d.verwerking?.kaderdeel ?? null, d.beantwoordOp],
      );
      return;
    }
    case 'ParticipatierondeGesloten': {
      const d = event.data;
      await tx.query(`UPDATE participatie_rondes SET status = 'gesloten', gesloten_op = $2, sluitreden = $3 WHERE ronde_id = $1`, [d.rondeId, d.geslotenOp, d.reden ?? null]);
      return;
    }
    default:
      return;
  }
}
