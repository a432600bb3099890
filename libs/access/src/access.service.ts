import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { DataSource, EntityManager, IsNull, Repository } from 'typeorm';
import { AppConfig } from '@app/config';
import { DomainError } from '@app/errors';
import { decodeCursor, Page, toPage } from '@app/pagination';
import { AuditEvent, AuditOutcome } from './audit-event.entity';
import { AuditService } from './audit.service';
import { organisationAndBelow } from './organisation-scope';
import { BreakGlassAccess } from './break-glass.entity';
import { SharingDissent } from './sharing-dissent.entity';
import { AuditTrailArgs, BreakGlassAccessesArgs, RecordSharingDissentInput } from './access.types';
import { User } from './user';

const MY_ORGANISATIONS = organisationAndBelow(':org');

/** Break glass, dissent to sharing, and the privacy officer's view of who saw what. */
@Injectable()
export class AccessService {
  constructor(
    private readonly db: DataSource,
    private readonly config: AppConfig,
    private readonly audit: AuditService,
    @InjectRepository(BreakGlassAccess) private readonly grants: Repository<BreakGlassAccess>,
    @InjectRepository(SharingDissent) private readonly dissents: Repository<SharingDissent>,
  ) {}

  /** Opens a record for a limited time on a stated reason; the opening is audited and listed for review. */
  async breakGlass(user: User, nhsNumber: string, reason: string): Promise<BreakGlassAccess> {
    const personId = await this.personIdOf(nhsNumber);
    const [grant] = await this.db.query(
      `INSERT INTO break_glass (person_id, user_subject, user_name, organisation_ods, reason, opened_at, expires_at)
       VALUES ($1, $2, $3, $4, $5, now(), now() + make_interval(mins => $6))
       RETURNING id`,
      [personId, user.subject, user.name, user.organisationOds, reason, this.config.BREAK_GLASS_MINUTES],
    );
    await this.audit.record({ ...user, purpose: 'BREAK_GLASS' }, [
      { personId, action: 'Mutation.breakGlass', entity: 'Person', outcome: AuditOutcome.PERMITTED, basis: `BREAK_GLASS: ${reason}` },
    ]);
    return this.grants.findOneByOrFail({ id: grant.id });
  }

  async reviewBreakGlass(user: User, id: string, note: string): Promise<BreakGlassAccess> {
    const grant = await this.grants.findOneBy({ id });
    if (!grant) throw new DomainError('NOT_FOUND', `No break-glass access ${id}`);
    if (grant.reviewedAt) throw new DomainError('ALREADY_REVIEWED', `Break-glass access ${id} was reviewed already`);
    await this.grants.update({ id }, { reviewedAt: new Date(), reviewedBy: user.subject, reviewNote: note });
    return this.grants.findOneByOrFail({ id });
  }

  /** Break-glass openings by users of the privacy officer's organisation (or those under it), newest first. */
  async breakGlassAccesses(user: User, { unreviewedOnly, first, after }: BreakGlassAccessesArgs): Promise<Page<BreakGlassAccess>> {
    const query = this.grants
      .createQueryBuilder('b')
      .where(`b.organisation_ods IN (${MY_ORGANISATIONS})`, { org: user.organisationOds });
    if (unreviewedOnly) query.andWhere('b.reviewed_at IS NULL');
    if (after) {
      const [openedAt, id] = decodeCursor(after, 2);
      query.andWhere('(b.opened_at, b.id) < (:openedAt, :id)', { openedAt, id });
    }
    const rows = await query.orderBy({ 'b.opened_at': 'DESC', 'b.id': 'DESC' }).limit(first + 1).getMany();
    return toPage(rows, first, (b) => [b.openedAt.toISOString(), b.id]);
  }

  /**
   * The audit trail a privacy officer may see: accesses by users of their organisation, or to
   * people registered at its practices; newest first.
   */
  async auditTrail(user: User, { nhsNumber, userSubject, first, after }: AuditTrailArgs): Promise<Page<AuditEvent>> {
    const query = this.db
      .getRepository(AuditEvent)
      .createQueryBuilder('a')
      .where(
        `(a.organisation_ods IN (${MY_ORGANISATIONS})
          OR a.person_id IN (SELECT p.id FROM person p WHERE p.gp_practice_ods IN (${MY_ORGANISATIONS})))`,
        { org: user.organisationOds },
      );
    if (nhsNumber) query.andWhere('a.person_id = (SELECT id FROM person WHERE nhs_number = :nhsNumber)', { nhsNumber });
    if (userSubject) query.andWhere('a.user_subject = :userSubject', { userSubject });
    if (after) {
      const [id] = decodeCursor(after, 1);
      query.andWhere('a.id < :id', { id });
    }
    const rows = await query.orderBy('a.id', 'DESC').limit(first + 1).getMany();
    return toPage(rows, first, (a) => [a.id]);
  }

  async recordDissent(user: User, input: RecordSharingDissentInput): Promise<SharingDissent> {
    return (await this.recordDissentOnce(user, input)).dissent;
  }

  /**
   * Records a dissent, or gives the same one already in force (the person objects to sharing with
   * that organisation, or outside their practice, once: a partial unique index decides races), and
   * whether it was recorded now. Pass `db` to record it in the caller's transaction.
   */
  async recordDissentOnce(
    user: User,
    { nhsNumber, organisationOds, note }: RecordSharingDissentInput,
    db: EntityManager = this.db.manager,
  ): Promise<{ dissent: SharingDissent; created: boolean }> {
    const personId = await this.personIdOf(nhsNumber, db);
    const [recorded]: { id: string }[] = await db.query(
      `INSERT INTO sharing_dissent (person_id, organisation_ods, note, recorded_by, recorded_at) VALUES ($1, $2, $3, $4, now())
       ON CONFLICT (person_id, (coalesce(organisation_ods, ''))) WHERE withdrawn_at IS NULL DO NOTHING
       RETURNING id`,
      [personId, organisationOds ?? null, note ?? null, user.subject],
    );
    const dissent = await db.findOneOrFail(SharingDissent, {
      where: recorded
        ? { id: recorded.id }
        : { personId, organisationOds: organisationOds ? organisationOds : IsNull(), withdrawnAt: IsNull() },
    });
    return { dissent, created: recorded !== undefined };
  }

  /** Withdraws a dissent in force (ALREADY_WITHDRAWN if it was). Pass `db` to withdraw it in the caller's transaction. */
  async withdrawDissent(user: User, id: string, db: EntityManager = this.db.manager): Promise<SharingDissent> {
    const dissent = await db.findOneBy(SharingDissent, { id });
    if (!dissent) throw new DomainError('NOT_FOUND', `No dissent to sharing ${id}`);
    const [, withdrawn] = await db.query(
      `UPDATE sharing_dissent SET withdrawn_at = greatest(now(), recorded_at), withdrawn_by = $2 WHERE id = $1 AND withdrawn_at IS NULL`,
      [id, user.subject],
    );
    if (!withdrawn) throw new DomainError('ALREADY_WITHDRAWN', `Dissent ${id} was withdrawn already`);
    return db.findOneByOrFail(SharingDissent, { id });
  }

  async dissentsOf(nhsNumber: string): Promise<SharingDissent[]> {
    return this.dissents.find({ where: { personId: await this.personIdOf(nhsNumber) }, order: { recordedAt: 'ASC' } });
  }

  private async personIdOf(nhsNumber: string, db: EntityManager | DataSource = this.db): Promise<string> {
    const [row] = await db.query('SELECT id FROM person WHERE nhs_number = $1', [nhsNumber]);
    if (!row) throw new DomainError('PERSON_NOT_FOUND', `No person with NHS number ${nhsNumber} is registered`, { nhsNumber });
    return row.id;
  }
}
