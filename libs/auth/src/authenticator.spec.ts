import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AuthError, authConfigFromEnv, createAuthenticator, generateSigningKey, issueDevToken, localAuthConfig } from './index';
import type { CryptoKey } from 'jose';
import { jose } from './jose';

const expectAuthError = async (promise: Promise<unknown>, reason: string) => {
  await expect(promise).rejects.toBeInstanceOf(AuthError);
  await expect(promise).rejects.toMatchObject({ reason });
};

describe('local signing key (embedded default)', () => {
  const config = localAuthConfig(generateSigningKey());
  const auth = createAuthenticator(config);

  it('given a dev token for a secretaris, when authenticating, then the actor comes from the claims', async () => {
    const token = await issueDevToken({ sub: 'secretaris-1', rol: 'secretaris', organisatie: 'bestuurscommissie-maatschappij', naam: 'Secretaris Een', ttl: '1h' }, config);

    await expect(auth.authenticate(`Bearer ${token}`)).resolves.toEqual({
      id: 'secretaris-1',
      role: 'secretaris',
      organisation: 'bestuurscommissie-maatschappij',
      displayName: 'Secretaris Een',
    });
  });

  it('given no organisation or name, then the actor has none', async () => {
    const token = await issueDevToken({ sub: 'lezer-1', rol: 'lezer', ttl: 60 }, config);
    await expect(auth.verifyToken(token)).resolves.toEqual({ id: 'lezer-1', role: 'lezer' });
  });

  it('given no Authorization header, then it is missing', async () => {
    await expectAuthError(auth.authenticate(undefined), 'missing');
    await expectAuthError(auth.authenticate(''), 'missing');
  });

  it('given a header that is not a bearer token or a token that is not a JWT, then it is malformed', async () => {
    const token = await issueDevToken({ sub: 'x', rol: 'lezer', ttl: 60 }, config);
    await expectAuthError(auth.authenticate(`Basic ${token}`), 'malformed');
    await expectAuthError(auth.authenticate('Bearer not-a-jwt'), 'malformed');
  });

  it('given a token that expired more than the clock skew ago, then it is expired', async () => {
    const token = await issueDevToken({ sub: 'x', rol: 'lezer', ttl: -31 - 5 }, config);
    await expectAuthError(auth.authenticate(`Bearer ${token}`), 'expired');
  });

  it('given a token that expired within the 30 s clock skew, then it is still accepted', async () => {
    const token = await issueDevToken({ sub: 'x', rol: 'lezer', ttl: -10 }, config);
    await expect(auth.authenticate(`Bearer ${token}`)).resolves.toMatchObject({ id: 'x' });
  });

  it('given a token accepted earlier, then it is refused once it expires, though it was accepted before', async () => {
    const token = await issueDevToken({ sub: 'x', rol: 'lezer', ttl: -29 }, config);
    await expect(auth.authenticate(`Bearer ${token}`)).resolves.toMatchObject({ id: 'x' });
    await new Promise((r) => setTimeout(r, 1_500));
    await expectAuthError(auth.authenticate(`Bearer ${token}`), 'expired');
  });

  it('given a token signed with another key, then the signature is bad', async () => {
    const other = localAuthConfig(generateSigningKey());
    const token = await issueDevToken({ sub: 'x', rol: 'beheerder', ttl: 60 }, other);
    await expectAuthError(auth.authenticate(`Bearer ${token}`), 'bad-signature');
  });

  it('given a token with another issuer or audience, then it is refused for that reason', async () => {
    const foreignIssuer = await issueDevToken({ sub: 'x', rol: 'lezer', ttl: 60 }, { ...config, issuer: 'elders' });
    const foreignAudience = await issueDevToken({ sub: 'x', rol: 'lezer', ttl: 60 }, { ...config, audience: 'andere-app' });
    await expectAuthError(auth.verifyToken(foreignIssuer), 'wrong-issuer');
    await expectAuthError(auth.verifyToken(foreignAudience), 'wrong-audience');
  });

  it('given a validly signed token with a role Kaderflow does not know, then the role is unknown', async () => {
    const token = await new jose.SignJWT({ rol: 'burgemeester' })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('x').setIssuer(config.issuer).setAudience(config.audience).setExpirationTime('1h')
      .sign(config.signingKey.secret);
    await expectAuthError(auth.verifyToken(token), 'unknown-role');
  });

  it('given an unsigned token (alg none), then it is refused', async () => {
    const token = new jose.UnsecuredJWT({ rol: 'beheerder' }).setSubject('x').setIssuer(config.issuer).setAudience(config.audience).setExpirationTime('1h').encode();
    await expectAuthError(auth.verifyToken(token), 'malformed');
  });
});

describe('configuration from the environment', () => {
  it('given no secret, then a key is generated once under DATA_DIR and reused after a restart', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'kaderflow-auth-'));
    const first = authConfigFromEnv({ DATA_DIR: dataDir });
    const token = await issueDevToken({ sub: 'projectleider-1', rol: 'projectleider', ttl: 60 }, first);

    const afterRestart = createAuthenticator(authConfigFromEnv({ DATA_DIR: dataDir }));

    await expect(afterRestart.verifyToken(token)).resolves.toMatchObject({ role: 'projectleider' });
    const file = join(dataDir, 'dev-signing-key.json');
    expect(JSON.parse(readFileSync(file, 'utf8'))).toMatchObject({ alg: 'HS256' });
    expect(statSync(file).mode & 0o077).toBe(0);
  });

  it('given KADERFLOW_JWT_SECRET, then tokens signed with it are accepted and a short secret is refused', async () => {
    const env = { KADERFLOW_JWT_SECRET: 'een-geheim-van-minstens-tweeendertig-tekens' };
    const token = await issueDevToken({ sub: 'x', rol: 'directeur', ttl: 60 }, authConfigFromEnv(env));
    await expect(createAuthenticator(authConfigFromEnv(env)).verifyToken(token)).resolves.toMatchObject({ role: 'directeur' });
    expect(() => authConfigFromEnv({ KADERFLOW_JWT_SECRET: 'kort' })).toThrow(/at least 32/);
  });

  it('given OIDC_ISSUER without audience or JWKS URL, then startup fails naming what is missing', () => {
    expect(() => authConfigFromEnv({ OIDC_ISSUER: 'https://idp.example' })).toThrow(/OIDC_AUDIENCE and OIDC_JWKS_URL/);
  });

  it('given an OIDC configuration, then issuing dev tokens is refused', async () => {
    const config = authConfigFromEnv({ OIDC_ISSUER: 'https://idp.example', OIDC_AUDIENCE: 'kaderflow', OIDC_JWKS_URL: 'https://idp.example/jwks' });
    await expect(issueDevToken({ sub: 'x', rol: 'lezer', ttl: 60 }, config)).rejects.toThrow(/OpenID Connect/);
  });
});

describe('OpenID Connect provider (JWKS over HTTP)', () => {
  let server: Server;
  let jwksUrl: string;
  let privateKey: CryptoKey;
  const issuer = 'https://idp.example/realms/kaderflow';

  beforeAll(async () => {
    const pair = await jose.generateKeyPair('RS256');
    privateKey = pair.privateKey;
    const jwk = { ...(await jose.exportJWK(pair.publicKey)), kid: 'idp-key-1', alg: 'RS256', use: 'sig' };
    server = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ keys: [jwk] }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    jwksUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/jwks`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const sign = (claims: Record<string, unknown>, key: CryptoKey = privateKey, kid = 'idp-key-1') =>
    new jose.SignJWT(claims).setProtectedHeader({ alg: 'RS256', kid }).setSubject('ambtenaar-7').setIssuer(issuer).setAudience('kaderflow').setIssuedAt().setExpirationTime('5m').sign(key);

  it('given a token from the provider, then the actor comes from its claims', async () => {
    const auth = createAuthenticator({ mode: 'oidc', issuer, audience: 'kaderflow', jwksUrl, clockToleranceSeconds: 30 });
    const token = await sign({ rol: 'gemeente', organisatie: 'GM0546' });
    await expect(auth.authenticate(`Bearer ${token}`)).resolves.toEqual({ id: 'ambtenaar-7', role: 'gemeente', organisation: 'GM0546' });
  });

  it('given a token signed by a key the provider does not publish, then the signature is bad', async () => {
    const auth = createAuthenticator({ mode: 'oidc', issuer, audience: 'kaderflow', jwksUrl, clockToleranceSeconds: 30 });
    const stranger = await jose.generateKeyPair('RS256');
    await expectAuthError(auth.verifyToken(await sign({ rol: 'beheerder' }, stranger.privateKey)), 'bad-signature');
    await expectAuthError(auth.verifyToken(await sign({ rol: 'beheerder' }, stranger.privateKey, 'unknown-kid')), 'bad-signature');
  });

  it('given a token for another audience, then it is refused', async () => {
    const auth = createAuthenticator({ mode: 'oidc', issuer, audience: 'andere-app', jwksUrl, clockToleranceSeconds: 30 });
    await expectAuthError(auth.verifyToken(await sign({ rol: 'lezer' })), 'wrong-audience');
  });

  it('given an HS256 token made with the local key, then the OIDC verifier refuses it', async () => {
    const auth = createAuthenticator({ mode: 'oidc', issuer, audience: 'kaderflow', jwksUrl, clockToleranceSeconds: 30 });
    const local = localAuthConfig(generateSigningKey(), { issuer, audience: 'kaderflow' });
    await expectAuthError(auth.verifyToken(await issueDevToken({ sub: 'x', rol: 'beheerder', ttl: 60 }, local)), 'malformed');
  });
});
