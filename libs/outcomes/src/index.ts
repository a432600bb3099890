export { AREA_PRACTICES_SQL, OUTCOME_MEASURES_SQL } from './outcome-measures.sql';
export { OutcomeMeasure } from './outcome-measure.types';
export { OutcomeMeasuresService, rateOf } from './outcome-measures.service';
export { OutcomesModule } from './outcomes.module';
