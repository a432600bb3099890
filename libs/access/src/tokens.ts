import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { createRemoteJWKSet, errors, jwtVerify, JWTPayload, SignJWT } from 'jose';
import type { AppConfig } from '@app/config';
import { DomainError } from '@app/errors';

/** What this service reads from a bearer token, beyond the registered claims. */
export interface TokenClaims extends JWTPayload {
  name?: string;
  /** ODS code of the organisation the user works for in this session. */
  org?: string;
  /** Job roles (access_role codes). */
  roles?: string[];
  /** Space-separated scopes, for partner systems. */
  scope?: string;
  /** Set when the subject is a professional in the directory. */
  professional_id?: string;
}

/** A shared secret, or the identity provider's published keys. */
type Key = Uint8Array | ReturnType<typeof createRemoteJWKSet>;

/**
 * The local secret for development: read from LOCAL_AUTH_SECRET_PATH, made there on first use, so
 * that nothing secret is in the repository and `npm run token` signs what the service verifies.
 */
export function localSecret(config: AppConfig): Uint8Array {
  const path = config.LOCAL_AUTH_SECRET_PATH;
  if (!existsSync(path)) {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, randomBytes(32).toString('base64url'), { mode: 0o600 });
    chmodSync(path, 0o600);
  }
  return new TextEncoder().encode(readFileSync(path, 'utf8').trim());
}

function verificationKey(config: AppConfig): Key {
  if (config.AUTH_JWKS_URL) return createRemoteJWKSet(new URL(config.AUTH_JWKS_URL));
  if (config.AUTH_SECRET) return new TextEncoder().encode(config.AUTH_SECRET);
  return localSecret(config);
}

const unauthenticated = (why: string) => new DomainError('UNAUTHENTICATED', why);

/** How long a verified token is trusted without checking its signature again (never past its expiry). */
const REMEMBER_MS = 60_000;
const REMEMBER_AT_MOST = 10_000;

/**
 * Verifies bearer tokens against the configured issuer, audience and keys. A token verified once
 * is remembered for a minute (or until it expires, if sooner), so a client's requests pay for the
 * signature once rather than each time.
 */
export class TokenVerifier {
  private readonly key: Key;
  private readonly verified = new Map<string, { claims: TokenClaims; until: number }>();

  constructor(private readonly config: AppConfig) {
    this.key = verificationKey(config);
  }

  async verify(authorization: string | undefined): Promise<TokenClaims> {
    const token = /^Bearer (\S+)$/i.exec(authorization ?? '')?.[1];
    if (!token) throw unauthenticated('A bearer token is required (Authorization: Bearer <token>)');
    const now = Date.now();
    const remembered = this.verified.get(token);
    if (remembered && remembered.until > now) return remembered.claims;
    const claims = await this.check(token);
    if (this.verified.size >= REMEMBER_AT_MOST) this.verified.clear();
    this.verified.set(token, { claims, until: Math.min(now + REMEMBER_MS, claims.exp! * 1000) });
    return claims;
  }

  private async check(token: string): Promise<TokenClaims> {
    try {
      const options = {
        issuer: this.config.AUTH_ISSUER,
        audience: this.config.AUTH_AUDIENCE,
        algorithms: this.key instanceof Uint8Array ? ['HS256'] : ['RS256', 'ES256', 'PS256'],
        requiredClaims: ['sub', 'exp'],
      };
      const { payload } =
        this.key instanceof Uint8Array
          ? await jwtVerify<TokenClaims>(token, this.key, options)
          : await jwtVerify<TokenClaims>(token, this.key, options);
      return payload;
    } catch (error) {
      if (error instanceof errors.JWTExpired) throw unauthenticated('The token has expired');
      if (error instanceof errors.JWTClaimValidationFailed) throw unauthenticated(`The token's ${error.claim} claim is not accepted`);
      if (error instanceof errors.JOSEError) throw unauthenticated('The token is not validly signed for this service');
      throw error;
    }
  }
}

/** Signs a token with the shared or local secret: for local use and tests, never with JWKS. */
export async function signLocalToken(
  config: AppConfig,
  claims: TokenClaims & { sub: string },
  lifetimeMinutes = 60,
): Promise<string> {
  const secret = config.AUTH_SECRET ? new TextEncoder().encode(config.AUTH_SECRET) : localSecret(config);
  return new SignJWT(claims)
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setIssuer(config.AUTH_ISSUER)
    .setAudience(config.AUTH_AUDIENCE)
    .setIssuedAt()
    .setExpirationTime(`${lifetimeMinutes}m`)
    .sign(secret);
}
