import { Projection } from '../../read-models/src/projection';

/** A projection for projector tests: one row per `Geteld` event in rm_<name>, with the version that wrote it. */
export const tellingProjection = (version: number, name = 'telling'): Projection => ({
  name,
  version,
  eventTypes: ['Geteld'],
  async migrate(db) {
    await db.query(`CREATE TABLE IF NOT EXISTS rm_${name} (positie bigint PRIMARY KEY, versie int NOT NULL)`);
  },
  async reset(db) {
    await db.query(`DROP TABLE IF EXISTS rm_${name}`);
  },
  async apply(tx, events) {
    for (const e of events) await tx.query(`INSERT INTO rm_${name} (positie, versie) VALUES ($1, $2)`, [e.globalPosition, version]);
  },
});
