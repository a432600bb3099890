import { Args, Mutation, Query, Resolver } from '@nestjs/graphql';
import { Activity, Authorise } from '@app/access';
import { ReferralHoursService } from './referral-hours.service';
import {
  BankHoliday,
  BankHolidaysArgs,
  ReferralService,
  ResponseStandard,
  SetBankHolidayInput,
  SetResponseStandardInput,
  SetTeamServiceInput,
  TeamIdArgs,
  TeamService,
} from './referral-hours.types';

/** Services, response standards, team hours and bank holidays: directory data that due times come from. */
@Resolver()
export class ReferralHoursResolver {
  constructor(private readonly hours: ReferralHoursService) {}

  @Query(() => [ReferralService], { description: 'The services referrals are routed to, with their response standards.' })
  @Authorise({ activity: Activity.VIEW_DIRECTORY })
  referralServices(): Promise<ReferralService[]> {
    return this.hours.services();
  }

  @Query(() => [TeamService], { description: 'The services a team provides, and its hours for each.' })
  @Authorise({ activity: Activity.VIEW_DIRECTORY })
  teamServices(@Args() { teamId }: TeamIdArgs): Promise<TeamService[]> {
    return this.hours.teamServices(teamId);
  }

  @Query(() => [BankHoliday], { description: 'Bank holidays in England and Wales between two dates.' })
  @Authorise({ activity: Activity.VIEW_DIRECTORY })
  bankHolidays(@Args() { from, to }: BankHolidaysArgs): Promise<BankHoliday[]> {
    return this.hours.bankHolidays(from, to);
  }

  @Mutation(() => ResponseStandard, { description: 'Sets a response standard. Errors: REFERRAL_SERVICE_NOT_FOUND, BAD_USER_INPUT.' })
  @Authorise({ activity: Activity.MANAGE_DIRECTORY })
  setResponseStandard(@Args('input') input: SetResponseStandardInput): Promise<ResponseStandard> {
    return this.hours.setResponseStandard(input);
  }

  @Mutation(() => [TeamService], {
    description: "Sets a team's hours for a service (replacing them); referrals already triaged keep their due times. " +
      'Errors: TEAM_NOT_FOUND, REFERRAL_SERVICE_NOT_FOUND, BAD_USER_INPUT.',
  })
  @Authorise({ activity: Activity.MANAGE_DIRECTORY })
  setTeamService(@Args('input') input: SetTeamServiceInput): Promise<TeamService[]> {
    return this.hours.setTeamService(input);
  }

  @Mutation(() => BankHoliday, { description: 'Adds, renames or removes a bank holiday. Errors: BAD_USER_INPUT.' })
  @Authorise({ activity: Activity.MANAGE_DIRECTORY })
  setBankHoliday(@Args('input') input: SetBankHolidayInput): Promise<BankHoliday> {
    return this.hours.setBankHoliday(input);
  }
}
