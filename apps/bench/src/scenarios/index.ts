import { Scenario } from '../scenario';
import { coordinatorOverdueReviews } from './coordinator-overdue-reviews';
import { fhirTransactionIngest } from './fhir-transaction-ingest';
import { personByNhsNumber } from './person-by-nhs-number';
import { personFullPlan } from './person-full-plan';
import { practicePage } from './practice-page';

/** Every benchmark scenario, in the order they run and appear in docs/BENCHMARKS.md. Add new ones here. */
export const SCENARIOS: readonly Scenario[] = [personByNhsNumber, practicePage, coordinatorOverdueReviews, personFullPlan, fhirTransactionIngest];
