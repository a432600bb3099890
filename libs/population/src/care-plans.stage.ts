import { countGenerated, GENERATED_IDS } from './generated-ids';
import { PopulationStage, unnestInsert, writeInBatches } from './population-stage';
import {
  PlanSubject,
  SyntheticCarePlan,
  syntheticCarePlans,
  SyntheticPlanAction,
  SyntheticPlanVersion,
  SyntheticReview,
  SyntheticSignOff,
} from './synthetic-care-plans';
import { SYNTHETIC_NHS_NUMBERS } from './synthetic-nhs-numbers';
import { workforceOf } from './workforce-of';

const insertPlans = unnestInsert<SyntheticCarePlan>('care_plan', [
  { name: 'id', type: 'uuid', value: (p) => p.id },
  { name: 'person_id', type: 'uuid', value: (p) => p.personId },
  { name: 'status', type: 'text', value: (p) => p.status },
  { name: 'start_date', type: 'date', value: (p) => p.startDate },
  { name: 'content', type: 'jsonb', value: (p) => JSON.stringify(p.content) },
  { name: 'review_interval_days', type: 'int', value: (p) => p.reviewIntervalDays },
  { name: 'next_review_date', type: 'date', value: (p) => p.nextReviewDate },
  { name: 'is_joint', type: 'boolean', value: (p) => p.isJoint },
  { name: 'created_by_id', type: 'uuid', value: (p) => p.createdById },
  { name: 'activated_at', type: 'timestamptz', value: (p) => p.activatedAt },
  { name: 'version', type: 'int', value: (p) => p.version },
  { name: 'created_at', type: 'timestamptz', value: (p) => p.createdAt },
  { name: 'updated_at', type: 'timestamptz', value: (p) => p.updatedAt },
]);

const insertVersions = unnestInsert<SyntheticPlanVersion>('care_plan_version', [
  { name: 'id', type: 'uuid', value: (v) => v.id },
  { name: 'care_plan_id', type: 'uuid', value: (v) => v.carePlanId },
  { name: 'person_id', type: 'uuid', value: (v) => v.personId },
  { name: 'version', type: 'int', value: (v) => v.version },
  { name: 'status', type: 'text', value: (v) => v.status },
  { name: 'content', type: 'jsonb', value: (v) => JSON.stringify(v.content) },
  { name: 'change', type: 'text', value: (v) => v.change },
  { name: 'author_id', type: 'uuid', value: (v) => v.authorId },
  { name: 'saved_at', type: 'timestamptz', value: (v) => v.savedAt },
]);

const insertActions = unnestInsert<SyntheticPlanAction>('care_plan_action', [
  { name: 'id', type: 'uuid', value: (a) => a.id },
  { name: 'care_plan_id', type: 'uuid', value: (a) => a.carePlanId },
  { name: 'person_id', type: 'uuid', value: (a) => a.personId },
  { name: 'position', type: 'int', value: (a) => a.position },
  { name: 'description', type: 'text', value: (a) => a.description },
  { name: 'sector', type: 'text', value: (a) => a.sector },
  { name: 'professional_id', type: 'uuid', value: (a) => a.professionalId },
  { name: 'team_id', type: 'uuid', value: (a) => a.teamId },
  { name: 'organisation_id', type: 'uuid', value: (a) => a.organisationId },
  { name: 'responsible_organisation_id', type: 'uuid', value: (a) => a.responsibleOrganisationId },
  { name: 'due_date', type: 'date', value: (a) => a.dueDate },
  { name: 'status', type: 'text', value: (a) => a.status },
]);

const insertSignOffs = unnestInsert<SyntheticSignOff>('care_plan_sign_off', [
  { name: 'id', type: 'uuid', value: (s) => s.id },
  { name: 'care_plan_id', type: 'uuid', value: (s) => s.carePlanId },
  { name: 'person_id', type: 'uuid', value: (s) => s.personId },
  { name: 'plan_version', type: 'int', value: (s) => s.planVersion },
  { name: 'professional_id', type: 'uuid', value: (s) => s.professionalId },
  { name: 'sector', type: 'text', value: (s) => s.sector },
  { name: 'as_lead', type: 'boolean', value: (s) => s.asLead },
  { name: 'signed_at', type: 'timestamptz', value: (s) => s.signedAt },
]);

const insertReviews = unnestInsert<SyntheticReview>('care_plan_review', [
  { name: 'id', type: 'uuid', value: (r) => r.id },
  { name: 'care_plan_id', type: 'uuid', value: (r) => r.carePlanId },
  { name: 'person_id', type: 'uuid', value: (r) => r.personId },
  { name: 'reason', type: 'text', value: (r) => r.reason },
  { name: 'reason_note', type: 'text', value: (r) => r.reasonNote },
  { name: 'started_by_id', type: 'uuid', value: (r) => r.startedById },
  { name: 'started_at', type: 'timestamptz', value: (r) => r.startedAt },
  { name: 'from_version', type: 'int', value: (r) => r.fromVersion },
  { name: 'completed_by_id', type: 'uuid', value: (r) => r.completedById },
  { name: 'completed_at', type: 'timestamptz', value: (r) => r.completedAt },
  { name: 'to_version', type: 'int', value: (r) => r.toVersion },
  { name: 'outcome', type: 'text', value: (r) => r.outcome },
]);

/**
 * The people with an active lead, in NHS number order, with what their plan is made from: the lead
 * (and whether a social worker), the teams in their care team (and whether a council runs them) and
 * their first carer.
 */
const SUBJECTS = `
  SELECT p.id, p.given_name, p.flags, p.gp_practice_ods, p.residence_local_authority,
         l.professional_id AS lead_id, pr.profession = 'SOCIAL_WORKER' AS lead_is_social_care,
         coalesce((SELECT json_agg(json_build_object('id', m.team_id, 'organisationId', t.organisation_id,
                                                     'isCouncil', o.kind = 'LOCAL_AUTHORITY') ORDER BY m.start_date, m.id)
                   FROM care_team_member m JOIN team t ON t.id = m.team_id JOIN organisation o ON o.id = t.organisation_id
                   WHERE m.person_id = p.id AND m.end_date IS NULL), '[]') AS teams,
         (SELECT json_build_object('name', m.name, 'relationship', m.relationship, 'contact', m.contact)
          FROM care_team_member m WHERE m.person_id = p.id AND m.kind = 'CARER' AND m.end_date IS NULL
          ORDER BY m.id LIMIT 1) AS carer
  FROM lead_professional l
  JOIN person p ON p.id = l.person_id
  JOIN professional pr ON pr.id = l.professional_id
  WHERE l.ended_at IS NULL AND p.nhs_number BETWEEN $1 AND $2
  ORDER BY p.nhs_number`;

/** Rows of the stage's tables: those the generator wrote, and any others of the generated people. */
const OURS = `(id BETWEEN '${GENERATED_IDS.first}'::uuid AND '${GENERATED_IDS.last}'::uuid OR person_id IN (
  SELECT id FROM person WHERE nhs_number BETWEEN '${SYNTHETIC_NHS_NUMBERS.first}' AND '${SYNTHETIC_NHS_NUMBERS.last}'))`;

/**
 * Versions are immutable (a trigger refuses deletes): the reset lifts the trigger for its own delete
 * only, in one statement, so that it is never left off.
 */
const RESET = `DO $$ BEGIN
  DELETE FROM care_plan_review WHERE ${OURS};
  DELETE FROM care_plan_sign_off WHERE ${OURS};
  DELETE FROM care_plan_action WHERE ${OURS};
  ALTER TABLE care_plan_version DISABLE TRIGGER care_plan_version_immutable;
  DELETE FROM care_plan_version WHERE ${OURS};
  ALTER TABLE care_plan_version ENABLE TRIGGER care_plan_version_immutable;
  DELETE FROM care_plan WHERE ${OURS};
END $$`;

/** Rows a person of the population brings on average (about 2.8% with a lead, some 7 rows each), until the stage knows. */
const ROWS_A_PERSON = 0.2;

/** Joint health and social care plans, their versions, actions, sign-offs and reviews, for the people with a lead. */
export const carePlansStage: PopulationStage = {
  name: 'care plans',
  plannedRows: ({ options }) => Math.round(options.people * ROWS_A_PERSON),
  existingRows: (db) => countGenerated(db, 'care_plan'),
  reset: async (db) => {
    await db.query(RESET);
  },
  run: async (context) => {
    const { db, options } = context;
    const workforce = workforceOf(context);
    const rows: Record<string, any>[] = await db.query(SUBJECTS, [SYNTHETIC_NHS_NUMBERS.first, SYNTHETIC_NHS_NUMBERS.last]);
    const subjects = rows.map((r): PlanSubject => {
      const staff = workforce.practice(r.gp_practice_ods);
      const json = (value: unknown) => (typeof value === 'string' ? JSON.parse(value) : value);
      return {
        personId: r.id,
        givenName: r.given_name,
        flags: r.flags,
        leadId: r.lead_id,
        leadIsSocialCare: r.lead_is_social_care,
        teams: json(r.teams),
        councilId: workforce.careSystem.council(r.residence_local_authority).id,
        // The other side of a joint plan: a social worker of the locality, or for the social care-led their practice's first GP.
        otherSideSignerId: r.lead_is_social_care ? staff.gps[0].id : staff.locality.socialWorkers[r.id.charCodeAt(35) % staff.locality.socialWorkers.length].id,
        carer: json(r.carer),
      };
    });
    const { plans, versions, actions, signOffs, reviews } = syntheticCarePlans(subjects, options);
    context.planned(plans.length + versions.length + actions.length + signOffs.length + reviews.length);
    // Plans before the rows that refer to them; versions before the sign-offs of them.
    const written =
      (await writeInBatches(plans, context, insertPlans)) +
      (await writeInBatches(versions, context, insertVersions)) +
      (await writeInBatches(actions, context, insertActions)) +
      (await writeInBatches(signOffs, context, insertSignOffs)) +
      (await writeInBatches(reviews, context, insertReviews));
    await db.query('VACUUM (ANALYZE) care_plan, care_plan_version, care_plan_action, care_plan_sign_off, care_plan_review');
    return written;
  },
};
