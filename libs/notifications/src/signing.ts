import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Webhook signature, header `Kaderflow-Signature: t=<unix seconds>,v1=<hex>`, where
 * v1 = HMAC-SHA256(secret, `${t}.${body}`) over the exact body bytes sent. The receiver recomputes it
 * and rejects a timestamp outside its tolerance, so a captured request cannot be replayed later.
 */
export const SIGNATURE_HEADER = 'Kaderflow-Signature';

const hmac = (secret: string, body: string, timestamp: number): string =>
  createHmac('sha256', secret).update(`${timestamp}.${body}`, 'utf8').digest('hex');

export const signPayload = (secret: string, body: string, timestamp: number): string => {
  if (!Number.isSafeInteger(timestamp) || timestamp < 0) throw new RangeError('timestamp must be whole unix seconds');
  return `t=${timestamp},v1=${hmac(secret, body, timestamp)}`;
};

export type VerifyResult = { valid: true; timestamp: number } | { valid: false; reason: 'missing' | 'malformed' | 'expired' | 'mismatch' };

export const verifySignature = (
  secret: string,
  body: string,
  header: string | undefined,
  options: { now: number; toleranceSeconds?: number },
): VerifyResult => {
  if (!header) return { valid: false, reason: 'missing' };
  const parts = new Map<string, string[]>();
  for (const part of header.split(',')) {
    const eq = part.indexOf('=');
    if (eq < 1) return { valid: false, reason: 'malformed' };
    const key = part.slice(0, eq).trim();
    parts.set(key, [...(parts.get(key) ?? []), part.slice(eq + 1).trim()]);
  }
  const t = parts.get('t')?.[0];
  const signatures = parts.get('v1') ?? [];
  if (!t || !/^\d+$/.test(t) || signatures.length === 0) return { valid: false, reason: 'malformed' };
  const timestamp = Number(t);
  if (Math.abs(options.now - timestamp) > (options.toleranceSeconds ?? 300)) return { valid: false, reason: 'expired' };
  const expected = Buffer.from(hmac(secret, body, timestamp), 'hex');
  // Several v1 values are allowed so a secret can be rotated: the sender signs with old and new.
  const ok = signatures.some((candidate) => {
    const given = Buffer.from(candidate, 'hex');
    return /^[0-9a-f]+$/i.test(candidate) && given.length === expected.length && timingSafeEqual(given, expected);
  });
  return ok ? { valid: true, timestamp } : { valid: false, reason: 'mismatch' };
};
