import { MigrationInterface, QueryRunner } from 'typeorm';

const OLD_RESOURCE_TYPES = `'Patient','CareTeam','CarePlan','ServiceRequest','RiskAssessment'`;
export const RESOURCE_TYPES = `'Patient','CareTeam','CarePlan','ServiceRequest','RiskAssessment','Task','Goal','Flag','Consent'`;

/** Whether any partner takes a type: changes of types nobody takes would be fanned out to no one. */
const taken = (type: string) => `EXISTS (SELECT 1 FROM partner_system p WHERE '${type}' = ANY (p.resource_types))`;
/** A goal's id, as goalIdSql (libs/fhir/src/goal.fhir.ts) gives it. */
export const goalId = (plan: string, text: string) => `md5(${plan}::text || '|' || lower(btrim(${text})))::uuid`;
/** A tier flag's id, as tierFlagIdSql (libs/fhir/src/flag.fhir.ts) gives it. */
export const tierFlagId = (person: string, policy: string) => `md5('tier|' || ${person} || '|' || ${policy})::uuid`;

/** Everything of a person's that a partner may take, for someone entering a partner's scope. */
export const PERSON_RESOURCES = `
        SELECT id, 'Patient', id FROM person
        UNION ALL SELECT DISTINCT person_id, 'CareTeam', person_id FROM care_team_member
        UNION ALL SELECT person_id, 'CarePlan', id FROM care_plan
        UNION ALL SELECT person_id, 'ServiceRequest', id FROM referral
        UNION ALL SELECT person_id, 'RiskAssessment', id FROM risk_score
        UNION ALL SELECT person_id, 'Task', id FROM referral
        UNION ALL SELECT DISTINCT pv.person_id, 'Goal', ${goalId('pv.care_plan_id', 'said.text')}
                  FROM care_plan_version pv, jsonb_array_elements_text(pv.content->'goals') AS said (text)
        UNION ALL SELECT DISTINCT person_id, 'Flag', ${tierFlagId('person_id', 'policy_id')} FROM person_tier_change
        UNION ALL SELECT person_id, 'Flag', id FROM sharing_dissent
        UNION ALL SELECT person_id, 'Consent', id FROM sharing_dissent`;

/**
 * The new sources of changes (`changed_rows` is the statement's new rows), each writing only the
 * types some partner takes: re-tiering a million people, or loading a population, writes no
 * outbox rows for Flags or Tasks that nobody would be sent.
 */
const SOURCES: { table: string; name: string; events: string[]; insert: string }[] = [
  {
    // A referral's workflow is its Task (the ServiceRequest has its own trigger).
    table: 'referral',
    name: 'task',
    events: ['INSERT', 'UPDATE'],
    insert: `SELECT DISTINCT n.person_id, 'Task', n.id FROM changed_rows n WHERE ${taken('Task')}`,
  },
  {
    // A new version of a plan changes every goal it has had: their words, and their lifecycle with the plan's.
    table: 'care_plan_version',
    name: 'goal',
    events: ['INSERT'],
    insert: `SELECT DISTINCT n.person_id, 'Goal', ${goalId('pv.care_plan_id', 'said.text')}
             FROM changed_rows n
             JOIN care_plan_version pv ON pv.care_plan_id = n.care_plan_id AND pv.version <= n.version,
                  jsonb_array_elements_text(pv.content->'goals') AS said (text)
             WHERE ${taken('Goal')}`,
  },
  {
    // A dissent is a Consent that denies, and a Flag that warns; both have the dissent's id.
    table: 'sharing_dissent',
    name: 'consent_and_flag',
    events: ['INSERT', 'UPDATE'],
    insert: `SELECT DISTINCT n.person_id, t.type, n.id FROM changed_rows n, unnest(ARRAY['Consent', 'Flag']) AS t (type)
             WHERE EXISTS (SELECT 1 FROM partner_system p WHERE t.type = ANY (p.resource_types))`,
  },
  {
    // A change of tier (or leaving a policy) changes the person's flag for the policy.
    table: 'person_tier_change',
    name: 'flag',
    events: ['INSERT'],
    insert: `SELECT DISTINCT n.person_id, 'Flag', ${tierFlagId('n.person_id', 'n.policy_id')} FROM changed_rows n WHERE ${taken('Flag')}`,
  },
];

/**
 * Partners may take Tasks, Goals, Flags and Consents: their changes reach the outbox, and someone
 * entering a partner's scope is sent theirs (person_fhir_resource). Reading the audit trail of a
 * person's record (FHIR AuditEvent) is an activity of its own, VIEW_AUDIT_TRAIL, granted to privacy
 * officers, on an index of each person's trail by time. A person has at most one active dissent
 * with each organisation (and one with everyone outside their practice), so recording it again is
 * idempotent. Partner systems may record and withdraw dissent (FHIR Consent).
 */
export class SyncGoalsFlagsTasksConsentsAndAuditReads1795552800000 implements MigrationInterface {
  name = 'SyncGoalsFlagsTasksConsentsAndAuditReads1795552800000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE partner_system DROP CONSTRAINT partner_system_resource_types_known`);
    await db.query(`ALTER TABLE partner_system ADD CONSTRAINT partner_system_resource_types_known
      CHECK (cardinality(resource_types) > 0 AND resource_types <@ ARRAY[${RESOURCE_TYPES}]::text[])`);

    for (const { table, name, events, insert } of SOURCES) {
      await db.query(`
        CREATE FUNCTION outbox_${table}_${name}_changed() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          INSERT INTO outbox_change (person_id, resource_type, resource_id) ${insert};
          RETURN NULL;
        END $$`);
      for (const event of events) {
        await db.query(`
          CREATE TRIGGER outbox_${table}_${name}_${event.toLowerCase()} AFTER ${event} ON ${table}
          REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION outbox_${table}_${name}_changed()`);
      }
    }

    await db.query(`CREATE OR REPLACE VIEW person_fhir_resource (person_id, resource_type, resource_id) AS ${PERSON_RESOURCES}`);
    await db.query(`CREATE INDEX sharing_dissent_person ON sharing_dissent (person_id)`);
    await db.query(`CREATE UNIQUE INDEX sharing_dissent_once ON sharing_dissent (person_id, coalesce(organisation_ods, '')) WHERE withdrawn_at IS NULL`);

    await db.query(`CREATE INDEX audit_event_person_recorded ON audit_event (person_id, occurred_at, id)`);
    await db.query(`INSERT INTO access_activity (code, description) VALUES ($1, $2)`, [
      'VIEW_AUDIT_TRAIL',
      'Read the audit trail of a person’s record where there is a legitimate relationship',
    ]);
    await db.query(`INSERT INTO access_role_activity (role_code, activity) VALUES ('PRIVACY_OFFICER', 'VIEW_AUDIT_TRAIL'), ('PARTNER_SYSTEM', 'RECORD_SHARING_DISSENT')`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DELETE FROM access_role_activity WHERE (role_code, activity) IN (('PRIVACY_OFFICER', 'VIEW_AUDIT_TRAIL'), ('PARTNER_SYSTEM', 'RECORD_SHARING_DISSENT'))`);
    await db.query(`DELETE FROM access_activity WHERE code = 'VIEW_AUDIT_TRAIL'`);
    await db.query(`DROP INDEX audit_event_person_recorded`);
    await db.query(`DROP INDEX sharing_dissent_once`);
    await db.query(`DROP INDEX sharing_dissent_person`);
    await db.query(`DROP VIEW person_fhir_resource`);
    await db.query(`
      CREATE VIEW person_fhir_resource (person_id, resource_type, resource_id) AS
        SELECT id, 'Patient', id FROM person
        UNION ALL SELECT DISTINCT person_id, 'CareTeam', person_id FROM care_team_member
        UNION ALL SELECT person_id, 'CarePlan', id FROM care_plan
        UNION ALL SELECT person_id, 'ServiceRequest', id FROM referral
        UNION ALL SELECT person_id, 'RiskAssessment', id FROM risk_score`);
    for (const { table, name, events } of SOURCES) {
      for (const event of events) await db.query(`DROP TRIGGER outbox_${table}_${name}_${event.toLowerCase()} ON ${table}`);
      await db.query(`DROP FUNCTION outbox_${table}_${name}_changed()`);
    }
    await db.query(`ALTER TABLE partner_system DROP CONSTRAINT partner_system_resource_types_known`);
    await db.query(`ALTER TABLE partner_system ADD CONSTRAINT partner_system_resource_types_known
      CHECK (cardinality(resource_types) > 0 AND resource_types <@ ARRAY[${OLD_RESOURCE_TYPES}]::text[])`);
  }
}
