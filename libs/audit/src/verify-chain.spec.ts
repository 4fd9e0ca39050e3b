import { createPgliteDatabase, Database } from '../../database/src';
import { eventHash, NewEvent, SqlEventStore, StoredEvent } from '../../event-store/src';
import { createPersonalDataVault, ensurePersonKeysTable } from '../../privacy/src';
import { chainHead, verifyChain } from './index';

const actor = { id: 'secretaris-1', role: 'secretaris', organisation: 'bestuurscommissie-maatschappij' };
const event = (type: string, data: unknown): NewEvent => ({ type, data, metadata: { actor, correlationId: 'corr-1' } });

// One PGlite per file (creating one is slow); each test starts from empty tables.
let db: Database;
beforeAll(async () => {
  db = await createPgliteDatabase();
  await new SqlEventStore(db).migrate();
  await ensurePersonKeysTable(db);
});
afterAll(() => db.close());
const emptyTables = () => db.query('TRUNCATE events, streams, idempotency_keys, person_keys RESTART IDENTITY');

describe('hash-chain verifier', () => {
  let store: SqlEventStore;
  let tick = 0;

  beforeEach(async () => {
    await emptyTables();
    store = new SqlEventStore(db, { clock: () => new Date(Date.UTC(2025, 5, 2, 9, 0, tick++)) });
    await store.appendToStream('vergadering-bc-1', [event('VergaderingGepland', { datum: '2025-06-12' }), event('AgendapuntToegevoegd', { nummer: 1 })], { expectedVersion: 'no_stream' });
    await store.appendToStream('kader-2026', [event('KaderGestart', { periode: '2026-2032' })], { expectedVersion: 'no_stream' });
    await store.appendToStream('vergadering-bc-1', [event('BesluitGenomen', { nummer: 1, uitkomst: 'vastgesteld' })], { expectedVersion: 2 });
    await store.appendToStream('kader-2026', [event('FaseBetreden', { fase: 'plan-van-aanpak' })], { expectedVersion: 1 });
  });

  const positionOf = async (streamId: string, version: number) =>
    (await store.readStream(streamId, { from: version, to: version }))[0].globalPosition;

  it('given an untouched store, then every event is checked and the chain is whole', async () => {
    await expect(verifyChain(db)).resolves.toEqual({ ok: true, checked: 5, position: 5 });
    await expect(verifyChain(db, { batchSize: 2 })).resolves.toEqual({ ok: true, checked: 5, position: 5 });
  });

  it('given an empty store, then there is nothing to break', async () => {
    await emptyTables();
    await expect(verifyChain(db)).resolves.toEqual({ ok: true, checked: 0, position: 0 });
  });

  it('given a besluit whose outcome was changed in the table afterwards, then the content is reported altered at that event', async () => {
    const position = await positionOf('vergadering-bc-1', 3);
    await db.query(`UPDATE events SET data = '{"nummer":1,"uitkomst":"verworpen"}' WHERE global_position = $1`, [position]);

    const report = await verifyChain(db);

    expect(report).toMatchObject({ ok: false, firstBroken: { globalPosition: position, streamId: 'vergadering-bc-1', version: 3, reason: 'content-altered' } });
    expect(report.firstBroken!.toelichting).toBe('De inhoud van gebeurtenis 3 in vergadering-bc-1 is na het vastleggen gewijzigd.');
  });

  it('given an event whose link to the previous one was rewritten, then the link is reported broken', async () => {
    const position = await positionOf('kader-2026', 2);
    await db.query(`UPDATE events SET prev_hash = repeat('0', 64) WHERE global_position = $1`, [position]);
    await expect(verifyChain(db)).resolves.toMatchObject({ ok: false, firstBroken: { globalPosition: position, streamId: 'kader-2026', version: 2, reason: 'link-broken' } });
  });

  it('given an event removed from the middle of a stream, then that version is reported missing', async () => {
    await db.query(`DELETE FROM events WHERE stream_id = 'vergadering-bc-1' AND version = 2`);
    const next = await positionOf('vergadering-bc-1', 3);
    await expect(verifyChain(db)).resolves.toMatchObject({ ok: false, firstBroken: { globalPosition: next, streamId: 'vergadering-bc-1', version: 2, reason: 'version-missing' } });
  });

  it('given the last event of a stream removed, then the store still notices the missing version', async () => {
    await db.query(`DELETE FROM events WHERE stream_id = 'kader-2026' AND version = 2`);
    await expect(verifyChain(db)).resolves.toMatchObject({ ok: false, firstBroken: { globalPosition: null, streamId: 'kader-2026', version: 2, reason: 'version-missing' } });
  });

  it('given personal data in an event and the person forgotten afterwards, then the chain still verifies and the data reads as vergeten', async () => {
    const vault = createPersonalDataVault(db);
    const indiener = await vault.protect('inwoner-1', { naam: 'Inwoner Een' });
    await store.appendToStream('participatieronde-1', [event('InbrengGeregistreerd', { inbrengId: 'i-1', indiener, tekst: 'Meer opvangplekken' })], { expectedVersion: 'no_stream' });

    await vault.forget('inwoner-1');

    await expect(verifyChain(db)).resolves.toMatchObject({ ok: true, checked: 6 });
    const [stored] = await store.readStream('participatieronde-1');
    await expect(vault.revealDeep(stored.data)).resolves.toEqual({ inbrengId: 'i-1', indiener: { vergeten: true }, tekst: 'Meer opvangplekken' });
  });
});

describe('chain head', () => {
  let store: SqlEventStore;

  beforeEach(async () => {
    await emptyTables();
    store = new SqlEventStore(db, { clock: () => new Date('2025-06-02T09:00:00.000Z') });
    await store.appendToStream('kader-2026', [event('KaderGestart', {}), event('FaseBetreden', { fase: 'plan-van-aanpak' })], { expectedVersion: 'no_stream' });
    await store.appendToStream('vergadering-bc-1', [event('BesluitGenomen', { uitkomst: 'vastgesteld' })], { expectedVersion: 'no_stream' });
  });

  it('given a head published with a besluitenlijst, when more events follow, then the published value can still be recomputed at its position', async () => {
    const published = await chainHead(db);
    expect(published).toMatchObject({ position: 3, streams: 2 });
    expect(published.hash).toMatch(/^[0-9a-f]{64}$/);

    await store.appendToStream('kader-2026', [event('FaseBetreden', { fase: 'inventarisatie' })], { expectedVersion: 2 });

    expect((await chainHead(db)).hash).not.toBe(published.hash);
    await expect(chainHead(db, { atPosition: published.position })).resolves.toEqual(published);
  });

  it('given a stream rewritten with freshly computed hashes, then the chain verifies but the published head no longer matches', async () => {
    const published = await chainHead(db);
    const events: StoredEvent[] = await store.readStream('vergadering-bc-1');
    const forged = { ...events[0], data: { uitkomst: 'verworpen' } };
    const forgedHash = eventHash(forged);
    await db.query('UPDATE events SET data = $1::jsonb, hash = $2 WHERE global_position = $3', [JSON.stringify(forged.data), forgedHash, forged.globalPosition]);
    await db.query('UPDATE streams SET last_hash = $1 WHERE stream_id = $2', [forgedHash, forged.streamId]);

    await expect(verifyChain(db)).resolves.toMatchObject({ ok: true });
    expect((await chainHead(db, { atPosition: published.position })).hash).not.toBe(published.hash);
  });
});
