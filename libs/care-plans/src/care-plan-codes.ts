import { registerEnumType } from '@nestjs/graphql';

/** Where a plan is in its life: written, agreed and in use, being reviewed, or finished with. */
export enum CarePlanStatus {
  DRAFT = 'DRAFT',
  /** Agreed with the person and signed off: the plan every agency works from. */
  ACTIVE = 'ACTIVE',
  /** Still the current plan while it is reviewed; it becomes ACTIVE again when the review is complete. */
  UNDER_REVIEW = 'UNDER_REVIEW',
  CLOSED = 'CLOSED',
}

/** The statuses of a person's current plan: at most one plan per person is in one of them. */
export const CURRENT_STATUSES = [CarePlanStatus.ACTIVE, CarePlanStatus.UNDER_REVIEW] as const;

/** Which side of the joint plan a need, an action or a sign-off belongs to. */
export enum CareSector {
  HEALTH = 'HEALTH',
  SOCIAL_CARE = 'SOCIAL_CARE',
}

export enum PlanActionStatus {
  OPEN = 'OPEN',
  DONE = 'DONE',
  CANCELLED = 'CANCELLED',
}

/** Why a review was started: on schedule, or after an event (DOMAIN.md, workflow 4). */
export enum ReviewReason {
  SCHEDULED = 'SCHEDULED',
  CRISIS = 'CRISIS',
  HOSPITAL_ADMISSION = 'HOSPITAL_ADMISSION',
  HOSPITAL_DISCHARGE = 'HOSPITAL_DISCHARGE',
  NEW_REFERRAL = 'NEW_REFERRAL',
  RISK_TIER_CHANGE = 'RISK_TIER_CHANGE',
  PERSON_OR_CARER_REQUEST = 'PERSON_OR_CARER_REQUEST',
  OTHER = 'OTHER',
}

/** Which reviews a review list shows. */
/** Where someone died, or would prefer to: coded, so that deaths in the preferred place can be counted. */
export enum PlaceOfDeath {
  /** Their usual residence (their own home). */
  HOME = 'HOME',
  CARE_HOME = 'CARE_HOME',
  HOSPITAL = 'HOSPITAL',
  HOSPICE = 'HOSPICE',
  OTHER = 'OTHER',
}

export enum ReviewsDue {
  /** The next review date has passed. */
  OVERDUE = 'OVERDUE',
  /** Due today or within the next `withinDays` days. */
  UPCOMING = 'UPCOMING',
}

registerEnumType(CarePlanStatus, { name: 'CarePlanStatus', description: 'Draft, active, under review or closed.' });
registerEnumType(CareSector, { name: 'CareSector', description: 'Health or social care: the two sides of a joint plan.' });
registerEnumType(PlanActionStatus, { name: 'PlanActionStatus' });
registerEnumType(ReviewReason, { name: 'ReviewReason', description: 'Why a plan review was started.' });
registerEnumType(ReviewsDue, { name: 'ReviewsDue', description: 'Overdue reviews, or those due soon.' });
registerEnumType(PlaceOfDeath, { name: 'PlaceOfDeath', description: 'Home (usual residence), care home, hospital, hospice or other.' });
