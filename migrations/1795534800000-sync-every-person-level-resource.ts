import { MigrationInterface, QueryRunner } from 'typeorm';

const OLD_RESOURCE_TYPES = `'Patient','CareTeam','CarePlan'`;
const RESOURCE_TYPES = `'Patient','CareTeam','CarePlan','ServiceRequest','RiskAssessment'`;

/** The new sources of changes: whose record each row is part of, and which resource it changes. */
const SOURCES: { table: string; resourceType: string; personId: string; resourceId: string; events: string[] }[] = [
  { table: 'referral', resourceType: 'ServiceRequest', personId: 'person_id', resourceId: 'id', events: ['INSERT', 'UPDATE'] },
  { table: 'risk_score', resourceType: 'RiskAssessment', personId: 'person_id', resourceId: 'id', events: ['INSERT', 'UPDATE'] },
  // A sign-off is part of the CarePlan it signs (the plan's row does not change when it is signed).
  { table: 'care_plan_sign_off', resourceType: 'CarePlan', personId: 'person_id', resourceId: 'care_plan_id', events: ['INSERT'] },
];

/**
 * Sync of a person's whole record: referrals (ServiceRequest), risk scores (RiskAssessment) and
 * plan sign-offs reach the outbox like the rest; `person_fhir_resource` lists every resource of a
 * person, so that someone entering a partner's scope can be sent their current record; and
 * `partner_person` remembers who is in each partner's scope (as of the last change fanned out),
 * which is how entering is told from staying. Delivered messages are pruned by the worker, hence
 * the index on when they were delivered. Partner systems may send referrals and load risk scores
 * (FHIR ServiceRequest and RiskAssessment creates).
 */
export class SyncEveryPersonLevelResource1795534800000 implements MigrationInterface {
  name = 'SyncEveryPersonLevelResource1795534800000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE partner_system DROP CONSTRAINT partner_system_resource_types_known`);
    await db.query(`ALTER TABLE partner_system ADD CONSTRAINT partner_system_resource_types_known
      CHECK (cardinality(resource_types) > 0 AND resource_types <@ ARRAY[${RESOURCE_TYPES}]::text[])`);

    for (const { table, resourceType, personId, resourceId, events } of SOURCES) {
      await db.query(`
        CREATE FUNCTION outbox_${table}_changed() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          INSERT INTO outbox_change (person_id, resource_type, resource_id)
          SELECT DISTINCT ${personId}, '${resourceType}', ${resourceId} FROM changed_rows;
          RETURN NULL;
        END $$`);
      for (const event of events) {
        await db.query(`
          CREATE TRIGGER outbox_${table}_${event.toLowerCase()} AFTER ${event} ON ${table}
          REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION outbox_${table}_changed()`);
      }
    }

    // Every FHIR resource that is part of a person's record (narrowed by person_id, each branch uses its person index).
    await db.query(`
      CREATE VIEW person_fhir_resource (person_id, resource_type, resource_id) AS
        SELECT id, 'Patient', id FROM person
        UNION ALL SELECT DISTINCT person_id, 'CareTeam', person_id FROM care_team_member
        UNION ALL SELECT person_id, 'CarePlan', id FROM care_plan
        UNION ALL SELECT person_id, 'ServiceRequest', id FROM referral
        UNION ALL SELECT person_id, 'RiskAssessment', id FROM risk_score`);

    await db.query(`
      CREATE TABLE partner_person (
        partner_id uuid NOT NULL CONSTRAINT partner_person_partner_fk REFERENCES partner_system (id) ON DELETE CASCADE,
        person_id uuid NOT NULL CONSTRAINT partner_person_person_fk REFERENCES person (id),
        since timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (partner_id, person_id)
      )`);
    await db.query(`CREATE INDEX partner_person_person ON partner_person (person_id)`);
    // (A partner removed takes its scope with it; its deliveries must be deleted first, as before.)
    // Whoever a partner has been sent changes for is in its scope already: no backlog for them.
    await db.query(`INSERT INTO partner_person (partner_id, person_id) SELECT DISTINCT partner_id, person_id FROM partner_delivery`);

    await db.query(`CREATE INDEX partner_delivery_delivered ON partner_delivery (delivered_at, id) WHERE status = 'DELIVERED'`);

    // A partner's system may send referrals (a hospital's discharge team) and load scores (a practice system's eFI extract).
    await db.query(`INSERT INTO access_role_activity (role_code, activity) VALUES ('PARTNER_SYSTEM', 'MAKE_REFERRAL'), ('PARTNER_SYSTEM', 'LOAD_RISK_SCORES')`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DELETE FROM access_role_activity WHERE role_code = 'PARTNER_SYSTEM' AND activity IN ('MAKE_REFERRAL', 'LOAD_RISK_SCORES')`);
    await db.query(`DROP INDEX partner_delivery_delivered`);
    await db.query(`DROP TABLE partner_person`);
    await db.query(`DROP VIEW person_fhir_resource`);
    for (const { table, events } of SOURCES) {
      for (const event of events) await db.query(`DROP TRIGGER outbox_${table}_${event.toLowerCase()} ON ${table}`);
      await db.query(`DROP FUNCTION outbox_${table}_changed()`);
    }
    await db.query(`ALTER TABLE partner_system DROP CONSTRAINT partner_system_resource_types_known`);
    await db.query(`ALTER TABLE partner_system ADD CONSTRAINT partner_system_resource_types_known
      CHECK (cardinality(resource_types) > 0 AND resource_types <@ ARRAY[${OLD_RESOURCE_TYPES}]::text[])`);
  }
}
