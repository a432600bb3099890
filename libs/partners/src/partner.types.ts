import { ArgsType, Field, GraphQLISODateTime, ID, InputType, Int, IntersectionType, ObjectType, PartialType } from '@nestjs/graphql';
import { ArrayMaxSize, ArrayMinSize, IsBoolean, IsEnum, IsInt, IsOptional, IsString, IsUrl, Length, Matches, Min } from 'class-validator';
import { PersonLevel } from '@app/access';
import { PageArgs, PageOf } from '@app/pagination';
import { IsId, Trim } from '@app/validation';
import { DeliveryStatus, PartnerAuth, PartnerScope, SyncedResourceType } from './partner-codes';
import { PartnerSystem } from './partner-system.entity';

const URL_OPTIONS = { require_tld: false, require_protocol: true, protocols: ['http', 'https'] };

@InputType({ description: 'A partner system to push changes to.' })
export class RegisterPartnerSystemInput {
  @Field()
  @Trim()
  @IsString()
  @Length(1, 200)
  name: string;

  @Field({ description: 'FHIR R4 base address.' })
  @IsUrl(URL_OPTIONS, { message: 'baseUrl must be an http(s) address' })
  baseUrl: string;

  @Field(() => PartnerAuth)
  @IsEnum(PartnerAuth)
  authKind: PartnerAuth;

  @Field(() => String, {
    nullable: true,
    description: 'Name of the secret holding the bearer token or client secret, never the secret itself.',
  })
  @IsOptional()
  @Matches(/^[A-Za-z0-9_.-]{1,100}$/, { message: 'secretName must be a name of letters, digits, dots, dashes and underscores' })
  secretName?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsUrl(URL_OPTIONS, { message: 'tokenUrl must be an http(s) address' })
  tokenUrl?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  clientId?: string | null;

  @Field(() => [SyncedResourceType])
  @IsEnum(SyncedResourceType, { each: true })
  @ArrayMinSize(1)
  @ArrayMaxSize(10)
  resourceTypes: SyncedResourceType[];

  @Field(() => PartnerScope)
  @IsEnum(PartnerScope)
  scopeKind: PartnerScope;

  @Field(() => String, { nullable: true, description: 'ONS local authority code (E10000012) or postcode area (CO, CO4).' })
  @IsOptional()
  @Trim()
  @Matches(/^([A-Za-z]{1,2}[0-9][0-9A-Za-z]?|[A-Za-z]{1,2}|[ENSW][0-9]{8})$/, {
    message: 'scopeCode must be an ONS area code or a postcode area or district',
  })
  scopeCode?: string | null;

  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsId()
  organisationId?: string | null;
}

@InputType({ description: 'Changes to a partner system; fields left out stay as they are.' })
export class UpdatePartnerSystemInput extends PartialType(RegisterPartnerSystemInput) {
  @Field(() => ID)
  @IsId()
  id: string;

  @Field(() => Int, { description: 'The version you read (VERSION_CONFLICT if it changed since).' })
  @IsInt()
  @Min(1)
  expectedVersion: number;

  @Field({ nullable: true, description: 'False stops deliveries (the queue is kept); true resumes them.' })
  @IsOptional()
  @IsBoolean()
  active?: boolean;
}

@ArgsType()
export class PartnerArgs {
  @Field(() => ID)
  @IsId()
  partnerId: string;
}

@ArgsType()
export class ParkedDeliveriesArgs extends IntersectionType(PageArgs, PartnerArgs) {}

@ArgsType()
export class DeliveryArgs {
  @Field(() => ID)
  @Matches(/^[1-9][0-9]{0,17}$/, { message: 'deliveryId must be a delivery id' })
  deliveryId: string;
}

@ObjectType({ description: 'How far behind a partner is.' })
export class PartnerDeliveryStatus {
  @Field(() => PartnerSystem)
  partner: PartnerSystem;

  @Field(() => Int, { description: 'Messages waiting to be delivered (pending or parked).' })
  undelivered: number;

  @Field(() => Int, { description: 'Messages parked after failing: they hold back later changes of the same person.' })
  parked: number;

  @Field(() => Int, { description: 'Messages waiting behind a parked message of the same person.' })
  heldBehindParked: number;

  @Field(() => GraphQLISODateTime, { nullable: true, description: 'When the oldest undelivered change was made.' })
  oldestUndeliveredChangeAt: Date | null;

  @Field(() => Int, { nullable: true, description: 'Seconds since the oldest undelivered change was made.' })
  oldestUndeliveredAgeSeconds: number | null;

  @Field(() => GraphQLISODateTime, { nullable: true })
  lastDeliveredAt: Date | null;

  @Field(() => Int, { description: 'Changes in the outbox not yet sorted into partners\' queues (all partners).' })
  outboxDepth: number;
}

/** Part of a person's record (it names them and what changed): listed only to those with a relationship to them. */
@ObjectType({ description: "One change's delivery to one partner: parked ones are listed for an operator to look at and replay." })
@PersonLevel((delivery: PartnerDelivery) => delivery.personId)
export class PartnerDelivery {
  @Field(() => ID)
  id: string;

  @Field(() => ID)
  partnerId: string;

  @Field(() => ID, { description: 'The person the change is about (their record id).' })
  personId: string;

  @Field()
  resourceType: string;

  @Field(() => ID)
  resourceId: string;

  @Field(() => DeliveryStatus)
  status: DeliveryStatus;

  @Field(() => GraphQLISODateTime)
  changedAt: Date;

  @Field(() => Int)
  attempts: number;

  @Field(() => String, { nullable: true, description: "The last failure, in the partner's words where it gave them." })
  lastError: string | null;

  @Field(() => Int, { nullable: true })
  lastHttpStatus: number | null;

  @Field(() => GraphQLISODateTime, { nullable: true })
  parkedAt: Date | null;

  @Field(() => GraphQLISODateTime, { nullable: true, description: 'When an operator last replayed it.' })
  replayedAt: Date | null;

  @Field(() => String, { nullable: true, description: 'Who last replayed it.' })
  replayedBy: string | null;
}

export const PartnerDeliveryPage = PageOf(PartnerDelivery, 'PartnerDeliveryPage');

@ObjectType()
export class ReplayResult {
  @Field(() => Int, { description: 'Parked messages put back in the queue.' })
  replayed: number;
}
