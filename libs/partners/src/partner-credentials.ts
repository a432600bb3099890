import { Injectable } from '@nestjs/common';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { AppConfig } from '@app/config';
import { PartnerAuth } from './partner-codes';
import type { PartnerSystem } from './partner-system.entity';

/** A failure to authenticate with the partner: retried, since secrets and tokens get fixed and rotated. */
export class PartnerCredentialsError extends Error {}

interface CachedToken {
  value: Promise<string>;
  expiresAt: number;
}

/**
 * The Authorization header for a partner. Secrets are read by name when needed (so a rotated secret
 * file is picked up without a restart): `PARTNER_SECRETS_DIR/<name>`, else `PARTNER_SECRET_<NAME>`.
 * Client-credentials tokens are cached until a minute before they expire.
 */
@Injectable()
export class PartnerCredentials {
  private readonly tokens = new Map<string, CachedToken>();

  constructor(private readonly config: AppConfig) {}

  async authorization(partner: PartnerSystem): Promise<string | undefined> {
    switch (partner.authKind) {
      case PartnerAuth.NONE:
        return undefined;
      case PartnerAuth.BEARER_TOKEN:
        return `Bearer ${await this.secret(partner.secretName!)}`;
      case PartnerAuth.CLIENT_CREDENTIALS:
        return `Bearer ${await this.clientCredentialsToken(partner)}`;
    }
  }

  /** Forgets a cached token, after the partner answered 401 to it. */
  forget(partner: PartnerSystem): void {
    this.tokens.delete(partner.id);
  }

  private async secret(name: string): Promise<string> {
    if (this.config.PARTNER_SECRETS_DIR) {
      try {
        return (await readFile(join(this.config.PARTNER_SECRETS_DIR, name), 'utf8')).trim();
      } catch {
        // fall back to the environment
      }
    }
    const value = process.env[`PARTNER_SECRET_${name.toUpperCase().replace(/[^A-Z0-9]/g, '_')}`];
    if (!value) throw new PartnerCredentialsError(`The secret ${name} is not in PARTNER_SECRETS_DIR or the environment`);
    return value.trim();
  }

  /** One request for a token at a time per partner: the pushes of a batch share it. */
  private clientCredentialsToken(partner: PartnerSystem): Promise<string> {
    const cached = this.tokens.get(partner.id);
    if (cached && cached.expiresAt > Date.now()) return cached.value;
    const token: CachedToken = {
      value: this.requestToken(partner, (lifetimeMs) => (token.expiresAt = Date.now() + lifetimeMs)),
      expiresAt: Infinity,
    };
    token.value.catch(() => this.tokens.delete(partner.id));
    this.tokens.set(partner.id, token);
    return token.value;
  }

  private async requestToken(partner: PartnerSystem, expiresIn: (ms: number) => void): Promise<string> {
    const response = await fetch(partner.tokenUrl!, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      body: new URLSearchParams({
        grant_type: 'client_credentials',
        client_id: partner.clientId!,
        client_secret: await this.secret(partner.secretName!),
      }),
      signal: AbortSignal.timeout(this.config.SYNC_REQUEST_TIMEOUT_MS),
    }).catch((error: unknown) => {
      throw new PartnerCredentialsError(`The token endpoint could not be reached: ${(error as Error).message}`);
    });
    const body = (await response.json().catch(() => ({}))) as { access_token?: string; expires_in?: number };
    if (!response.ok || !body.access_token) {
      throw new PartnerCredentialsError(`The token endpoint answered ${response.status} without an access token`);
    }
    expiresIn(Math.max(0, (body.expires_in ?? 300) - 60) * 1000); // renewed a minute early
    return body.access_token;
  }
}
