import { dataOf, Scenario } from '../scenario';

const PROFESSIONAL = 'id givenName familyName';

const QUERY = /* GraphQL */ `
  query FullPlan($nhsNumber: String!) {
    carePlans(nhsNumber: $nhsNumber) {
      id status version startDate nextReviewDate reviewIntervalDays isJoint activatedAt closedAt closeReason createdAt
      person { nhsNumber givenName familyName }
      createdBy { ${PROFESSIONAL} }
      content {
        aboutMe whatMattersToMe goals reviewIntervalDays nextReviewDate
        needs { description sector }
        actions { id description sector professionalId teamId organisationId dueDate status }
        contingency { whoToCall whatToDo outOfHours }
        carer { name relationship contact support }
        endOfLife { preferredPlaceOfCare preferredPlaceOfDeath resuscitationDecisionReference }
        agreement { agreed consentToShare agreedOn agreedBy }
      }
      actions { id description sector dueDate status professional { ${PROFESSIONAL} } team { id name } organisation { id name } }
      signOffs { id planVersion sector asLead signedAt professional { ${PROFESSIONAL} } }
      versions { id version status change savedAt author { ${PROFESSIONAL} } }
      reviews { id reason reasonNote startedAt fromVersion completedAt toVersion outcome startedBy { ${PROFESSIONAL} } completedBy { ${PROFESSIONAL} } }
    }
  }`;

const who = (alias: string) => `json_build_object('id', ${alias}.id, 'given_name', ${alias}.given_name, 'family_name', ${alias}.family_name)`;

/** One statement: the person's plans, current first, each with its actions and owners, sign-offs, versions and reviews. */
const SQL = `SELECT c.id, c.status, c.version, c.start_date, c.next_review_date, c.review_interval_days, c.is_joint, c.activated_at,
  c.closed_at, c.close_reason, c.created_at, c.content, p.nhs_number, p.given_name, p.family_name, ${who('cb')} AS created_by,
  (SELECT coalesce(json_agg(json_build_object('action', a, 'professional', ${who('ap')}, 'team', t.name, 'organisation', o.name)
                            ORDER BY a.position), '[]')
   FROM care_plan_action a LEFT JOIN professional ap ON ap.id = a.professional_id
   LEFT JOIN team t ON t.id = a.team_id LEFT JOIN organisation o ON o.id = a.organisation_id
   WHERE a.care_plan_id = c.id) AS actions,
  (SELECT coalesce(json_agg(json_build_object('sign_off', s, 'professional', ${who('sp')}) ORDER BY s.plan_version DESC, s.signed_at), '[]')
   FROM care_plan_sign_off s JOIN professional sp ON sp.id = s.professional_id WHERE s.care_plan_id = c.id) AS sign_offs,
  (SELECT coalesce(json_agg(json_build_object('version', v.version, 'status', v.status, 'change', v.change, 'saved_at', v.saved_at,
                                              'author', ${who('va')}) ORDER BY v.version DESC), '[]')
   FROM care_plan_version v JOIN professional va ON va.id = v.author_id WHERE v.care_plan_id = c.id) AS versions,
  (SELECT coalesce(json_agg(json_build_object('review', r, 'started_by', ${who('rs')}, 'completed_by', ${who('rc')})
                            ORDER BY r.started_at DESC), '[]')
   FROM care_plan_review r JOIN professional rs ON rs.id = r.started_by_id LEFT JOIN professional rc ON rc.id = r.completed_by_id
   WHERE r.care_plan_id = c.id) AS reviews
FROM person p
JOIN care_plan c ON c.person_id = p.id
JOIN professional cb ON cb.id = c.created_by_id
WHERE p.nhs_number = $1
ORDER BY CASE c.status WHEN 'ACTIVE' THEN 0 WHEN 'UNDER_REVIEW' THEN 0 WHEN 'DRAFT' THEN 1 ELSE 2 END, c.created_at DESC, c.id`;

/** People with a current plan, and their practice. */
const PEOPLE_WITH_PLANS = `SELECT p.nhs_number, p.gp_practice_ods AS ods
FROM care_plan c JOIN person p ON p.id = c.person_id
WHERE c.status IN ('ACTIVE', 'UNDER_REVIEW')
ORDER BY c.id LIMIT 20000`;

interface PlanCounts {
  id: string;
  version: number;
  actions: number;
  signOffs: number;
  versions: number;
  reviews: number;
}

/** What both answers are compared by: each plan, its version and how many of each part it has. */
const summary = (p: PlanCounts) => `${p.id} v${p.version}: ${p.actions} actions, ${p.signOffs} sign-offs, ${p.versions} versions, ${p.reviews} reviews`;
const lengthOf = (value: unknown) => (typeof value === 'string' ? JSON.parse(value) : (value as unknown[])).length;

/** Opening a person's care plan: everything on it, as a care team member reads it before a visit or a review. */
export const personFullPlan: Scenario<{ nhsNumber: string; practiceOds: string }> = {
  id: 'person-full-plan',
  title: "One person's full plan",
  description:
    '`carePlans(nhsNumber)` for someone drawn at random from those with a current plan, asked as a GP at their practice: every section of the content, the actions with their owners, the sign-offs, every version and the reviews (the batched loaders, the access check and the audit row).',
  sqlText: SQL,
  inputs: async (sql, count, prng) => {
    const people = await sql.query<{ nhs_number: string; ods: string }>(PEOPLE_WITH_PLANS);
    if (people.length === 0) throw new Error('Nobody has a care plan: run npm run seed first');
    return Array.from({ length: count }, () => {
      const person = prng.pick(people);
      return { nhsNumber: person.nhs_number, practiceOds: person.ods };
    });
  },
  api: async (api, { nhsNumber, practiceOds }) => {
    type Plan = { id: string; version: number; actions: unknown[]; signOffs: unknown[]; versions: unknown[]; reviews: unknown[] };
    const response = await api.graphql<{ carePlans: Plan[] }>(QUERY, { nhsNumber }, { practiceOds });
    return dataOf(response, 'carePlans').carePlans.map((p) =>
      summary({ ...p, actions: p.actions.length, signOffs: p.signOffs.length, versions: p.versions.length, reviews: p.reviews.length }),
    );
  },
  sql: async (sql, { nhsNumber }) =>
    (await sql.query<Record<string, unknown>>(SQL, [nhsNumber])).map((row) =>
      summary({
        id: row.id as string,
        version: row.version as number,
        actions: lengthOf(row.actions),
        signOffs: lengthOf(row.sign_offs),
        versions: lengthOf(row.versions),
        reviews: lengthOf(row.reviews),
      }),
    ),
};
