import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A FHIR search that names no one looks among the user's own people, found from the user's side:
 * for a trust or a single point of referral, the people whose care team has the organisation in
 * it now and the open referrals it received. These indexes answer both without reading the tables.
 */
export class FindAnOrganisationsPeopleByIndex1795567200000 implements MigrationInterface {
  name = 'FindAnOrganisationsPeopleByIndex1795567200000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(
      `CREATE INDEX care_team_member_current_organisation ON care_team_member (organisation_id) INCLUDE (person_id)
       WHERE end_date IS NULL AND organisation_id IS NOT NULL`,
    );
    await db.query(`CREATE INDEX referral_open_at_spoa ON referral (spoa_organisation_id) INCLUDE (person_id) WHERE closed_at IS NULL`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP INDEX referral_open_at_spoa, care_team_member_current_organisation`);
  }
}
