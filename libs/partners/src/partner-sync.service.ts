import { BeforeApplicationShutdown, Injectable, Logger, Optional } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { In, Repository } from 'typeorm';
import { AppConfig } from '@app/config';
import { FhirResources } from '@app/fhir';
import { Metrics } from '@app/metrics';
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
  /** Claimed, then handed back unsent because the worker is shutting down. */
  released: number;
}

/**
 * The worker's loop: fan the outbox out to partners, claim due messages, push the current FHIR
 * representation of each (an update by id, so a redelivery changes nothing), and record the outcome.
 * Run as many as you like, in as many processes: claims are leased and taken with SKIP LOCKED.
 * On shutdown it claims nothing more, lets the pushes in hand finish for SHUTDOWN_GRACE_MS, then
 * abandons the rest and releases their leases, so another worker sends them at once rather than
 * after the lease expires.
 */
@Injectable()
export class PartnerSync implements BeforeApplicationShutdown {
  private readonly logger = new Logger(PartnerSync.name);
  private running?: Promise<void>;
  private stopping = false;
  private wake?: () => void;
  private lastPrunedAt = 0;
  /** Aborts the pushes in hand when the shutdown's grace runs out. */
  private abandon = new AbortController();

  constructor(
    private readonly config: AppConfig,
    private readonly deliveries: PartnerDeliveries,
    private readonly credentials: PartnerCredentials,
    private readonly resources: FhirResources,
    @InjectRepository(PartnerSystem) private readonly partners: Repository<PartnerSystem>,
    @Optional() private readonly metrics?: Metrics,
  ) {}

  /** For readiness: "up" while it takes work, "stopping" once told to stop. */
  get state(): 'up' | 'stopping' | 'stopped' {
    return this.stopping ? 'stopping' : this.running ? 'up' : 'stopped';
  }

  /** Runs rounds until `stop`, pausing SYNC_POLL_MS only when a round found nothing to do. */
  start(): void {
    if (this.running) return;
    this.running = this.loop();
  }

  /** Stops claiming; what is in hand gets `graceMs` to finish, then is released for another worker. */
  async stop(graceMs = this.config.SHUTDOWN_GRACE_MS): Promise<void> {
    this.stopping = true;
    this.wake?.();
    const running = this.running;
    if (running) {
      let timer: NodeJS.Timeout | undefined;
      const graceOver = new Promise<'late'>((resolve) => (timer = setTimeout(() => resolve('late'), graceMs)));
      if ((await Promise.race([running, graceOver])) === 'late') this.abandon.abort();
      clearTimeout(timer);
      await running;
    }
    // Stopped: ready to be stepped by runOnce (tests) or started again.
    this.running = undefined;
    this.stopping = false;
    this.abandon = new AbortController();
  }

  /** Before Nest closes the database, so that the leases can still be released. */
  async beforeApplicationShutdown(): Promise<void> {
    await this.stop();
  }

  /** One round; also what tests call to step the worker deterministically. */
  async runOnce(): Promise<SyncRound> {
    const fannedOut = await this.deliveries.fanOut(this.config.SYNC_FANOUT_BATCH_SIZE);
    if (this.stopping) return { fannedOut, claimed: 0, delivered: 0, failed: 0, released: 0 };
    const claimed = await this.deliveries.claim(this.config.SYNC_BATCH_SIZE, randomUUID(), this.config.SYNC_LEASE_SECONDS);
    if (claimed.length === 0) return { fannedOut, claimed: 0, delivered: 0, failed: 0, released: 0 };
    const partners = new Map(
      (await this.partners.findBy({ id: In([...new Set(claimed.map((c) => c.partnerId))]) })).map((p) => [p.id, p]),
    );
    const outcomes = await Promise.all(claimed.map((c) => this.push(c, partners.get(c.partnerId)!)));
    // A push cut short by the shutdown is not the partner's failure: hand it back as it was.
    const abandoned = this.abandon.signal.aborted;
    const released = claimed.filter((_, i) => abandoned && outcomes[i] !== undefined);
    const failures = outcomes.filter((o): o is Failure => o !== undefined && !abandoned);
    const delivered = claimed.filter((_, i) => outcomes[i] === undefined);
    await this.deliveries.delivered(delivered);
    await this.deliveries.release(released);
    for (const failure of failures) await this.deliveries.failed(failure, this.config.SYNC_MAX_ATTEMPTS);
    this.count(partners, delivered, 'delivered');
    this.count(partners, released, 'released');
    for (const { delivery, permanent } of failures) {
      const parked = permanent || delivery.attempts >= this.config.SYNC_MAX_ATTEMPTS;
      this.count(partners, [delivery], parked ? 'parked' : 'failed');
    }
    if (released.length > 0) this.logger.log(`Released ${released.length} unsent message(s) for another worker`);
    return { fannedOut, claimed: claimed.length, delivered: delivered.length, failed: failures.length, released: released.length };
  }

  private count(partners: Map<string, PartnerSystem>, deliveries: ClaimedDelivery[], outcome: string): void {
    for (const d of deliveries) this.metrics?.partnerDeliveries.inc({ partner: partners.get(d.partnerId)?.name ?? 'unknown', outcome });
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
      const timer = this.metrics?.partnerPushDuration.startTimer({ partner: partner.name });
      const { Client } = await fhirKit;
      const client = new Client({
        baseUrl: partner.baseUrl,
        customHeaders: authorization ? { Authorization: authorization } : {},
      });
      await client.update({
        resourceType: resource.resourceType,
        id: resource.id!,
        body: resource as unknown as Record<string, unknown> & { resourceType: string },
        options: { signal: AbortSignal.any([AbortSignal.timeout(this.config.SYNC_REQUEST_TIMEOUT_MS), this.abandon.signal]) },
      });
      timer?.();
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
