import { MigrationInterface, QueryRunner } from 'typeorm';

const KINDS = `'EMERGENCY_ADMISSION','AE_ATTENDANCE','DISCHARGE','REABLEMENT_START','REABLEMENT_END',
  'CARE_HOME_ADMISSION','DELAYED_TRANSFER','DEATH'`;
const DESTINATIONS = `'USUAL_RESIDENCE','RESIDENTIAL_CARE','NURSING_CARE','REABLEMENT','OTHER'`;
const PLACES_OF_DEATH = `'HOME','CARE_HOME','HOSPITAL','HOSPICE','OTHER'`;
const TRIGGERS = `'EMERGENCY_ADMISSION','AE_ATTENDANCE','DISCHARGE','NEW_REFERRAL','RISK_TIER_CHANGE'`;

/**
 * Care events from partners (admissions, A&E attendances, discharges, reablement, care home
 * admissions, delayed transfers, deaths); review triggers as data; the notifications they raise
 * for the lead professional; a coded preferred place of death on the plan; and the activities to
 * record events and to see outcome measures.
 *
 * A trigger runs in the transaction that writes the event, the referral or the tier change, so a
 * notification and the plan's review cannot be lost or written twice (one per lead and event: a
 * unique constraint; a retried event is the same row, by its source identifier).
 */
export class AddCareEventsAndReviewTriggers1795538400000 implements MigrationInterface {
  name = 'AddCareEventsAndReviewTriggers1795538400000';

  async up(db: QueryRunner): Promise<void> {
    // A discharge or a delayed transfer names its admission by (id, person, time, kind): a composite
    // foreign key, so the admission is the same person's emergency admission and came before it.
    await db.query(`
      CREATE TABLE care_event (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        person_id uuid NOT NULL CONSTRAINT care_event_person_fk REFERENCES person (id),
        kind text NOT NULL CONSTRAINT care_event_kind_code CHECK (kind IN (${KINDS})),
        occurred_at timestamptz NOT NULL,
        organisation_id uuid CONSTRAINT care_event_organisation_fk REFERENCES organisation (id),
        admission_id uuid,
        admitted_at timestamptz,
        admission_kind text CONSTRAINT care_event_admission_kind_code CHECK (admission_kind = 'EMERGENCY_ADMISSION'),
        discharge_destination text CONSTRAINT care_event_discharge_destination_code CHECK (discharge_destination IN (${DESTINATIONS})),
        care_home_setting text CONSTRAINT care_event_care_home_setting_code CHECK (care_home_setting IN ('RESIDENTIAL','NURSING')),
        delayed_days integer CONSTRAINT care_event_delayed_days_range CHECK (delayed_days BETWEEN 1 AND 366),
        place_of_death text CONSTRAINT care_event_place_of_death_code CHECK (place_of_death IN (${PLACES_OF_DEATH})),
        note text,
        source_system text NOT NULL CONSTRAINT care_event_source_system_given CHECK (length(trim(source_system)) > 0),
        source_identifier text NOT NULL CONSTRAINT care_event_source_identifier_given CHECK (length(trim(source_identifier)) > 0),
        recorded_by text NOT NULL,
        recorded_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT care_event_source_key UNIQUE (source_system, source_identifier),
        CONSTRAINT care_event_admission_key UNIQUE (id, person_id, occurred_at, kind),
        CONSTRAINT care_event_admission_fk FOREIGN KEY (admission_id, person_id, admitted_at, admission_kind)
          REFERENCES care_event (id, person_id, occurred_at, kind),
        CONSTRAINT care_event_not_in_future CHECK (occurred_at <= recorded_at),
        CONSTRAINT care_event_admission_whole CHECK (num_nulls(admission_id, admitted_at, admission_kind) IN (0, 3)),
        CONSTRAINT care_event_admission_of_discharge_or_delay CHECK (admission_id IS NULL OR kind IN ('DISCHARGE','DELAYED_TRANSFER')),
        CONSTRAINT care_event_after_its_admission CHECK (occurred_at >= admitted_at),
        CONSTRAINT care_event_destination_of_discharge CHECK ((kind = 'DISCHARGE') = (discharge_destination IS NOT NULL)),
        CONSTRAINT care_event_setting_of_care_home_admission CHECK ((kind = 'CARE_HOME_ADMISSION') = (care_home_setting IS NOT NULL)),
        CONSTRAINT care_event_days_of_delayed_transfer CHECK ((kind = 'DELAYED_TRANSFER') = (delayed_days IS NOT NULL)),
        CONSTRAINT care_event_place_of_death CHECK ((kind = 'DEATH') = (place_of_death IS NOT NULL))
      )`);
    await db.query(`CREATE UNIQUE INDEX care_event_one_death ON care_event (person_id) WHERE kind = 'DEATH'`);
    await db.query(`CREATE UNIQUE INDEX care_event_one_discharge_per_admission ON care_event (admission_id) WHERE kind = 'DISCHARGE'`);
    // A person's events in time order (their history, readmissions, 91 days after a discharge).
    await db.query(`CREATE INDEX care_event_person ON care_event (person_id, occurred_at)`);
    // The measures: events of a kind in a period.
    await db.query(`CREATE INDEX care_event_kind_time ON care_event (kind, occurred_at) INCLUDE (person_id)`);

    // Review triggers as data: for the whole care system (organisation null) or an organisation and
    // everything under it (a locality, PCN or practice); the rule nearest the person's practice wins.
    await db.query(`
      CREATE TABLE review_trigger_rule (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        organisation_id uuid CONSTRAINT review_trigger_rule_organisation_fk REFERENCES organisation (id),
        trigger_kind text NOT NULL CONSTRAINT review_trigger_rule_trigger_code CHECK (trigger_kind IN (${TRIGGERS})),
        enabled boolean NOT NULL,
        review_within_days integer CONSTRAINT review_trigger_rule_days_range CHECK (review_within_days BETWEEN 0 AND 365),
        updated_by text NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(`
      CREATE UNIQUE INDEX review_trigger_rule_once ON review_trigger_rule
        (coalesce(organisation_id, '00000000-0000-0000-0000-000000000000'::uuid), trigger_kind)`);
    await db.query(`
      INSERT INTO review_trigger_rule (organisation_id, trigger_kind, enabled, review_within_days, updated_by)
      VALUES (NULL, 'EMERGENCY_ADMISSION', true, 14, 'migration'), (NULL, 'DISCHARGE', true, 7, 'migration')`);

    await db.query(`
      CREATE TABLE notification (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        professional_id uuid NOT NULL CONSTRAINT notification_professional_fk REFERENCES professional (id),
        person_id uuid NOT NULL CONSTRAINT notification_person_fk REFERENCES person (id),
        reason text NOT NULL CONSTRAINT notification_reason_code CHECK (reason IN (${TRIGGERS})),
        care_event_id uuid CONSTRAINT notification_care_event_fk REFERENCES care_event (id),
        referral_id uuid CONSTRAINT notification_referral_fk REFERENCES referral (id),
        tier_change_id uuid CONSTRAINT notification_tier_change_fk REFERENCES person_tier_change (id),
        occurred_at timestamptz NOT NULL,
        care_plan_id uuid CONSTRAINT notification_care_plan_fk REFERENCES care_plan (id),
        review_due_date date,
        -- to the millisecond, as the worklist's cursor carries it
        created_at timestamptz NOT NULL DEFAULT date_trunc('milliseconds', now()),
        acknowledged_at timestamptz,
        acknowledged_by text,
        CONSTRAINT notification_one_source CHECK (num_nonnulls(care_event_id, referral_id, tier_change_id) = 1),
        CONSTRAINT notification_acknowledged_whole CHECK ((acknowledged_at IS NULL) = (acknowledged_by IS NULL)),
        CONSTRAINT notification_once_per_event UNIQUE (professional_id, care_event_id),
        CONSTRAINT notification_once_per_referral UNIQUE (professional_id, referral_id),
        CONSTRAINT notification_once_per_tier_change UNIQUE (professional_id, tier_change_id)
      )`);
    // The worklist: a professional's notifications newest first, and the unread ones alone.
    await db.query(`CREATE INDEX notification_worklist ON notification (professional_id, created_at DESC, id DESC)`);
    await db.query(
      `CREATE INDEX notification_unread ON notification (professional_id, created_at DESC, id DESC) WHERE acknowledged_at IS NULL`,
    );
    await db.query(`CREATE INDEX notification_person ON notification (person_id)`);

    // For each event raised (person, trigger, source, time): the rule nearest the person's practice;
    // if enabled and the person has a lead, a notification for the lead (once per lead and source);
    // and if the rule names a number of days, the current plan put under review (an ACTIVE plan) with
    // its review due by then (brought forward, never put back), as a new version attributed to the lead.
    // Set-based: one call for all the rows of a statement.
    await db.query(`
      CREATE FUNCTION raise_review_triggers(person_ids uuid[], trigger_kinds text[], event_ids uuid[],
                                            referral_ids uuid[], tier_change_ids uuid[], occurred timestamptz[])
      RETURNS void LANGUAGE plpgsql AS $$
      DECLARE
        local_today date := (now() AT TIME ZONE 'Europe/London')::date;
      BEGIN
        -- The population generator loads past events without raising anything.
        IF current_setting('care_events.loading_history', true) = 'on' THEN
          RETURN;
        END IF;
        -- Take the current plans first (in id order), so that the statement below reads them as
        -- they are after any review a user was starting at the same time.
        PERFORM 1 FROM care_plan WHERE person_id = ANY (person_ids) AND status IN ('ACTIVE','UNDER_REVIEW')
        ORDER BY id FOR UPDATE;

        WITH raised AS (
          SELECT r.person_id, r.trigger_kind, r.care_event_id, r.referral_id, r.tier_change_id, r.occurred_at,
                 l.professional_id, cp.id AS care_plan_id, cp.status AS plan_status, cp.start_date, cp.next_review_date,
                 cp.version AS plan_version,
                 CASE WHEN rule.review_within_days IS NOT NULL AND cp.id IS NOT NULL
                      THEN greatest(cp.start_date, local_today + rule.review_within_days) END AS review_due
          FROM unnest(person_ids, trigger_kinds, event_ids, referral_ids, tier_change_ids, occurred)
                 AS r (person_id, trigger_kind, care_event_id, referral_id, tier_change_id, occurred_at)
          JOIN person p ON p.id = r.person_id
          JOIN lead_professional l ON l.person_id = r.person_id AND l.ended_at IS NULL
          LEFT JOIN organisation practice ON practice.ods_code = p.gp_practice_ods
          CROSS JOIN LATERAL (
            SELECT ru.enabled, ru.review_within_days FROM review_trigger_rule ru
            WHERE ru.trigger_kind = r.trigger_kind
              AND (ru.organisation_id IS NULL OR ru.organisation_id = ANY (practice.path))
            ORDER BY coalesce(array_position(practice.path, ru.organisation_id), 0) DESC
            LIMIT 1) rule
          LEFT JOIN care_plan cp ON cp.person_id = r.person_id AND cp.status IN ('ACTIVE','UNDER_REVIEW')
          WHERE rule.enabled AND p.date_of_death IS NULL
        ),
        notified AS (
          INSERT INTO notification (professional_id, person_id, reason, care_event_id, referral_id, tier_change_id,
                                    occurred_at, care_plan_id, review_due_date)
          SELECT professional_id, person_id, trigger_kind, care_event_id, referral_id, tier_change_id,
                 occurred_at, care_plan_id, review_due
          FROM raised
          ON CONFLICT DO NOTHING
        ),
        -- One change per plan: the earliest due date, and the first trigger raised for it. A plan
        -- already under review only has its due date brought forward, never put back.
        due AS (
          SELECT DISTINCT ON (care_plan_id) *
          FROM raised
          WHERE review_due IS NOT NULL AND (plan_status = 'ACTIVE' OR next_review_date > review_due)
          ORDER BY care_plan_id, review_due, occurred_at
        ),
        reviewed AS (
          INSERT INTO care_plan_review (care_plan_id, person_id, reason, reason_note, started_by_id, started_at, from_version)
          SELECT care_plan_id, person_id,
                 CASE trigger_kind WHEN 'EMERGENCY_ADMISSION' THEN 'HOSPITAL_ADMISSION' WHEN 'DISCHARGE' THEN 'HOSPITAL_DISCHARGE'
                                   WHEN 'AE_ATTENDANCE' THEN 'CRISIS' ELSE trigger_kind END,
                 'Started by a review trigger (' || trigger_kind || '): due by ' || least(next_review_date, review_due),
                 professional_id, now(), plan_version
          FROM due WHERE plan_status = 'ACTIVE'
        ),
        changed AS (
          UPDATE care_plan cp
          SET status = 'UNDER_REVIEW',
              next_review_date = least(u.next_review_date, u.review_due),
              content = jsonb_set(cp.content, '{nextReviewDate}', to_jsonb(least(u.next_review_date, u.review_due)::text)),
              version = cp.version + 1,
              updated_at = now()
          FROM due u
          WHERE cp.id = u.care_plan_id
          RETURNING cp.id, cp.person_id, cp.version, cp.status, cp.content, u.professional_id, u.trigger_kind, u.plan_status
        )
        INSERT INTO care_plan_version (care_plan_id, person_id, version, status, content, change, author_id, saved_at)
        SELECT id, person_id, version, status, content,
               CASE WHEN plan_status = 'ACTIVE' THEN 'review started by ' ELSE 'review brought forward by ' END
                 || lower(replace(trigger_kind, '_', ' ')),
               professional_id, now()
        FROM changed;
      END $$`);

    await db.query(`
      CREATE FUNCTION care_event_raises_review_triggers() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM raise_review_triggers(array_agg(person_id), array_agg(kind), array_agg(id),
                                      NULL::uuid[], NULL::uuid[], array_agg(occurred_at))
        FROM new_rows WHERE kind IN ('EMERGENCY_ADMISSION','AE_ATTENDANCE','DISCHARGE')
        HAVING count(*) > 0;
        RETURN NULL;
      END $$`);
    await db.query(`
      CREATE TRIGGER care_event_raises_review_triggers AFTER INSERT ON care_event
        REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION care_event_raises_review_triggers()`);

    // Referrals and tier changes raise triggers only where a rule is configured (none is by default),
    // so a re-tiering of the whole population costs one look at the rules.
    await db.query(`
      CREATE FUNCTION referral_raises_review_triggers() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF EXISTS (SELECT 1 FROM review_trigger_rule WHERE trigger_kind = 'NEW_REFERRAL' AND enabled) THEN
          PERFORM raise_review_triggers(array_agg(person_id), array_fill('NEW_REFERRAL'::text, ARRAY[count(*)::int]),
                                        NULL::uuid[], array_agg(id), NULL::uuid[], array_agg(received_at))
          FROM new_rows WHERE status <> 'LINKED'
          HAVING count(*) > 0;
        END IF;
        RETURN NULL;
      END $$`);
    await db.query(`
      CREATE TRIGGER referral_raises_review_triggers AFTER INSERT ON referral
        REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION referral_raises_review_triggers()`);
    await db.query(`
      CREATE FUNCTION tier_change_raises_review_triggers() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF EXISTS (SELECT 1 FROM review_trigger_rule WHERE trigger_kind = 'RISK_TIER_CHANGE' AND enabled) THEN
          PERFORM raise_review_triggers(array_agg(person_id), array_fill('RISK_TIER_CHANGE'::text, ARRAY[count(*)::int]),
                                        NULL::uuid[], NULL::uuid[], array_agg(id), array_agg(changed_at))
          FROM new_rows WHERE direction IN ('UP','DOWN')
          HAVING count(*) > 0;
        END IF;
        RETURN NULL;
      END $$`);
    await db.query(`
      CREATE TRIGGER tier_change_raises_review_triggers AFTER INSERT ON person_tier_change
        REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION tier_change_raises_review_triggers()`);

    // The plan's preferred place of death, coded (the free text stays beside it), for the measure.
    await db.query(`
      ALTER TABLE care_plan ADD COLUMN preferred_place_of_death text
        GENERATED ALWAYS AS (content #>> '{endOfLife,preferredPlaceOfDeathCode}') STORED
        CONSTRAINT care_plan_preferred_place_of_death_code CHECK (preferred_place_of_death IN (${PLACES_OF_DEATH}))`);

    await db.query(`INSERT INTO access_activity (code, description) VALUES ($1, $2), ($3, $4)`, [
      'RECORD_CARE_EVENT',
      'Record admissions, discharges, reablement, care home admissions, delayed transfers and deaths',
      'VIEW_OUTCOME_MEASURES',
      'See outcome measures (counts and rates, no one named) for the user’s own organisations',
    ]);
    await db.query(`INSERT INTO access_role (code, name) VALUES ('COMMISSIONER', 'Commissioner (ICB, place or council)')`);
    await db.query(
      `INSERT INTO access_role_activity (role_code, activity) SELECT * FROM unnest($1::text[], $2::text[])`,
      [
        ['PARTNER_SYSTEM', 'GP', 'CARE_COORDINATOR', 'CLINICAL_PRACTITIONER', 'SOCIAL_CARE_PRACTITIONER',
          'COMMISSIONER', 'POPULATION_ANALYST', 'GP', 'COMMISSIONER'],
        ['RECORD_CARE_EVENT', 'RECORD_CARE_EVENT', 'RECORD_CARE_EVENT', 'RECORD_CARE_EVENT', 'RECORD_CARE_EVENT',
          'VIEW_OUTCOME_MEASURES', 'VIEW_OUTCOME_MEASURES', 'VIEW_OUTCOME_MEASURES', 'VIEW_DIRECTORY'],
      ],
    );
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DELETE FROM access_role_activity WHERE activity IN ('RECORD_CARE_EVENT','VIEW_OUTCOME_MEASURES') OR role_code = 'COMMISSIONER'`);
    await db.query(`DELETE FROM access_role WHERE code = 'COMMISSIONER'`);
    await db.query(`DELETE FROM access_activity WHERE code IN ('RECORD_CARE_EVENT','VIEW_OUTCOME_MEASURES')`);
    await db.query(`ALTER TABLE care_plan DROP COLUMN preferred_place_of_death`);
    await db.query(`DROP TRIGGER tier_change_raises_review_triggers ON person_tier_change`);
    await db.query(`DROP TRIGGER referral_raises_review_triggers ON referral`);
    await db.query(`DROP TABLE notification, review_trigger_rule, care_event`);
    await db.query(`DROP FUNCTION tier_change_raises_review_triggers(), referral_raises_review_triggers(),
      care_event_raises_review_triggers(), raise_review_triggers(uuid[], text[], uuid[], uuid[], uuid[], timestamptz[])`);
  }
}
