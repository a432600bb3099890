import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Every read of a person's record checks the user's relationship with them, a page of people at a
 * time, and three of the checks ask who is in each person's care team now: the professional, a
 * team they belong to, or their organisation. With the current members' professional, team and
 * organisation carried in an index on the person, each check reads that index alone instead of
 * every membership row the person ever had.
 */
export class CheckCareTeamRelationshipsFromAnIndex1795560000001 implements MigrationInterface {
  name = 'CheckCareTeamRelationshipsFromAnIndex1795560000001';

  async up(db: QueryRunner): Promise<void> {
    await db.query(
      `CREATE INDEX care_team_member_current ON care_team_member (person_id) INCLUDE (professional_id, team_id, organisation_id)
       WHERE end_date IS NULL`,
    );
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP INDEX care_team_member_current`);
  }
}
