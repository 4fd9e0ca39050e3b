import { SqlExecutor } from '../../../database/src';
import { StoredEvent } from '../../../event-store/src';
import { OPGAVE_EVENT_TYPES, OpgaveEvent, Plaatsing } from '../../../domain/src/opgaven';
import { Projection } from '../projection';

/** Opgaven with their current placement, every placement since, the doel and the realisaties. */
export const opgavenProjection: Projection = {
  name: 'opgaven',
  version: 1,
  eventTypes: OPGAVE_EVENT_TYPES,

  async migrate(db) {
    await db.query(`
      CREATE TABLE IF NOT EXISTS opgaven_opgaven (
        opgave_id text PRIMARY KEY,
        kader_id text NOT NULL,
        titel text NOT NULL,
        omschrijving text NOT NULL,
        thema text NOT NULL,
        beleidsdomeinen jsonb NOT NULL,
        schaalniveau text NOT NULL,
        gemeenten jsonb NOT NULL,
        subregio text,
        motivering jsonb,
        doel jsonb,
        vastgelegd_op text NOT NULL
      )`);
    await db.query(`
      CREATE TABLE IF NOT EXISTS opgaven_plaatsingen (
        opgave_id text NOT NULL,
        global_position bigint NOT NULL,
        soort text NOT NULL,
        schaalniveau text NOT NULL,
        gemeenten jsonb NOT NULL,
        subregio text,
        motivering jsonb,
        reden text,
        op text NOT NULL,
        door jsonb,
        PRIMARY KEY (opgave_id, global_position)
      )`);
    await db.query(`
      CREATE TABLE IF NOT EXISTS opgaven_realisaties (
        opgave_id text NOT NULL,
        realisatie_id text NOT NULL,
        gemeente text NOT NULL,
        subregio text NOT NULL,
        datum text NOT NULL,
        eenheden jsonb NOT NULL,
        toelichting text,
        ingetrokken boolean NOT NULL DEFAULT false,
        reden_intrekking text,
        PRIMARY KEY (opgave_id, realisatie_id)
      )`);
    await db.query('CREATE INDEX IF NOT EXISTS opgaven_opgaven_kader ON opgaven_opgaven (kader_id, schaalniveau, thema)');
  },

  async reset(db) {
    await db.query('DROP TABLE IF EXISTS opgaven_realisaties, opgaven_plaatsingen, opgaven_opgaven');
  },

  async apply(tx, events) {
    for (const stored of events) await applyOne(tx, stored);
  },
};

const json = (value: unknown) => (value === undefined ? null : JSON.stringify(value));

async function plaatsing(tx: SqlExecutor, stored: StoredEvent, opgaveId: string, soort: 'vastgelegd' | 'verplaatst', p: Plaatsing, extra: { motivering?: unknown; reden?: string; op: string }) {
  const { id, role } = stored.metadata?.actor ?? ({} as { id?: string; role?: string });
  await tx.query(
    `INSERT INTO opgaven_plaatsingen (opgave_id, global_position, soort, schaalniveau, gemeenten, subregio, motivering, reden, op, door)
     VALUES ($1, $2, $3, $4, $5::jsonb, $6, $7::jsonb, $8, $9, $10::jsonb) ON CONFLICT DO NOTHING`,
    [opgaveId, stored.globalPosition, soort, p.schaalniveau, JSON.stringify(p.gemeenten), p.subregio ?? null, json(extra.motivering), extra.reden ?? null, extra.op, id ? json({ id, role }) : null],
  );
}

async function applyOne(tx: SqlExecutor, stored: StoredEvent): Promise<void> {
  const event = { type: stored.type, data: stored.data } as OpgaveEvent;
  switch (event.type) {
    case 'OpgaveVastgelegd': {
      const d = event.data;
      await tx.query(
        `INSERT INTO opgaven_opgaven (opgave_id, kader_id, titel, omschrijving, thema, beleidsdomeinen, schaalniveau, gemeenten, subregio, motivering, vastgelegd_op)
         VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7, $8::jsonb, $9, $10::jsonb, $11) ON CONFLICT (opgave_id) DO NOTHING`,
        [d.opgaveId, d.kaderId, d.titel, d.omschrijving, d.thema, JSON.stringify(d.beleidsdomeinen), d.plaatsing.schaalniveau, JSON.stringify(d.plaatsing.gemeenten), d.plaatsing.subregio ?? null, json(d.motivering), d.vastgelegdOp],
      );
      await plaatsing(tx, stored, d.opgaveId, 'vastgelegd', d.plaatsing, { motivering: d.motivering, op: d.vastgelegdOp });
      return;
    }
    case 'OpgaveVerplaatst': {
      const d = event.data;
      await tx.query('UPDATE opgaven_opgaven SET schaalniveau = $2, gemeenten = $3::jsonb, subregio = $4, motivering = $5::jsonb WHERE opgave_id = $1', [
        d.opgaveId,
        d.naar.schaalniveau,
        JSON.stringify(d.naar.gemeenten),
        d.naar.subregio ?? null,
        json(d.motivering),
      ]);
      await plaatsing(tx, stored, d.opgaveId, 'verplaatst', d.naar, { motivering: d.motivering, reden: d.reden, op: d.verplaatstOp });
      return;
    }
    case 'DoelGesteld': {
      const d = event.data;
      await tx.query('UPDATE opgaven_opgaven SET doel = $2::jsonb WHERE opgave_id = $1', [
        d.opgaveId,
        JSON.stringify({ omschrijving: d.omschrijving, eenheden: d.eenheden, ...(d.streefdatum ? { streefdatum: d.streefdatum } : {}), gesteldOp: d.gesteldOp }),
      ]);
      return;
    }
    case 'RealisatieGemeld': {
      const d = event.data;
      await tx.query(
        `INSERT INTO opgaven_realisaties (opgave_id, realisatie_id, gemeente, subregio, datum, eenheden, toelichting)
         VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7) ON CONFLICT DO NOTHING`,
        [d.opgaveId, d.realisatieId, d.gemeente, d.subregio, d.datum, JSON.stringify(d.eenheden), d.toelichting ?? null],
      );
      return;
    }
    case 'RealisatieIngetrokken': {
      const d = event.data;
      await tx.query('UPDATE opgaven_realisaties SET ingetrokken = true, reden_intrekking = $3 WHERE opgave_id = $1 AND realisatie_id = $2', [d.opgaveId, d.realisatieId, d.reden]);
      return;
    }
    default:
      return;
  }
}
