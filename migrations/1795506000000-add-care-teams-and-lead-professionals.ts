import { MigrationInterface, QueryRunner } from 'typeorm';

const ORGANISATION_KINDS = `'GP_PRACTICE','PRIMARY_CARE_NETWORK','LOCALITY','NHS_TRUST','LOCAL_AUTHORITY',
  'VOLUNTARY_OR_COMMUNITY','CARE_HOME','HOSPICE','OTHER'`;
const PROFESSIONS = `'GP','CONSULTANT_GERIATRICIAN','COMMUNITY_MATRON','DISTRICT_NURSE','PRACTICE_NURSE',
  'MENTAL_HEALTH_NURSE','PALLIATIVE_CARE_NURSE','SOCIAL_WORKER','OCCUPATIONAL_THERAPIST','PHYSIOTHERAPIST',
  'PHARMACIST','PARAMEDIC','CARE_NAVIGATOR','OTHER'`;
const REGISTRATION_BODIES = `'GMC','NMC','HCPC','SOCIAL_WORK_ENGLAND','GPHC'`;
const TEAM_KINDS = `'MULTIDISCIPLINARY_TEAM','LOCALITY_HUB','COMMUNITY_HEALTH','SOCIAL_CARE','MENTAL_HEALTH',
  'RAPID_RESPONSE','CARE_COORDINATION','PALLIATIVE_CARE','OTHER'`;
const MEMBER_KINDS = `'PROFESSIONAL','ORGANISATION','TEAM','CARER','RELATIVE','THE_PERSON'`;
const HANDOVER_REASONS = `'ASSIGNED','STEP_UP','STEP_DOWN','CHANGE_OF_TEAM','PROFESSIONAL_LEFT','PERSON_CHOICE',
  'NO_LONGER_CASE_MANAGED','DIED','OTHER'`;

/**
 * The workforce directory (organisations, professionals and their roles, teams) and, around each
 * person, their care team and accountable lead professional.
 */
export class AddCareTeamsAndLeadProfessionals1795506000000 implements MigrationInterface {
  name = 'AddCareTeamsAndLeadProfessionals1795506000000';

  async up(db: QueryRunner): Promise<void> {
    // `path` holds the ids from the top of the hierarchy down to the organisation itself
    // ({locality, pcn, practice}), so "everything under X" is `path @> ARRAY[X]` on a GIN index:
    // "people registered at practices under PCN X" is then one indexed join on ods_code.
    await db.query(`
      CREATE TABLE organisation (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        ods_code text CONSTRAINT organisation_ods_code_key UNIQUE
          CONSTRAINT organisation_ods_code_format CHECK (ods_code ~ '^[A-Z0-9]{3,10}$'),
        name text NOT NULL,
        kind text NOT NULL CONSTRAINT organisation_kind_code CHECK (kind IN (${ORGANISATION_KINDS})),
        parent_id uuid CONSTRAINT organisation_parent_fk REFERENCES organisation (id),
        path uuid[] NOT NULL,
        version integer NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT organisation_path_ends_with_parent_and_itself CHECK (coalesce(
          path[cardinality(path)] = id AND CASE WHEN parent_id IS NULL THEN cardinality(path) = 1
                                                ELSE path[cardinality(path) - 1] = parent_id END, false))
      )`);
    await db.query(`CREATE INDEX organisation_path ON organisation USING gin (path)`);

    await db.query(`
      CREATE TABLE professional (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        given_name text NOT NULL,
        family_name text NOT NULL,
        profession text NOT NULL CONSTRAINT professional_profession_code CHECK (profession IN (${PROFESSIONS})),
        registration_body text CONSTRAINT professional_registration_body_code CHECK (registration_body IN (${REGISTRATION_BODIES})),
        registration_number text,
        caseload_capacity integer CONSTRAINT professional_caseload_capacity_not_negative CHECK (caseload_capacity >= 0),
        version integer NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT professional_registration_whole CHECK ((registration_body IS NULL) = (registration_number IS NULL)),
        CONSTRAINT professional_registration_key UNIQUE (registration_body, registration_number)
      )`);

    // A professional's job in an organisation (FHIR PractitionerRole).
    await db.query(`
      CREATE TABLE professional_role (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        professional_id uuid NOT NULL CONSTRAINT professional_role_professional_fk REFERENCES professional (id),
        organisation_id uuid NOT NULL CONSTRAINT professional_role_organisation_fk REFERENCES organisation (id),
        job_title text NOT NULL,
        start_date date NOT NULL,
        end_date date,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT professional_role_dates_in_order CHECK (end_date >= start_date)
      )`);
    await db.query(`CREATE INDEX professional_role_professional ON professional_role (professional_id, start_date)`);
    await db.query(`CREATE INDEX professional_role_organisation ON professional_role (organisation_id)`);

    await db.query(`
      CREATE TABLE team (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name text NOT NULL,
        kind text NOT NULL CONSTRAINT team_kind_code CHECK (kind IN (${TEAM_KINDS})),
        organisation_id uuid NOT NULL CONSTRAINT team_organisation_fk REFERENCES organisation (id),
        start_date date NOT NULL,
        end_date date,
        version integer NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT team_dates_in_order CHECK (end_date >= start_date)
      )`);
    await db.query(`CREATE INDEX team_organisation ON team (organisation_id, name)`);

    await db.query(`
      CREATE TABLE team_member (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        team_id uuid NOT NULL CONSTRAINT team_member_team_fk REFERENCES team (id),
        professional_id uuid NOT NULL CONSTRAINT team_member_professional_fk REFERENCES professional (id),
        role text,
        start_date date NOT NULL,
        end_date date,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT team_member_dates_in_order CHECK (end_date >= start_date)
      )`);
    await db.query(
      `CREATE UNIQUE INDEX team_member_active_once ON team_member (team_id, professional_id) WHERE end_date IS NULL`,
    );
    await db.query(`CREATE INDEX team_member_team ON team_member (team_id, start_date)`);
    await db.query(`CREATE INDEX team_member_professional ON team_member (professional_id, start_date)`);

    // Everyone involved with one person. Exactly the columns that say who the member is are
    // filled: a professional, an organisation or a team by id; a carer or relative by name.
    await db.query(`
      CREATE TABLE care_team_member (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        person_id uuid NOT NULL CONSTRAINT care_team_member_person_fk REFERENCES person (id),
        kind text NOT NULL CONSTRAINT care_team_member_kind_code CHECK (kind IN (${MEMBER_KINDS})),
        professional_id uuid CONSTRAINT care_team_member_professional_fk REFERENCES professional (id),
        organisation_id uuid CONSTRAINT care_team_member_organisation_fk REFERENCES organisation (id),
        team_id uuid CONSTRAINT care_team_member_team_fk REFERENCES team (id),
        name text,
        relationship text,
        contact text,
        role_in_care text NOT NULL,
        start_date date NOT NULL,
        end_date date,
        end_reason text,
        version integer NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT care_team_member_dates_in_order CHECK (end_date >= start_date),
        CONSTRAINT care_team_member_identified_by_kind CHECK (CASE kind
          WHEN 'PROFESSIONAL' THEN professional_id IS NOT NULL AND num_nonnulls(organisation_id, team_id, name, relationship) = 0
          WHEN 'ORGANISATION' THEN organisation_id IS NOT NULL AND num_nonnulls(professional_id, team_id, name, relationship) = 0
          WHEN 'TEAM' THEN team_id IS NOT NULL AND num_nonnulls(professional_id, organisation_id, name, relationship) = 0
          WHEN 'THE_PERSON' THEN num_nonnulls(professional_id, organisation_id, team_id, name, relationship) = 0
          ELSE name IS NOT NULL AND relationship IS NOT NULL AND num_nonnulls(professional_id, organisation_id, team_id) = 0
        END),
        -- the target of lead_professional's foreign key: a lead's membership is of that person and that professional
        CONSTRAINT care_team_member_person_professional_key UNIQUE (id, person_id, professional_id)
      )`);
    // Each professional, organisation, team (and the person themself) is in a person's care team once
    // at a time; carers and relatives are told apart by name, so they are left out.
    await db.query(`
      CREATE UNIQUE INDEX care_team_member_active_once ON care_team_member
        (person_id, coalesce(professional_id, organisation_id, team_id, person_id))
        WHERE end_date IS NULL AND kind NOT IN ('CARER','RELATIVE')`);
    await db.query(`CREATE INDEX care_team_member_person ON care_team_member (person_id, start_date)`);
    await db.query(
      `CREATE INDEX care_team_member_professional ON care_team_member (professional_id) WHERE professional_id IS NOT NULL`,
    );

    // Who has led each person's care and when. The partial unique index is the guarantee of at most
    // one active lead per person, whatever the code does.
    await db.query(`
      CREATE TABLE lead_professional (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        person_id uuid NOT NULL CONSTRAINT lead_professional_person_fk REFERENCES person (id),
        professional_id uuid NOT NULL CONSTRAINT lead_professional_professional_fk REFERENCES professional (id),
        care_team_member_id uuid NOT NULL,
        started_at timestamptz NOT NULL,
        ended_at timestamptz,
        CONSTRAINT lead_professional_times_in_order CHECK (ended_at >= started_at),
        CONSTRAINT lead_professional_in_care_team FOREIGN KEY (care_team_member_id, person_id, professional_id)
          REFERENCES care_team_member (id, person_id, professional_id)
      )`);
    await db.query(`CREATE UNIQUE INDEX lead_professional_one_active ON lead_professional (person_id) WHERE ended_at IS NULL`);
    await db.query(`CREATE INDEX lead_professional_caseload ON lead_professional (professional_id) WHERE ended_at IS NULL`);
    await db.query(`CREATE INDEX lead_professional_person ON lead_professional (person_id, started_at)`);

    // Every assignment, handover and end of a lead: from whom, to whom, why, when and who recorded it.
    await db.query(`
      CREATE TABLE lead_handover (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        person_id uuid NOT NULL CONSTRAINT lead_handover_person_fk REFERENCES person (id),
        previous_lead_id uuid CONSTRAINT lead_handover_previous_lead_fk REFERENCES professional (id),
        new_lead_id uuid CONSTRAINT lead_handover_new_lead_fk REFERENCES professional (id),
        reason text NOT NULL CONSTRAINT lead_handover_reason_code CHECK (reason IN (${HANDOVER_REASONS})),
        reason_note text,
        recorded_by_id uuid NOT NULL CONSTRAINT lead_handover_recorded_by_fk REFERENCES professional (id),
        handed_over_at timestamptz NOT NULL,
        CONSTRAINT lead_handover_changes_the_lead CHECK (previous_lead_id IS DISTINCT FROM new_lead_id)
      )`);
    await db.query(`CREATE INDEX lead_handover_person ON lead_handover (person_id, handed_over_at)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(
      'DROP TABLE lead_handover, lead_professional, care_team_member, team_member, team, professional_role, professional, organisation',
    );
  }
}
