import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, Repository } from 'typeorm';
import { AccessCheck, alreadyAudited, RelationshipBasis } from '@app/access';
import type { User } from '@app/access';
import { DomainError } from '@app/errors';
import { decodeCursor, Page, toPage } from '@app/pagination';
import { ReferralEvent } from './referral-event.entity';
import { ReferralHoursService } from './referral-hours.service';
import { Referral } from './referral.entity';
import { ReferralStatus, ReferralStep, stepFrom } from './referral-states';
import {
  QueueArgs,
  RedirectReferralInput,
  ReferralReasonInput,
  ReferralReceipt,
  ReferralStepInput,
  SendReferralInput,
  TriageListArgs,
  TriageReferralInput,
} from './referral.types';

const noSuchOrganisation = (ods: string, field: string) =>
  new DomainError('ORGANISATION_NOT_FOUND', `No organisation with ODS code ${ods}`, { fields: [{ field, message: 'unknown organisation' }] });

export const referralNotFound = (id: string) =>
  new DomainError('REFERRAL_NOT_FOUND', `No referral with id ${id}`, { fields: [{ field: 'referralId', message: 'unknown referral' }] });

/** What a step changes on the referral row, besides its status and version. */
type Change = Partial<Record<'priority' | 'team_id' | 'triaged_at' | 'due_at' | 'held_by_id' | 'claimed_at' | 'accepted_at' | 'accepted_by_id' | 'outcome' | 'close_reason' | 'closed_at', unknown>>;

const NOW = Symbol('now');

/** How long after receipt a referral may still be recorded with its real time of receipt. */
const RECEIPT_BACKDATING_DAYS = 30;

/**
 * Claims the referral due soonest in a team's queue ($1) for a member ($2, token subject $3) and
 * records the step, in one statement (its audit row is written in the same transaction). The row lock skips referrals another claimer is taking, so
 * concurrent claimers each get a different one; nobody outside the team gets any.
 */
export const CLAIM_NEXT_SQL = `WITH next AS (
  SELECT r.id FROM referral r
  WHERE r.team_id = $1 AND r.status = 'TRIAGED'
    AND EXISTS (SELECT 1 FROM team_member tm WHERE tm.team_id = $1 AND tm.professional_id = $2::uuid AND tm.end_date IS NULL)
  ORDER BY r.due_at, r.id
  FOR UPDATE SKIP LOCKED
  LIMIT 1
), claimed AS (
  UPDATE referral r SET status = 'CLAIMED', held_by_id = $2, claimed_at = now(), version = r.version + 1
  FROM next WHERE r.id = next.id
  RETURNING r.id, r.person_id, r.team_id
), step AS (
  INSERT INTO referral_step (referral_id, person_id, step, from_status, to_status, team_id, by_subject, by_professional_id, at)
  SELECT id, person_id, 'CLAIM', 'TRIAGED', 'CLAIMED', team_id, $3::text, $2::uuid, now() FROM claimed
)
SELECT id, person_id FROM claimed`;

/**
 * The single point of referral: intake with the duplicate check, triage into a team's queue,
 * claims, and the steps after. Every step goes through `take`, which locks the referral, asks the
 * state machine where the step leads, and records the step beside the change; the database's
 * trigger and CHECKs refuse anything else. Claiming the next referral is one statement.
 */
@Injectable()
export class ReferralsService {
  constructor(
    @InjectRepository(Referral) private readonly referrals: Repository<Referral>,
    @InjectRepository(ReferralEvent) private readonly events: Repository<ReferralEvent>,
    private readonly hours: ReferralHoursService,
    private readonly access: AccessCheck,
  ) {}

  /**
   * Records a referral. If the person has an open referral for the service already, this one is
   * recorded LINKED to it (closed at once: not a second piece of work) and the open one is returned.
   * The partial unique index decides races between two intakes: the loser is linked. Pass `db` to
   * record it inside a transaction of the caller's (a FHIR transaction bundle).
   */
  async send(input: SendReferralInput, user: User, db: EntityManager = this.referrals.manager): Promise<ReferralReceipt> {
    const receivedAt = input.receivedAt ?? new Date();
    if (receivedAt.getTime() > Date.now() + 60_000 || receivedAt.getTime() < Date.now() - RECEIPT_BACKDATING_DAYS * 86_400_000) {
      throw new DomainError('BAD_USER_INPUT', `receivedAt must be now or within the last ${RECEIPT_BACKDATING_DAYS} days`, {
        fields: [{ field: 'receivedAt', message: 'in the future, or too long ago' }],
      });
    }
    await this.hours.assertService(db, input.serviceCode);
    const [refs] = await db.query(
      `SELECT (SELECT id FROM person WHERE nhs_number = $1) AS person_id,
              (SELECT id FROM organisation WHERE ods_code = $2) AS spoa_id,
              (SELECT id FROM organisation WHERE ods_code = $3) AS referring_id`,
      [input.nhsNumber, input.spoaOds, input.referringOrganisationOds ?? user.organisationOds],
    );
    if (!refs.person_id) {
      throw new DomainError('PERSON_NOT_FOUND', `No person with NHS number ${input.nhsNumber} is registered`, { nhsNumber: input.nhsNumber });
    }
    if (!refs.spoa_id) throw noSuchOrganisation(input.spoaOds, 'spoaOds');
    if (input.referringOrganisationOds && !refs.referring_id) throw noSuchOrganisation(input.referringOrganisationOds, 'referringOrganisationOds');
    const values = [
      refs.person_id,
      input.serviceCode,
      input.source,
      input.requestedUrgency,
      input.reason,
      input.referrerName ?? user.name,
      input.referrerContact ?? null,
      refs.referring_id,
      refs.spoa_id,
      user.subject,
      user.professionalId,
      JSON.stringify(input.attachments.map(({ title, reference, contentType }) => ({ title, reference, contentType: contentType ?? null }))),
      receivedAt,
    ];
    const columns = `person_id, service_code, source, requested_urgency, reason, referrer_name, referrer_contact,
      referring_organisation_id, spoa_organisation_id, sent_by, sent_by_professional_id, attachments, received_at`;
    for (let attempt = 0; attempt < 3; attempt++) {
      const receipt = await db.transaction(async (tx) => {
        const [created] = await tx.query(
          `INSERT INTO referral (${columns}, status) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, 'RECEIVED')
           ON CONFLICT (person_id, service_code) WHERE closed_at IS NULL DO NOTHING RETURNING id`,
          values,
        );
        if (created) {
          await this.record(tx, created.id, ReferralStep.RECEIVE, null, ReferralStatus.RECEIVED, user, null);
          return { id: created.id, linkedReferralId: null };
        }
        const [open] = await tx.query(
          `SELECT id FROM referral WHERE person_id = $1 AND service_code = $2 AND closed_at IS NULL`,
          [refs.person_id, input.serviceCode],
        );
        if (!open) return null; // closed in between: try again as a new referral
        const [linked] = await tx.query(
          `INSERT INTO referral (${columns}, status, linked_to_id, closed_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, 'LINKED', $14, now()) RETURNING id`,
          [...values, open.id],
        );
        await this.record(tx, linked.id, ReferralStep.LINK, null, ReferralStatus.LINKED, user, `linked to open referral ${open.id}`);
        return { id: open.id, linkedReferralId: linked.id };
      });
      if (receipt) {
        return {
          referral: await this.load(receipt.id, db),
          linkedToOpenReferral: receipt.linkedReferralId !== null,
          linkedReferralId: receipt.linkedReferralId,
        };
      }
    }
    throw new DomainError('VERSION_CONFLICT', 'The open referral for this service changed while this one was recorded: send it again');
  }

  /** Sets the priority and routes to a team's queue, with the due time from that team's hours. */
  triage(input: TriageReferralInput, user: User): Promise<Referral> {
    return this.take(input.referralId, ReferralStep.TRIAGE, user, null, async (tx, referral) => {
      await this.assertSpoaStaff(tx, referral, user);
      const dueAt = await this.hours.dueTime(tx, input.teamId, referral.serviceCode, input.priority, referral.receivedAt);
      return { priority: input.priority, team_id: input.teamId, triaged_at: NOW, due_at: dueAt };
    });
  }

  /**
   * Routes to another team's queue with a reason: by the holder of a claimed referral, or before a
   * claim by triage staff or the queue's team. The due time follows the new team's hours, from receipt.
   */
  redirect(input: RedirectReferralInput, user: User): Promise<Referral> {
    return this.take(input.referralId, ReferralStep.REDIRECT, user, input.reason, async (tx, referral) => {
      if (referral.status === ReferralStatus.CLAIMED) this.assertHolder(referral, user);
      else if (!(await this.isTeamMember(tx, referral.teamId!, user))) await this.assertSpoaStaff(tx, referral, user);
      if (input.teamId === referral.teamId) {
        throw new DomainError('REFERRAL_SAME_TEAM', 'The referral is in that team’s queue already', { teamId: input.teamId });
      }
      const dueAt = await this.hours.dueTime(tx, input.teamId, referral.serviceCode, referral.priority!, referral.receivedAt);
      return { team_id: input.teamId, due_at: dueAt, held_by_id: null, claimed_at: null };
    });
  }

  /** Claims a named referral in a queue of the user's team; REFERRAL_ALREADY_CLAIMED if someone holds it. */
  claim(input: ReferralStepInput, user: User): Promise<Referral> {
    return this.take(input.referralId, ReferralStep.CLAIM, user, null, async (tx, referral) => {
      await this.assertTeamMember(tx, referral.teamId, user);
      return { held_by_id: user.professionalId, claimed_at: NOW };
    });
  }

  /** Claims the referral due soonest in the team's queue (CLAIM_NEXT_SQL, one statement). */
  async claimNext(teamId: string, user: User): Promise<Referral> {
    // The claim and its audit row commit together: one WAL flush a claim, not two.
    const rows = await this.referrals.manager.transaction(async (tx) => {
      const claimed: { id: string; person_id: string }[] = await tx.query(CLAIM_NEXT_SQL, [teamId, user.professionalId, user.subject]);
      const audit = claimed.map((r) => ({ personId: r.person_id, entity: Referral.name, basis: RelationshipBasis.REFERRAL_TEAM }));
      await this.access.recordChanges(user, 'Mutation.claimNextReferral', audit, tx);
      return claimed;
    });
    if (rows.length === 0) {
      await this.assertTeamMember(this.referrals.manager, teamId, user);
      throw new DomainError('REFERRAL_QUEUE_EMPTY', 'Nothing is waiting in this team’s queue', { teamId });
    }
    return alreadyAudited(await this.load(rows[0].id));
  }

  /** Puts a claimed referral back in the queue: by its holder, or by a member of its team (cover for absence). */
  release(input: ReferralStepInput, user: User): Promise<Referral> {
    return this.take(input.referralId, ReferralStep.RELEASE, user, null, async (tx, referral) => {
      await this.assertTeamMember(tx, referral.teamId, user);
      return { held_by_id: null, claimed_at: null };
    });
  }

  /** The holder takes the referral on for the team: the response standard is met now. */
  accept(input: ReferralStepInput, user: User): Promise<Referral> {
    return this.take(input.referralId, ReferralStep.ACCEPT, user, null, async (_tx, referral) => {
      this.assertHolder(referral, user);
      return { accepted_at: NOW, accepted_by_id: user.professionalId };
    });
  }

  /** Declines with a reason: at triage (triage staff), or once claimed (the holder). */
  decline(input: ReferralReasonInput, user: User): Promise<Referral> {
    return this.take(input.referralId, ReferralStep.DECLINE, user, input.reason, async (tx, referral) => {
      if (referral.status === ReferralStatus.CLAIMED) this.assertHolder(referral, user);
      else await this.assertSpoaStaff(tx, referral, user);
      return { held_by_id: null, claimed_at: null, close_reason: input.reason, closed_at: NOW };
    });
  }

  /** Completes an accepted referral with its outcome: by a member of the team that accepted it. */
  complete(input: ReferralReasonInput, user: User): Promise<Referral> {
    return this.take(input.referralId, ReferralStep.COMPLETE, user, input.reason, async (tx, referral) => {
      await this.assertTeamMember(tx, referral.teamId, user);
      return { held_by_id: null, claimed_at: null, outcome: input.reason, closed_at: NOW };
    });
  }

  /** Withdraws an open referral with a reason: by whoever sent it, triage staff, or the queue's team. */
  withdraw(input: ReferralReasonInput, user: User): Promise<Referral> {
    return this.take(input.referralId, ReferralStep.WITHDRAW, user, input.reason, async (tx, referral) => {
      const mayWithdraw =
        referral.sentBy === user.subject ||
        (referral.teamId !== null && (await this.isTeamMember(tx, referral.teamId, user))) ||
        (await this.isSpoaStaff(tx, referral, user));
      if (!mayWithdraw) {
        throw new DomainError('NOT_AUTHORISED', 'Only the referrer, triage staff or the team whose queue it is in may withdraw a referral');
      }
      return { held_by_id: null, claimed_at: null, close_reason: input.reason, closed_at: NOW };
    });
  }

  async findById(id: string): Promise<Referral> {
    const referral = await this.withWho().where('referral.id = :id', { id }).getOne();
    if (!referral) throw referralNotFound(id);
    return referral;
  }

  history(referralId: string): Promise<ReferralEvent[]> {
    return this.events.find({ where: { referralId }, relations: { team: true, byProfessional: true }, order: { at: 'ASC', id: 'ASC' } });
  }

  /** A team's queue: referrals waiting to be claimed, due soonest first, a page at a time (one statement). */
  queue({ teamId, first, after }: QueueArgs): Promise<Page<Referral>> {
    return this.page('referral.team_id = :teamId AND referral.status = :status', { teamId, status: ReferralStatus.TRIAGED }, ['due_at', 'id'], first, after);
  }

  /** Referrals at a single point of referral waiting for triage, oldest first. */
  async awaitingTriage({ spoaOds, first, after }: TriageListArgs): Promise<Page<Referral>> {
    const [spoa] = await this.referrals.manager.query(`SELECT id FROM organisation WHERE ods_code = $1`, [spoaOds]);
    if (!spoa) throw noSuchOrganisation(spoaOds, 'spoaOds');
    return this.page('referral.spoa_organisation_id = :spoaId AND referral.status = :status', { spoaId: spoa.id, status: ReferralStatus.RECEIVED }, ['received_at', 'id'], first, after);
  }

  /** The referrals the user has sent, newest first. */
  sentBy(user: User, first: number, after?: string): Promise<Page<Referral>> {
    return this.page('referral.sent_by = :subject', { subject: user.subject }, ['received_at', 'id'], first, after, 'DESC');
  }

  /** A person's open referrals (the work in hand for them), by receipt. */
  async openFor(nhsNumber: string): Promise<Referral[]> {
    return this.withWho()
      .where('person.nhs_number = :nhsNumber AND referral.closed_at IS NULL', { nhsNumber })
      .orderBy({ 'referral.received_at': 'ASC', 'referral.id': 'ASC' })
      .getMany();
  }

  private async page(
    where: string,
    params: Record<string, unknown>,
    [key]: [string, 'id'],
    first: number,
    after: string | undefined,
    direction: 'ASC' | 'DESC' = 'ASC',
  ): Promise<Page<Referral>> {
    const query = this.withWho().where(where, params);
    if (after) {
      const [at, id] = decodeCursor(after, 2);
      query.andWhere(`(referral.${key}, referral.id) ${direction === 'ASC' ? '>' : '<'} (:at::timestamptz, :id::uuid)`, { at, id });
    }
    const rows = await query
      .orderBy({ [`referral.${key}`]: direction, 'referral.id': direction })
      .limit(first + 1)
      .getMany();
    const field = key === 'due_at' ? 'dueAt' : 'receivedAt';
    return toPage(rows, first, (r) => [(r[field] as Date).toISOString(), r.id]);
  }

  /**
   * Takes one step: locks the referral, asks the state machine where the step leads from its
   * status (REFERRAL_INVALID_TRANSITION if nowhere), applies the step's own checks and change, and
   * records the step, all in one transaction.
   */
  private async take(
    referralId: string,
    step: ReferralStep,
    user: User,
    reason: string | null,
    checkAndChange: (tx: EntityManager, referral: Referral) => Promise<Change>,
  ): Promise<Referral> {
    await this.referrals.manager.transaction(async (tx) => {
      const referral = await tx.findOne(Referral, { where: { id: referralId }, lock: { mode: 'pessimistic_write' } });
      if (!referral) throw referralNotFound(referralId);
      if (step === ReferralStep.CLAIM && referral.heldById) {
        // Claiming a held referral is a lost race, not a misunderstanding of the states.
        throw new DomainError('REFERRAL_ALREADY_CLAIMED', 'Someone else holds this referral', { heldById: referral.heldById });
      }
      const to = stepFrom(step, referral.status);
      const change = await checkAndChange(tx, referral);
      const params: unknown[] = [referralId, to];
      const sets = Object.entries(change).map(([column, value]) => `, ${column} = ${value === NOW ? 'now()' : `$${params.push(value)}`}`);
      await tx.query(`UPDATE referral SET status = $2, version = version + 1${sets.join('')} WHERE id = $1`, params);
      const teamId = 'team_id' in change ? (change.team_id as string) : referral.teamId;
      await this.record(tx, referralId, step, referral.status, to, user, reason, teamId);
    });
    return this.load(referralId);
  }

  private async record(
    tx: EntityManager,
    referralId: string,
    step: ReferralStep,
    from: ReferralStatus | null,
    to: ReferralStatus,
    user: User,
    reason: string | null,
    teamId: string | null = null,
  ): Promise<void> {
    await tx.query(
      `INSERT INTO referral_step (referral_id, person_id, step, from_status, to_status, team_id, by_subject, by_professional_id, at, reason)
       SELECT id, person_id, $2::text, $3::text, $4::text, $5::uuid, $6::text, $7::uuid, now(), $8::text FROM referral WHERE id = $1`,
      [referralId, step, from, to, teamId, user.subject, user.professionalId, reason],
    );
  }

  /** One referral with who is involved, in one statement (findOne with relations takes two). */
  private async load(id: string, db: EntityManager = this.referrals.manager): Promise<Referral> {
    return (await this.withWho(db).where('referral.id = :id', { id }).getOne())!;
  }

  private withWho(db: EntityManager = this.referrals.manager) {
    return db
      .getRepository(Referral)
      .createQueryBuilder('referral')
      .innerJoinAndSelect('referral.person', 'person')
      .leftJoinAndSelect('referral.team', 'team')
      .leftJoinAndSelect('referral.heldBy', 'heldBy')
      .leftJoinAndSelect('referral.spoaOrganisation', 'spoaOrganisation')
      .leftJoinAndSelect('referral.referringOrganisation', 'referringOrganisation');
  }

  private assertHolder(referral: Referral, user: User): void {
    if (referral.heldById !== user.professionalId) {
      throw new DomainError('REFERRAL_NOT_HELD', 'Someone else holds this referral: only its holder takes this step', {
        heldById: referral.heldById,
      });
    }
  }

  private async isTeamMember(db: EntityManager, teamId: string, user: User): Promise<boolean> {
    if (!user.professionalId) return false;
    const [row] = await db.query(`SELECT 1 FROM team_member WHERE team_id = $1 AND professional_id = $2 AND end_date IS NULL`, [
      teamId,
      user.professionalId,
    ]);
    return Boolean(row);
  }

  private async assertTeamMember(db: EntityManager, teamId: string | null, user: User): Promise<void> {
    if (teamId && (await this.isTeamMember(db, teamId, user))) return;
    throw new DomainError('NOT_A_TEAM_MEMBER', 'Only members of the team whose queue the referral is in may do this', { teamId });
  }

  /** Triage staff: people working for the organisation that runs the single point of referral, or one above it. */
  private async isSpoaStaff(db: EntityManager, referral: Referral, user: User): Promise<boolean> {
    if (!user.organisationOds) return false;
    const [row] = await db.query(
      `SELECT 1 FROM organisation s JOIN organisation u ON u.ods_code = $2 WHERE s.id = $1 AND s.path @> ARRAY[u.id]`,
      [referral.spoaOrganisationId, user.organisationOds],
    );
    return Boolean(row);
  }

  private async assertSpoaStaff(db: EntityManager, referral: Referral, user: User): Promise<void> {
    if (await this.isSpoaStaff(db, referral, user)) return;
    throw new DomainError('NOT_AUTHORISED', 'Only staff of the single point of referral that received it may triage or decline it here');
  }
}
