import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { Database, SqlExecutor } from '../../database/src';

/** Personal data as it is stored in events: ciphertext under the person's own key (AES-256-GCM). */
export interface PiiEnvelope {
  $pii: string;
  iv: string;
  ct: string;
  tag: string;
}

/** What a reader gets instead of the value once the person's key was destroyed. */
export interface Vergeten {
  vergeten: true;
}

export const VERGETEN: Vergeten = Object.freeze({ vergeten: true });

export interface ForgetResult {
  personId: string;
  erasedAt: string;
  /** True when the key had been destroyed before; erasedAt is then the first erasure. */
  alreadyForgotten: boolean;
}

export interface PersonalDataVault {
  protect(personId: string, value: unknown): Promise<PiiEnvelope>;
  reveal<T = unknown>(envelope: PiiEnvelope): Promise<T | Vergeten>;
  /** A copy of payload with every envelope, at any depth, replaced by its value or VERGETEN. */
  revealDeep<T>(payload: T): Promise<T>;
  /** Destroys the person's key (AVG erasure). The ciphertext stays, so the event hash chain still verifies. */
  forget(personId: string): Promise<ForgetResult>;
  isForgotten(personId: string): Promise<boolean>;
}

/** The person was forgotten; no new personal data is recorded for them. */
export class PersonForgottenError extends Error {
  override readonly name = 'PersonForgottenError';
  constructor(readonly personId: string) {
    super(`Persoon ${personId} is vergeten; er worden geen persoonsgegevens meer over deze persoon vastgelegd.`);
  }
}

export const PERSON_KEYS_DDL = `
CREATE TABLE IF NOT EXISTS person_keys (
  person_id  text PRIMARY KEY,
  key        text,
  created_at timestamptz NOT NULL,
  erased_at  timestamptz,
  CHECK ((key IS NULL) = (erased_at IS NOT NULL))
)`;

export const ensurePersonKeysTable = async (db: SqlExecutor): Promise<void> => {
  await db.query(PERSON_KEYS_DDL);
};

export const isPiiEnvelope = (value: unknown): value is PiiEnvelope => {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const candidate = value as Record<string, unknown>;
  return ['$pii', 'iv', 'ct', 'tag'].every((field) => typeof candidate[field] === 'string') && Object.keys(candidate).length === 4;
};

const ALGORITHM = 'aes-256-gcm';

const encrypt = (key: Buffer, personId: string, value: unknown): PiiEnvelope => {
  const iv = randomBytes(12);
  const cipher = createCipheriv(ALGORITHM, key, iv);
  // The person id is authenticated too, so an envelope cannot be moved to another person.
  cipher.setAAD(Buffer.from(personId, 'utf8'));
  const ct = Buffer.concat([cipher.update(JSON.stringify(value) ?? 'null', 'utf8'), cipher.final()]);
  return { $pii: personId, iv: iv.toString('base64'), ct: ct.toString('base64'), tag: cipher.getAuthTag().toString('base64') };
};

const decrypt = (key: Buffer, envelope: PiiEnvelope): unknown => {
  const decipher = createDecipheriv(ALGORITHM, key, Buffer.from(envelope.iv, 'base64'));
  decipher.setAAD(Buffer.from(envelope.$pii, 'utf8'));
  decipher.setAuthTag(Buffer.from(envelope.tag, 'base64'));
  const plain = Buffer.concat([decipher.update(Buffer.from(envelope.ct, 'base64')), decipher.final()]);
  return JSON.parse(plain.toString('utf8'));
};

const collectPersonIds = (value: unknown, into: Set<string>): void => {
  if (isPiiEnvelope(value)) into.add(value.$pii);
  else if (Array.isArray(value)) value.forEach((item) => collectPersonIds(item, into));
  else if (typeof value === 'object' && value !== null) Object.values(value).forEach((item) => collectPersonIds(item, into));
};

export interface PersonalDataVaultOptions {
  /** The clock for created_at / erased_at (ISO instant). */
  now?: () => string;
}

export const createPersonalDataVault = (db: Database, options: PersonalDataVaultOptions = {}): PersonalDataVault => {
  const now = options.now ?? (() => new Date().toISOString());

  /** Keys by person; null means destroyed or never created (nothing can be read either way). */
  const loadKeys = async (personIds: string[]): Promise<Map<string, Buffer | null>> => {
    const keys = new Map<string, Buffer | null>(personIds.map((id) => [id, null]));
    if (personIds.length === 0) return keys;
    const { rows } = await db.query<{ person_id: string; key: string | null }>(
      'SELECT person_id, key FROM person_keys WHERE person_id = ANY($1::text[])',
      [personIds],
    );
    for (const row of rows) keys.set(row.person_id, row.key === null ? null : Buffer.from(row.key, 'base64'));
    return keys;
  };

  const keyForWriting = async (personId: string): Promise<Buffer> => {
    await db.query('INSERT INTO person_keys (person_id, key, created_at) VALUES ($1, $2, $3) ON CONFLICT (person_id) DO NOTHING', [
      personId,
      randomBytes(32).toString('base64'),
      now(),
    ]);
    const key = (await loadKeys([personId])).get(personId);
    if (!key) throw new PersonForgottenError(personId);
    return key;
  };

  const revealWith = (keys: Map<string, Buffer | null>, value: unknown): unknown => {
    if (isPiiEnvelope(value)) {
      const key = keys.get(value.$pii);
      return key ? decrypt(key, value) : VERGETEN;
    }
    if (Array.isArray(value)) return value.map((item) => revealWith(keys, item));
    if (typeof value === 'object' && value !== null) {
      return Object.fromEntries(Object.entries(value).map(([field, item]) => [field, revealWith(keys, item)]));
    }
    return value;
  };

  return {
    async protect(personId, value) {
      if (!personId) throw new Error('protect needs a person id');
      return encrypt(await keyForWriting(personId), personId, value);
    },

    async reveal<T>(envelope: PiiEnvelope) {
      return revealWith(await loadKeys([envelope.$pii]), envelope) as T | Vergeten;
    },

    async revealDeep<T>(payload: T) {
      const personIds = new Set<string>();
      collectPersonIds(payload, personIds);
      return revealWith(await loadKeys([...personIds]), payload) as T;
    },

    async forget(personId) {
      return db.transaction(async (tx) => {
        const { rows } = await tx.query<{ erased_at: string | Date | null }>('SELECT erased_at FROM person_keys WHERE person_id = $1 FOR UPDATE', [personId]);
        const earlier = rows[0]?.erased_at;
        if (earlier) return { personId, erasedAt: new Date(earlier).toISOString(), alreadyForgotten: true };
        const erasedAt = now();
        // A person never seen gets a tombstone too, so nothing is recorded about them afterwards.
        await tx.query(
          `INSERT INTO person_keys (person_id, key, created_at, erased_at) VALUES ($1, NULL, $2, $2)
           ON CONFLICT (person_id) DO UPDATE SET key = NULL, erased_at = EXCLUDED.erased_at`,
          [personId, erasedAt],
        );
        return { personId, erasedAt, alreadyForgotten: false };
      });
    },

    async isForgotten(personId) {
      const { rows } = await db.query<{ erased: boolean }>('SELECT erased_at IS NOT NULL AS erased FROM person_keys WHERE person_id = $1', [personId]);
      return rows[0]?.erased ?? false;
    },
  };
};
