import { MigrationInterface, QueryRunner } from 'typeorm';
import {
  PERSON_RESOURCES as OLD_PERSON_RESOURCES,
  RESOURCE_TYPES as OLD_RESOURCE_TYPES,
} from './1795552800000-sync-goals-flags-tasks-consents-and-audit-reads';

export const RESOURCE_TYPES = `${OLD_RESOURCE_TYPES},'Encounter','EpisodeOfCare','Communication'`;

export const PERSON_RESOURCES = `${OLD_PERSON_RESOURCES}
        UNION ALL SELECT person_id, 'Encounter', id FROM care_event WHERE kind IN ('EMERGENCY_ADMISSION','AE_ATTENDANCE')
        UNION ALL SELECT person_id, 'EpisodeOfCare', id FROM care_event WHERE kind IN ('REABLEMENT_START','CARE_HOME_ADMISSION')
        UNION ALL SELECT person_id, 'Communication', id FROM notification`;

/**
 * Care events and notifications reach partners: an admission or A&E attendance (and, as a change
 * to its Encounter, the discharge), reablement and care home admissions as EpisodesOfCare (a
 * reablement's end changes its episode), and each notification to a lead professional as a
 * Communication (again when acknowledged). A delayed transfer changes its admission's Encounter
 * (the days are an extension); a death is no resource of its own (it changes the Patient, whose own
 * trigger sends it).
 *
 * The care_event trigger is named to run before care_event_raises_review_triggers (PostgreSQL runs
 * a table's triggers in name order), so that a partner receives the Encounter before the
 * Communication about it.
 */
export class SyncCareEventsAndNotifications1795556400000 implements MigrationInterface {
  name = 'SyncCareEventsAndNotifications1795556400000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE partner_system DROP CONSTRAINT partner_system_resource_types_known`);
    await db.query(`ALTER TABLE partner_system ADD CONSTRAINT partner_system_resource_types_known
      CHECK (cardinality(resource_types) > 0 AND resource_types <@ ARRAY[${RESOURCE_TYPES}]::text[])`);

    // The resource each event is part of: its own Encounter or EpisodeOfCare, the admission's
    // Encounter for a discharge or a delayed transfer (its days are an extension there), the
    // reablement episode it ends (the latest started before it).
    await db.query(`
      CREATE FUNCTION care_event_changes_to_outbox() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        INSERT INTO outbox_change (person_id, resource_type, resource_id)
        SELECT DISTINCT r.person_id, r.resource_type, r.resource_id FROM (
          SELECT n.person_id,
            CASE WHEN n.kind IN ('EMERGENCY_ADMISSION','AE_ATTENDANCE','DISCHARGE','DELAYED_TRANSFER') THEN 'Encounter'
                 ELSE 'EpisodeOfCare' END AS resource_type,
            CASE n.kind
              WHEN 'DISCHARGE' THEN n.admission_id
              WHEN 'DELAYED_TRANSFER' THEN n.admission_id
              WHEN 'REABLEMENT_END' THEN (
                SELECT s.id FROM care_event s
                WHERE s.person_id = n.person_id AND s.kind = 'REABLEMENT_START' AND s.occurred_at <= n.occurred_at
                ORDER BY s.occurred_at DESC, s.id DESC LIMIT 1)
              ELSE n.id
            END AS resource_id
          FROM new_rows n
          WHERE n.kind <> 'DEATH'
        ) r
        WHERE r.resource_id IS NOT NULL;
        RETURN NULL;
      END $$`);
    await db.query(`
      CREATE TRIGGER care_event_changes_to_outbox AFTER INSERT ON care_event
        REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION care_event_changes_to_outbox()`);

    // A notification when raised, and when first acknowledged (acknowledging again changes nothing, and sends nothing).
    await db.query(`
      CREATE FUNCTION outbox_notification_changed() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'INSERT' THEN
          INSERT INTO outbox_change (person_id, resource_type, resource_id) SELECT person_id, 'Communication', id FROM changed_rows;
        ELSE
          INSERT INTO outbox_change (person_id, resource_type, resource_id)
          SELECT c.person_id, 'Communication', c.id FROM changed_rows c JOIN old_rows o ON o.id = c.id
          WHERE c.acknowledged_at IS DISTINCT FROM o.acknowledged_at;
        END IF;
        RETURN NULL;
      END $$`);
    await db.query(`
      CREATE TRIGGER outbox_notification_insert AFTER INSERT ON notification
        REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION outbox_notification_changed()`);
    await db.query(`
      CREATE TRIGGER outbox_notification_update AFTER UPDATE ON notification
        REFERENCING OLD TABLE AS old_rows NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION outbox_notification_changed()`);

    // Someone entering a partner's scope is sent these too.
    await db.query(`
      CREATE OR REPLACE VIEW person_fhir_resource (person_id, resource_type, resource_id) AS ${PERSON_RESOURCES}`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP VIEW person_fhir_resource`);
    await db.query(`CREATE VIEW person_fhir_resource (person_id, resource_type, resource_id) AS ${OLD_PERSON_RESOURCES}`);
    await db.query(`DROP TRIGGER outbox_notification_update ON notification`);
    await db.query(`DROP TRIGGER outbox_notification_insert ON notification`);
    await db.query(`DROP TRIGGER care_event_changes_to_outbox ON care_event`);
    await db.query(`DROP FUNCTION outbox_notification_changed(), care_event_changes_to_outbox()`);
    await db.query(`DELETE FROM outbox_change WHERE resource_type IN ('Encounter','EpisodeOfCare','Communication')`);
    await db.query(`ALTER TABLE partner_system DROP CONSTRAINT partner_system_resource_types_known`);
    await db.query(`ALTER TABLE partner_system ADD CONSTRAINT partner_system_resource_types_known
      CHECK (cardinality(resource_types) > 0 AND resource_types <@ ARRAY[${OLD_RESOURCE_TYPES}]::text[])`);
  }
}
