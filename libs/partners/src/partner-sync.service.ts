import { Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { In, Repository } from 'typeorm';
import { AppConfig } from '@app/config';
import { FhirResources } from '@app/fhir';
import { isPermanentRefusal, retryDelay } from './backoff';
import { PartnerCredentials } from './partner-credentials';
import { ClaimedDelivery, Failure, PartnerDeliveries } from './partner-deliveries.service';
import { PartnerSystem } from './partner-system.entity';

// fhir-kit-client is published as an ES module only (no "require" export), and the service is built
// to CommonJS: a dynamic import loads it either way.
const fhirKit = import('fhir-kit-client');

/** How often a worker prunes delivered messages (any worker may: a batch is one statement). */
const PRUNE_EVERY_MS = 60_000;

/** What one round of the worker did. */
export interface SyncRound {
  fannedOut: number;
  claimed: number;
  delivered: number;
  failed: number;
}

/**
 * The worker's loop: fan the outbox out to partners, claim due messages, push the current FHIR
 * representation of each (an update by id, so a redelivery changes nothing), and record the outcome.
 * Run as many as you like, in as many processes: claims are leased and taken with SKIP LOCKED.
 */
@Injectable()
export class PartnerSync implements OnApplicationShutdown {
  private readonly logger = new Logger(PartnerSync.name);
  private running?: Promise<void>;
  private stopping = false;
  private wake?: () => void;
  private lastPrunedAt = 0;

  constructor(
    private readonly config: AppConfig,
    private readonly deliveries: PartnerDeliveries,
    private readonly credentials: PartnerCredentials,
    private readonly resources: FhirResources,
    @InjectRepository(PartnerSystem) private readonly partners: Repository<PartnerSystem>,
  ) {}

  /** Runs rounds until `stop`, pausing SYNC_POLL_MS only when a round found nothing to do. */
  start(): void {
    if (this.running) return;
    this.stopping = false;
    this.running = this.loop();
  }

  async stop(): Promise<void> {
    this.stopping = true;
    this.wake?.();
    await this.running;
    this.running = undefined;
  }

  async onApplicationShutdown(): Promise<void> {
    await this.stop();
  }

  /** One round; also what tests call to step the worker deterministically. */
  async runOnce(): Promise<SyncRound> {
    const fannedOut = await this.deliveries.fanOut(this.config.SYNC_FANOUT_BATCH_SIZE);
    const claimed = await this.deliveries.claim(this.config.SYNC_BATCH_SIZE, randomUUID(), this.config.SYNC_LEASE_SECONDS);
    if (claimed.length === 0) return { fannedOut, claimed: 0, delivered: 0, failed: 0 };
    const partners = new Map(
      (await this.partners.findBy({ id: In([...new Set(claimed.map((c) => c.partnerId))]) })).map((p) => [p.id, p]),
    );
    const outcomes = await Promise.all(claimed.map((c) => this.push(c, partners.get(c.partnerId)!)));
    const failures = outcomes.filter((o): o is Failure => o !== undefined);
    await this.deliveries.delivered(claimed.filter((_, i) => outcomes[i] === undefined));
    for (const failure of failures) await this.deliveries.failed(failure, this.config.SYNC_MAX_ATTEMPTS);
    return { fannedOut, claimed: claimed.length, delivered: claimed.length - failures.length, failed: failures.length };
  }

  /** Prunes delivered messages older than SYNC_PRUNE_AFTER_DAYS, a batch at a time; returns how many. */
  prune(): Promise<number> {
    return this.deliveries.prune(this.config.SYNC_PRUNE_AFTER_DAYS, this.config.SYNC_PRUNE_BATCH_SIZE);
  }

  private async loop(): Promise<void> {
    while (!this.stopping) {
      let busy = false;
      try {
        if (Date.now() - this.lastPrunedAt > PRUNE_EVERY_MS) {
          this.lastPrunedAt = Date.now();
          await this.prune();
        }
        const round = await this.runOnce();
        busy = round.claimed > 0 || round.fannedOut > 0;
        if (round.failed > 0) this.logger.warn(`${round.failed} of ${round.claimed} deliveries failed; they will be retried or parked`);
      } catch (error) {
        this.logger.error(`Sync round failed: ${(error as Error).message}`);
      }
      if (!busy && !this.stopping) {
        await new Promise<void>((resolve) => {
          this.wake = resolve;
          setTimeout(resolve, this.config.SYNC_POLL_MS);
        });
      }
    }
  }

  /** Sends one message; undefined when the partner has it, else why not. */
  private async push(delivery: ClaimedDelivery, partner: PartnerSystem): Promise<Failure | undefined> {
    const failure = (error: string, httpStatus?: number): Failure => ({
      delivery,
      error,
      httpStatus,
      permanent: isPermanentRefusal(httpStatus),
      retryInMs: retryDelay(delivery.attempts, this.config.SYNC_RETRY_BASE_MS, this.config.SYNC_RETRY_MAX_MS),
    });
    try {
      // What the partner gets is the resource as it is now, so a late or repeated message never rolls it back.
      const resource = await this.resources.current(delivery.resourceType, delivery.resourceId);
      if (!resource) return undefined; // nothing this service can represent any more: nothing to send
      const authorization = await this.credentials.authorization(partner);
      const { Client } = await fhirKit;
      const client = new Client({
        baseUrl: partner.baseUrl,
        customHeaders: authorization ? { Authorization: authorization } : {},
      });
      await client.update({
        resourceType: resource.resourceType,
        id: resource.id!,
        body: resource as unknown as Record<string, unknown> & { resourceType: string },
        options: { signal: AbortSignal.timeout(this.config.SYNC_REQUEST_TIMEOUT_MS) },
      });
      return undefined;
    } catch (error) {
      const status = (error as { response?: { status?: number } }).response?.status;
      if (status === 401) this.credentials.forget(partner);
      return failure(describe(error, status), status);
    }
  }
}

/** The partner's own words where it gave an OperationOutcome, for the operator who looks at a parked message. */
function describe(error: unknown, status: number | undefined): string {
  const data = (error as { response?: { data?: unknown } }).response?.data;
  let detail = '';
  try {
    const outcome = typeof data === 'string' ? JSON.parse(data) : data;
    detail = (outcome?.issue ?? [])
      .map((i: { diagnostics?: string; details?: { text?: string } }) => i.diagnostics ?? i.details?.text)
      .filter(Boolean)
      .join('; ');
  } catch {
    detail = typeof data === 'string' ? data.slice(0, 500) : '';
  }
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  const base = status ? `HTTP ${status}` : `Not reached: ${cause?.code ?? cause?.message ?? (error as Error).message}`;
  return detail ? `${base}: ${detail}` : base;
}
