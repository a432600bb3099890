import { Scenario } from '../scenario';
import { personByNhsNumber } from './person-by-nhs-number';
import { practicePage } from './practice-page';

/** Every benchmark scenario, in the order they run and appear in docs/BENCHMARKS.md. Add new ones here. */
export const SCENARIOS: readonly Scenario[] = [personByNhsNumber, practicePage];
