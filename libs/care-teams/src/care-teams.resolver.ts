import { Args, Mutation, Query, Resolver } from '@nestjs/graphql';
import { Activity, Authorise } from '@app/access';
import { CareTeamMember } from './care-team-member.entity';
import { AddCareTeamMemberInput, CareTeamArgs, EndCareTeamMembershipInput, UpdateCareTeamMemberInput } from './care-team.types';
import { CareTeamsService } from './care-teams.service';

@Resolver(() => CareTeamMember)
export class CareTeamsResolver {
  constructor(private readonly careTeams: CareTeamsService) {}

  @Query(() => [CareTeamMember], {
    description:
      "A person's care team: current members first, then, with includeEnded, those who have left. Errors: PERSON_NOT_FOUND.",
  })
  @Authorise({ activity: Activity.VIEW_PERSON_RECORD, person: (args) => ({ nhsNumber: args.nhsNumber }) })
  careTeam(@Args() args: CareTeamArgs): Promise<CareTeamMember[]> {
    return this.careTeams.careTeam(args);
  }

  @Mutation(() => CareTeamMember, {
    description:
      'Errors: PERSON_NOT_FOUND, PROFESSIONAL_NOT_FOUND, ORGANISATION_NOT_FOUND, TEAM_NOT_FOUND, ALREADY_A_MEMBER, BAD_USER_INPUT.',
  })
  @Authorise({ activity: Activity.CHANGE_PERSON_RECORD, person: (args) => ({ nhsNumber: args.input?.nhsNumber }) })
  addCareTeamMember(@Args('input') input: AddCareTeamMemberInput): Promise<CareTeamMember> {
    return this.careTeams.addMember(input);
  }

  @Mutation(() => CareTeamMember, {
    description: 'Errors: MEMBERSHIP_NOT_FOUND, VERSION_CONFLICT, DATES_OUT_OF_ORDER, BAD_USER_INPUT.',
  })
  @Authorise({ activity: Activity.CHANGE_PERSON_RECORD, person: (args) => ({ careTeamMemberId: args.input?.id }) })
  updateCareTeamMember(@Args('input') input: UpdateCareTeamMemberInput): Promise<CareTeamMember> {
    return this.careTeams.updateMember(input);
  }

  @Mutation(() => CareTeamMember, {
    description:
      'Ends a membership; it stays in the history. Errors: MEMBERSHIP_NOT_FOUND, MEMBERSHIP_ALREADY_ENDED, MEMBER_IS_LEAD, ' +
      'DATES_OUT_OF_ORDER, DATE_IN_FUTURE.',
  })
  @Authorise({ activity: Activity.CHANGE_PERSON_RECORD, person: (args) => ({ careTeamMemberId: args.input?.id }) })
  endCareTeamMembership(@Args('input') input: EndCareTeamMembershipInput): Promise<CareTeamMember> {
    return this.careTeams.endMembership(input);
  }
}
