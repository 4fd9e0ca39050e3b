import { AuthConfig, authConfigFromEnv } from './config';
import { jose } from './jose';
import { Rol } from './roles';

export interface DevTokenClaims {
  sub: string;
  rol: Rol;
  organisatie?: string;
  naam?: string;
  /** Lifetime: seconds, or a jose duration such as '8h' or '30 days'. */
  ttl: number | string;
}

/** Signs a token with the embedded local key. Not available when an OpenID Connect provider is configured. */
export const issueDevToken = async (claims: DevTokenClaims, config: AuthConfig = authConfigFromEnv()): Promise<string> => {
  if (config.mode !== 'local') throw new Error('issueDevToken needs the local signing key; tokens come from the OpenID Connect provider (OIDC_ISSUER is set)');
  const { sub, ttl, ...rest } = claims;
  const now = Math.floor(Date.now() / 1000);
  return new jose.SignJWT({ ...rest })
    .setProtectedHeader({ alg: 'HS256', kid: config.signingKey.kid, typ: 'JWT' })
    .setSubject(sub)
    .setIssuer(config.issuer)
    .setAudience(config.audience)
    .setIssuedAt(now)
    .setExpirationTime(typeof ttl === 'number' ? now + ttl : ttl)
    .sign(config.signingKey.secret);
};
