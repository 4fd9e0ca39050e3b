import { Pool } from 'pg';
import { createPostgresDatabase, Database } from '../../database/src';
import { NewEvent, SqlEventStore } from '../../event-store/src';
import { createPersonalDataVault, ensurePersonKeysTable } from '../../privacy/src';
import { chainHead, verifyChain } from './index';

const url = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const schema = `audit_${process.pid}_${Date.now().toString(36)}`;
const actor = { id: 'secretaris-1', role: 'secretaris', organisation: 'bestuurscommissie-maatschappij' };
const event = (type: string, data: unknown): NewEvent => ({ type, data, metadata: { actor, correlationId: 'corr-1' } });

describe('chain verification and erasure on the real PostgreSQL', () => {
  const admin = new Pool({ connectionString: url, max: 1 });
  let db: Database;
  let store: SqlEventStore;

  beforeAll(async () => {
    await admin.query(`CREATE SCHEMA ${schema}`);
    db = createPostgresDatabase({ connectionString: url, options: `-c search_path=${schema}`, max: 10 });
    store = new SqlEventStore(db);
    await store.migrate();
    await ensurePersonKeysTable(db);
  });
  afterAll(async () => {
    await db.close();
    await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await admin.end();
  });

  it('given decisions with protected personal data, when the person is forgotten, then the chain still verifies; when a row is altered, then it does not', async () => {
    const vault = createPersonalDataVault(db);
    // Concurrent first use of one person must end with one key that reads every envelope.
    const envelopes = await Promise.all([1, 2, 3, 4].map((n) => vault.protect('inwoner-1', { naam: `Inwoner Een (${n})` })));
    await store.appendToStream('participatieronde-1', envelopes.map((indiener, i) => event('InbrengGeregistreerd', { inbrengId: `i-${i}`, indiener })), { expectedVersion: 'no_stream' });
    await store.appendToStream('vergadering-bc-1', [event('BesluitGenomen', { uitkomst: 'vastgesteld' })], { expectedVersion: 'no_stream' });
    await expect(vault.revealDeep(envelopes)).resolves.toEqual([1, 2, 3, 4].map((n) => ({ naam: `Inwoner Een (${n})` })));

    const head = await chainHead(db);
    await vault.forget('inwoner-1');

    await expect(verifyChain(db)).resolves.toEqual({ ok: true, checked: 5, position: 5 });
    await expect(chainHead(db)).resolves.toEqual(head);
    const [first] = await store.readStream('participatieronde-1');
    await expect(vault.revealDeep(first.data)).resolves.toEqual({ inbrengId: 'i-0', indiener: { vergeten: true } });

    await db.query(`UPDATE events SET occurred_at = occurred_at - interval '1 day' WHERE stream_id = 'vergadering-bc-1'`);
    await expect(verifyChain(db)).resolves.toMatchObject({ ok: false, firstBroken: { streamId: 'vergadering-bc-1', version: 1, reason: 'content-altered' } });
  });
});
