import { ArgsType, Field, ID, InputType, IntersectionType } from '@nestjs/graphql';
import { IsEnum, IsOptional, IsString, Length } from 'class-validator';
import { EndInput, IncludeEndedArgs, VersionedChange } from '@app/organisations';
import { IsNhsNumber } from '@app/persons';
import { IsCalendarDate, IsId, Trim } from '@app/validation';
import { CareTeamMemberKind } from './care-team-codes';

/** Who the member is and their part in the person's care: what adding and changing a member share. */
@InputType({ isAbstract: true })
class MemberDetails {
  @Field(() => String, { nullable: true, description: 'For a carer or relative.' })
  @IsOptional()
  @Trim()
  @IsString()
  @Length(1, 200)
  name?: string | null;

  @Field(() => String, { nullable: true, description: 'For a carer or relative ("daughter", "neighbour").' })
  @IsOptional()
  @Trim()
  @IsString()
  @Length(1, 100)
  relationship?: string | null;

  @Field(() => String, { nullable: true, description: 'Telephone or email, for anyone.' })
  @IsOptional()
  @Trim()
  @IsString()
  @Length(1, 200)
  contact?: string | null;

  @Field(() => String, { nullable: true, description: 'YYYY-MM-DD; today if left out when adding.' })
  @IsOptional()
  @IsCalendarDate()
  startDate?: string;
}

@InputType({
  description:
    'Someone joining a care team. Name exactly one of professionalId, organisationId or teamId for those kinds; ' +
    'name and relationship for a CARER or RELATIVE; none of them for THE_PERSON.',
})
export class AddCareTeamMemberInput extends MemberDetails {
  @Field({ description: 'The person whose care team it is: their NHS number.' })
  @IsNhsNumber()
  nhsNumber: string;

  @Field(() => CareTeamMemberKind)
  @IsEnum(CareTeamMemberKind)
  kind: CareTeamMemberKind;

  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsId()
  professionalId?: string | null;

  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsId()
  organisationId?: string | null;

  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsId()
  teamId?: string | null;

  @Field({ description: "Their role in this person's care." })
  @Trim()
  @IsString()
  @Length(1, 200)
  roleInCare: string;
}

@InputType({
  description: 'Changes to a care team member; who they are stays the same (end the membership and add another for that).',
})
export class UpdateCareTeamMemberInput extends IntersectionType(MemberDetails, VersionedChange) {
  @Field(() => String, { nullable: true })
  @IsOptional()
  @Trim()
  @IsString()
  @Length(1, 200)
  roleInCare?: string;
}

@InputType({ description: 'Ends a care team membership; it stays in the care team history.' })
export class EndCareTeamMembershipInput extends EndInput {
  @Field(() => String, { nullable: true })
  @IsOptional()
  @Trim()
  @IsString()
  @Length(1, 500)
  endReason?: string;
}

@ArgsType()
export class CareTeamArgs extends IncludeEndedArgs {
  @Field()
  @IsNhsNumber()
  nhsNumber: string;
}
