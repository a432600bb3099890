import { MigrationInterface, QueryRunner } from 'typeorm';

const STATUSES = `'RECEIVED','TRIAGED','CLAIMED','ACCEPTED','COMPLETED','DECLINED','WITHDRAWN','LINKED'`;
const FINAL_STATUSES = `'COMPLETED','DECLINED','WITHDRAWN','LINKED'`;
const SOURCES = `'GP','HOSPITAL_DISCHARGE_TEAM','AMBULANCE','SOCIAL_CARE','COMMUNITY_HEALTH','MENTAL_HEALTH','SELF','CARER','OTHER'`;
const URGENCIES = `'URGENT','SOON','ROUTINE'`;
const STEPS = `'RECEIVE','LINK','TRIAGE','CLAIM','RELEASE','ACCEPT','REDIRECT','DECLINE','COMPLETE','WITHDRAW'`;

/**
 * The allowed steps of the referral state machine, as of this migration. The code's table
 * (libs/referrals/src/referral-states.ts) is the one the service reads; this copy lets the database
 * refuse a step the code would refuse, and a test checks that the two agree.
 */
const TRANSITIONS: [step: string, from: string | null, to: string][] = [
  ['RECEIVE', null, 'RECEIVED'],
  ['LINK', null, 'LINKED'],
  ['TRIAGE', 'RECEIVED', 'TRIAGED'],
  ['DECLINE', 'RECEIVED', 'DECLINED'],
  ['REDIRECT', 'TRIAGED', 'TRIAGED'],
  ['CLAIM', 'TRIAGED', 'CLAIMED'],
  ['RELEASE', 'CLAIMED', 'TRIAGED'],
  ['REDIRECT', 'CLAIMED', 'TRIAGED'],
  ['ACCEPT', 'CLAIMED', 'ACCEPTED'],
  ['DECLINE', 'CLAIMED', 'DECLINED'],
  ['COMPLETE', 'ACCEPTED', 'COMPLETED'],
  ['WITHDRAW', 'RECEIVED', 'WITHDRAWN'],
  ['WITHDRAW', 'TRIAGED', 'WITHDRAWN'],
  ['WITHDRAW', 'CLAIMED', 'WITHDRAWN'],
  ['WITHDRAW', 'ACCEPTED', 'WITHDRAWN'],
];

const SERVICES: [code: string, name: string][] = [
  ['URGENT_COMMUNITY_RESPONSE', 'Urgent community response (rapid response, crisis)'],
  ['DISCHARGE_SUPPORT', 'Hospital discharge support'],
  ['REABLEMENT', 'Reablement'],
  ['COMMUNITY_NURSING', 'Community (district) nursing'],
  ['COMMUNITY_THERAPY', 'Community therapy (occupational therapy, physiotherapy)'],
  ['SOCIAL_CARE_ASSESSMENT', 'Adult social care assessment'],
  ['CARE_COORDINATION', 'Care coordination and case management'],
  ['MENTAL_HEALTH_LATER_LIFE', 'Mental health in later life'],
];

/** Response standards: [service, priority, amount, unit]. HOURS count the team's open hours; DAYS its open days. */
const STANDARDS: [string, string, number, string][] = [
  ['URGENT_COMMUNITY_RESPONSE', 'URGENT', 2, 'HOURS'],
  ['URGENT_COMMUNITY_RESPONSE', 'SOON', 1, 'DAYS'],
  ['URGENT_COMMUNITY_RESPONSE', 'ROUTINE', 2, 'DAYS'],
  ['DISCHARGE_SUPPORT', 'URGENT', 2, 'HOURS'],
  ['DISCHARGE_SUPPORT', 'SOON', 2, 'DAYS'],
  ['DISCHARGE_SUPPORT', 'ROUTINE', 5, 'DAYS'],
  ['REABLEMENT', 'URGENT', 1, 'DAYS'],
  ['REABLEMENT', 'SOON', 2, 'DAYS'],
  ['REABLEMENT', 'ROUTINE', 10, 'DAYS'],
  ['COMMUNITY_NURSING', 'URGENT', 2, 'HOURS'],
  ['COMMUNITY_NURSING', 'SOON', 2, 'DAYS'],
  ['COMMUNITY_NURSING', 'ROUTINE', 10, 'DAYS'],
  ['COMMUNITY_THERAPY', 'URGENT', 1, 'DAYS'],
  ['COMMUNITY_THERAPY', 'SOON', 5, 'DAYS'],
  ['COMMUNITY_THERAPY', 'ROUTINE', 20, 'DAYS'],
  ['SOCIAL_CARE_ASSESSMENT', 'URGENT', 1, 'DAYS'],
  ['SOCIAL_CARE_ASSESSMENT', 'SOON', 5, 'DAYS'],
  ['SOCIAL_CARE_ASSESSMENT', 'ROUTINE', 28, 'DAYS'],
  ['CARE_COORDINATION', 'URGENT', 1, 'DAYS'],
  ['CARE_COORDINATION', 'SOON', 5, 'DAYS'],
  ['CARE_COORDINATION', 'ROUTINE', 20, 'DAYS'],
  ['MENTAL_HEALTH_LATER_LIFE', 'URGENT', 1, 'DAYS'],
  ['MENTAL_HEALTH_LATER_LIFE', 'SOON', 5, 'DAYS'],
  ['MENTAL_HEALTH_LATER_LIFE', 'ROUTINE', 28, 'DAYS'],
];

/** England and Wales bank holidays (gov.uk), with the substitute days when one falls at a weekend. */
const BANK_HOLIDAYS: [date: string, name: string][] = [
  ['2025-01-01', 'New Year’s Day'],
  ['2025-04-18', 'Good Friday'],
  ['2025-04-21', 'Easter Monday'],
  ['2025-05-05', 'Early May bank holiday'],
  ['2025-05-26', 'Spring bank holiday'],
  ['2025-08-25', 'Summer bank holiday'],
  ['2025-12-25', 'Christmas Day'],
  ['2025-12-26', 'Boxing Day'],
  ['2026-01-01', 'New Year’s Day'],
  ['2026-04-03', 'Good Friday'],
  ['2026-04-06', 'Easter Monday'],
  ['2026-05-04', 'Early May bank holiday'],
  ['2026-05-25', 'Spring bank holiday'],
  ['2026-08-31', 'Summer bank holiday'],
  ['2026-12-25', 'Christmas Day'],
  ['2026-12-28', 'Boxing Day (substitute day)'],
  ['2027-01-01', 'New Year’s Day'],
  ['2027-03-26', 'Good Friday'],
  ['2027-03-29', 'Easter Monday'],
  ['2027-05-03', 'Early May bank holiday'],
  ['2027-05-31', 'Spring bank holiday'],
  ['2027-08-30', 'Summer bank holiday'],
  ['2027-12-27', 'Christmas Day (substitute day)'],
  ['2027-12-28', 'Boxing Day (substitute day)'],
];

/**
 * The single point of referral: services, response standards, team opening hours and bank
 * holidays as data; referrals with an enforced state machine; every step recorded.
 *
 * Contract with caseloads and federation views: `referral.id, person_id, status, team_id` (the
 * team whose queue it is in, null before triage) and `closed_at` (null while open) keep their
 * names and meaning; open referrals of a person are `closed_at IS NULL`, served by
 * referral_one_open_per_service (person_id first).
 */
export class AddSinglePointOfReferral1795520400000 implements MigrationInterface {
  name = 'AddSinglePointOfReferral1795520400000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`CREATE TABLE referral_service (code text PRIMARY KEY CONSTRAINT referral_service_code_format CHECK (code ~ '^[A-Z][A-Z_]{2,59}$'), name text NOT NULL)`);
    await db.query(`INSERT INTO referral_service (code, name) SELECT * FROM unnest($1::text[], $2::text[])`, [
      SERVICES.map(([code]) => code),
      SERVICES.map(([, name]) => name),
    ]);

    await db.query(`
      CREATE TABLE response_standard (
        service_code text NOT NULL CONSTRAINT response_standard_service_fk REFERENCES referral_service (code),
        priority text NOT NULL CONSTRAINT response_standard_priority_code CHECK (priority IN (${URGENCIES})),
        amount integer NOT NULL CONSTRAINT response_standard_amount_range CHECK (amount BETWEEN 1 AND 365),
        unit text NOT NULL CONSTRAINT response_standard_unit_code CHECK (unit IN ('HOURS','DAYS')),
        PRIMARY KEY (service_code, priority)
      )`);
    await db.query(
      `INSERT INTO response_standard (service_code, priority, amount, unit) SELECT * FROM unnest($1::text[], $2::text[], $3::int[], $4::text[])`,
      [0, 1, 2, 3].map((i) => STANDARDS.map((s) => s[i])),
    );

    await db.query(`CREATE TABLE bank_holiday (holiday_date date PRIMARY KEY, name text NOT NULL)`);
    await db.query(`INSERT INTO bank_holiday (holiday_date, name) SELECT * FROM unnest($1::date[], $2::text[])`, [
      BANK_HOLIDAYS.map(([date]) => date),
      BANK_HOLIDAYS.map(([, name]) => name),
    ]);

    // Which services a team provides, and whether it works bank holidays; its hours per weekday
    // (ISO: 1 Monday .. 7 Sunday) in UK local time. closes_at '24:00' means until midnight.
    await db.query(`
      CREATE TABLE team_service (
        team_id uuid NOT NULL CONSTRAINT team_service_team_fk REFERENCES team (id),
        service_code text NOT NULL CONSTRAINT team_service_service_fk REFERENCES referral_service (code),
        works_bank_holidays boolean NOT NULL,
        PRIMARY KEY (team_id, service_code)
      )`);
    await db.query(`CREATE INDEX team_service_by_service ON team_service (service_code)`);
    await db.query(`
      CREATE TABLE team_service_hours (
        team_id uuid NOT NULL,
        service_code text NOT NULL,
        weekday smallint NOT NULL CONSTRAINT team_service_hours_weekday_range CHECK (weekday BETWEEN 1 AND 7),
        opens_at time NOT NULL,
        closes_at time NOT NULL,
        PRIMARY KEY (team_id, service_code, weekday),
        CONSTRAINT team_service_hours_of_a_service FOREIGN KEY (team_id, service_code)
          REFERENCES team_service (team_id, service_code) ON DELETE CASCADE,
        CONSTRAINT team_service_hours_in_order CHECK (closes_at > opens_at)
      )`);

    await db.query(`
      CREATE TABLE referral_transition (
        step text NOT NULL, from_status text, to_status text NOT NULL,
        CONSTRAINT referral_transition_key UNIQUE NULLS NOT DISTINCT (step, from_status, to_status)
      )`);
    await db.query(`INSERT INTO referral_transition (step, from_status, to_status) SELECT * FROM unnest($1::text[], $2::text[], $3::text[])`, [
      TRANSITIONS.map((t) => t[0]),
      TRANSITIONS.map((t) => t[1]),
      TRANSITIONS.map((t) => t[2]),
    ]);

    await db.query(`
      CREATE TABLE referral (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        person_id uuid NOT NULL CONSTRAINT referral_person_fk REFERENCES person (id),
        service_code text NOT NULL CONSTRAINT referral_service_fk REFERENCES referral_service (code),
        status text NOT NULL CONSTRAINT referral_status_code CHECK (status IN (${STATUSES})),
        source text NOT NULL CONSTRAINT referral_source_code CHECK (source IN (${SOURCES})),
        requested_urgency text NOT NULL CONSTRAINT referral_requested_urgency_code CHECK (requested_urgency IN (${URGENCIES})),
        reason text NOT NULL CONSTRAINT referral_reason_given CHECK (length(trim(reason)) > 0),
        referrer_name text NOT NULL,
        referrer_contact text,
        referring_organisation_id uuid CONSTRAINT referral_referring_organisation_fk REFERENCES organisation (id),
        spoa_organisation_id uuid NOT NULL CONSTRAINT referral_spoa_organisation_fk REFERENCES organisation (id),
        sent_by text NOT NULL,
        sent_by_professional_id uuid CONSTRAINT referral_sent_by_professional_fk REFERENCES professional (id),
        attachments jsonb NOT NULL DEFAULT '[]' CONSTRAINT referral_attachments_is_array CHECK (jsonb_typeof(attachments) = 'array'),
        linked_to_id uuid CONSTRAINT referral_linked_to_fk REFERENCES referral (id),
        received_at timestamptz NOT NULL,
        priority text CONSTRAINT referral_priority_code CHECK (priority IN (${URGENCIES})),
        team_id uuid CONSTRAINT referral_team_fk REFERENCES team (id),
        triaged_at timestamptz,
        due_at timestamptz,
        held_by_id uuid CONSTRAINT referral_held_by_fk REFERENCES professional (id),
        claimed_at timestamptz,
        accepted_at timestamptz,
        accepted_by_id uuid CONSTRAINT referral_accepted_by_fk REFERENCES professional (id),
        outcome text,
        close_reason text,
        closed_at timestamptz,
        version integer NOT NULL DEFAULT 1,
        CONSTRAINT referral_closed_when_final CHECK ((status IN (${FINAL_STATUSES})) = (closed_at IS NOT NULL)),
        CONSTRAINT referral_linked_when_linked CHECK ((status = 'LINKED') = (linked_to_id IS NOT NULL)),
        CONSTRAINT referral_in_a_queue_once_triaged CHECK (
          status IN ('RECEIVED','DECLINED','WITHDRAWN','LINKED') OR num_nulls(priority, team_id, triaged_at, due_at) = 0),
        CONSTRAINT referral_triage_whole CHECK (num_nulls(priority, team_id, triaged_at, due_at) IN (0, 4)),
        CONSTRAINT referral_one_holder_while_claimed CHECK (
          (status IN ('CLAIMED','ACCEPTED')) = (held_by_id IS NOT NULL) AND (held_by_id IS NULL) = (claimed_at IS NULL)),
        CONSTRAINT referral_accepted_whole CHECK ((accepted_at IS NULL) = (accepted_by_id IS NULL)),
        CONSTRAINT referral_accepted_when_accepted CHECK (status NOT IN ('ACCEPTED','COMPLETED') OR accepted_at IS NOT NULL),
        CONSTRAINT referral_outcome_when_completed CHECK (status <> 'COMPLETED' OR length(trim(outcome)) > 0),
        CONSTRAINT referral_reason_when_declined_or_withdrawn CHECK (
          status NOT IN ('DECLINED','WITHDRAWN') OR length(trim(close_reason)) > 0),
        CONSTRAINT referral_times_in_order CHECK (
          triaged_at >= received_at AND claimed_at >= received_at AND accepted_at >= received_at AND closed_at >= received_at)
      )`);
    // One open piece of work per person and service, whatever races at intake; also serves
    // "open referrals of a person" (person_id first).
    await db.query(
      `CREATE UNIQUE INDEX referral_one_open_per_service ON referral (person_id, service_code) WHERE closed_at IS NULL`,
    );
    await db.query(`CREATE INDEX referral_person ON referral (person_id, received_at)`);
    // A team's queue, by due time: claim next reads the head of this index.
    await db.query(`CREATE INDEX referral_queue ON referral (team_id, due_at, id) WHERE status = 'TRIAGED'`);
    // Triage: received referrals at a single point of referral, oldest first.
    await db.query(`CREATE INDEX referral_awaiting_triage ON referral (spoa_organisation_id, received_at, id) WHERE status = 'RECEIVED'`);
    // Breaches and standards: a team's referrals by receipt.
    await db.query(`CREATE INDEX referral_team_received ON referral (team_id, received_at)`);
    await db.query(`CREATE INDEX referral_sent_by ON referral (sent_by, received_at)`);

    // The database refuses a change of status that is not a step of the state machine.
    await db.query(`
      CREATE FUNCTION referral_status_follows_the_state_machine() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NOT EXISTS (SELECT 1 FROM referral_transition t WHERE t.from_status = OLD.status AND t.to_status = NEW.status) THEN
          RAISE EXCEPTION 'a referral cannot go from % to %', OLD.status, NEW.status USING ERRCODE = 'check_violation';
        END IF;
        RETURN NEW;
      END $$`);
    await db.query(`
      CREATE TRIGGER referral_status_change BEFORE UPDATE ON referral
        FOR EACH ROW WHEN (OLD.status IS DISTINCT FROM NEW.status)
        EXECUTE FUNCTION referral_status_follows_the_state_machine()`);

    await db.query(`
      CREATE TABLE referral_step (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        referral_id uuid NOT NULL CONSTRAINT referral_step_referral_fk REFERENCES referral (id),
        person_id uuid NOT NULL CONSTRAINT referral_step_person_fk REFERENCES person (id),
        step text NOT NULL CONSTRAINT referral_step_code CHECK (step IN (${STEPS})),
        from_status text,
        to_status text NOT NULL,
        team_id uuid CONSTRAINT referral_step_team_fk REFERENCES team (id),
        by_subject text NOT NULL,
        by_professional_id uuid CONSTRAINT referral_step_by_professional_fk REFERENCES professional (id),
        at timestamptz NOT NULL,
        reason text,
        CONSTRAINT referral_step_is_a_transition FOREIGN KEY (step, from_status, to_status)
          REFERENCES referral_transition (step, from_status, to_status)
      )`);
    await db.query(`CREATE INDEX referral_step_referral ON referral_step (referral_id, at)`);

    // Nurses and therapists in community teams take referrals from their team's queue.
    await db.query(`INSERT INTO access_role_activity (role_code, activity) VALUES ('CLINICAL_PRACTITIONER', 'MANAGE_REFERRAL_QUEUE')`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DELETE FROM access_role_activity WHERE role_code = 'CLINICAL_PRACTITIONER' AND activity = 'MANAGE_REFERRAL_QUEUE'`);
    await db.query('DROP TABLE referral_step, referral, referral_transition, team_service_hours, team_service, bank_holiday, response_standard, referral_service');
    await db.query('DROP FUNCTION referral_status_follows_the_state_machine()');
  }
}
