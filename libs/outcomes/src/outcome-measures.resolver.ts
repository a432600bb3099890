import { Args, Query, Resolver } from '@nestjs/graphql';
import { Activity, Authorise } from '@app/access';
import { OutcomeMeasures, OutcomeMeasuresArgs } from './outcome-measure.types';
import { OutcomeMeasuresService } from './outcome-measures.service';

/** Outcome measures: counts and rates only, for an organisation the user covers. */
@Resolver()
export class OutcomeMeasuresResolver {
  constructor(private readonly outcomes: OutcomeMeasuresService) {}

  @Query(() => OutcomeMeasures, {
    description:
      'The outcome measures (Better Care Fund metrics and plan KPIs) for the people registered in an area over a period, each with ' +
      'its numerator, denominator and rate. Errors: NOT_AUTHORISED (not your organisation or under it), ORGANISATION_NOT_FOUND, ' +
      'POLICY_NOT_FOUND, DATES_OUT_OF_ORDER.',
  })
  @Authorise({ activity: Activity.VIEW_OUTCOME_MEASURES, organisation: (args) => args.organisationOds })
  outcomeMeasures(@Args() args: OutcomeMeasuresArgs): Promise<OutcomeMeasures> {
    return this.outcomes.measures(args);
  }
}
