import { ArgsType, Field, ID, InputType, IntersectionType, PartialType } from '@nestjs/graphql';
import { IsEnum, IsOptional, IsString, Length } from 'class-validator';
import { IsCalendarDate, IsId, Trim } from '@app/validation';
import { IncludeEndedArgs, VersionedChange } from './common.types';
import { TeamKind } from './organisation-codes';

@InputType({ description: 'A team, run by an organisation.' })
export class CreateTeamInput {
  @Field()
  @Trim()
  @IsString()
  @Length(1, 200)
  name: string;

  @Field(() => TeamKind)
  @IsEnum(TeamKind)
  kind: TeamKind;

  @Field(() => ID, { description: 'The organisation that runs the team.' })
  @IsId()
  organisationId: string;

  @Field(() => String, { nullable: true, description: 'YYYY-MM-DD; today if left out.' })
  @IsOptional()
  @IsCalendarDate()
  startDate?: string;
}

@InputType({ description: 'Changes to a team; fields left out stay as they are. An endDate closes the team.' })
export class UpdateTeamInput extends IntersectionType(PartialType(CreateTeamInput), VersionedChange) {
  @Field(() => String, { nullable: true, description: 'YYYY-MM-DD; null reopens the team.' })
  @IsOptional()
  @IsCalendarDate()
  endDate?: string | null;
}

@InputType({ description: 'A professional joining a team.' })
export class AddTeamMemberInput {
  @Field(() => ID)
  @IsId()
  teamId: string;

  @Field(() => ID)
  @IsId()
  professionalId: string;

  @Field(() => String, { nullable: true, description: 'Their part in the team ("Chair", "Social worker").' })
  @IsOptional()
  @Trim()
  @IsString()
  @Length(1, 200)
  role?: string | null;

  @Field(() => String, { nullable: true, description: 'YYYY-MM-DD; today if left out.' })
  @IsOptional()
  @IsCalendarDate()
  startDate?: string;
}

@ArgsType()
export class TeamsOfArgs extends IncludeEndedArgs {
  @Field(() => ID)
  @IsId()
  organisationId: string;
}
