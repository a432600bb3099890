import { MigrationInterface, QueryRunner } from 'typeorm';
import { goalId, tierFlagId } from './1795552800000-sync-goals-flags-tasks-consents-and-audit-reads';
import { PERSON_RESOURCES } from './1795556400000-sync-care-events-and-notifications';

/**
 * Everything of some people's that a partner may take, found through each table's index on the
 * person. The view it replaces could not be joined to a few people: its branches with a condition,
 * a DISTINCT or a goal list are not flattened by PostgreSQL, so a join to the people entering a
 * partner's scope read every plan version, tier change and care event in the database (minutes at
 * a million people, in every fan-out round that someone entered scope). Here each branch is
 * filtered by the people asked about before anything else.
 */
const PERSON_RECORD = `
  SELECT id, 'Patient', id FROM person WHERE id = ANY (people)
  UNION ALL SELECT DISTINCT person_id, 'CareTeam', person_id FROM care_team_member WHERE person_id = ANY (people)
  UNION ALL SELECT person_id, 'CarePlan', id FROM care_plan WHERE person_id = ANY (people)
  UNION ALL SELECT person_id, 'ServiceRequest', id FROM referral WHERE person_id = ANY (people)
  UNION ALL SELECT person_id, 'Task', id FROM referral WHERE person_id = ANY (people)
  UNION ALL SELECT person_id, 'RiskAssessment', id FROM risk_score WHERE person_id = ANY (people)
  UNION ALL SELECT DISTINCT pv.person_id, 'Goal', ${goalId('pv.care_plan_id', 'said.text')}
            FROM care_plan_version pv, jsonb_array_elements_text(pv.content->'goals') AS said (text)
            WHERE pv.person_id = ANY (people)
  UNION ALL SELECT DISTINCT person_id, 'Flag', ${tierFlagId('person_id', 'policy_id')} FROM person_tier_change WHERE person_id = ANY (people)
  UNION ALL SELECT person_id, 'Flag', id FROM sharing_dissent WHERE person_id = ANY (people)
  UNION ALL SELECT person_id, 'Consent', id FROM sharing_dissent WHERE person_id = ANY (people)
  UNION ALL SELECT person_id, 'Encounter', id FROM care_event
            WHERE person_id = ANY (people) AND kind IN ('EMERGENCY_ADMISSION','AE_ATTENDANCE')
  UNION ALL SELECT person_id, 'EpisodeOfCare', id FROM care_event
            WHERE person_id = ANY (people) AND kind IN ('REABLEMENT_START','CARE_HOME_ADMISSION')
  UNION ALL SELECT person_id, 'Communication', id FROM notification WHERE person_id = ANY (people)`;

export class FindAPersonsRecordByIndex1795563600000 implements MigrationInterface {
  name = 'FindAPersonsRecordByIndex1795563600000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`DROP VIEW person_fhir_resource`);
    await db.query(`
      CREATE FUNCTION person_fhir_resources(people uuid[])
        RETURNS TABLE (person_id uuid, resource_type text, resource_id uuid) LANGUAGE sql STABLE
        AS $$ ${PERSON_RECORD} $$`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP FUNCTION person_fhir_resources(uuid[])`);
    await db.query(`CREATE VIEW person_fhir_resource (person_id, resource_type, resource_id) AS ${PERSON_RESOURCES}`);
  }
}
