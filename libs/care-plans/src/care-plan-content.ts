import { Field, ID, InputType, Int, ObjectType } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsEnum,
  IsInt,
  IsOptional,
  IsString,
  Length,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';
import { IsCalendarDate, IsId, Trim } from '@app/validation';
import { CareSector, PlaceOfDeath, PlanActionStatus } from './care-plan-codes';

/**
 * The sections of a personalised care and support plan (after the PRSB standard). Each class is
 * both the GraphQL output type and, with "Input" after its name, the input type: what is written
 * is what is read back. The whole content is kept as jsonb in every version of a plan.
 */

const Text = (max = 4000) => (target: object, key: string) => {
  IsOptional()(target, key);
  Trim()(target, key);
  IsString()(target, key);
  Length(1, max)(target, key);
};

@ObjectType({ description: 'A need or problem, health or social.' })
@InputType('PlanNeedInput')
export class PlanNeed {
  @Field()
  @Trim()
  @IsString()
  @Length(1, 2000)
  description: string;

  @Field(() => CareSector)
  @IsEnum(CareSector)
  sector: CareSector;
}

@ObjectType({
  description:
    'Something someone will do: owned by exactly one professional, team or organisation, on the health or the social care side.',
})
@InputType('PlanActionInput')
export class PlanActionContent {
  @Field(() => ID, { nullable: true, description: 'Given by the service; name it again to keep an action when updating.' })
  @IsOptional()
  @IsId()
  id?: string;

  @Field()
  @Trim()
  @IsString()
  @Length(1, 2000)
  description: string;

  @Field(() => CareSector, { description: 'Whether health or social care owns it.' })
  @IsEnum(CareSector)
  sector: CareSector;

  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsId()
  professionalId?: string | null;

  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsId()
  teamId?: string | null;

  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsId()
  organisationId?: string | null;

  @Field({ description: 'YYYY-MM-DD, not before the plan starts.' })
  @IsCalendarDate()
  dueDate: string;

  @Field(() => PlanActionStatus, { defaultValue: PlanActionStatus.OPEN })
  @IsEnum(PlanActionStatus)
  status: PlanActionStatus = PlanActionStatus.OPEN;
}

@ObjectType({ description: 'What to do in a crisis: who to call, what to do, out of hours.' })
@InputType('ContingencyPlanInput')
export class ContingencyPlan {
  @Field(() => String, { nullable: true, description: 'Who to call first, with their numbers.' })
  @Text(2000)
  whoToCall?: string | null;

  @Field(() => String, { nullable: true, description: 'What to do if things go wrong.' })
  @Text()
  whatToDo?: string | null;

  @Field(() => String, { nullable: true, description: 'Evenings, nights and weekends (111, the out-of-hours GP, rapid response).' })
  @Text()
  outOfHours?: string | null;
}

@ObjectType({ description: 'The carer, and the support they get or need.' })
@InputType('CarerDetailsInput')
export class CarerDetails {
  @Field(() => String, { nullable: true })
  @Text(200)
  name?: string | null;

  @Field(() => String, { nullable: true, description: '"daughter", "husband", "neighbour".' })
  @Text(100)
  relationship?: string | null;

  @Field(() => String, { nullable: true })
  @Text(200)
  contact?: string | null;

  @Field(() => String, { nullable: true, description: "Carer support: a carer's assessment, respite, groups." })
  @Text()
  support?: string | null;
}

@ObjectType({ description: 'End-of-life preferences, where relevant.' })
@InputType('EndOfLifePreferencesInput')
export class EndOfLifePreferences {
  @Field(() => String, { nullable: true })
  @Text(500)
  preferredPlaceOfCare?: string | null;

  @Field(() => String, { nullable: true })
  @Text(500)
  preferredPlaceOfDeath?: string | null;

  @Field(() => PlaceOfDeath, {
    nullable: true,
    description: 'The preferred place of death as a code (beside the words above), for the outcome measure.',
  })
  @IsOptional()
  @IsEnum(PlaceOfDeath)
  preferredPlaceOfDeathCode?: PlaceOfDeath | null;

  @Field(() => String, {
    nullable: true,
    description: 'Where the resuscitation decision (ReSPECT, DNACPR) is recorded: a reference or URL; it is not kept here.',
  })
  @Text(1000)
  resuscitationDecisionReference?: string | null;
}

@ObjectType({ description: "The person's agreement to the plan and their consent to share it." })
@InputType('PlanAgreementInput')
export class PlanAgreement {
  @Field({ description: 'Whether the person (or whoever may decide for them) agrees to the plan.' })
  @IsBoolean()
  agreed: boolean;

  @Field({ description: 'Whether they consent to sharing the plan with everyone in their care team.' })
  @IsBoolean()
  consentToShare: boolean;

  @Field({ description: 'YYYY-MM-DD' })
  @IsCalendarDate()
  agreedOn: string;

  @Field(() => String, { nullable: true, description: 'Who agreed, if not the person (a lasting power of attorney).' })
  @Text(200)
  agreedBy?: string | null;
}

/** What a plan says. Every section may be left out of an update, meaning "as it is"; null clears it. */
@ObjectType({ description: "The content of a care and support plan, in the PRSB standard's sections." })
@InputType('CarePlanContentInput')
export class CarePlanContent {
  @Field(() => String, { nullable: true, description: 'About me, in my words.' })
  @Text()
  aboutMe?: string | null;

  @Field(() => String, { nullable: true, description: 'What matters to me.' })
  @Text()
  whatMattersToMe?: string | null;

  @Field(() => [PlanNeed], { nullable: true })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  @Type(() => PlanNeed)
  needs?: PlanNeed[];

  @Field(() => [String], { nullable: true, description: "Goals, in the person's own words." })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @IsString({ each: true })
  @Length(1, 1000, { each: true })
  goals?: string[];

  @Field(() => [PlanActionContent], { nullable: true })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(200)
  @ValidateNested({ each: true })
  @Type(() => PlanActionContent)
  actions?: PlanActionContent[];

  @Field(() => ContingencyPlan, { nullable: true })
  @IsOptional()
  @ValidateNested()
  @Type(() => ContingencyPlan)
  contingency?: ContingencyPlan | null;

  @Field(() => CarerDetails, { nullable: true })
  @IsOptional()
  @ValidateNested()
  @Type(() => CarerDetails)
  carer?: CarerDetails | null;

  @Field(() => EndOfLifePreferences, { nullable: true })
  @IsOptional()
  @ValidateNested()
  @Type(() => EndOfLifePreferences)
  endOfLife?: EndOfLifePreferences | null;

  @Field(() => PlanAgreement, { nullable: true, description: 'Needed before the plan is activated.' })
  @IsOptional()
  @ValidateNested()
  @Type(() => PlanAgreement)
  agreement?: PlanAgreement | null;

  @Field(() => Int, { nullable: true, description: 'Days between reviews (PLAN_REVIEW_INTERVAL_DAYS if never given).' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(3650)
  reviewIntervalDays?: number;

  @Field(() => String, {
    nullable: true,
    description: 'YYYY-MM-DD. Set on activation and after each review to the interval from then, unless given.',
  })
  @IsOptional()
  @IsCalendarDate()
  nextReviewDate?: string | null;
}

/** The stored form of a plan's content: every section present (null or empty when not written). */
export interface StoredContent {
  aboutMe: string | null;
  whatMattersToMe: string | null;
  needs: PlanNeed[];
  goals: string[];
  actions: (Required<Omit<PlanActionContent, 'professionalId' | 'teamId' | 'organisationId'>> &
    Record<'professionalId' | 'teamId' | 'organisationId', string | null>)[];
  contingency: ContingencyPlan | null;
  carer: CarerDetails | null;
  endOfLife: EndOfLifePreferences | null;
  agreement: PlanAgreement | null;
  reviewIntervalDays: number;
  nextReviewDate: string | null;
}
