import { Scenario } from '../scenario';
import { areaOutcomeMeasures } from './area-outcome-measures';
import { claimNextReferral } from './claim-next-referral';
import { coordinatorCaseload } from './coordinator-caseload';
import { coordinatorOverdueReviews } from './coordinator-overdue-reviews';
import { federationAtRisk } from './federation-at-risk';
import { fhirTransactionIngest } from './fhir-transaction-ingest';
import { personByNhsNumber } from './person-by-nhs-number';
import { personFullPlan } from './person-full-plan';
import { practicePage } from './practice-page';
import { teamQueuePage } from './team-queue-page';

/** Every benchmark scenario, in the order they run and appear in docs/BENCHMARKS.md. Add new ones here. */
export const SCENARIOS: readonly Scenario[] = [
  personByNhsNumber,
  practicePage,
  coordinatorOverdueReviews,
  personFullPlan,
  federationAtRisk,
  coordinatorCaseload,
  teamQueuePage,
  claimNextReferral,
  fhirTransactionIngest,
  areaOutcomeMeasures,
];
