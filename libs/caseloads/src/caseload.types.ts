import { ArgsType, Field, Float, GraphQLISODateTime, ID, Int, ObjectType } from '@nestjs/graphql';
import { IsOptional, ValidateIf } from 'class-validator';
import { PersonLevel } from '@app/access';
import { PageArgs, PageInfo } from '@app/pagination';
import { PersonOnAList } from '@app/risk';
import { IsId } from '@app/validation';

@ArgsType()
export class CaseloadArgs extends PageArgs {
  @Field(() => ID, { nullable: true, description: 'The professional whose caseload to list (or give teamId).' })
  @ValidateIf((args: CaseloadArgs) => args.teamId === undefined)
  @IsId()
  professionalId?: string;

  @Field(() => ID, { nullable: true, description: 'The team whose caseload to list (or give professionalId).' })
  @IsOptional()
  @IsId()
  teamId?: string;
}

@ObjectType({ description: "The latest thing that happened in a person's care: a handover, a plan version, a change of tier." })
export class CaseloadEvent {
  @Field({ description: 'LEAD_HANDOVER, CARE_PLAN or TIER_CHANGE.' })
  kind: string;

  @Field(() => GraphQLISODateTime)
  at: Date;

  @Field()
  description: string;
}

@ObjectType({ description: 'A person on a caseload, with what a coordinator needs to see at a glance.' })
@PersonLevel((entry: CaseloadEntry) => entry.personId)
export class CaseloadEntry extends PersonOnAList {
  @Field({ description: 'LEAD (they or, for a team, a member lead the person) or CARE_TEAM (they are in the care team).' })
  relationship: string;

  @Field(() => String, { nullable: true, description: "The person's highest tier under any policy." })
  tier: string | null;

  @Field(() => String, { nullable: true })
  tierName: string | null;

  @Field(() => Float, { nullable: true })
  score: number | null;

  @Field(() => String, { nullable: true, description: 'Status of the current plan (ACTIVE, UNDER_REVIEW); null for none.' })
  planStatus: string | null;

  @Field(() => String, { nullable: true })
  nextReviewDate: string | null;

  @Field()
  reviewOverdue: boolean;

  @Field(() => Int, { description: 'Referrals for them not yet closed.' })
  openReferrals: number;

  @Field(() => CaseloadEvent, { nullable: true })
  lastEvent: CaseloadEvent | null;
}

@ObjectType({ description: "A professional's or team's caseload: capacity, load, and a page of the people on it in name order." })
export class CaseloadPage {
  @Field({ description: 'The professional or team.' })
  owner: string;

  @Field(() => Int, { nullable: true, description: "Capacity: the professional's, or the sum of the team's members'." })
  capacity: number | null;

  @Field(() => Int, { description: 'People they lead (for a team: people its members lead).' })
  leading: number;

  @Field(() => Int, { description: 'Everyone on the caseload: led or held in a care team.' })
  people: number;

  @Field(() => Float, { nullable: true, description: 'leading over capacity.' })
  load: number | null;

  @Field(() => [CaseloadEntry])
  nodes: CaseloadEntry[];

  @Field(() => PageInfo)
  pageInfo: PageInfo;
}
