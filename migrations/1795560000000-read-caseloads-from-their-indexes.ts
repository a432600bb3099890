import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A caseload is found from indexes alone: the people a professional leads, or whose care team a
 * professional or team is in now, are carried in the index that finds them, so a busy
 * coordinator's caseload no longer reads a heap page for each person on it (about a hundred random
 * reads a page). The covering indexes replace the two they extend; ended memberships keep theirs.
 */
export class ReadCaseloadsFromTheirIndexes1795560000000 implements MigrationInterface {
  name = 'ReadCaseloadsFromTheirIndexes1795560000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`DROP INDEX lead_professional_caseload`);
    await db.query(`CREATE INDEX lead_professional_caseload ON lead_professional (professional_id) INCLUDE (person_id) WHERE ended_at IS NULL`);
    await db.query(
      `CREATE INDEX care_team_member_current_professional ON care_team_member (professional_id) INCLUDE (person_id)
       WHERE end_date IS NULL AND professional_id IS NOT NULL`,
    );
    await db.query(`DROP INDEX care_team_member_team`);
    await db.query(`CREATE INDEX care_team_member_team ON care_team_member (team_id) INCLUDE (person_id) WHERE end_date IS NULL AND team_id IS NOT NULL`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP INDEX care_team_member_team`);
    await db.query(`CREATE INDEX care_team_member_team ON care_team_member (team_id) WHERE end_date IS NULL AND team_id IS NOT NULL`);
    await db.query(`DROP INDEX care_team_member_current_professional`);
    await db.query(`DROP INDEX lead_professional_caseload`);
    await db.query(`CREATE INDEX lead_professional_caseload ON lead_professional (professional_id) WHERE ended_at IS NULL`);
  }
}
