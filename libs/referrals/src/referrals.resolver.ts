import { Args, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { Activity, Authorise, CurrentUser } from '@app/access';
import type { User } from '@app/access';
import { Page, PageArgs } from '@app/pagination';
import { ReferralEvent } from './referral-event.entity';
import { ReferralStandardsService } from './referral-standards.service';
import { Referral } from './referral.entity';
import {
  ClaimNextReferralInput,
  OpenReferralsArgs,
  PerformanceArgs,
  QueueArgs,
  RedirectReferralInput,
  ReferralArgs,
  ReferralBreaches,
  ReferralPage,
  ReferralPerformance,
  ReferralReasonInput,
  ReferralReceipt,
  ReferralStepInput,
  SendReferralInput,
  StandardsArgs,
  TriageListArgs,
  TriageReferralInput,
} from './referral.types';
import { ReferralsService } from './referrals.service';

const byReferral = (args: Record<string, any>) => ({ referralId: args.input?.referralId });

/**
 * The single point of referral over GraphQL. Steps on a referral name it, so the access guard
 * checks the user's relationship to its person first (queue and triage staff have one while it is
 * open, REFERRAL_TRIAGE; the claimer's team once claimed, REFERRAL_TEAM; the referrer, REFERRER).
 */
@Resolver(() => Referral)
export class ReferralsResolver {
  constructor(
    private readonly referrals: ReferralsService,
    private readonly standards: ReferralStandardsService,
  ) {}

  @Mutation(() => ReferralReceipt, {
    description:
      'Sends a referral to a single point of referral. An open referral for the same person and service is returned instead, ' +
      'with this one recorded linked to it. Errors: PERSON_NOT_FOUND, REFERRAL_SERVICE_NOT_FOUND, ORGANISATION_NOT_FOUND, BAD_USER_INPUT.',
  })
  @Authorise({ activity: Activity.MAKE_REFERRAL })
  sendReferral(@CurrentUser() user: User, @Args('input') input: SendReferralInput): Promise<ReferralReceipt> {
    return this.referrals.send(input, user);
  }

  @Mutation(() => Referral, {
    description:
      "Sets the priority and routes to a team's queue; due time from the team's hours. Errors: REFERRAL_NOT_FOUND, " +
      'REFERRAL_INVALID_TRANSITION, SERVICE_NOT_OFFERED, RESPONSE_STANDARD_MISSING, NOT_AUTHORISED.',
  })
  @Authorise({ activity: Activity.MANAGE_REFERRAL_QUEUE, person: byReferral })
  triageReferral(@CurrentUser() user: User, @Args('input') input: TriageReferralInput): Promise<Referral> {
    return this.referrals.triage(input, user);
  }

  @Mutation(() => Referral, {
    description:
      'Claims the referral due soonest in the team’s queue; concurrent claimers each get a different one. ' +
      'Errors: REFERRAL_QUEUE_EMPTY, NOT_A_TEAM_MEMBER.',
  })
  @Authorise({ activity: Activity.MANAGE_REFERRAL_QUEUE })
  claimNextReferral(@CurrentUser() user: User, @Args('input') input: ClaimNextReferralInput): Promise<Referral> {
    return this.referrals.claimNext(input.teamId, user);
  }

  @Mutation(() => Referral, {
    description: 'Claims a named referral. Errors: REFERRAL_ALREADY_CLAIMED, REFERRAL_INVALID_TRANSITION, NOT_A_TEAM_MEMBER, REFERRAL_NOT_FOUND.',
  })
  @Authorise({ activity: Activity.MANAGE_REFERRAL_QUEUE, person: byReferral })
  claimReferral(@CurrentUser() user: User, @Args('input') input: ReferralStepInput): Promise<Referral> {
    return this.referrals.claim(input, user);
  }

  @Mutation(() => Referral, { description: 'Puts a claimed referral back in the queue. Errors: REFERRAL_INVALID_TRANSITION, NOT_A_TEAM_MEMBER.' })
  @Authorise({ activity: Activity.MANAGE_REFERRAL_QUEUE, person: byReferral })
  releaseReferral(@CurrentUser() user: User, @Args('input') input: ReferralStepInput): Promise<Referral> {
    return this.referrals.release(input, user);
  }

  @Mutation(() => Referral, { description: 'The holder takes it on for the team. Errors: REFERRAL_INVALID_TRANSITION, REFERRAL_NOT_HELD.' })
  @Authorise({ activity: Activity.MANAGE_REFERRAL_QUEUE, person: byReferral })
  acceptReferral(@CurrentUser() user: User, @Args('input') input: ReferralStepInput): Promise<Referral> {
    return this.referrals.accept(input, user);
  }

  @Mutation(() => Referral, {
    description:
      "Routes to another team's queue with a reason. Errors: REFERRAL_INVALID_TRANSITION, REFERRAL_NOT_HELD, REFERRAL_SAME_TEAM, SERVICE_NOT_OFFERED.",
  })
  @Authorise({ activity: Activity.MANAGE_REFERRAL_QUEUE, person: byReferral })
  redirectReferral(@CurrentUser() user: User, @Args('input') input: RedirectReferralInput): Promise<Referral> {
    return this.referrals.redirect(input, user);
  }

  @Mutation(() => Referral, { description: 'Declines with a reason. Errors: REFERRAL_INVALID_TRANSITION, REFERRAL_NOT_HELD, NOT_AUTHORISED.' })
  @Authorise({ activity: Activity.MANAGE_REFERRAL_QUEUE, person: byReferral })
  declineReferral(@CurrentUser() user: User, @Args('input') input: ReferralReasonInput): Promise<Referral> {
    return this.referrals.decline(input, user);
  }

  @Mutation(() => Referral, { description: 'Completes an accepted referral; `reason` is the outcome. Errors: REFERRAL_INVALID_TRANSITION, NOT_A_TEAM_MEMBER.' })
  @Authorise({ activity: Activity.MANAGE_REFERRAL_QUEUE, person: byReferral })
  completeReferral(@CurrentUser() user: User, @Args('input') input: ReferralReasonInput): Promise<Referral> {
    return this.referrals.complete(input, user);
  }

  @Mutation(() => Referral, { description: 'Withdraws an open referral with a reason. Errors: REFERRAL_INVALID_TRANSITION, NOT_AUTHORISED.' })
  @Authorise({ activity: Activity.MAKE_REFERRAL, person: byReferral })
  withdrawReferral(@CurrentUser() user: User, @Args('input') input: ReferralReasonInput): Promise<Referral> {
    return this.referrals.withdraw(input, user);
  }

  // Everyone who works with referrals may send one; what each sees is decided by their relationship to the person.
  @Query(() => Referral, { description: 'One referral. Errors: REFERRAL_NOT_FOUND, NOT_AUTHORISED.' })
  @Authorise({ activity: Activity.MAKE_REFERRAL, person: (args) => ({ referralId: args.id }) })
  referral(@Args() { id }: ReferralArgs): Promise<Referral> {
    return this.referrals.findById(id);
  }

  @Query(() => ReferralPage, { description: "A team's queue: referrals waiting to be claimed, due soonest first." })
  @Authorise({ activity: Activity.MANAGE_REFERRAL_QUEUE })
  referralQueue(@Args() args: QueueArgs): Promise<Page<Referral>> {
    return this.referrals.queue(args);
  }

  @Query(() => ReferralPage, { description: 'Referrals at a single point of referral waiting for triage, oldest first.' })
  @Authorise({ activity: Activity.MANAGE_REFERRAL_QUEUE, organisation: (args) => args.spoaOds })
  referralsAwaitingTriage(@Args() args: TriageListArgs): Promise<Page<Referral>> {
    return this.referrals.awaitingTriage(args);
  }

  @Query(() => ReferralPage, { description: 'The referrals you have sent, newest first.' })
  @Authorise({ activity: Activity.MAKE_REFERRAL })
  referralsSent(@CurrentUser() user: User, @Args() { first, after }: PageArgs): Promise<Page<Referral>> {
    return this.referrals.sentBy(user, first, after);
  }

  @Query(() => [Referral], { description: "A person's open referrals. Errors: NOT_AUTHORISED." })
  @Authorise({ activity: Activity.VIEW_PERSON_RECORD, person: (args) => ({ nhsNumber: args.nhsNumber }) })
  openReferrals(@Args() { nhsNumber }: OpenReferralsArgs): Promise<Referral[]> {
    return this.referrals.openFor(nhsNumber);
  }

  @Query(() => [ReferralBreaches], {
    description: 'Per team and service, referrals past their due time and not accepted, for an organisation and those under it.',
  })
  @Authorise({ activity: Activity.MANAGE_REFERRAL_QUEUE, organisation: (args) => args.organisationOds })
  referralBreaches(@Args() { organisationOds }: StandardsArgs): Promise<ReferralBreaches[]> {
    return this.standards.breaches(organisationOds);
  }

  @Query(() => [ReferralPerformance], {
    description: 'Time from receipt to acceptance: medians and percentages within standard, per team, service and period.',
  })
  @Authorise({ activity: Activity.MANAGE_REFERRAL_QUEUE, organisation: (args) => args.organisationOds })
  referralPerformance(@Args() { organisationOds, from, to, period }: PerformanceArgs): Promise<ReferralPerformance[]> {
    return this.standards.performance(organisationOds, from, to, period);
  }

  @ResolveField(() => [ReferralEvent], { description: 'Every step, oldest first: who, when, from, to and why.' })
  history(@Parent() referral: Referral): Promise<ReferralEvent[]> {
    return this.referrals.history(referral.id);
  }

  @ResolveField(() => Boolean, { description: 'Open, past its due time, and not accepted: a breach of the response standard.' })
  breached(@Parent() referral: Referral): boolean {
    return referral.closedAt === null && referral.acceptedAt === null && referral.dueAt !== null && referral.dueAt.getTime() < Date.now();
  }
}

