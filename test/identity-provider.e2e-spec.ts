import { createServer, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import request from 'supertest';
import { startTestApp, TestApp } from './support/test-app';

/**
 * With AUTH_JWKS_URL the service trusts the keys an identity provider publishes (here a JWKS
 * served on loopback by the test) and nothing else: not a shared secret, not another key.
 */
describe('Tokens from an identity provider (JWKS)', () => {
  let t: TestApp;
  let idp: Server;
  let privateKey: CryptoKey;
  const ISSUER = 'https://idp.care.example';

  beforeAll(async () => {
    const pair = await generateKeyPair('RS256', { extractable: true });
    privateKey = pair.privateKey as CryptoKey;
    const jwks = JSON.stringify({ keys: [{ ...(await exportJWK(pair.publicKey)), kid: 'care-1', alg: 'RS256', use: 'sig' }] });
    idp = createServer((_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end(jwks));
    await new Promise<void>((resolve) => idp.listen(0, '127.0.0.1', resolve));
    const { port } = idp.address() as AddressInfo;
    t = await startTestApp({ AUTH_JWKS_URL: `http://127.0.0.1:${port}/.well-known/jwks.json`, AUTH_ISSUER: ISSUER, AUTH_SECRET: '' });
  });
  afterAll(async () => {
    await t.close();
    idp.close();
  });

  const me = (token: string) =>
    request(t.app.getHttpServer())
      .post('/graphql')
      .set('authorization', `Bearer ${token}`)
      .send({ query: '{ me { subject organisationOds roles } }' })
      .then((r) => r.body);
  const claims = { sub: 'nhs-user-1', org: 'F81001', roles: ['GP'] };

  it("accepts a token signed with the provider's published key", async () => {
    const token = await new SignJWT(claims)
      .setProtectedHeader({ alg: 'RS256', kid: 'care-1' })
      .setIssuer(ISSUER)
      .setAudience(t.config.AUTH_AUDIENCE)
      .setExpirationTime('5m')
      .sign(privateKey);
    expect((await me(token)).data.me).toEqual({ subject: 'nhs-user-1', organisationOds: 'F81001', roles: ['GP'] });
  });

  it('refuses a token signed with a shared secret, or with a key the provider did not publish', async () => {
    const withSecret = await new SignJWT(claims)
      .setProtectedHeader({ alg: 'HS256' })
      .setIssuer(ISSUER)
      .setAudience(t.config.AUTH_AUDIENCE)
      .setExpirationTime('5m')
      .sign(new TextEncoder().encode('a-shared-secret-that-is-long-enough-to-use'));
    const other = await generateKeyPair('RS256');
    const withOtherKey = await new SignJWT(claims)
      .setProtectedHeader({ alg: 'RS256', kid: 'care-1' })
      .setIssuer(ISSUER)
      .setAudience(t.config.AUTH_AUDIENCE)
      .setExpirationTime('5m')
      .sign(other.privateKey);
    for (const token of [withSecret, withOtherKey]) {
      expect((await me(token)).errors?.[0].extensions.code).toBe('UNAUTHENTICATED');
    }
  });
});
