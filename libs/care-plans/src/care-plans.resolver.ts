import { Args, Context, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { Activity, Authorise, CurrentUser } from '@app/access';
import type { User } from '@app/access';
import { loadBatched } from '@app/organisations';
import { Page } from '@app/pagination';
import { CarePlanAction } from './care-plan-action.entity';
import { CarePlanReview } from './care-plan-review.entity';
import { CarePlanSignOff } from './care-plan-sign-off.entity';
import { CarePlanVersion } from './care-plan-version.entity';
import { CarePlan } from './care-plan.entity';
import {
  ActivateCarePlanInput,
  CarePlanActionPage,
  CarePlanArgs,
  CarePlanChangesArgs,
  CarePlanComparison,
  CarePlanPage,
  CarePlansOfArgs,
  CarePlanVersionArgs,
  CloseCarePlanInput,
  CompleteCarePlanReviewInput,
  CreateCarePlanInput,
  OpenActionsArgs,
  ReviewsDueArgs,
  SignOffCarePlanInput,
  StartCarePlanReviewInput,
  UpdateCarePlanInput,
} from './care-plan.types';
import { CarePlansService } from './care-plans.service';

const VIEW_PLAN = { activity: Activity.VIEW_PERSON_RECORD, person: (args: Record<string, any>) => ({ carePlanId: args.carePlanId }) };
const CHANGE_PLAN = {
  activity: Activity.CHANGE_PERSON_RECORD,
  person: (args: Record<string, any>) => ({ carePlanId: args.input?.carePlanId }),
};
const CHANGE_ERRORS = 'PLAN_NOT_FOUND, VERSION_CONFLICT, NOT_AUTHORISED (not a professional in the directory)';

@Resolver(() => CarePlan)
export class CarePlansResolver {
  constructor(private readonly plans: CarePlansService) {}

  @Query(() => CarePlan, { nullable: true, description: 'A care plan as it is now, or null if there is none with that id.' })
  @Authorise({ activity: Activity.VIEW_PERSON_RECORD, person: (args) => ({ carePlanId: args.id }) })
  carePlan(@Args() { id }: CarePlanArgs): Promise<CarePlan | null> {
    return this.plans.findById(id);
  }

  @Query(() => [CarePlan], {
    description: "A person's plans: the current one first, then drafts, then closed ones. Errors: PERSON_NOT_FOUND.",
  })
  @Authorise({ activity: Activity.VIEW_PERSON_RECORD, person: (args) => ({ nhsNumber: args.nhsNumber }) })
  carePlans(@Args() { nhsNumber }: CarePlansOfArgs): Promise<CarePlan[]> {
    return this.plans.plansOf(nhsNumber);
  }

  @Query(() => CarePlanVersion, { description: 'One version of a plan, as it was saved. Errors: PLAN_NOT_FOUND.' })
  @Authorise(VIEW_PLAN)
  carePlanVersion(@Args() { carePlanId, version }: CarePlanVersionArgs): Promise<CarePlanVersion> {
    return this.plans.version(carePlanId, version);
  }

  @Query(() => CarePlanComparison, {
    description: 'The fields that differ between two versions of a plan, before and after. Errors: PLAN_NOT_FOUND.',
  })
  @Authorise(VIEW_PLAN)
  carePlanChanges(@Args() args: CarePlanChangesArgs): Promise<CarePlanComparison> {
    return this.plans.changes(args);
  }

  @Query(() => CarePlanPage, {
    description:
      'Current plans whose review is overdue (or due within withinDays), for one professional, team or organisation, ' +
      'by review date, a page at a time; people you may not see are left out. ' +
      'Errors: PROFESSIONAL_NOT_FOUND, TEAM_NOT_FOUND, ORGANISATION_NOT_FOUND, BAD_USER_INPUT.',
  })
  @Authorise({ activity: Activity.VIEW_PERSON_RECORD })
  carePlanReviews(@Args() args: ReviewsDueArgs): Promise<Page<CarePlan>> {
    return this.plans.reviewsDue(args);
  }

  @Query(() => CarePlanActionPage, {
    description:
      'Open actions on current plans that an organisation (itself or through its teams) or a team owns, by due date, ' +
      'a page at a time; people you may not see are left out. Errors: TEAM_NOT_FOUND, ORGANISATION_NOT_FOUND, BAD_USER_INPUT.',
  })
  @Authorise({ activity: Activity.VIEW_PERSON_RECORD })
  openCarePlanActions(@Args() args: OpenActionsArgs): Promise<Page<CarePlanAction>> {
    return this.plans.openActions(args);
  }

  @Mutation(() => CarePlan, {
    description:
      'Writes a new plan as a draft (version 1), by the signed-in professional. Errors: PERSON_NOT_FOUND, ' +
      'PROFESSIONAL_NOT_FOUND, TEAM_NOT_FOUND, ORGANISATION_NOT_FOUND (action owners), DATES_OUT_OF_ORDER, NOT_AUTHORISED, BAD_USER_INPUT.',
  })
  @Authorise({ activity: Activity.CHANGE_PERSON_RECORD, person: (args) => ({ nhsNumber: args.input?.nhsNumber }) })
  createCarePlan(@CurrentUser() user: User, @Args('input') input: CreateCarePlanInput): Promise<CarePlan> {
    return this.plans.create(input, user.professionalId);
  }

  @Mutation(() => CarePlan, {
    description: `Saves a new version of the content. Errors: ${CHANGE_ERRORS}, PLAN_ALREADY_CLOSED, the action owners' *_NOT_FOUND, DATES_OUT_OF_ORDER.`,
  })
  @Authorise(CHANGE_PLAN)
  updateCarePlan(@CurrentUser() user: User, @Args('input') input: UpdateCarePlanInput): Promise<CarePlan> {
    return this.plans.update(input, user.professionalId);
  }

  @Mutation(() => CarePlanSignOff, {
    description: `Signs off the version you read, for health or social care. Errors: ${CHANGE_ERRORS}, PLAN_INVALID_TRANSITION, DUPLICATE.`,
  })
  @Authorise(CHANGE_PLAN)
  signOffCarePlan(@CurrentUser() user: User, @Args('input') input: SignOffCarePlanInput): Promise<CarePlanSignOff> {
    return this.plans.signOff(input, user.professionalId);
  }

  @Mutation(() => CarePlan, {
    description:
      `Activates a draft. Errors: ${CHANGE_ERRORS}, PLAN_AGREEMENT_MISSING, PLAN_SIGN_OFF_MISSING, PLAN_ALREADY_ACTIVE, ` +
      'PLAN_INVALID_TRANSITION, PLAN_ALREADY_CLOSED, DATES_OUT_OF_ORDER.',
  })
  @Authorise(CHANGE_PLAN)
  activateCarePlan(@CurrentUser() user: User, @Args('input') input: ActivateCarePlanInput): Promise<CarePlan> {
    return this.plans.activate(input, user.professionalId);
  }

  @Mutation(() => CarePlan, {
    description: `Starts a review of an active plan. Errors: ${CHANGE_ERRORS}, PLAN_INVALID_TRANSITION, PLAN_ALREADY_CLOSED.`,
  })
  @Authorise(CHANGE_PLAN)
  startCarePlanReview(@CurrentUser() user: User, @Args('input') input: StartCarePlanReviewInput): Promise<CarePlan> {
    return this.plans.startReview(input, user.professionalId);
  }

  @Mutation(() => CarePlan, {
    description:
      `Completes the open review: the plan is active again. Errors: ${CHANGE_ERRORS}, PLAN_AGREEMENT_MISSING, ` +
      'PLAN_SIGN_OFF_MISSING, PLAN_INVALID_TRANSITION, PLAN_ALREADY_CLOSED, DATES_OUT_OF_ORDER.',
  })
  @Authorise(CHANGE_PLAN)
  completeCarePlanReview(@CurrentUser() user: User, @Args('input') input: CompleteCarePlanReviewInput): Promise<CarePlan> {
    return this.plans.completeReview(input, user.professionalId);
  }

  @Mutation(() => CarePlan, { description: `Closes a plan. Errors: ${CHANGE_ERRORS}, PLAN_ALREADY_CLOSED.` })
  @Authorise(CHANGE_PLAN)
  closeCarePlan(@CurrentUser() user: User, @Args('input') input: CloseCarePlanInput): Promise<CarePlan> {
    return this.plans.close(input, user.professionalId);
  }

  @ResolveField(() => [CarePlanAction], { description: 'The actions of the current version, with who owns each.' })
  actions(@Parent() plan: CarePlan, @Context() context: object): Promise<CarePlanAction[]> {
    return loadBatched(context, 'carePlanActions', plan.id, (ids) => this.plans.actionsOf(ids), (a) => a.carePlanId);
  }

  @ResolveField(() => [CarePlanSignOff], { description: 'Every sign-off, of any version, newest version first.' })
  signOffs(@Parent() plan: CarePlan, @Context() context: object): Promise<CarePlanSignOff[]> {
    return loadBatched(context, 'carePlanSignOffs', plan.id, (ids) => this.plans.signOffsOf(ids), (s) => s.carePlanId);
  }

  @ResolveField(() => [CarePlanReview], { description: 'Its reviews, newest first.' })
  reviews(@Parent() plan: CarePlan, @Context() context: object): Promise<CarePlanReview[]> {
    return loadBatched(context, 'carePlanReviews', plan.id, (ids) => this.plans.reviewsOf(ids), (r) => r.carePlanId);
  }

  @ResolveField(() => [CarePlanVersion], { description: 'Every saved version, newest first.' })
  versions(@Parent() plan: CarePlan, @Context() context: object): Promise<CarePlanVersion[]> {
    return loadBatched(context, 'carePlanVersions', plan.id, (ids) => this.plans.versionsOf(ids), (v) => v.carePlanId);
  }
}
