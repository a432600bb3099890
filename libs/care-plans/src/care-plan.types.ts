import { ArgsType, Field, ID, InputType, Int, ObjectType } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import { IsEnum, IsInt, IsOptional, IsString, Length, Max, Min, ValidateNested } from 'class-validator';
import { PersonLevel } from '@app/access';
import { PageArgs, PageOf } from '@app/pagination';
import { IsCalendarDate, IsId, IsNhsNumber, Trim } from '@app/validation';
import { CareSector, ReviewReason, ReviewsDue } from './care-plan-codes';
import { CarePlanContent } from './care-plan-content';
import { CarePlanAction } from './care-plan-action.entity';
import { CarePlan } from './care-plan.entity';

@InputType({ description: 'A new plan, as a draft. The author is the signed-in professional.' })
export class CreateCarePlanInput {
  @Field({ description: 'The person the plan is for: their NHS number.' })
  @IsNhsNumber()
  nhsNumber: string;

  @Field(() => String, { nullable: true, description: 'YYYY-MM-DD; today if left out.' })
  @IsOptional()
  @IsCalendarDate()
  startDate?: string;

  @Field(() => CarePlanContent)
  @ValidateNested()
  @Type(() => CarePlanContent)
  content: CarePlanContent;
}

/** What every change to a plan names: the plan, and the version the caller read. */
@InputType({ isAbstract: true })
export class PlanChange {
  @Field(() => ID)
  @IsId()
  carePlanId: string;

  @Field(() => Int, { description: 'The version you read: if the plan changed since, nothing is written (VERSION_CONFLICT).' })
  @IsInt()
  @Min(1)
  expectedVersion: number;
}

@InputType({
  description: 'Saves a new version. Sections left out stay as they are; null clears one; actions, when given, replace them all.',
})
export class UpdateCarePlanInput extends PlanChange {
  @Field(() => CarePlanContent)
  @ValidateNested()
  @Type(() => CarePlanContent)
  content: CarePlanContent;
}

@InputType({ description: "Signs off the version you read, for one side of the plan, as the signed-in professional." })
export class SignOffCarePlanInput extends PlanChange {
  @Field(() => CareSector, { description: 'The side you sign for.' })
  @IsEnum(CareSector)
  sector: CareSector;
}

@InputType({ description: 'Activates a draft, or completes a review: the next review date is set then.' })
export class ActivateCarePlanInput extends PlanChange {
  @Field(() => String, {
    nullable: true,
    description: "YYYY-MM-DD; otherwise the plan's own, or the review interval from today.",
  })
  @IsOptional()
  @IsCalendarDate()
  nextReviewDate?: string;
}

@InputType({ description: 'Starts a review of an active plan; it stays the current plan while it is reviewed.' })
export class StartCarePlanReviewInput extends PlanChange {
  @Field(() => ReviewReason)
  @IsEnum(ReviewReason)
  reason: ReviewReason;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @Trim()
  @IsString()
  @Length(1, 2000)
  reasonNote?: string;
}

@InputType({
  description:
    'Completes the open review: the plan is active again, on the same conditions as a first activation ' +
    '(agreement, and sign-off of the current version).',
})
export class CompleteCarePlanReviewInput extends ActivateCarePlanInput {
  @Field({ description: 'What the review concluded.' })
  @Trim()
  @IsString()
  @Length(1, 4000)
  outcome: string;
}

@InputType({ description: 'Closes a plan (no longer case-managed, moved away, died, replaced).' })
export class CloseCarePlanInput extends PlanChange {
  @Field()
  @Trim()
  @IsString()
  @Length(1, 2000)
  reason: string;
}

@ArgsType()
export class CarePlanArgs {
  @Field(() => ID)
  @IsId()
  id: string;
}

@ArgsType()
export class CarePlansOfArgs {
  @Field()
  @IsNhsNumber()
  nhsNumber: string;
}

@ArgsType()
class OfCarePlan {
  @Field(() => ID)
  @IsId()
  carePlanId: string;
}

@ArgsType()
export class CarePlanVersionArgs extends OfCarePlan {
  @Field(() => Int)
  @IsInt()
  @Min(1)
  version: number;
}

@ArgsType()
export class CarePlanChangesArgs extends OfCarePlan {
  @Field(() => Int)
  @IsInt()
  @Min(1)
  fromVersion: number;

  @Field(() => Int)
  @IsInt()
  @Min(1)
  toVersion: number;
}

/** Whose reviews or actions a list is about: exactly one of a professional, a team or an organisation. */
@ArgsType()
export class ScopeArgs extends PageArgs {
  @Field(() => ID, { nullable: true, description: 'Plans they lead, or whose care team they (or a team of theirs) are in.' })
  @IsOptional()
  @IsId()
  professionalId?: string;

  @Field(() => ID, { nullable: true, description: 'Plans whose care team the team is in.' })
  @IsOptional()
  @IsId()
  teamId?: string;

  @Field(() => ID, {
    nullable: true,
    description:
      'Plans of people registered at the organisation or a practice under it, or with it or one of its teams in their care team.',
  })
  @IsOptional()
  @IsId()
  organisationId?: string;
}

@ArgsType()
export class ReviewsDueArgs extends ScopeArgs {
  @Field(() => ReviewsDue)
  @IsEnum(ReviewsDue)
  due: ReviewsDue;

  @Field(() => Int, { defaultValue: 28, description: 'For UPCOMING: how many days ahead.' })
  @IsInt()
  @Min(0)
  @Max(366)
  withinDays: number = 28;
}

@ArgsType()
export class OpenActionsArgs extends PageArgs {
  @Field(() => ID, { nullable: true, description: 'Actions the organisation owns, itself or through one of its teams.' })
  @IsOptional()
  @IsId()
  organisationId?: string;

  @Field(() => ID, { nullable: true, description: 'Actions the team owns.' })
  @IsOptional()
  @IsId()
  teamId?: string;

  @Field(() => String, { nullable: true, description: 'YYYY-MM-DD: only actions due on or before it.' })
  @IsOptional()
  @IsCalendarDate()
  dueBy?: string;
}

@ObjectType({ description: 'A field that differs between two versions: before and after as JSON text (null where there was none).' })
export class CarePlanChange {
  @Field({ description: 'Where: "carer.contact", "goals[1]", "actions[id=…].status".' })
  path: string;

  @Field(() => String, { nullable: true })
  before: string | null;

  @Field(() => String, { nullable: true })
  after: string | null;
}

@ObjectType({ description: 'What changed in a care plan from one version to another.' })
@PersonLevel((comparison: CarePlanComparison) => comparison.personId)
export class CarePlanComparison {
  @Field(() => ID)
  carePlanId: string;

  personId: string;

  @Field(() => Int)
  fromVersion: number;

  @Field(() => Int)
  toVersion: number;

  @Field(() => [CarePlanChange])
  changes: CarePlanChange[];
}

export const CarePlanPage = PageOf(CarePlan, 'CarePlanPage');
export const CarePlanActionPage = PageOf(CarePlanAction, 'CarePlanActionPage');
