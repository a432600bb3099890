import { Args, Context, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { Activity, Authorise } from '@app/access';
import { loadBatched } from './batch-loader';
import { EndInput, IdArgs, IncludeEndedArgs } from './common.types';
import { Organisation } from './organisation.entity';
import { loadOrganisation } from './organisations.resolver';
import { OrganisationsService } from './organisations.service';
import { TeamMember } from './team-member.entity';
import { Team } from './team.entity';
import { AddTeamMemberInput, CreateTeamInput, TeamsOfArgs, UpdateTeamInput } from './team.types';
import { TeamsService } from './teams.service';

@Resolver(() => Team)
export class TeamsResolver {
  constructor(
    private readonly teams: TeamsService,
    private readonly organisations: OrganisationsService,
  ) {}

  @Query(() => Team, { nullable: true })
  @Authorise({ activity: Activity.VIEW_DIRECTORY })
  team(@Args() { id }: IdArgs): Promise<Team | null> {
    return this.teams.findById(id);
  }

  @Query(() => [Team], { name: 'teams', description: 'The teams an organisation runs, by name. Errors: ORGANISATION_NOT_FOUND.' })
  @Authorise({ activity: Activity.VIEW_DIRECTORY })
  teamsOf(@Args() args: TeamsOfArgs): Promise<Team[]> {
    return this.teams.teamsOf(args);
  }

  @Mutation(() => Team, { description: 'Errors: ORGANISATION_NOT_FOUND, BAD_USER_INPUT.' })
  @Authorise({ activity: Activity.MANAGE_DIRECTORY })
  createTeam(@Args('input') input: CreateTeamInput): Promise<Team> {
    return this.teams.create(input);
  }

  @Mutation(() => Team, {
    description: 'Errors: TEAM_NOT_FOUND, VERSION_CONFLICT, ORGANISATION_NOT_FOUND, DATES_OUT_OF_ORDER, BAD_USER_INPUT.',
  })
  @Authorise({ activity: Activity.MANAGE_DIRECTORY })
  updateTeam(@Args('input') input: UpdateTeamInput): Promise<Team> {
    return this.teams.update(input);
  }

  @Mutation(() => TeamMember, {
    description: 'Errors: TEAM_NOT_FOUND, PROFESSIONAL_NOT_FOUND, ALREADY_A_MEMBER, BAD_USER_INPUT.',
  })
  @Authorise({ activity: Activity.MANAGE_DIRECTORY })
  addTeamMember(@Args('input') input: AddTeamMemberInput): Promise<TeamMember> {
    return this.teams.addMember(input);
  }

  @Mutation(() => TeamMember, {
    description:
      'Ends a team membership; it stays as history. Errors: MEMBERSHIP_NOT_FOUND, MEMBERSHIP_ALREADY_ENDED, DATES_OUT_OF_ORDER, DATE_IN_FUTURE.',
  })
  @Authorise({ activity: Activity.MANAGE_DIRECTORY })
  endTeamMembership(@Args('input') input: EndInput): Promise<TeamMember> {
    return this.teams.endMembership(input);
  }

  @ResolveField(() => Organisation, { description: 'The organisation that runs the team.' })
  organisation(@Parent() team: Team, @Context() context: object): Promise<Organisation> {
    return loadOrganisation(this.organisations, context, team.organisationId);
  }

  @ResolveField(() => [TeamMember], { description: 'Who is in the team, longest-standing first.' })
  members(@Parent() team: Team, @Args() { includeEnded }: IncludeEndedArgs, @Context() context: object) {
    return loadBatched(
      context,
      `members:${includeEnded}`,
      team.id,
      (ids) => this.teams.membersOf(ids, includeEnded),
      (member) => member.teamId,
    );
  }
}
