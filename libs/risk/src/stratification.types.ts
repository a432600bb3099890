import { ArgsType, Field, Float, GraphQLISODateTime, ID, InputType, Int, ObjectType } from '@nestjs/graphql';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsEnum,
  IsInt,
  IsNumber,
  IsOptional,
  IsString,
  Length,
  Matches,
  Max,
  Min,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { PersonLevel } from '@app/access';
import { Profession, TeamKind } from '@app/organisations';
import { IsId, IsNhsNumber, Trim } from '@app/validation';
import { RiskModel, TierBasis, TierDirection } from './risk-codes';

const TIER_CODE = /^[A-Z][A-Z0-9_]{0,39}$/;

@InputType({ description: 'One tier of a policy. Tiers are listed highest (most intensive) first.' })
export class TierInput {
  @Field({ description: 'A code such as INTENSIVE_CASE_MANAGEMENT (capitals, digits and _).' })
  @Matches(TIER_CODE, { message: 'code must be capitals, digits and _, starting with a letter' })
  code: string;

  @Field({ description: 'What care teams call it: "Significant complexity".' })
  @Trim()
  @IsString()
  @Length(1, 200)
  name: string;

  @Field(() => Float, {
    nullable: true,
    description:
      'PERCENTILE policies: the tier holds the people in the top topPercent of the population not in a higher tier ' +
      '(2 then 5: the top 2%, then the next 3%). The last tier leaves it out: everyone else.',
  })
  @IsOptional()
  @IsNumber()
  @Min(0.01)
  @Max(100)
  topPercent?: number | null;

  @Field(() => [String], { nullable: true, description: "CATEGORY policies: the model's categories the tier holds." })
  @IsOptional()
  @IsArray()
  @IsString({ each: true })
  categories?: string[] | null;

  @Field({ description: 'Whether people in the tier are case-managed: they always have a lead professional.' })
  @IsBoolean()
  caseManaged: boolean;

  @Field(() => [Profession], { defaultValue: [], description: 'The kinds of professional who should lead; empty: no lead expected.' })
  @IsArray()
  @IsEnum(Profession, { each: true })
  leadProfessions: Profession[] = [];

  @Field(() => TeamKind, { nullable: true, description: 'The kind of team the lead works through (the practice MDT...).' })
  @IsOptional()
  @IsEnum(TeamKind)
  leadTeamKind?: TeamKind | null;
}

@InputType({
  description:
    'A new policy (no policyId), or a new version of one. Tiers are placed by percentile or category of the latest ' +
    'score from the model of each person registered at a practice under the scope organisations.',
})
export class SetStratificationPolicyInput {
  @Field(() => ID, { nullable: true, description: 'The policy to change; left out for a new one.' })
  @IsOptional()
  @IsId()
  policyId?: string;

  @Field(() => Int, { nullable: true, description: 'The version you read, when changing a policy (VERSION_CONFLICT otherwise).' })
  @ValidateIf((input: SetStratificationPolicyInput) => input.policyId !== undefined)
  @IsInt()
  @Min(1)
  expectedVersion?: number;

  @Field()
  @Trim()
  @IsString()
  @Length(1, 200)
  name: string;

  @Field(() => [String], {
    description: 'ODS codes of the organisations whose registered lists the policy stratifies (localities, PCNs or practices).',
  })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @Transform(({ value }) => (Array.isArray(value) ? value.map((v) => (typeof v === 'string' ? v.trim().toUpperCase() : v)) : value))
  @Matches(/^[A-Z0-9]{3,10}$/, { each: true, message: 'scopeOdsCodes must be ODS codes (3 to 10 letters and digits)' })
  scopeOdsCodes: string[];

  @Field(() => RiskModel)
  @IsEnum(RiskModel)
  model: RiskModel;

  @Field(() => TierBasis)
  @IsEnum(TierBasis)
  basis: TierBasis;

  @Field(() => [TierInput])
  @IsArray()
  @ArrayMinSize(2)
  @ArrayMaxSize(10)
  @ValidateNested({ each: true })
  @Type(() => TierInput)
  tiers: TierInput[];

  @Field(() => String, {
    nullable: true,
    description: 'The tier for people with no score from the model; left out, they are given no tier (and listed as unscored).',
  })
  @IsOptional()
  @Matches(TIER_CODE)
  unscoredTier?: string | null;
}

@ObjectType()
export class StratificationTier {
  @Field()
  code: string;

  @Field()
  name: string;

  @Field(() => Int, { description: '1 is the highest (most intensive) tier.' })
  rank: number;

  @Field(() => Float, { nullable: true })
  topPercent: number | null;

  @Field(() => [String], { nullable: true })
  categories: string[] | null;

  @Field()
  caseManaged: boolean;

  @Field(() => [Profession])
  leadProfessions: Profession[];

  @Field(() => TeamKind, { nullable: true })
  leadTeamKind: TeamKind | null;
}

@ObjectType({ description: 'A versioned stratification policy: who it covers, the model, and its tiers.' })
export class StratificationPolicy {
  @Field(() => ID)
  id: string;

  @Field()
  name: string;

  @Field(() => Int)
  version: number;

  @Field(() => [String])
  scopeOdsCodes: string[];

  scopeOrganisationIds: string[];

  @Field(() => RiskModel)
  model: RiskModel;

  @Field(() => TierBasis)
  basis: TierBasis;

  @Field(() => String, { nullable: true })
  unscoredTier: string | null;

  @Field(() => [StratificationTier])
  tiers: StratificationTier[];

  @Field()
  savedBy: string;

  @Field(() => GraphQLISODateTime)
  savedAt: Date;
}

@ArgsType()
export class PolicyArgs {
  @Field(() => ID)
  @IsId()
  policyId: string;
}

@ObjectType({ description: 'What one re-tiering of a policy did.' })
export class RetierResult {
  @Field(() => Int)
  policyVersion: number;

  @Field(() => Int, { description: 'People in the policy population given a tier.' })
  tiered: number;

  @Field(() => Int, { description: 'Tiers written: new, changed (tier, score or policy version) or removed; unchanged ones are left.' })
  written: number;

  @Field(() => Int, { description: 'Of them, people with no score from the model.' })
  unscored: number;

  @Field(() => Int, { description: 'People given a tier for the first time.' })
  first: number;

  @Field(() => Int)
  steppedUp: number;

  @Field(() => Int)
  steppedDown: number;

  @Field(() => Int, { description: 'People who left the policy population or lost their tier.' })
  removed: number;

  @Field(() => Float)
  seconds: number;
}

@ObjectType({
  description:
    "A person's tier under a policy, and why: the model and score, the share of the policy's scored population " +
    'scoring higher, the threshold that placed them, and the policy version.',
})
@PersonLevel((tier: PersonTier) => tier.personId)
export class PersonTier {
  personId: string;

  @Field(() => ID)
  policyId: string;

  @Field()
  policyName: string;

  @Field(() => Int)
  policyVersion: number;

  @Field()
  tier: string;

  @Field()
  tierName: string;

  @Field(() => Int)
  tierRank: number;

  @Field()
  caseManaged: boolean;

  @Field(() => RiskModel)
  model: RiskModel;

  @Field(() => Float, { nullable: true, description: 'Null: the person had no score from the model.' })
  score: number | null;

  @Field(() => String, { nullable: true })
  category: string | null;

  @Field(() => String, { nullable: true })
  assessedOn: string | null;

  @Field(() => Float, {
    nullable: true,
    description:
      'Percentage of the scored population scoring strictly higher (people tied share a place, so ties share a tier), as when the tier was last written: ' +
      're-tiering writes it again with a new score or tier, or once it has moved by 0.1 of a point.',
  })
  percentAbove: number | null;

  @Field({ description: 'The rule that placed them: "top 2%", "category SEVERE", "everyone else", "no EFI score".' })
  threshold: string;

  @Field({ description: 'The explanation in words.' })
  explanation: string;

  @Field(() => GraphQLISODateTime)
  assignedAt: Date;
}

@ObjectType({ description: "A change of a person's tier." })
@PersonLevel((change: TierChange) => change.personId)
export class TierChange {
  personId: string;

  @Field(() => ID)
  policyId: string;

  @Field(() => Int)
  policyVersion: number;

  @Field(() => String, { nullable: true })
  fromTier: string | null;

  @Field(() => String, { nullable: true })
  toTier: string | null;

  @Field(() => TierDirection)
  direction: TierDirection;

  @Field(() => Float, { nullable: true })
  score: number | null;

  @Field(() => GraphQLISODateTime)
  changedAt: Date;
}

@ObjectType()
export class PersonTiers {
  @Field(() => [PersonTier])
  current: PersonTier[];

  @Field(() => [TierChange], { description: 'Newest first.' })
  changes: TierChange[];
}

@ArgsType()
export class PersonTiersArgs {
  @Field()
  @IsNhsNumber()
  nhsNumber: string;
}
