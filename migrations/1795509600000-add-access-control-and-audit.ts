import { MigrationInterface, QueryRunner } from 'typeorm';

const ACTIVITIES = [
  'VIEW_PERSON_RECORD',
  'CHANGE_PERSON_RECORD',
  'REGISTER_PERSON',
  'RUN_POPULATION_QUERIES',
  'MANAGE_REFERRAL_QUEUE',
  'VIEW_DIRECTORY',
  'MANAGE_DIRECTORY',
  'BREAK_GLASS',
  'REVIEW_ACCESS',
  'RECORD_SHARING_DISSENT',
];

/**
 * Job roles and the activities each grants, in the style of the NHS national RBAC model. This is
 * the starting set; changing it is a data change (a later migration, or an administrator).
 */
const ROLES: [code: string, name: string, activities: string[]][] = [
  ['GP', 'General practitioner', ['VIEW_PERSON_RECORD', 'CHANGE_PERSON_RECORD', 'REGISTER_PERSON', 'RUN_POPULATION_QUERIES', 'VIEW_DIRECTORY', 'BREAK_GLASS', 'RECORD_SHARING_DISSENT']],
  ['CARE_COORDINATOR', 'Care coordinator or case manager', ['VIEW_PERSON_RECORD', 'CHANGE_PERSON_RECORD', 'REGISTER_PERSON', 'MANAGE_REFERRAL_QUEUE', 'VIEW_DIRECTORY', 'BREAK_GLASS', 'RECORD_SHARING_DISSENT']],
  ['CLINICAL_PRACTITIONER', 'Nurse, therapist or other clinician', ['VIEW_PERSON_RECORD', 'CHANGE_PERSON_RECORD', 'VIEW_DIRECTORY', 'BREAK_GLASS']],
  ['SOCIAL_CARE_PRACTITIONER', 'Social worker or social care practitioner', ['VIEW_PERSON_RECORD', 'CHANGE_PERSON_RECORD', 'REGISTER_PERSON', 'MANAGE_REFERRAL_QUEUE', 'VIEW_DIRECTORY', 'BREAK_GLASS']],
  ['REFERRAL_COORDINATOR', 'Single point of referral coordinator', ['REGISTER_PERSON', 'MANAGE_REFERRAL_QUEUE', 'VIEW_DIRECTORY']],
  ['REGISTRATION_CLERK', 'Registration and administrative staff', ['VIEW_PERSON_RECORD', 'CHANGE_PERSON_RECORD', 'REGISTER_PERSON', 'VIEW_DIRECTORY', 'RECORD_SHARING_DISSENT']],
  ['POPULATION_ANALYST', 'GP federation or PCN population health analyst', ['RUN_POPULATION_QUERIES', 'VIEW_DIRECTORY']],
  ['DIRECTORY_ADMINISTRATOR', 'Maintains organisations, professionals and teams', ['VIEW_DIRECTORY', 'MANAGE_DIRECTORY']],
  ['PRIVACY_OFFICER', 'Privacy officer or Caldicott guardian', ['VIEW_DIRECTORY', 'REVIEW_ACCESS']],
];

export class AddAccessControlAndAudit1795509600000 implements MigrationInterface {
  name = 'AddAccessControlAndAudit1795509600000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`CREATE TABLE access_role (code text PRIMARY KEY, name text NOT NULL)`);
    await db.query(`
      CREATE TABLE access_role_activity (
        role_code text NOT NULL CONSTRAINT access_role_activity_role_fk REFERENCES access_role (code),
        activity text NOT NULL CONSTRAINT access_role_activity_code CHECK (activity IN (${ACTIVITIES.map((a) => `'${a}'`).join(',')})),
        PRIMARY KEY (role_code, activity)
      )`);
    for (const [code, name, activities] of ROLES) {
      await db.query(`INSERT INTO access_role (code, name) VALUES ($1, $2)`, [code, name]);
      await db.query(`INSERT INTO access_role_activity (role_code, activity) SELECT $1, unnest($2::text[])`, [code, activities]);
    }

    // A person's dissent to sharing: with one organisation, or (organisation_ods null) with
    // everyone outside their GP practice. Withdrawn, never deleted.
    await db.query(`
      CREATE TABLE sharing_dissent (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        person_id uuid NOT NULL CONSTRAINT sharing_dissent_person_fk REFERENCES person (id),
        organisation_ods text,
        note text,
        recorded_by text NOT NULL,
        recorded_at timestamptz NOT NULL DEFAULT now(),
        withdrawn_by text,
        withdrawn_at timestamptz,
        CONSTRAINT sharing_dissent_withdrawn_after_recorded CHECK (withdrawn_at >= recorded_at)
      )`);
    await db.query(`CREATE INDEX sharing_dissent_active ON sharing_dissent (person_id) WHERE withdrawn_at IS NULL`);

    await db.query(`
      CREATE TABLE break_glass (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        person_id uuid NOT NULL CONSTRAINT break_glass_person_fk REFERENCES person (id),
        user_subject text NOT NULL,
        user_name text NOT NULL,
        organisation_ods text,
        reason text NOT NULL CONSTRAINT break_glass_reason_given CHECK (length(trim(reason)) >= 10),
        opened_at timestamptz NOT NULL,
        expires_at timestamptz NOT NULL,
        reviewed_at timestamptz,
        reviewed_by text,
        review_note text,
        CONSTRAINT break_glass_expires_after_opening CHECK (expires_at > opened_at)
      )`);
    await db.query(`CREATE INDEX break_glass_person_user ON break_glass (person_id, user_subject, expires_at)`);
    await db.query(`CREATE INDEX break_glass_for_review ON break_glass (organisation_ods, opened_at DESC) WHERE reviewed_at IS NULL`);

    // Append-only: the service only ever inserts. No foreign key to person, so that writing the
    // trail never waits on, or fails with, the record it describes.
    await db.query(`
      CREATE TABLE audit_event (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        occurred_at timestamptz NOT NULL DEFAULT now(),
        user_subject text NOT NULL,
        user_name text NOT NULL,
        professional_id uuid,
        organisation_ods text,
        roles text[] NOT NULL,
        purpose text NOT NULL,
        person_id uuid,
        action text NOT NULL,
        entity text NOT NULL,
        outcome text NOT NULL CONSTRAINT audit_event_outcome_code CHECK (outcome IN ('PERMITTED','REFUSED')),
        basis text
      )`);
    await db.query(`CREATE INDEX audit_event_person ON audit_event (person_id, id)`);
    await db.query(`CREATE INDEX audit_event_user ON audit_event (user_subject, id)`);
    await db.query(`CREATE INDEX audit_event_organisation ON audit_event (organisation_ods, id)`);
  }

  async down(db: QueryRunner): Promise<void> {
    for (const table of ['audit_event', 'break_glass', 'sharing_dissent', 'access_role_activity', 'access_role']) {
      await db.query(`DROP TABLE ${table}`);
    }
  }
}
