import { Args, Context, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { Activity, Authorise } from '@app/access';
import { Page } from '@app/pagination';
import { loadBatched } from './batch-loader';
import { IdArgs } from './common.types';
import { Organisation } from './organisation.entity';
import {
  CreateOrganisationInput,
  OrganisationByOdsCodeArgs,
  OrganisationPage,
  OrganisationsUnderArgs,
  UpdateOrganisationInput,
} from './organisation.types';
import { OrganisationsService } from './organisations.service';

@Resolver(() => Organisation)
export class OrganisationsResolver {
  constructor(private readonly organisations: OrganisationsService) {}

  @Query(() => Organisation, { nullable: true })
  @Authorise({ activity: Activity.VIEW_DIRECTORY })
  organisation(@Args() { id }: IdArgs): Promise<Organisation | null> {
    return this.organisations.findById(id);
  }

  @Query(() => Organisation, { nullable: true })
  @Authorise({ activity: Activity.VIEW_DIRECTORY })
  organisationByOdsCode(@Args() { odsCode }: OrganisationByOdsCodeArgs): Promise<Organisation | null> {
    return this.organisations.findByOdsCode(odsCode);
  }

  @Query(() => OrganisationPage, {
    description:
      'Everything under an organisation at any depth (all practices of a locality), in name order. Errors: ORGANISATION_NOT_FOUND.',
  })
  @Authorise({ activity: Activity.VIEW_DIRECTORY })
  organisationsUnder(@Args() args: OrganisationsUnderArgs): Promise<Page<Organisation>> {
    return this.organisations.pageUnder(args);
  }

  @Mutation(() => Organisation, { description: 'Errors: ODS_CODE_TAKEN, ORGANISATION_NOT_FOUND (parentId), BAD_USER_INPUT.' })
  @Authorise({ activity: Activity.MANAGE_DIRECTORY })
  createOrganisation(@Args('input') input: CreateOrganisationInput): Promise<Organisation> {
    return this.organisations.create(input);
  }

  @Mutation(() => Organisation, {
    description:
      'Errors: ORGANISATION_NOT_FOUND, VERSION_CONFLICT, ODS_CODE_TAKEN, ORGANISATION_HIERARCHY_CYCLE, BAD_USER_INPUT.',
  })
  @Authorise({ activity: Activity.MANAGE_DIRECTORY })
  updateOrganisation(@Args('input') input: UpdateOrganisationInput): Promise<Organisation> {
    return this.organisations.update(input);
  }

  @ResolveField(() => Organisation, { nullable: true, description: 'The organisation this one belongs to.' })
  async parent(@Parent() organisation: Organisation, @Context() context: object): Promise<Organisation | null> {
    return organisation.parentId ? loadOrganisation(this.organisations, context, organisation.parentId) : null;
  }
}

/** One organisation by id, batched across the request (for parent and Team.organisation). */
export async function loadOrganisation(organisations: OrganisationsService, context: object, id: string): Promise<Organisation> {
  const [organisation] = await loadBatched(
    context,
    'organisationById',
    id,
    (ids) => organisations.findByIds(ids),
    (o) => o.id,
  );
  return organisation;
}
