import { ArgsType, Field, GraphQLISODateTime, ID, InputType, Int, ObjectType } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import { IsBoolean, IsDate, IsEnum, IsInt, IsOptional, IsString, Length, Max, Min } from 'class-validator';
import { PlaceOfDeath } from '@app/care-plans';
import { PageArgs, PageOf } from '@app/pagination';
import { IsId, IsNhsNumber, IsOdsCode, Trim } from '@app/validation';
import { CareEventKind, CareHomeSetting, DischargeDestination, NotificationState, ReviewTriggerKind } from './care-event-codes';
import { CareEvent } from './care-event.entity';
import { Notification } from './notification.entity';

@InputType({
  description:
    'A care event from a partner or a professional. Each kind has its details: a discharge its destination (and its admission when ' +
    'known), a care home admission its setting, a delayed transfer its days and admission, a death its place.',
})
export class RecordCareEventInput {
  @Field({ description: 'The person: their NHS number.' })
  @IsNhsNumber()
  nhsNumber: string;

  @Field(() => CareEventKind)
  @IsEnum(CareEventKind)
  kind: CareEventKind;

  @Field(() => GraphQLISODateTime, { description: 'When it happened; not in the future.' })
  @Type(() => Date)
  @IsDate()
  occurredAt: Date;

  @Field({
    description:
      "The event's identifier in the reporting system (a hospital spell number, a council case step id): a retry with the same " +
      'one returns the event already recorded and raises nothing again.',
  })
  @Trim()
  @IsString()
  @Length(1, 200)
  sourceIdentifier: string;

  @Field(() => String, { nullable: true, description: "The reporting system; the caller's own identity if not given." })
  @IsOptional()
  @Trim()
  @IsString()
  @Length(1, 200)
  sourceSystem?: string;

  @Field(() => String, { nullable: true, description: 'ODS code of where it happened: the trust, care home, hospice or service.' })
  @IsOptional()
  @IsOdsCode()
  organisationOds?: string;

  @Field(() => ID, { nullable: true, description: 'For a discharge or a delayed transfer: the emergency admission (its event id).' })
  @IsOptional()
  @IsId()
  admissionEventId?: string;

  @Field(() => DischargeDestination, { nullable: true, description: 'For a discharge (required).' })
  @IsOptional()
  @IsEnum(DischargeDestination)
  dischargeDestination?: DischargeDestination;

  @Field(() => CareHomeSetting, { nullable: true, description: 'For a care home admission (required).' })
  @IsOptional()
  @IsEnum(CareHomeSetting)
  careHomeSetting?: CareHomeSetting;

  @Field(() => Int, { nullable: true, description: 'For a delayed transfer of care (required): days delayed, 1 to 366.' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(366)
  delayedDays?: number;

  @Field(() => PlaceOfDeath, { nullable: true, description: 'For a death (required).' })
  @IsOptional()
  @IsEnum(PlaceOfDeath)
  placeOfDeath?: PlaceOfDeath;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @Trim()
  @IsString()
  @Length(1, 2000)
  note?: string;
}

@ObjectType({ description: 'What was recorded (nothing about the person is given back to a recorder outside their care).' })
export class CareEventReceipt {
  @Field(() => ID)
  id: string;

  @Field(() => CareEventKind)
  kind: CareEventKind;

  @Field(() => GraphQLISODateTime)
  occurredAt: Date;

  @Field(() => GraphQLISODateTime)
  recordedAt: Date;

  @Field({ description: 'True when this source identifier had been recorded before: nothing new was written.' })
  alreadyRecorded: boolean;
}

@ArgsType()
export class CareEventsArgs extends PageArgs {
  @Field()
  @IsNhsNumber()
  nhsNumber: string;
}

export const CareEventPage = PageOf(CareEvent, 'CareEventPage');

@ArgsType()
export class NotificationsArgs extends PageArgs {
  @Field(() => NotificationState, { defaultValue: NotificationState.UNREAD })
  @IsEnum(NotificationState)
  state: NotificationState = NotificationState.UNREAD;
}

export const NotificationPage = PageOf(Notification, 'NotificationPage');

@InputType()
export class AcknowledgeNotificationInput {
  @Field(() => ID)
  @IsId()
  notificationId: string;
}

@InputType({ description: 'Sets the review trigger rule for the whole care system (no organisation) or an organisation and below.' })
export class SetReviewTriggerRuleInput {
  @Field(() => String, { nullable: true, description: 'ODS code of the locality, PCN or practice; leave out for the whole care system.' })
  @IsOptional()
  @IsOdsCode()
  organisationOds?: string;

  @Field(() => ReviewTriggerKind)
  @IsEnum(ReviewTriggerKind)
  triggerKind: ReviewTriggerKind;

  @Field()
  @IsBoolean()
  enabled: boolean;

  @Field(() => Int, { nullable: true, description: 'Review due within this many days (0 to 365); leave out to notify the lead only.' })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(365)
  reviewWithinDays?: number;
}
