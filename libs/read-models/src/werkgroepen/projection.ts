import { SqlExecutor } from '../../../database/src';
import { StoredEvent } from '../../../event-store/src';
import { Eigenaar, WERKGROEP_EVENT_TYPES, WerkgroepEvent } from '../../../domain/src/werkgroepen';
import { Projection } from '../projection';

/** Werkgroepen (incl. the projectgroep), their current members, and actiepunten with their history counters. */
export const werkgroepenProjection: Projection = {
  name: 'werkgroepen',
  version: 1,
  eventTypes: WERKGROEP_EVENT_TYPES,

  async migrate(db) {
    await db.query(`
      CREATE TABLE IF NOT EXISTS werkgroepen_werkgroepen (
        werkgroep_id text PRIMARY KEY,
        kader_id text NOT NULL,
        soort text NOT NULL,
        naam text NOT NULL,
        opdracht text NOT NULL,
        startdatum text NOT NULL,
        einddatum text,
        status text NOT NULL,
        opgeheven_op text,
        reden_opheffing text,
        ingesteld_op text NOT NULL
      )`);
    await db.query(`
      CREATE TABLE IF NOT EXISTS werkgroepen_leden (
        werkgroep_id text NOT NULL,
        lid_id text NOT NULL,
        rol text NOT NULL,
        organisatie text NOT NULL,
        PRIMARY KEY (werkgroep_id, lid_id)
      )`);
    await db.query(`
      CREATE TABLE IF NOT EXISTS werkgroepen_actiepunten (
        werkgroep_id text NOT NULL,
        actiepunt_id text NOT NULL,
        kader_id text NOT NULL,
        omschrijving text NOT NULL,
        eigenaar jsonb NOT NULL,
        deadline text NOT NULL,
        oorspronkelijke_deadline text NOT NULL,
        status text NOT NULL,
        vergadering_id text,
        aangemaakt_op text NOT NULL,
        afgesloten_op text,
        reden text,
        keer_verschoven integer NOT NULL DEFAULT 0,
        keer_toegewezen integer NOT NULL DEFAULT 0,
        PRIMARY KEY (werkgroep_id, actiepunt_id)
      )`);
    await db.query('CREATE INDEX IF NOT EXISTS werkgroepen_werkgroepen_kader ON werkgroepen_werkgroepen (kader_id)');
    await db.query('CREATE INDEX IF NOT EXISTS werkgroepen_actiepunten_kader ON werkgroepen_actiepunten (kader_id, status, deadline)');
  },

  async reset(db) {
    await db.query('DROP TABLE IF EXISTS werkgroepen_actiepunten, werkgroepen_leden, werkgroepen_werkgroepen');
  },

  async apply(tx, events) {
    for (const stored of events) await applyOne(tx, stored);
  },
};

const eigenaarJson = (e: Eigenaar) => JSON.stringify('lidId' in e ? { lidId: e.lidId } : { rol: e.rol, organisatie: e.organisatie });

async function applyOne(tx: SqlExecutor, stored: StoredEvent): Promise<void> {
  const event = { type: stored.type, data: stored.data } as WerkgroepEvent;
  switch (event.type) {
    case 'WerkgroepIngesteld': {
      const d = event.data;
      await tx.query(
        `INSERT INTO werkgroepen_werkgroepen (werkgroep_id, kader_id, soort, naam, opdracht, startdatum, einddatum, status, ingesteld_op)
         VALUES ($1, $2, $3, $4, $5, $6, $7, 'actief', $8) ON CONFLICT (werkgroep_id) DO NOTHING`,
        [d.werkgroepId, d.kaderId, d.soort, d.naam, d.opdracht, d.startdatum, d.einddatum ?? null, d.ingesteldOp],
      );
      return;
    }
    case 'LidToegevoegd': {
      const { werkgroepId, lid } = event.data;
      await tx.query(
        `INSERT INTO werkgroepen_leden (werkgroep_id, lid_id, rol, organisatie) VALUES ($1, $2, $3, $4)
         ON CONFLICT (werkgroep_id, lid_id) DO UPDATE SET rol = EXCLUDED.rol, organisatie = EXCLUDED.organisatie`,
        [werkgroepId, lid.lidId, lid.rol, lid.organisatie],
      );
      return;
    }
    case 'LidVerwijderd':
      await tx.query('DELETE FROM werkgroepen_leden WHERE werkgroep_id = $1 AND lid_id = $2', [event.data.werkgroepId, event.data.lidId]);
      return;
    case 'WerkgroepOpgeheven': {
      const d = event.data;
      await tx.query(`UPDATE werkgroepen_werkgroepen SET status = 'opgeheven', opgeheven_op = $2, reden_opheffing = $3 WHERE werkgroep_id = $1`, [d.werkgroepId, d.datum, d.reden]);
      return;
    }
    case 'ActiepuntAangemaakt': {
      const d = event.data;
      await tx.query(
        `INSERT INTO werkgroepen_actiepunten (werkgroep_id, actiepunt_id, kader_id, omschrijving, eigenaar, deadline, oorspronkelijke_deadline, status, vergadering_id, aangemaakt_op)
         VALUES ($1, $2, $3, $4, $5::jsonb, $6, $6, 'open', $7, $8) ON CONFLICT DO NOTHING`,
        [d.werkgroepId, d.actiepuntId, d.kaderId, d.omschrijving, eigenaarJson(d.eigenaar), d.deadline, d.vergaderingId ?? null, d.aangemaaktOp],
      );
      return;
    }
    case 'ActiepuntToegewezen': {
      const d = event.data;
      await tx.query(
        'UPDATE werkgroepen_actiepunten SET eigenaar = $3::jsonb, keer_toegewezen = keer_toegewezen + 1 WHERE werkgroep_id = $1 AND actiepunt_id = $2',
        [d.werkgroepId, d.actiepuntId, eigenaarJson(d.eigenaar)],
      );
      return;
    }
    case 'ActiepuntVerschoven': {
      const d = event.data;
      await tx.query('UPDATE werkgroepen_actiepunten SET deadline = $3, keer_verschoven = keer_verschoven + 1 WHERE werkgroep_id = $1 AND actiepunt_id = $2', [
        d.werkgroepId,
        d.actiepuntId,
        d.deadline,
      ]);
      return;
    }
    case 'ActiepuntGereed': {
      const d = event.data;
      await tx.query(`UPDATE werkgroepen_actiepunten SET status = 'gereed', afgesloten_op = $3 WHERE werkgroep_id = $1 AND actiepunt_id = $2`, [d.werkgroepId, d.actiepuntId, d.gereedOp]);
      return;
    }
    case 'ActiepuntVervallen': {
      const d = event.data;
      await tx.query(`UPDATE werkgroepen_actiepunten SET status = 'vervallen', afgesloten_op = $3, reden = $4 WHERE werkgroep_id = $1 AND actiepunt_id = $2`, [
        d.werkgroepId,
        d.actiepuntId,
        d.vervallenOp,
        d.reden,
      ]);
      return;
    }
    default:
      return;
  }
}
