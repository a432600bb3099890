import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { DataSource, Repository } from 'typeorm';
import { findOrRefuse, lockAtVersion, refusingDuplicate } from '@app/database';
import { DomainError } from '@app/errors';
import { FhirResources } from '@app/fhir';
import { Organisation, organisationNotFound } from '@app/organisations';
import { decodeCursor, Page, toPage } from '@app/pagination';
import { definedOnly } from '@app/validation';
import { DeliveryStatus, PartnerAuth, PartnerScope } from './partner-codes';
import { PartnerSystem } from './partner-system.entity';
import {
  PartnerDelivery,
  ParkedDeliveriesArgs,
  PartnerDeliveryStatus,
  RegisterPartnerSystemInput,
  ReplayResult,
  UpdatePartnerSystemInput,
} from './partner.types';

const partnerNotFound = (id: string) => new DomainError('PARTNER_NOT_FOUND', `No partner system has id ${id}`, { partnerId: id });

type PartnerSettings = Pick<
  PartnerSystem,
  'name' | 'baseUrl' | 'authKind' | 'secretName' | 'tokenUrl' | 'clientId' | 'resourceTypes' | 'scopeKind' | 'scopeCode' | 'organisationId'
>;

/** The partner registry, its delivery status, and the operator's replay of parked messages. */
@Injectable()
export class PartnersService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly resources: FhirResources,
    @InjectRepository(PartnerSystem) private readonly partners: Repository<PartnerSystem>,
  ) {}

  list(): Promise<PartnerSystem[]> {
    return this.partners.find({ order: { name: 'ASC' } });
  }

  async register(input: RegisterPartnerSystemInput): Promise<PartnerSystem> {
    const settings = await this.checked({
      secretName: null,
      tokenUrl: null,
      clientId: null,
      scopeCode: null,
      organisationId: null,
      ...input,
    });
    return this.refusingTakenName(settings.name, () =>
      this.partners.save(this.partners.create({ ...settings, active: true, version: 1 })),
    );
  }

  async update({ id, expectedVersion, ...changes }: UpdatePartnerSystemInput): Promise<PartnerSystem> {
    return this.refusingTakenName(changes.name, () =>
      this.dataSource.transaction(async (tx) => {
        const current = await lockAtVersion(tx, PartnerSystem, id, expectedVersion, () => partnerNotFound(id));
        const { active, ...settings } = definedOnly(changes);
        const merged = await this.checked({ ...current, ...settings }, tx.getRepository(Organisation));
        await tx.update(PartnerSystem, { id }, { ...merged, ...(active === undefined ? {} : { active }), version: current.version + 1 });
        return tx.findOneByOrFail(PartnerSystem, { id });
      }),
    );
  }

  async status(partnerId: string): Promise<PartnerDeliveryStatus> {
    const partner = await findOrRefuse(this.dataSource.manager, PartnerSystem, partnerId, () => partnerNotFound(partnerId));
    const [row] = await this.dataSource.query(
      `SELECT
         count(*) FILTER (WHERE status <> 'DELIVERED')::int AS undelivered,
         count(*) FILTER (WHERE status = 'PARKED')::int AS parked,
         count(*) FILTER (WHERE status = 'PENDING' AND EXISTS (
           SELECT 1 FROM partner_delivery e WHERE e.partner_id = d.partner_id AND e.person_id = d.person_id
             AND e.status = 'PARKED' AND e.id < d.id))::int AS "heldBehindParked",
         min(changed_at) FILTER (WHERE status <> 'DELIVERED') AS "oldestUndeliveredChangeAt",
         (SELECT max(delivered_at) FROM partner_delivery WHERE partner_id = $1 AND status = 'DELIVERED') AS "lastDeliveredAt",
         (SELECT count(*) FROM outbox_change)::int AS "outboxDepth"
       FROM partner_delivery d WHERE partner_id = $1 AND status <> 'DELIVERED'`,
      [partnerId],
    );
    const oldest: Date | null = row.oldestUndeliveredChangeAt;
    return {
      partner,
      ...row,
      oldestUndeliveredAgeSeconds: oldest ? Math.max(0, Math.floor((Date.now() - oldest.getTime()) / 1000)) : null,
    };
  }

  async parked({ partnerId, first, after }: ParkedDeliveriesArgs): Promise<Page<PartnerDelivery>> {
    await findOrRefuse(this.dataSource.manager, PartnerSystem, partnerId, () => partnerNotFound(partnerId));
    const [afterId] = after ? decodeCursor(after, 1) : ['0'];
    const rows: PartnerDelivery[] = await this.dataSource.query(
      `SELECT ${DELIVERY_COLUMNS} FROM partner_delivery WHERE partner_id = $1 AND status = 'PARKED' AND id > $2::bigint
       ORDER BY id LIMIT $3`,
      [partnerId, String(afterId), first + 1],
    );
    // As PartnerDelivery instances, so that the access check sees whose record each one is.
    return toPage(rows.map(asDelivery), first, (r) => [r.id]);
  }

  /** Puts one parked message back in the queue, to be tried at once (its person's later messages follow it). */
  async replay(deliveryId: string, replayedBy: string): Promise<PartnerDelivery> {
    return this.dataSource.transaction(async (tx) => {
      const [current] = await tx.query(`SELECT status FROM partner_delivery WHERE id = $1 FOR UPDATE`, [deliveryId]);
      if (!current) throw new DomainError('DELIVERY_NOT_FOUND', `No delivery has id ${deliveryId}`, { deliveryId });
      if (current.status !== DeliveryStatus.PARKED) {
        throw new DomainError('DELIVERY_NOT_PARKED', `Delivery ${deliveryId} is ${current.status}, not parked`, {
          status: current.status,
        });
      }
      await tx.query(`${REPLAY} WHERE id = $1`, [deliveryId, replayedBy]);
      const [row] = await tx.query(
        `SELECT ${DELIVERY_COLUMNS} FROM partner_delivery WHERE id = $1`,
        [deliveryId],
      );
      return asDelivery(row);
    });
  }

  /** Replays every parked message of a partner (after the partner fixed what made it refuse them). */
  async replayAll(partnerId: string, replayedBy: string): Promise<ReplayResult> {
    await findOrRefuse(this.dataSource.manager, PartnerSystem, partnerId, () => partnerNotFound(partnerId));
    const result = await this.dataSource.query(`${REPLAY} WHERE partner_id = $1 AND status = 'PARKED'`, [partnerId, replayedBy]);
    return { replayed: Number(result[1] ?? 0) };
  }

  /** The friendly refusals for settings the table's CHECK constraints would refuse anyway. */
  private async checked(settings: PartnerSettings, organisations = this.dataSource.getRepository(Organisation)) {
    const incomplete = (message: string, field: string) =>
      new DomainError('PARTNER_SETTINGS_INCOMPLETE', message, { fields: [{ field, message }] });
    const credentials = { secretName: settings.secretName, tokenUrl: settings.tokenUrl, clientId: settings.clientId };
    if (settings.authKind === PartnerAuth.NONE) Object.assign(credentials, { secretName: null, tokenUrl: null, clientId: null });
    if (settings.authKind === PartnerAuth.BEARER_TOKEN) {
      if (!settings.secretName) throw incomplete('A bearer token partner needs the name of the secret holding its token', 'secretName');
      Object.assign(credentials, { tokenUrl: null, clientId: null });
    }
    if (settings.authKind === PartnerAuth.CLIENT_CREDENTIALS) {
      for (const field of ['secretName', 'tokenUrl', 'clientId'] as const) {
        if (!settings[field]) throw incomplete(`A client-credentials partner needs ${field}`, field);
      }
    }
    const scope = { scopeCode: settings.scopeCode?.toUpperCase() ?? null, organisationId: settings.organisationId ?? null };
    if (settings.scopeKind === PartnerScope.IN_CARE_TEAM) {
      if (!scope.organisationId) throw incomplete('IN_CARE_TEAM needs the organisation whose care teams decide the people', 'organisationId');
      if (!(await organisations.existsBy({ id: scope.organisationId }))) {
        throw organisationNotFound(scope.organisationId);
      }
      scope.scopeCode = null;
    } else {
      if (!scope.scopeCode) throw incomplete(`${settings.scopeKind} needs scopeCode`, 'scopeCode');
      scope.organisationId = null;
    }
    const supported = this.resources.resourceTypes();
    const unsupported = settings.resourceTypes.filter((t) => !supported.includes(t));
    if (unsupported.length > 0) {
      throw new DomainError('RESOURCE_TYPE_NOT_SUPPORTED', `This service cannot send ${unsupported.join(', ')} as FHIR yet`, {
        supported,
        fields: [{ field: 'resourceTypes', message: 'not supported' }],
      });
    }
    const { name, baseUrl, authKind, scopeKind } = settings;
    return { name, baseUrl, authKind, scopeKind, ...credentials, ...scope, resourceTypes: [...new Set(settings.resourceTypes)] };
  }

  private refusingTakenName<T>(name: string | undefined, work: () => Promise<T>): Promise<T> {
    return refusingDuplicate('partner_system_name_key', work, async () => {
      const existing = await this.partners.createQueryBuilder('p').where('lower(p.name) = lower(:name)', { name }).getOne();
      return new DomainError('PARTNER_NAME_TAKEN', `A partner system is already called ${name}`, {
        existingPartnerId: existing?.id,
        fields: [{ field: 'name', message: 'taken' }],
      });
    });
  }
}

const asDelivery = (row: object) => Object.assign(new PartnerDelivery(), row);

/** Back in the queue at once, with a fresh count of attempts; who replayed it is kept. */
const REPLAY = `UPDATE partner_delivery
  SET status = 'PENDING', parked_at = NULL, attempts = 0, next_attempt_at = now(), replayed_by = $2, replayed_at = now()`;

const DELIVERY_COLUMNS = `id::text, partner_id AS "partnerId", person_id AS "personId", resource_type AS "resourceType",
  resource_id AS "resourceId", status, changed_at AS "changedAt", attempts, last_error AS "lastError",
  last_http_status AS "lastHttpStatus", parked_at AS "parkedAt", replayed_at AS "replayedAt", replayed_by AS "replayedBy"`;
