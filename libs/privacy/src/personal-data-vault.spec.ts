import { createPgliteDatabase, Database } from '../../database/src';
import { createPersonalDataVault, ensurePersonKeysTable, isPiiEnvelope, PersonForgottenError, PersonalDataVault, VERGETEN } from './index';

describe('personal data vault (crypto-shredding)', () => {
  let db: Database;
  let vault: PersonalDataVault;
  let clock: string;

  // One PGlite for the file (creating one is slow); each test starts with no keys.
  beforeAll(async () => {
    db = await createPgliteDatabase();
    await ensurePersonKeysTable(db);
    await ensurePersonKeysTable(db); // idempotent at startup
  });
  afterAll(() => db.close());
  beforeEach(async () => {
    await db.query('TRUNCATE person_keys');
    clock = '2025-06-02T09:00:00.000Z';
    vault = createPersonalDataVault(db, { now: () => clock });
  });

  it('given a protected name, then the envelope carries no readable personal data and reveals the value', async () => {
    const envelope = await vault.protect('inwoner-1', { naam: 'Inwoner Een', email: 'inwoner1@example.org' });

    expect(isPiiEnvelope(envelope)).toBe(true);
    expect(envelope.$pii).toBe('inwoner-1');
    expect(JSON.stringify(envelope)).not.toMatch(/Inwoner Een|example\.org/);
    expect(JSON.parse(JSON.stringify(envelope))).toEqual(envelope);
    await expect(vault.reveal(envelope)).resolves.toEqual({ naam: 'Inwoner Een', email: 'inwoner1@example.org' });
  });

  it('given the same value twice, then the ciphertexts differ (fresh iv)', async () => {
    const a = await vault.protect('inwoner-1', 'Inwoner Een');
    const b = await vault.protect('inwoner-1', 'Inwoner Een');
    expect(a.ct).not.toBe(b.ct);
    await expect(vault.reveal(b)).resolves.toBe('Inwoner Een');
  });

  it('given an event payload with envelopes at several depths, when revealed deep, then each is replaced and the rest kept', async () => {
    const payload = {
      rondeId: 'ronde-1',
      inbreng: [
        { inbrengId: 'i-1', indiener: await vault.protect('inwoner-1', 'Inwoner Een'), tekst: 'Meer opvangplekken' },
        { inbrengId: 'i-2', indiener: await vault.protect('ervaringsdeskundige-2', { naam: 'Ervaringsdeskundige Twee' }) },
      ],
      aantal: 2,
    };

    await expect(vault.revealDeep(payload)).resolves.toEqual({
      rondeId: 'ronde-1',
      inbreng: [
        { inbrengId: 'i-1', indiener: 'Inwoner Een', tekst: 'Meer opvangplekken' },
        { inbrengId: 'i-2', indiener: { naam: 'Ervaringsdeskundige Twee' } },
      ],
      aantal: 2,
    });
  });

  it('given a person is forgotten, then their data reads as vergeten while other people stay readable', async () => {
    const payload = { a: await vault.protect('inwoner-1', 'Inwoner Een'), b: await vault.protect('inwoner-2', 'Inwoner Twee') };
    clock = '2025-07-01T12:00:00.000Z';

    await expect(vault.forget('inwoner-1')).resolves.toEqual({ personId: 'inwoner-1', erasedAt: '2025-07-01T12:00:00.000Z', alreadyForgotten: false });

    await expect(vault.reveal(payload.a)).resolves.toEqual(VERGETEN);
    await expect(vault.revealDeep(payload)).resolves.toEqual({ a: { vergeten: true }, b: 'Inwoner Twee' });
    await expect(vault.isForgotten('inwoner-1')).resolves.toBe(true);
    await expect(vault.isForgotten('inwoner-2')).resolves.toBe(false);
    const { rows } = await db.query<{ key: string | null; erased_at: string }>("SELECT key, erased_at FROM person_keys WHERE person_id = 'inwoner-1'");
    expect(rows).toEqual([{ key: null, erased_at: '2025-07-01T12:00:00.000Z' }]);
  });

  it('given a person forgotten twice, then the first erasure date is kept', async () => {
    await vault.protect('inwoner-1', 'x');
    await vault.forget('inwoner-1');
    clock = '2025-08-01T00:00:00.000Z';
    await expect(vault.forget('inwoner-1')).resolves.toEqual({ personId: 'inwoner-1', erasedAt: '2025-06-02T09:00:00.000Z', alreadyForgotten: true });
  });

  it('given a forgotten person (even one never seen before), then no new personal data is recorded for them', async () => {
    await vault.forget('inwoner-9');
    await expect(vault.protect('inwoner-9', 'Inwoner Negen')).rejects.toBeInstanceOf(PersonForgottenError);
  });

  it('given an envelope moved to another person or altered, then it is not revealed', async () => {
    const envelope = await vault.protect('inwoner-1', 'Inwoner Een');
    await vault.protect('inwoner-2', 'Inwoner Twee');
    await expect(vault.reveal({ ...envelope, $pii: 'inwoner-2' })).rejects.toThrow();
    const altered = Buffer.from(envelope.ct, 'base64');
    altered[0] ^= 1;
    await expect(vault.reveal({ ...envelope, ct: altered.toString('base64') })).rejects.toThrow();
  });

  it('given the key store is read by another vault on the same database, then it reveals the same data (keys are persisted)', async () => {
    const envelope = await vault.protect('inwoner-1', 'Inwoner Een');
    await expect(createPersonalDataVault(db).reveal(envelope)).resolves.toBe('Inwoner Een');
  });
});
