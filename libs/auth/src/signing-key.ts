import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/** The symmetric (HS256) key of the embedded default, used when no OpenID Connect provider is configured. */
export interface LocalSigningKey {
  kid: string;
  secret: Uint8Array;
}

const MIN_SECRET_BYTES = 32;

const keyId = (secret: Uint8Array) => createHash('sha256').update(secret).digest('base64url').slice(0, 16);

export const signingKeyFromSecret = (secret: string): LocalSigningKey => {
  const bytes = new TextEncoder().encode(secret);
  if (bytes.length < MIN_SECRET_BYTES) {
    throw new Error(`KADERFLOW_JWT_SECRET must be at least ${MIN_SECRET_BYTES} bytes long`);
  }
  return { kid: keyId(bytes), secret: bytes };
};

/** A fresh random key that lives only in memory (tests). */
export const generateSigningKey = (): LocalSigningKey => {
  const secret = new Uint8Array(randomBytes(MIN_SECRET_BYTES));
  return { kid: keyId(secret), secret };
};

interface KeyFile {
  kid: string;
  alg: 'HS256';
  k: string;
  createdAt: string;
}

const readKeyFile = (path: string): LocalSigningKey => {
  const file = JSON.parse(readFileSync(path, 'utf8')) as KeyFile;
  const secret = new Uint8Array(Buffer.from(file.k, 'base64url'));
  if (secret.length < MIN_SECRET_BYTES) throw new Error(`Signing key in ${path} is too short`);
  return { kid: file.kid, secret };
};

/** Reads the key at path, or creates it there on first use (readable by the owner only). */
export const loadOrCreateSigningKeyFile = (path: string): LocalSigningKey => {
  const key = generateSigningKey();
  const file: KeyFile = { kid: key.kid, alg: 'HS256', k: Buffer.from(key.secret).toString('base64url'), createdAt: new Date().toISOString() };
  mkdirSync(dirname(path), { recursive: true });
  try {
    // 'wx' fails when the file exists, so two processes starting at once end up with the same key.
    writeFileSync(path, `${JSON.stringify(file, null, 2)}\n`, { flag: 'wx', mode: 0o600 });
    return key;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return readKeyFile(path);
    throw error;
  }
};
