import type { JWTPayload, JWTVerifyGetKey } from 'jose';
import { createSecretKey, KeyObject } from 'node:crypto';
import type { Actor } from '../../event-store/src';
import { AuthError, AuthErrorReason } from './auth-error';
import { AuthConfig } from './config';
import { jose } from './jose';
import { isRol } from './roles';

export interface Authenticator {
  /** Takes the raw `Authorization` header; throws AuthError when the caller cannot be identified. */
  authenticate(authorization: string | undefined): Promise<Actor>;
  verifyToken(token: string): Promise<Actor>;
}

const OIDC_ALGORITHMS = ['RS256', 'PS256', 'ES256', 'ES384', 'EdDSA'];
/** Verified tokens remembered at most (oldest dropped first). */
const VERIFIED_LIMIT = 10_000;

/** jose error codes that mean the caller's token is at fault; anything else (JWKS unreachable) is ours. */
const reasonFor = (error: unknown): AuthErrorReason | undefined => {
  const { code, claim } = error as { code?: string; claim?: string };
  switch (code) {
    case 'ERR_JWT_EXPIRED':
      return 'expired';
    case 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED':
    case 'ERR_JWKS_NO_MATCHING_KEY':
    case 'ERR_JWKS_MULTIPLE_MATCHING_KEYS':
      return 'bad-signature';
    case 'ERR_JWT_CLAIM_VALIDATION_FAILED':
      if (claim === 'iss') return 'wrong-issuer';
      if (claim === 'aud') return 'wrong-audience';
      if (claim === 'nbf' || claim === 'iat') return 'expired';
      return 'malformed';
    case 'ERR_JWS_INVALID':
    case 'ERR_JWT_INVALID':
    case 'ERR_JOSE_ALG_NOT_ALLOWED':
    case 'ERR_JOSE_NOT_SUPPORTED':
      return 'malformed';
    default:
      return undefined;
  }
};

const optionalString = (payload: JWTPayload, claim: string): string | undefined => {
  const value = payload[claim];
  if (value === undefined) return undefined;
  if (typeof value !== 'string') throw new AuthError('malformed', `De claim ${claim} in het toegangstoken moet tekst zijn.`);
  return value;
};

export const actorFromClaims = (payload: JWTPayload): Actor => {
  if (typeof payload.sub !== 'string' || payload.sub === '') throw new AuthError('malformed', 'Het toegangstoken noemt geen gebruiker (sub).');
  if (!isRol(payload.rol)) throw new AuthError('unknown-role');
  const organisation = optionalString(payload, 'organisatie');
  const displayName = optionalString(payload, 'naam');
  return {
    id: payload.sub,
    role: payload.rol,
    ...(organisation !== undefined && { organisation }),
    ...(displayName !== undefined && { displayName }),
  };
};

export const bearerToken = (authorization: string | undefined): string => {
  if (authorization === undefined || authorization.trim() === '') throw new AuthError('missing');
  const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
  if (!match) throw new AuthError('malformed', 'De Authorization-header moet de vorm "Bearer <token>" hebben.');
  return match[1];
};

export const createAuthenticator = (config: AuthConfig): Authenticator => {
  // The local secret as a key object once, not imported again for every request.
  const key: KeyObject | JWTVerifyGetKey =
    config.mode === 'oidc' ? jose.createRemoteJWKSet(new URL(config.jwksUrl)) : createSecretKey(config.signingKey.secret);
  const options = {
    issuer: config.issuer,
    audience: config.audience,
    clockTolerance: config.clockToleranceSeconds,
    algorithms: config.mode === 'oidc' ? OIDC_ALGORITHMS : ['HS256'],
    requiredClaims: ['exp', 'sub'],
  };

  // A token is checked once; until it expires, the same token string gives the same actor without
  // verifying its signature again (a JWT cannot be withdrawn before its exp either way).
  const verified = new Map<string, { actor: Actor; fromMs: number; untilMs: number }>();
  const toleranceMs = config.clockToleranceSeconds * 1000;

  const verifyToken = async (token: string): Promise<Actor> => {
    const now = Date.now();
    const known = verified.get(token);
    if (known && now >= known.fromMs && now < known.untilMs) return known.actor;
    if (known) verified.delete(token);
    let payload: JWTPayload;
    try {
      // The overloads differ only in the key type; both are handled by jwtVerify at runtime.
      ({ payload } = await jose.jwtVerify(token, key as KeyObject, options));
    } catch (error) {
      const reason = reasonFor(error);
      if (reason) throw new AuthError(reason);
      throw error;
    }
    const actor = Object.freeze(actorFromClaims(payload));
    // exp is a required claim, so every verified token has an end.
    const fromMs = typeof payload.nbf === 'number' ? payload.nbf * 1000 - toleranceMs : -Infinity;
    verified.set(token, { actor, fromMs, untilMs: (payload.exp as number) * 1000 + toleranceMs });
    if (verified.size > VERIFIED_LIMIT) verified.delete(verified.keys().next().value!);
    return actor;
  };

  return {
    verifyToken,
    authenticate: async (authorization) => verifyToken(bearerToken(authorization)),
  };
};
