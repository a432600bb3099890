import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { EntityManager, In, IsNull, ObjectLiteral, Repository, SelectQueryBuilder } from 'typeorm';
import { AppConfig } from '@app/config';
import { findOrRefuse, lockAtVersion, refusingDuplicate } from '@app/database';
import { DomainError } from '@app/errors';
import {
  Organisation,
  organisationNotFound,
  Professional,
  professionalNotFound,
  Team,
  teamNotFound,
} from '@app/organisations';
import { Page, decodeCursor, toPage } from '@app/pagination';
import { Person, PersonsService } from '@app/persons';
import { LeadProfessional } from '@app/care-teams';
import { assertDatesInOrder, definedOnly, today } from '@app/validation';
import { CareSector, CarePlanStatus, CURRENT_STATUSES, PlanActionStatus, ReviewsDue } from './care-plan-codes';
import { CarePlanContent, StoredContent } from './care-plan-content';
import { CarePlanAction } from './care-plan-action.entity';
import { CarePlanReview } from './care-plan-review.entity';
import { CarePlanSignOff } from './care-plan-sign-off.entity';
import { CarePlanVersion } from './care-plan-version.entity';
import { CarePlan } from './care-plan.entity';
import {
  ActivateCarePlanInput,
  CarePlanChangesArgs,
  CarePlanComparison,
  CloseCarePlanInput,
  CompleteCarePlanReviewInput,
  CreateCarePlanInput,
  OpenActionsArgs,
  PlanChange,
  ReviewsDueArgs,
  SignOffCarePlanInput,
  StartCarePlanReviewInput,
  UpdateCarePlanInput,
} from './care-plan.types';
import { changesBetween } from './plan-changes';

export const carePlanNotFound = (id: string, field = 'carePlanId') =>
  new DomainError('PLAN_NOT_FOUND', `No care plan with id ${id}`, { id, fields: [{ field, message: 'unknown care plan' }] });

const CURRENT: CarePlanStatus[] = [...CURRENT_STATUSES];
const WITH_PERSON = { person: true, createdBy: true } as const;
const ACTION_OWNERS = { professional: true, team: true, organisation: true } as const;

/** Which lifecycle steps may start from which status. */
const STEPS = {
  sign: [CarePlanStatus.DRAFT, CarePlanStatus.UNDER_REVIEW],
  activate: [CarePlanStatus.DRAFT],
  startReview: [CarePlanStatus.ACTIVE],
  completeReview: [CarePlanStatus.UNDER_REVIEW],
} as const;

const SIDE = { HEALTH: 'health', SOCIAL_CARE: 'social care' } as const;

function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/**
 * Joint health and social care plans: their content and versions, sign-off, activation, review
 * and closing. Every change to a plan takes turns on the person's row (so activations of two plans
 * for one person cannot both succeed) and then on the plan's row at the version the caller read.
 * Every change saves a new version: the whole content as jsonb, with its author and time.
 */
@Injectable()
export class CarePlansService {
  constructor(
    @InjectRepository(CarePlan) private readonly plans: Repository<CarePlan>,
    @InjectRepository(CarePlanVersion) private readonly versions: Repository<CarePlanVersion>,
    @InjectRepository(CarePlanAction) private readonly actions: Repository<CarePlanAction>,
    @InjectRepository(CarePlanSignOff) private readonly signOffs: Repository<CarePlanSignOff>,
    @InjectRepository(CarePlanReview) private readonly reviews: Repository<CarePlanReview>,
    private readonly persons: PersonsService,
    private readonly config: AppConfig,
  ) {}

  /** Writes a new plan as a draft, version 1. */
  create(input: CreateCarePlanInput, authorId: string | null): Promise<CarePlan> {
    return this.plans.manager.transaction(async (tx) => {
      const person = await this.persons.lockByNhsNumber(tx, input.nhsNumber);
      const author = await this.author(tx, authorId);
      const startDate = input.startDate ?? today();
      const content = await this.checkedContent(tx, startDate, input.content, null);
      const { identifiers } = await tx.insert(CarePlan, {
        personId: person.id,
        status: CarePlanStatus.DRAFT,
        startDate,
        content,
        reviewIntervalDays: content.reviewIntervalDays,
        nextReviewDate: content.nextReviewDate,
        isJoint: isJoint(content),
        createdById: author,
        activatedAt: null,
        closedAt: null,
        closeReason: null,
        version: 0,
      });
      const plan = await tx.findOneByOrFail(CarePlan, { id: identifiers[0].id });
      return this.save(tx, plan, {}, 'created', author);
    });
  }

  /** Saves a new version of the content. A closed plan does not change. */
  update(input: UpdateCarePlanInput, authorId: string | null): Promise<CarePlan> {
    return this.change(input, authorId, async (tx, plan, author) => {
      if (plan.status === CarePlanStatus.CLOSED) throw alreadyClosed(plan);
      if (input.content.nextReviewDate === null && CURRENT.includes(plan.status)) {
        throw new DomainError('BAD_USER_INPUT', 'A current plan always has a next review date: change it rather than clear it', {
          fields: [{ field: 'content.nextReviewDate', message: 'cannot be cleared while the plan is current' }],
        });
      }
      const content = await this.checkedContent(tx, plan.startDate, input.content, plan.content);
      return this.save(tx, plan, { content }, 'updated', author);
    });
  }

  /**
   * Records the signed-in professional's sign-off of the version they read, for one side. The lead's
   * sign-off, and for a joint plan one from each side, is what activation asks for.
   */
  signOff(input: SignOffCarePlanInput, professionalId: string | null): Promise<CarePlanSignOff> {
    return this.plans.manager.transaction(async (tx) => {
      const plan = await this.lock(tx, input);
      const signer = await this.author(tx, professionalId);
      assertStep(plan, 'sign', 'signed off');
      const existing = await tx.findOneBy(CarePlanSignOff, { carePlanId: plan.id, planVersion: plan.version, professionalId: signer });
      if (existing) {
        throw new DomainError('DUPLICATE', `You signed off version ${plan.version} already`, { existingSignOffId: existing.id });
      }
      const lead = await this.currentLead(tx, plan.personId);
      const { identifiers } = await tx.insert(CarePlanSignOff, {
        carePlanId: plan.id,
        personId: plan.personId,
        planVersion: plan.version,
        professionalId: signer,
        sector: input.sector,
        asLead: lead === signer,
        signedAt: await now(tx),
      });
      return tx.findOneOrFail(CarePlanSignOff, { where: { id: identifiers[0].id }, relations: { professional: true } });
    });
  }

  /** DRAFT to ACTIVE: with the person's agreement and the sign-offs, and no other current plan. */
  activate(input: ActivateCarePlanInput, authorId: string | null): Promise<CarePlan> {
    return this.refusingSecondCurrentPlan(input.carePlanId, () =>
      this.change(input, authorId, async (tx, plan, author) => {
        assertStep(plan, 'activate', 'activated');
        await this.assertReadyToBeActive(tx, plan);
        const [other] = await tx.find(CarePlan, { where: { personId: plan.personId, status: In(CURRENT) } });
        if (other) throw alreadyActive(other.id);
        const nextReviewDate = input.nextReviewDate ?? plan.content.nextReviewDate ?? addDays(today(), plan.reviewIntervalDays);
        assertDatesInOrder(plan.startDate, nextReviewDate, 'nextReviewDate');
        return this.save(tx, plan, { status: CarePlanStatus.ACTIVE, nextReviewDate, activatedAt: await now(tx) }, 'activated', author);
      }),
    );
  }

  /** ACTIVE to UNDER_REVIEW: opens a review record; the plan stays the person's current plan. */
  startReview(input: StartCarePlanReviewInput, authorId: string | null): Promise<CarePlan> {
    return this.change(input, authorId, async (tx, plan, author) => {
      assertStep(plan, 'startReview', 'put under review');
      await tx.insert(CarePlanReview, {
        carePlanId: plan.id,
        personId: plan.personId,
        reason: input.reason,
        reasonNote: input.reasonNote ?? null,
        startedById: author,
        startedAt: await now(tx),
        fromVersion: plan.version,
        completedById: null,
        completedAt: null,
        toVersion: null,
        outcome: null,
      });
      return this.save(tx, plan, { status: CarePlanStatus.UNDER_REVIEW }, 'review started', author);
    });
  }

  /**
   * UNDER_REVIEW to ACTIVE: on the conditions of a first activation (the agreement, and sign-off of
   * the version now current), records the outcome and sets the next review date.
   */
  completeReview(input: CompleteCarePlanReviewInput, authorId: string | null): Promise<CarePlan> {
    return this.change(input, authorId, async (tx, plan, author) => {
      assertStep(plan, 'completeReview', 'made active again after review');
      await this.assertReadyToBeActive(tx, plan);
      const nextReviewDate = input.nextReviewDate ?? addDays(today(), plan.reviewIntervalDays);
      assertDatesInOrder(today(), nextReviewDate, 'nextReviewDate');
      const saved = await this.save(tx, plan, { status: CarePlanStatus.ACTIVE, nextReviewDate }, 'review completed', author);
      await tx.update(
        CarePlanReview,
        { carePlanId: plan.id, completedAt: IsNull() },
        { completedById: author, completedAt: await now(tx), toVersion: saved.version, outcome: input.outcome },
      );
      return saved;
    });
  }

  /** Closes a plan from any status; never twice. */
  close(input: CloseCarePlanInput, authorId: string | null): Promise<CarePlan> {
    return this.change(input, authorId, async (tx, plan, author) => {
      if (plan.status === CarePlanStatus.CLOSED) throw alreadyClosed(plan);
      const closedAt = await now(tx);
      return this.save(tx, plan, { status: CarePlanStatus.CLOSED, closedAt, closeReason: input.reason }, 'closed', author);
    });
  }

  findById(id: string): Promise<CarePlan | null> {
    return this.plans.findOne({ where: { id }, relations: WITH_PERSON });
  }

  /** A person's plans: the current one first, then drafts, then closed ones, newest first. */
  async plansOf(nhsNumber: string): Promise<CarePlan[]> {
    const person = await this.persons.findByNhsNumber(nhsNumber);
    if (!person) throw new DomainError('PERSON_NOT_FOUND', `No person with NHS number ${nhsNumber} is registered`, { nhsNumber });
    return this.plans
      .createQueryBuilder('plan')
      .innerJoinAndSelect('plan.person', 'person')
      .innerJoinAndSelect('plan.createdBy', 'createdBy')
      .where('plan.person_id = :personId', { personId: person.id })
      .orderBy(`CASE plan.status WHEN 'ACTIVE' THEN 0 WHEN 'UNDER_REVIEW' THEN 0 WHEN 'DRAFT' THEN 1 ELSE 2 END`)
      .addOrderBy('plan.created_at', 'DESC')
      .addOrderBy('plan.id')
      .getMany();
  }

  /** One version of a plan, as it was saved. */
  async version(carePlanId: string, version: number): Promise<CarePlanVersion> {
    const found = await this.versions.findOne({ where: { carePlanId, version }, relations: { author: true } });
    if (found) return found;
    if (!(await this.plans.existsBy({ id: carePlanId }))) throw carePlanNotFound(carePlanId);
    throw versionNotFound(carePlanId, version);
  }

  /** The fields that differ between two versions of a plan, each with its value before and after. */
  async changes({ carePlanId, fromVersion, toVersion }: CarePlanChangesArgs): Promise<CarePlanComparison> {
    const [from, to] = await Promise.all([this.version(carePlanId, fromVersion), this.version(carePlanId, toVersion)]);
    const asJson = (value: unknown) => (value === undefined ? null : JSON.stringify(value));
    const snapshot = (v: CarePlanVersion) => ({ status: v.status, ...v.content });
    return Object.assign(new CarePlanComparison(), {
      carePlanId,
      personId: from.personId,
      fromVersion,
      toVersion,
      changes: changesBetween(snapshot(from), snapshot(to)).map((c) => ({ path: c.path, before: asJson(c.before), after: asJson(c.after) })),
    });
  }

  /**
   * Current plans whose review is overdue, or due within the days given, for a professional (plans
   * they lead, or whose care team they or a team of theirs are in), a team or an organisation; by
   * review date, one statement per page.
   */
  async reviewsDue(args: ReviewsDueArgs): Promise<Page<CarePlan>> {
    const scope = scopeOf(args);
    const on = today();
    const query = this.plans
      .createQueryBuilder('plan')
      .innerJoinAndSelect('plan.person', 'person')
      .innerJoinAndSelect('plan.createdBy', 'createdBy')
      .where('plan.status IN (:...current)', { current: CURRENT });
    if (args.due === ReviewsDue.OVERDUE) query.andWhere('plan.next_review_date < :on', { on });
    else query.andWhere('plan.next_review_date BETWEEN :on AND :until', { on, until: addDays(on, args.withinDays) });
    query.andWhere(SCOPES[scope.kind], { id: scope.id });
    return this.page(query, args, 'plan.next_review_date', (plan) => [plan.nextReviewDate, plan.id], scope);
  }

  /** Open actions on current plans owned by an organisation (itself or through its teams) or a team, by due date. */
  async openActions(args: OpenActionsArgs): Promise<Page<CarePlanAction>> {
    const scope = scopeOf(args);
    if (scope.kind === 'professionalId') throw badScope();
    const query = this.actions
      .createQueryBuilder('action')
      .innerJoin(CarePlan, 'plan', 'plan.id = action.care_plan_id AND plan.status IN (:...current)', { current: CURRENT })
      .innerJoinAndSelect('action.person', 'person')
      .leftJoinAndSelect('action.professional', 'professional')
      .leftJoinAndSelect('action.team', 'team')
      .leftJoinAndSelect('action.organisation', 'organisation')
      .where('action.status = :open', { open: PlanActionStatus.OPEN })
      .andWhere(scope.kind === 'teamId' ? 'action.team_id = :id' : 'action.responsible_organisation_id = :id', { id: scope.id });
    if (args.dueBy) query.andWhere('action.due_date <= :dueBy', { dueBy: args.dueBy });
    return this.page(query, args, 'action.due_date', (action) => [action.dueDate, action.id], scope);
  }

  actionsOf(carePlanIds: string[]): Promise<CarePlanAction[]> {
    return this.actions.find({ where: { carePlanId: In(carePlanIds) }, relations: ACTION_OWNERS, order: { position: 'ASC' } });
  }

  signOffsOf(carePlanIds: string[]): Promise<CarePlanSignOff[]> {
    return this.signOffs.find({
      where: { carePlanId: In(carePlanIds) },
      relations: { professional: true },
      order: { planVersion: 'DESC', signedAt: 'ASC' },
    });
  }

  reviewsOf(carePlanIds: string[]): Promise<CarePlanReview[]> {
    return this.reviews.find({
      where: { carePlanId: In(carePlanIds) },
      relations: { startedBy: true, completedBy: true },
      order: { startedAt: 'DESC' },
    });
  }

  versionsOf(carePlanIds: string[]): Promise<CarePlanVersion[]> {
    return this.versions.find({ where: { carePlanId: In(carePlanIds) }, relations: { author: true }, order: { version: 'DESC' } });
  }

  /** A change to one plan: the person's lock, then the plan's at the version the caller read, then the work. */
  private change(
    input: PlanChange,
    authorId: string | null,
    work: (tx: EntityManager, plan: CarePlan, author: string) => Promise<CarePlan>,
  ): Promise<CarePlan> {
    return this.plans.manager.transaction(async (tx) => {
      const plan = await this.lock(tx, input);
      return work(tx, plan, await this.author(tx, authorId));
    });
  }

  private async lock(tx: EntityManager, { carePlanId, expectedVersion }: PlanChange): Promise<CarePlan> {
    const { personId } = await findOrRefuse(tx, CarePlan, carePlanId, () => carePlanNotFound(carePlanId));
    await findOrRefuse(tx, Person, personId, () => carePlanNotFound(carePlanId), true);
    return lockAtVersion(tx, CarePlan, carePlanId, expectedVersion, () => carePlanNotFound(carePlanId));
  }

  /** Saves the next version: the plan's row, an immutable version row, and the current actions as rows. */
  private async save(
    tx: EntityManager,
    plan: CarePlan,
    changes: Partial<Pick<CarePlan, 'content' | 'status' | 'nextReviewDate' | 'activatedAt' | 'closedAt' | 'closeReason'>>,
    change: string,
    authorId: string,
  ): Promise<CarePlan> {
    const next = { ...plan, ...changes, version: plan.version + 1 };
    if (changes.nextReviewDate !== undefined) next.content = { ...next.content, nextReviewDate: changes.nextReviewDate };
    await tx.update(
      CarePlan,
      { id: plan.id },
      {
        ...changes,
        content: next.content,
        reviewIntervalDays: next.content.reviewIntervalDays,
        nextReviewDate: next.content.nextReviewDate,
        isJoint: isJoint(next.content),
        version: next.version,
      },
    );
    await tx.insert(CarePlanVersion, {
      carePlanId: plan.id,
      personId: plan.personId,
      version: next.version,
      status: next.status,
      content: next.content,
      change,
      authorId,
      savedAt: await now(tx),
    });
    if (changes.content || plan.version === 0) await this.writeActions(tx, next);
    return tx.findOneOrFail(CarePlan, { where: { id: plan.id }, relations: WITH_PERSON });
  }

  private async writeActions(tx: EntityManager, plan: CarePlan): Promise<void> {
    await tx.delete(CarePlanAction, { carePlanId: plan.id });
    const actions = plan.content.actions;
    if (actions.length === 0) return;
    const teams = await tx.findBy(Team, { id: In(actions.flatMap((a) => (a.teamId ? [a.teamId] : []))) });
    const organisationOfTeam = new Map(teams.map((team) => [team.id, team.organisationId]));
    await tx.insert(
      CarePlanAction,
      actions.map((action, position) => ({
        ...action,
        carePlanId: plan.id,
        personId: plan.personId,
        position,
        responsibleOrganisationId: action.organisationId ?? (action.teamId ? organisationOfTeam.get(action.teamId)! : null),
      })),
    );
  }

  /**
   * The content as it will be stored: the sections given over the previous ones, every section
   * present, each action with an id and exactly one owner who exists, nothing due before the plan.
   */
  private async checkedContent(
    tx: EntityManager,
    startDate: string,
    given: CarePlanContent,
    previous: StoredContent | null,
  ): Promise<StoredContent> {
    const base: StoredContent = previous ?? {
      aboutMe: null,
      whatMattersToMe: null,
      needs: [],
      goals: [],
      actions: [],
      contingency: null,
      carer: null,
      endOfLife: null,
      agreement: null,
      reviewIntervalDays: this.config.PLAN_REVIEW_INTERVAL_DAYS,
      nextReviewDate: null,
    };
    const changed = definedOnly(given);
    for (const list of ['needs', 'goals', 'actions', 'reviewIntervalDays'] as const) {
      if (changed[list] === null) {
        throw new DomainError('BAD_USER_INPUT', `${list} cannot be null`, { fields: [{ field: `content.${list}`, message: 'cannot be null' }] });
      }
    }
    const known = new Set(previous?.actions.map((a) => a.id) ?? []);
    const actions = (changed.actions ?? base.actions).map((action, i) => {
      const owners = (['professionalId', 'teamId', 'organisationId'] as const).filter((k) => action[k]);
      if (owners.length !== 1) {
        throw new DomainError('BAD_USER_INPUT', 'Each action is owned by exactly one professional, team or organisation', {
          fields: [{ field: `content.actions[${i}]`, message: 'name exactly one of professionalId, teamId, organisationId' }],
        });
      }
      if (action.id && !known.has(action.id)) {
        throw new DomainError('BAD_USER_INPUT', `Action ${action.id} is not in this plan: leave the id out for a new action`, {
          fields: [{ field: `content.actions[${i}].id`, message: 'not an action of this plan' }],
        });
      }
      assertDatesInOrder(startDate, action.dueDate, `content.actions[${i}].dueDate`);
      return {
        id: action.id ?? randomUUID(),
        description: action.description,
        sector: action.sector,
        professionalId: action.professionalId ?? null,
        teamId: action.teamId ?? null,
        organisationId: action.organisationId ?? null,
        dueDate: action.dueDate,
        status: action.status ?? PlanActionStatus.OPEN,
      };
    });
    await this.assertOwnersExist(tx, actions);
    const content = { ...base, ...plain(changed), actions } as StoredContent;
    assertDatesInOrder(startDate, content.nextReviewDate, 'content.nextReviewDate');
    return content;
  }

  private async assertOwnersExist(tx: EntityManager, actions: StoredContent['actions']): Promise<void> {
    const kinds = [
      ['professionalId', Professional, professionalNotFound],
      ['teamId', Team, teamNotFound],
      ['organisationId', Organisation, organisationNotFound],
    ] as const;
    for (const [key, entity, refusal] of kinds) {
      const ids = [...new Set(actions.flatMap((a) => (a[key] ? [a[key]] : [])))];
      if (ids.length === 0) continue;
      const found = new Set((await tx.find(entity, { select: { id: true }, where: { id: In(ids) } })).map((row) => row.id));
      const missing = ids.find((id) => !found.has(id));
      if (missing) throw refusal(missing, `content.actions[${actions.findIndex((a) => a[key] === missing)}].${key}`);
    }
  }

  /** The person's agreement, and sign-off of the current version by the lead and, for a joint plan, by each side. */
  private async assertReadyToBeActive(tx: EntityManager, plan: CarePlan): Promise<void> {
    if (!plan.content.agreement?.agreed) {
      throw new DomainError('PLAN_AGREEMENT_MISSING', "Record the person's agreement to the plan (content.agreement) first");
    }
    const lead = await this.currentLead(tx, plan.personId);
    if (!lead) {
      throw new DomainError('PLAN_SIGN_OFF_MISSING', 'Nobody leads this person\'s care: assign a lead professional to sign the plan off', {
        missing: ['LEAD'],
      });
    }
    const signed = await tx.findBy(CarePlanSignOff, { carePlanId: plan.id, planVersion: plan.version });
    const missing: string[] = [];
    if (!signed.some((s) => s.professionalId === lead)) missing.push('LEAD');
    if (plan.isJoint) {
      for (const sector of [CareSector.HEALTH, CareSector.SOCIAL_CARE]) {
        if (!signed.some((s) => s.sector === sector)) missing.push(sector);
      }
    }
    if (missing.length > 0) {
      const who = missing.map((m) => (m === 'LEAD' ? 'the lead professional' : SIDE[m as CareSector]));
      throw new DomainError('PLAN_SIGN_OFF_MISSING', `Version ${plan.version} needs sign-off by ${who.join(' and ')}`, {
        missing,
        leadProfessionalId: lead,
      });
    }
  }

  private async currentLead(tx: EntityManager, personId: string): Promise<string | null> {
    return (await tx.findOneBy(LeadProfessional, { personId, endedAt: IsNull() }))?.professionalId ?? null;
  }

  /** Who is writing: the signed-in user, who must be a professional in the directory. */
  private async author(tx: EntityManager, professionalId: string | null): Promise<string> {
    if (professionalId && (await tx.existsBy(Professional, { id: professionalId }))) return professionalId;
    throw new DomainError('NOT_AUTHORISED', 'Only a professional in the directory can write or sign off a care plan', {
      professionalId,
    });
  }

  private async page<T extends ObjectLiteral>(
    query: SelectQueryBuilder<T>,
    { first, after }: { first: number; after?: string },
    dateColumn: string,
    keyOf: (row: T) => (string | null)[],
    scope: Scope,
  ): Promise<Page<T>> {
    const alias = query.alias;
    if (after) {
      const [date, id] = decodeCursor(after, 2);
      query.andWhere(`(${dateColumn}, ${alias}.id) > (:afterDate, :afterId)`, { afterDate: date, afterId: id });
    }
    const rows = await query.orderBy(dateColumn, 'ASC').addOrderBy(`${alias}.id`, 'ASC').limit(first + 1).getMany();
    // An empty first page costs a second query, to tell an unknown owner from one with nothing due.
    if (rows.length === 0 && !after) await this.assertScopeExists(scope);
    return toPage(rows, first, keyOf);
  }

  private async assertScopeExists({ kind, id }: Scope): Promise<void> {
    const [entity, refusal] = {
      professionalId: [Professional, professionalNotFound],
      teamId: [Team, teamNotFound],
      organisationId: [Organisation, organisationNotFound],
    }[kind] as [typeof Professional, (id: string, field: string) => DomainError];
    if (!(await this.plans.manager.existsBy(entity, { id }))) throw refusal(id, kind);
  }

  /** The partial unique index refuses a second current plan even if something skipped the person's lock. */
  private refusingSecondCurrentPlan(carePlanId: string, work: () => Promise<CarePlan>): Promise<CarePlan> {
    return refusingDuplicate('care_plan_one_current', work, async () => {
      const plan = await this.plans.findOneBy({ id: carePlanId });
      const other = plan && (await this.plans.findOneBy({ personId: plan.personId, status: In(CURRENT) }));
      return alreadyActive(other?.id ?? null);
    });
  }
}

type Scope = { kind: 'professionalId' | 'teamId' | 'organisationId'; id: string };

/** How each list scope picks plans (":id" the professional, team or organisation), as SQL on plan and person. */
const SCOPES: Record<Scope['kind'], string> = {
  // From the professional's few people to their plans, rather than testing every plan due for review.
  professionalId: `plan.person_id IN (
      SELECT l.person_id FROM lead_professional l WHERE l.ended_at IS NULL AND l.professional_id = :id
      UNION SELECT m.person_id FROM care_team_member m WHERE m.end_date IS NULL AND m.professional_id = :id
      UNION SELECT m.person_id FROM care_team_member m
            JOIN team_member tm ON tm.team_id = m.team_id AND tm.end_date IS NULL AND tm.professional_id = :id
            WHERE m.end_date IS NULL)`,
  teamId: `EXISTS (SELECT 1 FROM care_team_member m WHERE m.person_id = plan.person_id AND m.end_date IS NULL AND m.team_id = :id)`,
  organisationId: `(EXISTS (SELECT 1 FROM care_team_member m
                            WHERE m.person_id = plan.person_id AND m.end_date IS NULL
                              AND (m.organisation_id = :id OR m.team_id IN (SELECT t.id FROM team t WHERE t.organisation_id = :id)))
                    OR person.gp_practice_ods IN (SELECT d.ods_code FROM organisation d
                                                  WHERE d.path @> ARRAY[CAST(:id AS uuid)] AND d.ods_code IS NOT NULL))`,
};

function scopeOf(args: { professionalId?: string; teamId?: string; organisationId?: string }): Scope {
  const given = (['professionalId', 'teamId', 'organisationId'] as const).filter((kind) => args[kind]);
  if (given.length !== 1) throw badScope();
  return { kind: given[0], id: args[given[0]]! };
}

const badScope = () =>
  new DomainError('BAD_USER_INPUT', 'Name exactly one of professionalId, teamId or organisationId (actions: teamId or organisationId)', {
    fields: [{ field: 'professionalId', message: 'name exactly one owner' }],
  });

/** A joint plan: its actions are owned by both health and social care. */
const isJoint = (content: StoredContent) =>
  new Set(content.actions.map((a) => a.sector)).size === Object.keys(CareSector).length;

/** Class instances from the validation pipe, as plain JSON for the jsonb column. */
const plain = <T>(value: T): T => JSON.parse(JSON.stringify(value));

function assertStep(plan: CarePlan, step: keyof typeof STEPS, what: string): void {
  if (plan.status === CarePlanStatus.CLOSED && step !== 'sign') throw alreadyClosed(plan);
  if (!(STEPS[step] as readonly CarePlanStatus[]).includes(plan.status)) {
    throw new DomainError('PLAN_INVALID_TRANSITION', `A ${plan.status.toLowerCase().replace('_', ' ')} plan cannot be ${what}`, {
      status: plan.status,
    });
  }
}

const alreadyClosed = (plan: CarePlan) =>
  new DomainError('PLAN_ALREADY_CLOSED', `The plan was closed${plan.closedAt ? ` at ${plan.closedAt.toISOString()}` : ''}`, {
    closedAt: plan.closedAt,
  });

const alreadyActive = (currentPlanId: string | null) =>
  new DomainError('PLAN_ALREADY_ACTIVE', 'This person has a current plan already: close it, or review it instead', {
    currentPlanId,
  });

const versionNotFound = (carePlanId: string, version: number) =>
  new DomainError('PLAN_NOT_FOUND', `Care plan ${carePlanId} has no version ${version}`, {
    id: carePlanId,
    fields: [{ field: 'version', message: 'no such version' }],
  });

/** The time of a change, read once the locks are held. */
async function now(tx: EntityManager): Promise<Date> {
  const [{ at }] = await tx.query('SELECT clock_timestamp() AS at');
  return new Date(at);
}
