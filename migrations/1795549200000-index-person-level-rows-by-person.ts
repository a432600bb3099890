import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Every person-level table can be read by person: these four were reached only through their plan
 * or referral, so removing a person (a test population, a merged duplicate) scanned each of them
 * once per person for the foreign key, and "everything about one person" could not use an index.
 */
export class IndexPersonLevelRowsByPerson1795549200000 implements MigrationInterface {
  name = 'IndexPersonLevelRowsByPerson1795549200000';

  async up(db: QueryRunner): Promise<void> {
    for (const table of ['care_plan_action', 'care_plan_sign_off', 'care_plan_review', 'referral_step']) {
      await db.query(`CREATE INDEX IF NOT EXISTS ${table}_person ON ${table} (person_id)`);
    }
  }

  async down(db: QueryRunner): Promise<void> {
    for (const table of ['care_plan_action', 'care_plan_sign_off', 'care_plan_review', 'referral_step']) {
      await db.query(`DROP INDEX IF EXISTS ${table}_person`);
    }
  }
}
