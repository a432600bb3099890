import { MigrationInterface, QueryRunner } from 'typeorm';

const ACTIVITIES: [code: string, description: string][] = [
  ['VIEW_PERSON_RECORD', 'Read a person’s record where there is a legitimate relationship'],
  ['CHANGE_PERSON_RECORD', 'Change a person’s record where there is a legitimate relationship'],
  ['REGISTER_PERSON', 'Add a person to the register'],
  ['RUN_POPULATION_QUERIES', 'Lists and counts of people across the user’s own organisations'],
  ['MANAGE_REFERRAL_QUEUE', 'Triage, claim, accept, redirect, decline and complete referrals'],
  ['VIEW_DIRECTORY', 'Read the directory of organisations, professionals and teams'],
  ['MANAGE_DIRECTORY', 'Maintain the directory, including teams’ services and hours'],
  ['BREAK_GLASS', 'Open a record outside one’s relationships, with a reason, for a limited time'],
  ['REVIEW_ACCESS', 'Read the audit trail and review break-glass accesses'],
  ['RECORD_SHARING_DISSENT', 'Record or withdraw a person’s dissent to sharing'],
  ['MAKE_REFERRAL', 'Send a referral to the single point of referral'],
  ['LOAD_RISK_SCORES', 'Load risk scores from stratification models'],
  ['MANAGE_STRATIFICATION_POLICY', 'Set the policy that assigns people to risk tiers, and re-tier'],
  ['NOMINATE_FOR_MDT', 'Nominate a person for multidisciplinary team case review'],
];

const GRANTS: [role: string, activities: string[]][] = [
  ['GP', ['MAKE_REFERRAL', 'NOMINATE_FOR_MDT']],
  ['CARE_COORDINATOR', ['MAKE_REFERRAL', 'NOMINATE_FOR_MDT']],
  ['CLINICAL_PRACTITIONER', ['MAKE_REFERRAL']],
  ['SOCIAL_CARE_PRACTITIONER', ['MAKE_REFERRAL']],
  ['REFERRAL_COORDINATOR', ['MAKE_REFERRAL']],
  ['POPULATION_ANALYST', ['LOAD_RISK_SCORES', 'MANAGE_STRATIFICATION_POLICY', 'NOMINATE_FOR_MDT']],
];

/**
 * Activities become rows, so that a later capability adds its activities with an INSERT instead of
 * rewriting a CHECK constraint; and the activities referrals and risk stratification need.
 */
export class AddActivitiesAsData1795516800000 implements MigrationInterface {
  name = 'AddActivitiesAsData1795516800000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`CREATE TABLE access_activity (code text PRIMARY KEY, description text NOT NULL)`);
    await db.query(`INSERT INTO access_activity (code, description) SELECT * FROM unnest($1::text[], $2::text[])`, [
      ACTIVITIES.map(([code]) => code),
      ACTIVITIES.map(([, description]) => description),
    ]);
    await db.query(`ALTER TABLE access_role_activity DROP CONSTRAINT access_role_activity_code`);
    await db.query(
      `ALTER TABLE access_role_activity ADD CONSTRAINT access_role_activity_activity_fk FOREIGN KEY (activity) REFERENCES access_activity (code)`,
    );
    for (const [role, activities] of GRANTS) {
      await db.query(`INSERT INTO access_role_activity (role_code, activity) SELECT $1, unnest($2::text[])`, [role, activities]);
    }
  }

  async down(db: QueryRunner): Promise<void> {
    const added = ACTIVITIES.slice(10).map(([code]) => code);
    await db.query(`DELETE FROM access_role_activity WHERE activity = ANY($1::text[])`, [added]);
    await db.query(`ALTER TABLE access_role_activity DROP CONSTRAINT access_role_activity_activity_fk`);
    await db.query(
      `ALTER TABLE access_role_activity ADD CONSTRAINT access_role_activity_code CHECK (activity IN (${ACTIVITIES.slice(0, 10)
        .map(([code]) => `'${code}'`)
        .join(',')}))`,
    );
    await db.query(`DROP TABLE access_activity`);
  }
}
