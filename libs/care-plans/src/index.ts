export { CarePlanStatus, CareSector, PlaceOfDeath, PlanActionStatus, ReviewReason, ReviewsDue } from './care-plan-codes';
export { CarePlanAction } from './care-plan-action.entity';
export { CarePlanReview } from './care-plan-review.entity';
export { CarePlanSignOff } from './care-plan-sign-off.entity';
export { CarePlanVersion } from './care-plan-version.entity';
export { CarePlan } from './care-plan.entity';
export { CarePlansModule } from './care-plans.module';
export { CarePlansService } from './care-plans.service';
export type { StoredContent } from './care-plan-content';
