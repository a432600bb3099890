import { Args, Context, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { Activity, Authorise } from '@app/access';
import { loadBatched } from './batch-loader';
import { EndInput, IdArgs, IncludeEndedArgs } from './common.types';
import { ProfessionalRole } from './professional-role.entity';
import { Professional } from './professional.entity';
import {
  AddProfessionalRoleInput,
  CreateProfessionalInput,
  ProfessionalByRegistrationArgs,
  UpdateProfessionalInput,
} from './professional.types';
import { ProfessionalsService } from './professionals.service';
import { TeamMember } from './team-member.entity';
import { TeamsService } from './teams.service';

@Resolver(() => Professional)
export class ProfessionalsResolver {
  constructor(
    private readonly professionals: ProfessionalsService,
    private readonly teams: TeamsService,
  ) {}

  @Query(() => Professional, { nullable: true })
  @Authorise({ activity: Activity.VIEW_DIRECTORY })
  professional(@Args() { id }: IdArgs): Promise<Professional | null> {
    return this.professionals.findById(id);
  }

  @Query(() => Professional, { nullable: true, description: 'The professional with this registration (GMC, NMC...).' })
  @Authorise({ activity: Activity.VIEW_DIRECTORY })
  professionalByRegistration(@Args() args: ProfessionalByRegistrationArgs): Promise<Professional | null> {
    return this.professionals.findByRegistration(args.registrationBody, args.registrationNumber);
  }

  @Mutation(() => Professional, { description: 'Errors: REGISTRATION_TAKEN, BAD_USER_INPUT.' })
  @Authorise({ activity: Activity.MANAGE_DIRECTORY })
  createProfessional(@Args('input') input: CreateProfessionalInput): Promise<Professional> {
    return this.professionals.create(input);
  }

  @Mutation(() => Professional, {
    description: 'Errors: PROFESSIONAL_NOT_FOUND, VERSION_CONFLICT, REGISTRATION_TAKEN, BAD_USER_INPUT.',
  })
  @Authorise({ activity: Activity.MANAGE_DIRECTORY })
  updateProfessional(@Args('input') input: UpdateProfessionalInput): Promise<Professional> {
    return this.professionals.update(input);
  }

  @Mutation(() => ProfessionalRole, { description: 'Errors: PROFESSIONAL_NOT_FOUND, ORGANISATION_NOT_FOUND, BAD_USER_INPUT.' })
  @Authorise({ activity: Activity.MANAGE_DIRECTORY })
  addProfessionalRole(@Args('input') input: AddProfessionalRoleInput): Promise<ProfessionalRole> {
    return this.professionals.addRole(input);
  }

  @Mutation(() => ProfessionalRole, {
    description:
      'Ends a role; it stays as history. Errors: ROLE_NOT_FOUND, ROLE_ALREADY_ENDED, DATES_OUT_OF_ORDER, DATE_IN_FUTURE.',
  })
  @Authorise({ activity: Activity.MANAGE_DIRECTORY })
  endProfessionalRole(@Args('input') input: EndInput): Promise<ProfessionalRole> {
    return this.professionals.endRole(input);
  }

  @ResolveField(() => [ProfessionalRole], { description: 'Their jobs in organisations, oldest first.' })
  roles(@Parent() professional: Professional, @Args() { includeEnded }: IncludeEndedArgs, @Context() context: object) {
    return loadBatched(
      context,
      `roles:${includeEnded}`,
      professional.id,
      (ids) => this.professionals.rolesOf(ids, includeEnded),
      (role) => role.professionalId,
    );
  }

  @ResolveField(() => [TeamMember], { description: 'The teams they are in, oldest first.' })
  teamMemberships(@Parent() professional: Professional, @Args() { includeEnded }: IncludeEndedArgs, @Context() context: object) {
    return loadBatched(
      context,
      `teamMemberships:${includeEnded}`,
      professional.id,
      (ids) => this.teams.membershipsOf(ids, includeEnded),
      (member) => member.professionalId,
    );
  }
}
