import { ArgsType, Field, ID, InputType, Int, ObjectType } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsBoolean, IsEnum, IsInt, IsOptional, IsString, Length, Matches, Max, Min, ValidateNested } from 'class-validator';
import { IsCalendarDate, IsId, Trim } from '@app/validation';
import { ReferralPriority, StandardUnit } from './referral-states';

const SERVICE_CODE = /^[A-Z][A-Z_]{2,59}$/;

@ObjectType({ description: 'How soon a service must accept a referral at a priority.' })
export class ResponseStandard {
  @Field()
  serviceCode: string;

  @Field(() => ReferralPriority)
  priority: ReferralPriority;

  @Field(() => Int)
  amount: number;

  @Field(() => StandardUnit, { description: "HOURS count the team's open hours; DAYS its open days after the day of receipt." })
  unit: StandardUnit;
}

@ObjectType({ description: 'A service the single point of referral routes to, with its response standards.' })
export class ReferralService {
  @Field()
  code: string;

  @Field()
  name: string;

  @Field(() => [ResponseStandard])
  standards: ResponseStandard[];
}

@ObjectType('OpeningHours', { description: 'When a team is open on one weekday, in UK local time.' })
@InputType('OpeningHoursInput')
export class OpeningHours {
  @Field(() => Int, { description: '1 Monday .. 7 Sunday.' })
  @IsInt()
  @Min(1)
  @Max(7)
  weekday: number;

  @Field({ description: 'HH:MM, UK local time.' })
  @Matches(/^([01]\d|2[0-3]):[0-5]\d$/, { message: 'opensAt must be a time HH:MM' })
  opensAt: string;

  @Field({ description: "HH:MM, UK local time; '24:00' for midnight." })
  @Matches(/^(([01]\d|2[0-3]):[0-5]\d|24:00)$/, { message: 'closesAt must be a time HH:MM (24:00 for midnight)' })
  closesAt: string;
}

@ObjectType({ description: 'A service a team provides, and its hours.' })
export class TeamService {
  @Field(() => ID)
  teamId: string;

  @Field()
  serviceCode: string;

  @Field({ description: 'Whether the team works bank holidays (closed on them unless stated).' })
  worksBankHolidays: boolean;

  @Field(() => [OpeningHours])
  hours: OpeningHours[];
}

@ObjectType({ description: 'A bank holiday in England and Wales.' })
export class BankHoliday {
  @Field({ description: 'YYYY-MM-DD' })
  date: string;

  @Field()
  name: string;
}

@InputType({ description: 'Sets (or changes) the response standard of a service at a priority.' })
export class SetResponseStandardInput {
  @Field()
  @Matches(SERVICE_CODE, { message: 'serviceCode must be a service code such as REABLEMENT' })
  serviceCode: string;

  @Field(() => ReferralPriority)
  @IsEnum(ReferralPriority)
  priority: ReferralPriority;

  @Field(() => Int)
  @IsInt()
  @Min(1)
  @Max(365)
  amount: number;

  @Field(() => StandardUnit)
  @IsEnum(StandardUnit)
  unit: StandardUnit;
}

@InputType({ description: "Sets the hours a team provides a service, replacing what it had; no hours stops the service." })
export class SetTeamServiceInput {
  @Field(() => ID)
  @IsId()
  teamId: string;

  @Field()
  @Matches(SERVICE_CODE, { message: 'serviceCode must be a service code such as REABLEMENT' })
  serviceCode: string;

  @Field({ defaultValue: false })
  @IsBoolean()
  worksBankHolidays: boolean = false;

  @Field(() => [OpeningHours])
  @ValidateNested({ each: true })
  @ArrayMaxSize(7)
  @Type(() => OpeningHours)
  hours: OpeningHours[];
}

@InputType({ description: 'Adds or renames a bank holiday, or removes one.' })
export class SetBankHolidayInput {
  @Field({ description: 'YYYY-MM-DD' })
  @IsCalendarDate()
  date: string;

  @Field()
  @Trim()
  @IsString()
  @Length(1, 100)
  name: string;

  @Field({ defaultValue: false })
  @IsOptional()
  @IsBoolean()
  remove: boolean = false;
}

@ArgsType()
export class TeamIdArgs {
  @Field(() => ID)
  @IsId()
  teamId: string;
}

@ArgsType()
export class BankHolidaysArgs {
  @Field({ description: 'YYYY-MM-DD' })
  @IsCalendarDate()
  from: string;

  @Field({ description: 'YYYY-MM-DD' })
  @IsCalendarDate()
  to: string;
}
