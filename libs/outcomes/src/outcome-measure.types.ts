import { ArgsType, Field, Float, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { IsOptional } from 'class-validator';
import { IsCalendarDate, IsId, IsOdsCode } from '@app/validation';

export enum OutcomeMeasure {
  EMERGENCY_ADMISSIONS = 'EMERGENCY_ADMISSIONS',
  READMISSIONS_WITHIN_30_DAYS = 'READMISSIONS_WITHIN_30_DAYS',
  CARE_HOME_ADMISSIONS_65_AND_OVER = 'CARE_HOME_ADMISSIONS_65_AND_OVER',
  AT_HOME_91_DAYS_AFTER_REABLEMENT = 'AT_HOME_91_DAYS_AFTER_REABLEMENT',
  DELAYED_TRANSFER_DAYS = 'DELAYED_TRANSFER_DAYS',
  DEATHS_IN_PREFERRED_PLACE = 'DEATHS_IN_PREFERRED_PLACE',
  TOP_TIER_WITH_LEAD_AND_PLAN = 'TOP_TIER_WITH_LEAD_AND_PLAN',
  REFERRAL_RESPONSE_STANDARDS_MET = 'REFERRAL_RESPONSE_STANDARDS_MET',
}
registerEnumType(OutcomeMeasure, { name: 'OutcomeMeasure', description: 'The Better Care Fund metrics and plan KPIs this service counts.' });

/** Each measure's rate base and what its numerator and denominator count, for the reader of the figures. */
export const MEASURES: Record<OutcomeMeasure, { per: number; definition: string }> = {
  EMERGENCY_ADMISSIONS: {
    per: 1000,
    definition: 'Emergency admissions in the period per 1,000 registered people, by their current tier (breakdown) and in all.',
  },
  READMISSIONS_WITHIN_30_DAYS: {
    per: 100,
    definition: 'Percentage of discharges in the period followed by an emergency admission within 30 days.',
  },
  CARE_HOME_ADMISSIONS_65_AND_OVER: {
    per: 100000,
    definition:
      'ASCOF 2A(2): people aged 65 and over permanently admitted to residential or nursing care in the period, per 100,000 ' +
      'registered people aged 65 and over; by setting (breakdown) and in all.',
  },
  AT_HOME_91_DAYS_AFTER_REABLEMENT: {
    per: 100,
    definition:
      'ASCOF 2B(1): percentage of people aged 65 and over discharged from hospital into reablement in the period who were at home ' +
      '91 days later (not dead, in a care home or in hospital); discharges whose 91 days have not yet passed are not counted.',
  },
  DELAYED_TRANSFER_DAYS: {
    per: 100000,
    definition: 'Days of delayed transfer of care reported in the period, per 100,000 registered adults (18 and over).',
  },
  DEATHS_IN_PREFERRED_PLACE: {
    per: 100,
    definition: 'Percentage of deaths in the period, of people whose plan records a preferred place of death, that were in that place.',
  },
  TOP_TIER_WITH_LEAD_AND_PLAN: {
    per: 100,
    definition: "Percentage of the living people in the policy's top tier (breakdown) with an accountable lead and a current plan, now.",
  },
  REFERRAL_RESPONSE_STANDARDS_MET: {
    per: 100,
    definition:
      'Percentage of referrals received in the period and triaged that were accepted by their due time, of those accepted or past due; ' +
      'by priority (breakdown) and in all.',
  },
};

@ObjectType({ description: 'One figure: a numerator, a denominator and the rate per `per` (100 for a percentage).' })
export class OutcomeFigure {
  @Field(() => OutcomeMeasure)
  measure: OutcomeMeasure;

  @Field(() => String, { nullable: true, description: 'A tier code, care home setting or referral priority; null for the whole.' })
  breakdown: string | null;

  @Field(() => Int)
  numerator: number;

  @Field(() => Int)
  denominator: number;

  @Field(() => Int, { description: 'The rate is per this many of the denominator: 100, 1,000 or 100,000.' })
  per: number;

  @Field(() => Float, { nullable: true, description: 'numerator / denominator × per, to one decimal place; null when the denominator is 0.' })
  rate: number | null;

  @Field()
  definition: string;
}

@ObjectType({ description: 'The outcome measures for an area and a period.' })
export class OutcomeMeasures {
  @Field({ description: 'The area: a practice, PCN, locality or commissioning area, with everything under it.' })
  organisationOds: string;

  @Field()
  from: string;

  @Field()
  to: string;

  @Field(() => ID, { nullable: true, description: 'The stratification policy whose tiers the figures use.' })
  policyId: string | null;

  @Field(() => [OutcomeFigure])
  figures: OutcomeFigure[];
}

@ArgsType()
export class OutcomeMeasuresArgs {
  @Field({ description: 'ODS code of the area: a practice, PCN, locality or commissioning area; yours or one under yours.' })
  @IsOdsCode()
  organisationOds: string;

  @Field({ description: 'YYYY-MM-DD, first day of the period.' })
  @IsCalendarDate()
  from: string;

  @Field({ description: 'YYYY-MM-DD, last day of the period.' })
  @IsCalendarDate()
  to: string;

  @Field(() => ID, { nullable: true, description: 'The stratification policy for the tiers; the most recently changed one if not given.' })
  @IsOptional()
  @IsId()
  policyId?: string;
}
