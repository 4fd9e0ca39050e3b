import { join } from 'node:path';
import { LocalSigningKey, loadOrCreateSigningKeyFile, signingKeyFromSecret } from './signing-key';

export const DEFAULT_CLOCK_TOLERANCE_SECONDS = 30;
export const LOCAL_ISSUER = 'kaderflow-dev';
export const LOCAL_AUDIENCE = 'kaderflow';

/** Production: tokens from an OpenID Connect provider, checked against its JWKS. */
export interface OidcAuthConfig {
  mode: 'oidc';
  issuer: string;
  audience: string;
  jwksUrl: string;
  clockToleranceSeconds: number;
}

/** Embedded default: tokens signed with a local key (issue them with issueDevToken). */
export interface LocalAuthConfig {
  mode: 'local';
  signingKey: LocalSigningKey;
  issuer: string;
  audience: string;
  clockToleranceSeconds: number;
}

export type AuthConfig = OidcAuthConfig | LocalAuthConfig;

export const localAuthConfig = (signingKey: LocalSigningKey, overrides: Partial<Omit<LocalAuthConfig, 'mode' | 'signingKey'>> = {}): LocalAuthConfig => ({
  mode: 'local',
  signingKey,
  issuer: LOCAL_ISSUER,
  audience: LOCAL_AUDIENCE,
  clockToleranceSeconds: DEFAULT_CLOCK_TOLERANCE_SECONDS,
  ...overrides,
});

const clockTolerance = (raw: string | undefined): number => {
  if (raw === undefined || raw === '') return DEFAULT_CLOCK_TOLERANCE_SECONDS;
  const seconds = Number(raw);
  if (!Number.isInteger(seconds) || seconds < 0) throw new Error(`AUTH_CLOCK_TOLERANCE_SECONDS must be a whole number of seconds, got ${raw}`);
  return seconds;
};

/**
 * OIDC_ISSUER set: OpenID Connect (OIDC_AUDIENCE and OIDC_JWKS_URL required). Otherwise the local key:
 * KADERFLOW_JWT_SECRET, else a key generated once at `${DATA_DIR:-./data}/dev-signing-key.json`.
 */
export const authConfigFromEnv = (env: NodeJS.ProcessEnv = process.env): AuthConfig => {
  const clockToleranceSeconds = clockTolerance(env.AUTH_CLOCK_TOLERANCE_SECONDS);
  if (env.OIDC_ISSUER) {
    const missing = ['OIDC_AUDIENCE', 'OIDC_JWKS_URL'].filter((name) => !env[name]);
    if (missing.length) throw new Error(`OIDC_ISSUER is set, so ${missing.join(' and ')} must be set too`);
    return { mode: 'oidc', issuer: env.OIDC_ISSUER, audience: env.OIDC_AUDIENCE!, jwksUrl: env.OIDC_JWKS_URL!, clockToleranceSeconds };
  }
  const signingKey = env.KADERFLOW_JWT_SECRET
    ? signingKeyFromSecret(env.KADERFLOW_JWT_SECRET)
    : loadOrCreateSigningKeyFile(join(env.DATA_DIR || './data', 'dev-signing-key.json'));
  return localAuthConfig(signingKey, { clockToleranceSeconds });
};
