import { Args, Query, Resolver } from '@nestjs/graphql';
import { Activity, Authorise, CurrentOperation, CurrentUser } from '@app/access';
import type { User } from '@app/access';
import { CaseloadArgs, CaseloadPage } from './caseload.types';
import { CaseloadsService } from './caseloads.service';

@Resolver()
export class CaseloadsResolver {
  constructor(private readonly caseloads: CaseloadsService) {}

  @Query(() => CaseloadPage, {
    description:
      "A professional's or team's caseload: capacity and load, and the people they lead or hold, in name order, each with " +
      'tier, plan status, next review and last event. Errors: PROFESSIONAL_NOT_FOUND, TEAM_NOT_FOUND, BAD_USER_INPUT.',
  })
  @Authorise({ activity: Activity.VIEW_PERSON_RECORD })
  caseload(@CurrentUser() user: User, @CurrentOperation() action: string, @Args() args: CaseloadArgs): Promise<CaseloadPage> {
    return this.caseloads.page(args, user, action);
  }
}
