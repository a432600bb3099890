import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * "People whose care team includes this team" had no index, so a coordinator's overdue reviews (and
 * anything else reaching people through a team) read every care team member: 124 ms at 1,000,000
 * people, 3 ms with it.
 */
export class IndexTeamCaseloads1795531200000 implements MigrationInterface {
  name = 'IndexTeamCaseloads1795531200000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`CREATE INDEX care_team_member_team ON care_team_member (team_id) WHERE end_date IS NULL AND team_id IS NOT NULL`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP INDEX care_team_member_team`);
  }
}
