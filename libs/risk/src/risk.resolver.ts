import { Args, Mutation, Query, Resolver } from '@nestjs/graphql';
import { Activity, Authorise, CurrentOperation, CurrentUser } from '@app/access';
import type { User } from '@app/access';
import type { Page } from '@app/pagination';
import { AtRiskArgs, AtRiskPage, AtRiskPerson, AtRiskSummaryArgs, LeadMismatch, LeadMismatchArgs, LeadMismatchPage, PracticeRiskSummary } from './at-risk.types';
import { AtRiskService } from './at-risk.service';
import { DecideMdtNominationInput, MdtNomination, MdtNominationPage, MdtNominationsArgs, NominateForMdtInput } from './mdt-nomination.types';
import { MdtNominationsService } from './mdt-nominations.service';
import { LoadRiskScoresInput, LoadRiskScoresResult, RiskModelInfo, RiskScore, RiskScoresArgs } from './risk-score.types';
import { RiskScoresService } from './risk-scores.service';
import { PersonTiers, PersonTiersArgs, PolicyArgs, RetierResult, SetStratificationPolicyInput, StratificationPolicy } from './stratification.types';
import { StratificationService } from './stratification.service';

@Resolver()
export class RiskResolver {
  constructor(
    private readonly scores: RiskScoresService,
    private readonly stratification: StratificationService,
    private readonly atRisk: AtRiskService,
    private readonly nominations: MdtNominationsService,
  ) {}

  @Query(() => [RiskModelInfo], { description: 'The stratification models, their ranges and categories.' })
  @Authorise({ activity: Activity.VIEW_DIRECTORY })
  riskModels(): Promise<RiskModelInfo[]> {
    return this.scores.models();
  }

  @Mutation(() => LoadRiskScoresResult, {
    description:
      'Loads scores in bulk, all or none, for people registered at practices of your organisation or under it. ' +
      'Errors: RISK_SCORES_REFUSED (each bad row and why), BAD_USER_INPUT.',
  })
  @Authorise({ activity: Activity.LOAD_RISK_SCORES })
  loadRiskScores(@CurrentUser() user: User, @Args('input') input: LoadRiskScoresInput): Promise<LoadRiskScoresResult> {
    return this.scores.load(input.scores, user);
  }

  @Query(() => [RiskScore], { description: "A person's scores, newest first within each model. Errors: PERSON_NOT_FOUND." })
  @Authorise({ activity: Activity.VIEW_PERSON_RECORD, person: (args) => ({ nhsNumber: args.nhsNumber }) })
  riskScores(@Args() { nhsNumber, model }: RiskScoresArgs): Promise<RiskScore[]> {
    return this.scores.scoresOf(nhsNumber, model);
  }

  @Mutation(() => StratificationPolicy, {
    description:
      'Saves a stratification policy, or a new version of one. Re-tier to apply it. ' +
      'Errors: POLICY_INVALID, POLICY_NOT_FOUND, VERSION_CONFLICT, DUPLICATE (name), ORGANISATION_NOT_FOUND, NOT_AUTHORISED.',
  })
  @Authorise({ activity: Activity.MANAGE_STRATIFICATION_POLICY })
  setStratificationPolicy(@CurrentUser() user: User, @Args('input') input: SetStratificationPolicyInput): Promise<StratificationPolicy> {
    return this.stratification.setPolicy(input, user);
  }

  @Query(() => [StratificationPolicy], { description: 'The policies covering your organisation or organisations under it.' })
  @Authorise({ activity: Activity.RUN_POPULATION_QUERIES })
  stratificationPolicies(@CurrentUser() user: User): Promise<StratificationPolicy[]> {
    return this.stratification.policiesFor(user);
  }

  @Mutation(() => RetierResult, {
    description: "Recomputes every tier of the policy's population in one pass, recording each change. Errors: POLICY_NOT_FOUND, NOT_AUTHORISED.",
  })
  @Authorise({ activity: Activity.MANAGE_STRATIFICATION_POLICY })
  retier(@CurrentUser() user: User, @Args() { policyId }: PolicyArgs): Promise<RetierResult> {
    return this.stratification.retier(policyId, user);
  }

  @Query(() => PersonTiers, { description: "A person's tiers, with why, and their changes. Errors: PERSON_NOT_FOUND." })
  @Authorise({ activity: Activity.VIEW_PERSON_RECORD, person: (args) => ({ nhsNumber: args.nhsNumber }) })
  personTiers(@Args() { nhsNumber }: PersonTiersArgs): Promise<PersonTiers> {
    return this.stratification.tiersOf(nhsNumber);
  }

  @Query(() => AtRiskPage, {
    description:
      "The federation's view: people at a practice, PCN or locality under a policy, highest score first, filtered. " +
      'Errors: POLICY_NOT_FOUND, NOT_AUTHORISED, BAD_USER_INPUT.',
  })
  @Authorise({ activity: Activity.RUN_POPULATION_QUERIES, organisation: (args) => args.organisationOds })
  atRiskPeople(@CurrentUser() user: User, @CurrentOperation() action: string, @Args() args: AtRiskArgs): Promise<Page<AtRiskPerson>> {
    return this.atRisk.page(args, user, action);
  }

  @Query(() => [PracticeRiskSummary], {
    description: 'Per practice: people in each tier, and how many of the top tier have a lead and a current plan.',
  })
  @Authorise({ activity: Activity.RUN_POPULATION_QUERIES, organisation: (args) => args.organisationOds })
  atRiskSummary(@Args() { organisationOds, policyId }: AtRiskSummaryArgs): Promise<PracticeRiskSummary[]> {
    return this.atRisk.summary(organisationOds, policyId);
  }

  @Query(() => LeadMismatchPage, {
    description: "People whose lead is not the kind their tier expects, or who must have one and have none, with the handover reason to give.",
  })
  @Authorise({ activity: Activity.RUN_POPULATION_QUERIES, organisation: (args) => args.organisationOds })
  leadMismatches(@Args() args: LeadMismatchArgs): Promise<Page<LeadMismatch>> {
    return this.atRisk.leadMismatches(args);
  }

  @Mutation(() => MdtNomination, {
    description: 'Nominates a person with no lead for MDT case review. Errors: ALREADY_NOMINATED, NOT_AN_MDT_CANDIDATE, PERSON_NOT_FOUND.',
  })
  @Authorise({ activity: Activity.NOMINATE_FOR_MDT, person: (args) => ({ nhsNumber: args.input?.nhsNumber }) })
  nominateForMdt(@CurrentUser() user: User, @Args('input') input: NominateForMdtInput): Promise<MdtNomination> {
    return this.nominations.nominate(input, user);
  }

  @Mutation(() => MdtNomination, {
    description:
      "Records the MDT's decision. Errors: NOMINATION_INVALID_TRANSITION, NOMINATION_NOT_FOUND, VERSION_CONFLICT, and " +
      "assignLeadProfessional's for TAKE_ON.",
  })
  @Authorise({ activity: Activity.NOMINATE_FOR_MDT, person: (args) => ({ mdtNominationId: args.input?.nominationId }) })
  decideMdtNomination(@CurrentUser() user: User, @Args('input') input: DecideMdtNominationInput): Promise<MdtNomination> {
    return this.nominations.decide(input, user);
  }

  @Query(() => MdtNominationPage, { description: 'Nominations of people registered under the organisation, oldest first.' })
  @Authorise({ activity: Activity.RUN_POPULATION_QUERIES, organisation: (args) => args.organisationOds })
  mdtNominations(@Args() args: MdtNominationsArgs): Promise<Page<MdtNomination>> {
    return this.nominations.page(args);
  }
}
