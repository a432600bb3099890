import { Args, Mutation, Query, Resolver } from '@nestjs/graphql';
import { Activity, Authorise, CurrentUser } from '@app/access';
import type { User } from '@app/access';
import { Page } from '@app/pagination';
import { LeadHandover } from './lead-handover.entity';
import { LeadProfessional } from './lead-professional.entity';
import {
  AssignLeadProfessionalInput,
  EndLeadProfessionalInput,
  LeadHistory,
  LeadHistoryArgs,
  LeadProfessionalPage,
  PersonsLedByArgs,
} from './lead-professional.types';
import { LeadProfessionalsService } from './lead-professionals.service';

@Resolver(() => LeadProfessional)
export class LeadProfessionalsResolver {
  constructor(private readonly leads: LeadProfessionalsService) {}

  @Query(() => LeadHistory, { description: "Who leads this person's care now, and who led before. Errors: PERSON_NOT_FOUND." })
  @Authorise({ activity: Activity.VIEW_PERSON_RECORD, person: (args) => ({ nhsNumber: args.nhsNumber }) })
  leadHistory(@Args() { nhsNumber }: LeadHistoryArgs): Promise<LeadHistory> {
    return this.leads.history(nhsNumber);
  }

  @Query(() => LeadProfessionalPage, {
    description: 'Everyone this professional leads now, in name order, a page at a time. Errors: PROFESSIONAL_NOT_FOUND.',
  })
  @Authorise({ activity: Activity.VIEW_PERSON_RECORD })
  personsLedBy(@Args() args: PersonsLedByArgs): Promise<Page<LeadProfessional>> {
    return this.leads.pageLedBy(args);
  }

  @Mutation(() => LeadHandover, {
    description:
      'Assigns or hands over the accountable lead. Errors: LEAD_CHANGED, ALREADY_THE_LEAD, LEAD_NOT_A_PROFESSIONAL, ' +
      'PERSON_NOT_FOUND, PROFESSIONAL_NOT_FOUND, BAD_USER_INPUT.',
  })
  @Authorise({ activity: Activity.CHANGE_PERSON_RECORD, person: (args) => ({ nhsNumber: args.input?.nhsNumber }) })
  assignLeadProfessional(@CurrentUser() user: User, @Args('input') input: AssignLeadProfessionalInput): Promise<LeadHandover> {
    return this.leads.assign(input, user.professionalId);
  }

  @Mutation(() => LeadHandover, {
    description:
      'Ends the lead with no one taking over. Errors: CASE_MANAGED_NEEDS_LEAD (the person\'s tier is case-managed), LEAD_CHANGED, PERSON_NOT_FOUND, PROFESSIONAL_NOT_FOUND, BAD_USER_INPUT.',
  })
  @Authorise({ activity: Activity.CHANGE_PERSON_RECORD, person: (args) => ({ nhsNumber: args.input?.nhsNumber }) })
  endLeadProfessional(@CurrentUser() user: User, @Args('input') input: EndLeadProfessionalInput): Promise<LeadHandover> {
    return this.leads.end(input, user.professionalId);
  }
}
