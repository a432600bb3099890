import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A caseload page shows each person's last event: the newest plan version is read by person, as
 * handovers and tier changes already are.
 */
export class AddCaseloadIndexes1795524000001 implements MigrationInterface {
  name = 'AddCaseloadIndexes1795524000001';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`CREATE INDEX care_plan_version_person ON care_plan_version (person_id, saved_at)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP INDEX care_plan_version_person`);
  }
}
