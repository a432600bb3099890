import type { Goal } from '@medplum/fhirtypes';
import type { CarePlanRow } from './care-plan.fhir';
import { GOAL_CARE_PLAN_EXTENSION, NHS_NUMBER_SYSTEM } from './uk-core';

/**
 * A goal's id: the plan's id and the goal's words (trimmed, any case) made into a uuid, so that a
 * goal keeps its id while the plan is rewritten around it, moved or reworded only in case; a goal
 * reworded is a new goal, and the old one is shown removed. `plan` and `text` are SQL expressions.
 */
export const goalIdSql = (plan: string, text: string) => `md5(${plan}::text || '|' || lower(btrim(${text})))::uuid`;

/** One goal of a plan as one version of the plan shows it (the current version, or a past one for vread). */
export interface GoalRow {
  id: string;
  carePlanId: string;
  personId: string;
  nhsNumber: string;
  /** The plan version read: the goal's version is the plan's. */
  version: number;
  lastUpdated: Date;
  planStatus: CarePlanRow['status'];
  /** In the goal's latest words up to this version. */
  text: string;
  /** False once a version of the plan no longer has it. */
  inPlan: boolean;
  /** The last plan version that had it (the one before it was removed, when it was). */
  lastVersion: number;
  /** The day (in England) the first plan version that had it was saved. */
  startedOn: string;
}

/** The lifecycle of a goal from its plan's status: proposed in a draft, pursued while the plan is in force. */
const LIFECYCLE: Record<CarePlanRow['status'], Goal['lifecycleStatus']> = {
  DRAFT: 'proposed',
  ACTIVE: 'active',
  UNDER_REVIEW: 'active',
  CLOSED: 'completed',
};

/** The same rule in SQL, for `lifecycle-status` searches: removed goals are cancelled. */
export const goalLifecycleSql = (inPlan: string, planStatus: string) =>
  `CASE WHEN NOT ${inPlan} THEN 'cancelled' ${Object.entries(LIFECYCLE).map(([own, fhir]) => `WHEN ${planStatus} = '${own}' THEN '${fhir}'`).join(' ')} END`;

/**
 * A goal of a person's joint plan, in their own words (so expressed by the patient), as a Goal of
 * its own that the CarePlan refers to. Its lifecycle follows the plan: proposed while the plan is a
 * draft, active while it is in force, completed (no longer pursued) when the plan closes; a goal
 * taken out of the plan is cancelled, with a note of the version that took it out. meta.versionId
 * is the plan's version, so vread gives the goal as that version of the plan had it.
 */
export function toFhirGoal(goal: GoalRow): Goal {
  return {
    resourceType: 'Goal',
    id: goal.id,
    meta: { versionId: String(goal.version), lastUpdated: new Date(goal.lastUpdated).toISOString() },
    extension: [{ url: GOAL_CARE_PLAN_EXTENSION, valueReference: { reference: `CarePlan/${goal.carePlanId}` } }],
    lifecycleStatus: goal.inPlan ? LIFECYCLE[goal.planStatus] : 'cancelled',
    description: { text: goal.text },
    subject: { reference: `Patient/${goal.personId}`, identifier: { system: NHS_NUMBER_SYSTEM, value: goal.nhsNumber } },
    startDate: goal.startedOn,
    expressedBy: { reference: `Patient/${goal.personId}` },
    ...(goal.inPlan ? {} : { note: [{ text: `Taken out of the care plan in its version ${goal.lastVersion + 1}` }] }),
  };
}
