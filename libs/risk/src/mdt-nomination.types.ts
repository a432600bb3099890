import { ArgsType, Field, GraphQLISODateTime, ID, InputType, Int, ObjectType } from '@nestjs/graphql';
import { IsEnum, IsInt, IsOptional, IsString, Length, Min, ValidateIf } from 'class-validator';
import { PersonLevel } from '@app/access';
import { PageArgs, PageOf } from '@app/pagination';
import { IsCalendarDate, IsId, IsNhsNumber, IsOdsCode, Trim } from '@app/validation';
import { PersonOnAList } from './at-risk.types';
import { MdtDecision, NominationStatus } from './risk-codes';

@InputType({ description: 'Nominates a person with no lead professional for multidisciplinary team case review.' })
export class NominateForMdtInput {
  @Field()
  @IsNhsNumber()
  nhsNumber: string;

  @Field(() => ID, { nullable: true, description: 'The policy whose tier prompted the nomination; the tier is recorded with it.' })
  @IsOptional()
  @IsId()
  policyId?: string;

  @Field({ description: 'Why the MDT should review them.' })
  @Trim()
  @IsString()
  @Length(1, 2000)
  reason: string;
}

@InputType({
  description:
    "The MDT's decision: TAKE_ON assigns the lead professional named; DECLINE needs a note saying why; DEFER may say when to look again.",
})
export class DecideMdtNominationInput {
  @Field(() => ID)
  @IsId()
  nominationId: string;

  @Field(() => Int, { description: 'The version you read (VERSION_CONFLICT otherwise).' })
  @IsInt()
  @Min(1)
  expectedVersion: number;

  @Field(() => MdtDecision)
  @IsEnum(MdtDecision)
  decision: MdtDecision;

  @Field(() => ID, { nullable: true, description: 'TAKE_ON: the professional who leads from now.' })
  @ValidateIf((input: DecideMdtNominationInput) => input.decision === MdtDecision.TAKE_ON)
  @IsId()
  leadProfessionalId?: string;

  @Field(() => String, { nullable: true, description: 'Required to DECLINE: why.' })
  @ValidateIf((input: DecideMdtNominationInput, note: unknown) => input.decision === MdtDecision.DECLINE || note != null)
  @Trim()
  @IsString({ message: 'note must say why the MDT declined' })
  @Length(1, 2000)
  note?: string;

  @Field(() => String, { nullable: true, description: 'DEFER: when the MDT looks again (YYYY-MM-DD).' })
  @IsOptional()
  @IsCalendarDate()
  reviewOn?: string;
}

@ObjectType({ description: 'A nomination of a person for MDT case review, and the decision.' })
@PersonLevel((n: MdtNomination) => n.personId)
export class MdtNomination extends PersonOnAList {
  @Field(() => ID)
  id: string;

  @Field(() => ID, { nullable: true })
  policyId: string | null;

  @Field(() => String, { nullable: true, description: 'Their tier under the policy when nominated.' })
  tier: string | null;

  @Field()
  reason: string;

  @Field()
  nominatedBy: string;

  @Field(() => GraphQLISODateTime)
  nominatedAt: Date;

  @Field(() => NominationStatus)
  status: NominationStatus;

  @Field(() => String, { nullable: true })
  decidedBy: string | null;

  @Field(() => GraphQLISODateTime, { nullable: true })
  decidedAt: Date | null;

  @Field(() => String, { nullable: true })
  decisionNote: string | null;

  @Field(() => String, { nullable: true })
  reviewOn: string | null;

  @Field(() => ID, { nullable: true })
  leadProfessionalId: string | null;

  @Field(() => Int)
  version: number;
}

@ArgsType()
export class MdtNominationsArgs extends PageArgs {
  @Field({ description: 'People registered at this practice, PCN or locality (yours or one under it).' })
  @IsOdsCode()
  organisationOds: string;

  @Field(() => [NominationStatus], { nullable: true, description: 'Awaiting the MDT (NOMINATED, DEFERRED) unless said.' })
  @IsOptional()
  @IsEnum(NominationStatus, { each: true })
  statuses?: NominationStatus[];
}

export const MdtNominationPage = PageOf(MdtNomination, 'MdtNominationPage');
