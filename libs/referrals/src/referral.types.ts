import { ArgsType, Field, Float, GraphQLISODateTime, ID, InputType, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsDate, IsEnum, IsOptional, IsString, Length, Matches, ValidateNested } from 'class-validator';
import { PageArgs, PageOf } from '@app/pagination';
import { IsCalendarDate, IsId, IsNhsNumber, IsOdsCode, Trim } from '@app/validation';
import { Referral } from './referral.entity';
import { ReferralPriority, ReferralSource } from './referral-states';

@InputType({ description: 'A document held elsewhere, by reference (never the document itself).' })
export class ReferralAttachmentInput {
  @Field()
  @Trim()
  @IsString()
  @Length(1, 200)
  title: string;

  @Field({ description: 'A URL or a document reference id.' })
  @Trim()
  @IsString()
  @Length(1, 2000)
  reference: string;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @Matches(/^[a-z]+\/[a-z0-9.+-]+$/i, { message: 'contentType must be a MIME type such as application/pdf' })
  contentType?: string;
}

@InputType({ description: 'A referral to a single point of referral.' })
export class SendReferralInput {
  @Field({ description: 'The person: their NHS number.' })
  @IsNhsNumber()
  nhsNumber: string;

  @Field({ description: 'The service asked for, a code from referralServices (URGENT_COMMUNITY_RESPONSE, REABLEMENT…).' })
  @Matches(/^[A-Z][A-Z_]{2,59}$/, { message: 'serviceCode must be a service code such as REABLEMENT' })
  serviceCode: string;

  @Field({ description: 'ODS code of the organisation whose single point of referral receives it.' })
  @IsOdsCode()
  spoaOds: string;

  @Field(() => ReferralSource)
  @IsEnum(ReferralSource)
  source: ReferralSource;

  @Field(() => ReferralPriority, { description: 'The urgency asked for; triage sets the priority.' })
  @IsEnum(ReferralPriority)
  requestedUrgency: ReferralPriority;

  @Field()
  @Trim()
  @IsString()
  @Length(1, 4000)
  reason: string;

  @Field(() => String, { nullable: true, description: 'Who refers, if not the signed-in user (a carer, the person).' })
  @IsOptional()
  @Trim()
  @IsString()
  @Length(1, 200)
  referrerName?: string;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @Trim()
  @IsString()
  @Length(1, 200)
  referrerContact?: string;

  @Field(() => String, { nullable: true, description: 'ODS code of the referring organisation; the user’s own if left out.' })
  @IsOptional()
  @IsOdsCode()
  referringOrganisationOds?: string;

  @Field(() => GraphQLISODateTime, {
    nullable: true,
    description: 'When the referral reached the service, if earlier than now (a letter, a call taken down): the response clock starts then. Within the last 30 days.',
  })
  @IsOptional()
  @IsDate()
  receivedAt?: Date;

  @Field(() => [ReferralAttachmentInput], { defaultValue: [] })
  @ValidateNested({ each: true })
  @ArrayMaxSize(20)
  @Type(() => ReferralAttachmentInput)
  attachments: ReferralAttachmentInput[] = [];
}

@ObjectType({ description: 'What became of a referral sent: recorded as new work, or linked to the same work already open.' })
export class ReferralReceipt {
  @Field(() => Referral, { description: 'The open referral that is the piece of work: the new one, or the one already open.' })
  referral: Referral;

  @Field({ description: 'True when an open referral for this person and service already existed: the new one is linked to it.' })
  linkedToOpenReferral: boolean;

  @Field(() => ID, { nullable: true, description: 'The id under which this sending was recorded, when it was linked.' })
  linkedReferralId: string | null;
}

@InputType({ description: 'Names a referral.' })
export class ReferralStepInput {
  @Field(() => ID)
  @IsId()
  referralId: string;
}

@InputType({ description: "Sets the priority and routes to a team's queue; the due time follows the team's hours." })
export class TriageReferralInput extends ReferralStepInput {
  @Field(() => ReferralPriority)
  @IsEnum(ReferralPriority)
  priority: ReferralPriority;

  @Field(() => ID)
  @IsId()
  teamId: string;
}

@InputType({ description: 'A step that needs a reason (redirect, decline, withdraw) or an outcome (complete).' })
export class ReferralReasonInput extends ReferralStepInput {
  @Field()
  @Trim()
  @IsString()
  @Length(3, 2000)
  reason: string;
}

@InputType({ description: "Routes a referral to another team's queue, with a reason." })
export class RedirectReferralInput extends ReferralReasonInput {
  @Field(() => ID)
  @IsId()
  teamId: string;
}

@InputType({ description: 'Claims the referral due soonest in a team’s queue.' })
export class ClaimNextReferralInput {
  @Field(() => ID)
  @IsId()
  teamId: string;
}

@ArgsType()
export class ReferralArgs {
  @Field(() => ID)
  @IsId()
  id: string;
}

@ArgsType()
export class QueueArgs extends PageArgs {
  @Field(() => ID)
  @IsId()
  teamId: string;
}

@ArgsType()
export class TriageListArgs extends PageArgs {
  @Field({ description: 'ODS code of the single point of referral.' })
  @IsOdsCode()
  spoaOds: string;
}

@ArgsType()
export class OpenReferralsArgs {
  @Field()
  @IsNhsNumber()
  nhsNumber: string;
}

export const ReferralPage = PageOf(Referral, 'ReferralPage');

export enum StandardsPeriod {
  WEEK = 'WEEK',
  MONTH = 'MONTH',
  QUARTER = 'QUARTER',
}
registerEnumType(StandardsPeriod, { name: 'StandardsPeriod' });

@ArgsType()
export class StandardsArgs {
  @Field({ description: 'ODS code of an organisation: its teams and those of every organisation under it.' })
  @IsOdsCode()
  organisationOds: string;
}

@ArgsType()
export class PerformanceArgs extends StandardsArgs {
  @Field({ description: 'YYYY-MM-DD, UK local date, inclusive: referrals received from then.' })
  @IsCalendarDate()
  from: string;

  @Field({ description: 'YYYY-MM-DD, UK local date, inclusive.' })
  @IsCalendarDate()
  to: string;

  @Field(() => StandardsPeriod, { defaultValue: StandardsPeriod.MONTH })
  @IsEnum(StandardsPeriod)
  period: StandardsPeriod = StandardsPeriod.MONTH;
}

@ObjectType({ description: 'Referrals past their due time and not yet accepted, for one team and service.' })
export class ReferralBreaches {
  @Field(() => ID)
  teamId: string;

  @Field()
  teamName: string;

  @Field()
  serviceCode: string;

  @Field(() => Int, { description: 'Open referrals past their due time that no one has accepted.' })
  breaching: number;

  @Field(() => Int, { description: 'Open referrals in the queue or claimed, not yet accepted.' })
  waiting: number;

  @Field(() => GraphQLISODateTime, { description: 'The longest-overdue due time.' })
  oldestDueAt: Date;
}

@ObjectType({ description: 'Time from receipt to acceptance, for one team, service and period (by date of receipt).' })
export class ReferralPerformance {
  @Field(() => ID)
  teamId: string;

  @Field()
  teamName: string;

  @Field()
  serviceCode: string;

  @Field({ description: 'YYYY-MM-DD: the first day of the period.' })
  periodStart: string;

  @Field(() => Int, { description: 'Referrals received in the period and triaged to the team.' })
  received: number;

  @Field(() => Int)
  accepted: number;

  @Field(() => Float, { nullable: true, description: 'Median minutes from receipt to acceptance, over those accepted.' })
  medianMinutesToAccept: number | null;

  @Field(() => Float, {
    nullable: true,
    description: 'Percentage of those due in the period (accepted, or past due) that were accepted by their due time.',
  })
  percentWithinStandard: number | null;
}

@ArgsType()
export class SentReferralsArgs extends PageArgs {}

