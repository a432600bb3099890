import { ArgsType, Field, Float, ID, InputType, Int, ObjectType } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import { IsArray, IsBoolean, IsNumber, IsOptional, IsString, ValidateNested } from 'class-validator';
import { PersonLevel } from '@app/access';
import { HandoverReason } from '@app/care-teams';
import { Profession, TeamKind } from '@app/organisations';
import { PageArgs, PageOf } from '@app/pagination';
import { IsId, IsOdsCode } from '@app/validation';
import { PersonTier } from './stratification.types';

@InputType({ description: 'Narrows the at-risk list; every condition given must hold.' })
export class AtRiskFilter {
  @Field(() => [String], { nullable: true, description: 'Tier codes.' })
  @IsOptional()
  @IsArray()
  @IsString({ each: true })
  tiers?: string[];

  @Field(() => Float, { nullable: true })
  @IsOptional()
  @IsNumber()
  minScore?: number;

  @Field(() => Float, { nullable: true })
  @IsOptional()
  @IsNumber()
  maxScore?: number;

  @Field({ nullable: true, description: 'Whether they have an accountable lead professional now.' })
  @IsOptional()
  @IsBoolean()
  hasLead?: boolean;

  @Field({ nullable: true, description: 'Whether they have a current (active or under review) care plan.' })
  @IsOptional()
  @IsBoolean()
  hasActivePlan?: boolean;

  @Field({ nullable: true, description: 'Whether they lack a lead professional or a current plan (or both): case finding.' })
  @IsOptional()
  @IsBoolean()
  lacksLeadOrPlan?: boolean;

  @Field({ nullable: true, description: "Whether their current plan's review date has passed." })
  @IsOptional()
  @IsBoolean()
  reviewOverdue?: boolean;

  @Field({ nullable: true, description: 'Whether they have an open referral at the single point of referral.' })
  @IsOptional()
  @IsBoolean()
  hasOpenReferral?: boolean;
}

/** A page of a policy's people registered at a practice, PCN or locality. */
@ArgsType()
export class PolicyPopulationPageArgs extends PageArgs {
  @Field({ description: 'A practice, PCN or locality (ODS code): yours or one under it.' })
  @IsOdsCode()
  organisationOds: string;

  @Field(() => ID, { description: 'The stratification policy whose tiers and model to use.' })
  @IsId()
  policyId: string;
}

@ArgsType()
export class AtRiskArgs extends PolicyPopulationPageArgs {
  @Field(() => AtRiskFilter, { nullable: true })
  @IsOptional()
  @ValidateNested()
  @Type(() => AtRiskFilter)
  filter?: AtRiskFilter;
}

@ObjectType()
export class LeadSummary {
  @Field(() => ID)
  professionalId: string;

  @Field()
  name: string;

  @Field(() => Profession)
  profession: Profession;
}

/** Who a person on a list is: the fields every list of people shows first. */
@ObjectType({ isAbstract: true })
export class PersonOnAList {
  @Field(() => ID)
  personId: string;

  @Field()
  nhsNumber: string;

  @Field()
  givenName: string;

  @Field()
  familyName: string;
}

@ObjectType({ description: 'A person on an at-risk list: who, their tier and why, their lead and their plan.' })
@PersonLevel((p: AtRiskPerson) => p.personId)
export class AtRiskPerson extends PersonOnAList {
  @Field()
  dateOfBirth: string;

  @Field(() => String, { nullable: true })
  gpPracticeOds: string | null;

  @Field(() => PersonTier)
  tier: PersonTier;

  @Field(() => LeadSummary, { nullable: true })
  lead: LeadSummary | null;

  @Field(() => String, { nullable: true, description: 'Status of the current plan (ACTIVE, UNDER_REVIEW), null for none.' })
  planStatus: string | null;

  @Field(() => String, { nullable: true })
  nextReviewDate: string | null;

  @Field({ description: "Whether the current plan's review date has passed." })
  reviewOverdue: boolean;

  @Field(() => Int, { description: 'Referrals for them not yet closed.' })
  openReferrals: number;
}

export const AtRiskPage = PageOf(AtRiskPerson, 'AtRiskPage');

@ArgsType()
export class AtRiskSummaryArgs {
  @Field()
  @IsOdsCode()
  organisationOds: string;

  @Field(() => ID)
  @IsId()
  policyId: string;
}

@ObjectType()
export class TierCount {
  @Field()
  tier: string;

  @Field()
  tierName: string;

  @Field(() => Int)
  people: number;
}

@ObjectType({ description: "One practice's figures under a policy." })
export class PracticeRiskSummary {
  @Field()
  practiceOds: string;

  @Field()
  practiceName: string;

  @Field(() => [TierCount], { description: 'People in each tier, highest tier first.' })
  tiers: TierCount[];

  @Field(() => Int, { description: 'People in the top tier.' })
  topTier: number;

  @Field(() => Int)
  topTierWithLead: number;

  @Field(() => Int)
  topTierWithActivePlan: number;

  @Field(() => Int)
  topTierWithLeadAndPlan: number;

  @Field(() => Float, { nullable: true, description: 'Share (0 to 1) of the top tier with a lead and a current plan; null with nobody in it.' })
  shareOfTopTierWithLeadAndPlan: number | null;
}

@ArgsType()
export class LeadMismatchArgs extends PolicyPopulationPageArgs {}

@ObjectType({ description: "A person whose lead is not the kind their tier expects (or who has none and must)." })
@PersonLevel((m: LeadMismatch) => m.person.personId)
export class LeadMismatch {
  @Field(() => AtRiskPerson)
  person: AtRiskPerson;

  @Field(() => [Profession], { description: 'Who the tier expects to lead.' })
  expectedProfessions: Profession[];

  @Field(() => TeamKind, { nullable: true })
  expectedTeamKind: TeamKind | null;

  @Field({ description: 'NO_LEAD, PROFESSION or TEAM.' })
  mismatch: string;

  @Field(() => HandoverReason, {
    description: 'The reason to give the handover: STEP_UP or STEP_DOWN after a change of tier, ASSIGNED when nobody leads.',
  })
  suggestedReason: HandoverReason;
}

export const LeadMismatchPage = PageOf(LeadMismatch, 'LeadMismatchPage');
