import { MigrationInterface, QueryRunner } from 'typeorm';

const STATUSES = `'DRAFT','ACTIVE','UNDER_REVIEW','CLOSED'`;
const SECTORS = `'HEALTH','SOCIAL_CARE'`;
const ACTION_STATUSES = `'OPEN','DONE','CANCELLED'`;
const REVIEW_REASONS = `'SCHEDULED','CRISIS','HOSPITAL_ADMISSION','HOSPITAL_DISCHARGE','NEW_REFERRAL','RISK_TIER_CHANGE',
  'PERSON_OR_CARER_REQUEST','OTHER'`;

/**
 * Joint health and social care plans: the plan (its current version), every version (immutable),
 * the current version's actions as rows (for "open actions an organisation owns, by due date"),
 * sign-offs and reviews.
 */
export class AddJointCarePlans1795513200000 implements MigrationInterface {
  name = 'AddJointCarePlans1795513200000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE care_plan (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        person_id uuid NOT NULL CONSTRAINT care_plan_person_fk REFERENCES person (id),
        status text NOT NULL CONSTRAINT care_plan_status_code CHECK (status IN (${STATUSES})),
        start_date date NOT NULL,
        content jsonb NOT NULL CONSTRAINT care_plan_content_is_object CHECK (jsonb_typeof(content) = 'object'),
        review_interval_days integer NOT NULL CONSTRAINT care_plan_review_interval_positive CHECK (review_interval_days > 0),
        next_review_date date CONSTRAINT care_plan_review_not_before_start CHECK (next_review_date >= start_date),
        is_joint boolean NOT NULL,
        created_by_id uuid NOT NULL CONSTRAINT care_plan_created_by_fk REFERENCES professional (id),
        activated_at timestamptz,
        closed_at timestamptz,
        close_reason text,
        version integer NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT care_plan_current_has_review_date CHECK (status NOT IN ('ACTIVE','UNDER_REVIEW') OR next_review_date IS NOT NULL),
        CONSTRAINT care_plan_closed_when_closed CHECK ((status = 'CLOSED') = (closed_at IS NOT NULL)),
        CONSTRAINT care_plan_active_was_activated CHECK (status = 'DRAFT' OR status = 'CLOSED' OR activated_at IS NOT NULL)
      )`);
    // The guarantee of at most one current plan per person, whatever the code does.
    await db.query(
      `CREATE UNIQUE INDEX care_plan_one_current ON care_plan (person_id) WHERE status IN ('ACTIVE','UNDER_REVIEW')`,
    );
    await db.query(`CREATE INDEX care_plan_person ON care_plan (person_id, created_at)`);
    // Review lists: current plans by review date.
    await db.query(
      `CREATE INDEX care_plan_next_review ON care_plan (next_review_date, id) WHERE status IN ('ACTIVE','UNDER_REVIEW')`,
    );

    await db.query(`
      CREATE TABLE care_plan_version (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        care_plan_id uuid NOT NULL CONSTRAINT care_plan_version_plan_fk REFERENCES care_plan (id),
        person_id uuid NOT NULL CONSTRAINT care_plan_version_person_fk REFERENCES person (id),
        version integer NOT NULL CONSTRAINT care_plan_version_positive CHECK (version >= 1),
        status text NOT NULL CONSTRAINT care_plan_version_status_code CHECK (status IN (${STATUSES})),
        content jsonb NOT NULL,
        change text NOT NULL,
        author_id uuid NOT NULL CONSTRAINT care_plan_version_author_fk REFERENCES professional (id),
        saved_at timestamptz NOT NULL,
        CONSTRAINT care_plan_version_key UNIQUE (care_plan_id, version)
      )`);
    // Versions are a record of what was: the database refuses to change or delete one.
    await db.query(`
      CREATE FUNCTION care_plan_version_is_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'care plan versions are never changed or deleted' USING ERRCODE = 'restrict_violation';
      END $$`);
    await db.query(`
      CREATE TRIGGER care_plan_version_immutable BEFORE UPDATE OR DELETE ON care_plan_version
        FOR EACH ROW EXECUTE FUNCTION care_plan_version_is_immutable()`);

    // Exactly one owner per action; responsible_organisation_id is the owning organisation, or the
    // one that runs the owning team, so that an organisation's open actions are one index range.
    await db.query(`
      CREATE TABLE care_plan_action (
        id uuid PRIMARY KEY,
        care_plan_id uuid NOT NULL CONSTRAINT care_plan_action_plan_fk REFERENCES care_plan (id),
        person_id uuid NOT NULL CONSTRAINT care_plan_action_person_fk REFERENCES person (id),
        position integer NOT NULL,
        description text NOT NULL,
        sector text NOT NULL CONSTRAINT care_plan_action_sector_code CHECK (sector IN (${SECTORS})),
        professional_id uuid CONSTRAINT care_plan_action_professional_fk REFERENCES professional (id),
        team_id uuid CONSTRAINT care_plan_action_team_fk REFERENCES team (id),
        organisation_id uuid CONSTRAINT care_plan_action_organisation_fk REFERENCES organisation (id),
        responsible_organisation_id uuid CONSTRAINT care_plan_action_responsible_organisation_fk REFERENCES organisation (id),
        due_date date NOT NULL,
        status text NOT NULL CONSTRAINT care_plan_action_status_code CHECK (status IN (${ACTION_STATUSES})),
        CONSTRAINT care_plan_action_one_owner CHECK (num_nonnulls(professional_id, team_id, organisation_id) = 1),
        CONSTRAINT care_plan_action_responsible_is_owner CHECK (organisation_id IS NULL OR responsible_organisation_id = organisation_id),
        CONSTRAINT care_plan_action_position_key UNIQUE (care_plan_id, position)
      )`);
    await db.query(`
      CREATE INDEX care_plan_action_open_by_organisation ON care_plan_action (responsible_organisation_id, due_date, id)
        WHERE status = 'OPEN'`);
    await db.query(`CREATE INDEX care_plan_action_open_by_team ON care_plan_action (team_id, due_date, id) WHERE status = 'OPEN'`);
    await db.query(`CREATE INDEX care_plan_action_plan ON care_plan_action (care_plan_id)`);

    await db.query(`
      CREATE TABLE care_plan_sign_off (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        care_plan_id uuid NOT NULL,
        person_id uuid NOT NULL CONSTRAINT care_plan_sign_off_person_fk REFERENCES person (id),
        plan_version integer NOT NULL,
        professional_id uuid NOT NULL CONSTRAINT care_plan_sign_off_professional_fk REFERENCES professional (id),
        sector text NOT NULL CONSTRAINT care_plan_sign_off_sector_code CHECK (sector IN (${SECTORS})),
        as_lead boolean NOT NULL,
        signed_at timestamptz NOT NULL,
        CONSTRAINT care_plan_sign_off_of_a_version FOREIGN KEY (care_plan_id, plan_version)
          REFERENCES care_plan_version (care_plan_id, version),
        CONSTRAINT care_plan_sign_off_once UNIQUE (care_plan_id, plan_version, professional_id)
      )`);

    await db.query(`
      CREATE TABLE care_plan_review (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        care_plan_id uuid NOT NULL CONSTRAINT care_plan_review_plan_fk REFERENCES care_plan (id),
        person_id uuid NOT NULL CONSTRAINT care_plan_review_person_fk REFERENCES person (id),
        reason text NOT NULL CONSTRAINT care_plan_review_reason_code CHECK (reason IN (${REVIEW_REASONS})),
        reason_note text,
        started_by_id uuid NOT NULL CONSTRAINT care_plan_review_started_by_fk REFERENCES professional (id),
        started_at timestamptz NOT NULL,
        from_version integer NOT NULL,
        completed_by_id uuid CONSTRAINT care_plan_review_completed_by_fk REFERENCES professional (id),
        completed_at timestamptz,
        to_version integer,
        outcome text,
        CONSTRAINT care_plan_review_completed_whole CHECK (
          num_nulls(completed_by_id, completed_at, to_version, outcome) IN (0, 4)),
        CONSTRAINT care_plan_review_times_in_order CHECK (completed_at >= started_at),
        CONSTRAINT care_plan_review_versions_in_order CHECK (to_version > from_version)
      )`);
    await db.query(`CREATE UNIQUE INDEX care_plan_review_one_open ON care_plan_review (care_plan_id) WHERE completed_at IS NULL`);
    await db.query(`CREATE INDEX care_plan_review_plan ON care_plan_review (care_plan_id, started_at)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TABLE care_plan_review, care_plan_sign_off, care_plan_action, care_plan_version, care_plan');
    await db.query('DROP FUNCTION care_plan_version_is_immutable()');
  }
}
