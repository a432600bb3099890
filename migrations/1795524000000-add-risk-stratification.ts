import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The stratification models, with their categories as data; scores (history kept); versioned
 * stratification policies and their tiers; each person's current tier under each policy with why,
 * and every change of tier; MDT nominations; and the rule that a case-managed person is never
 * left without a lead.
 */
export class AddRiskStratification1795524000000 implements MigrationInterface {
  name = 'AddRiskStratification1795524000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE risk_model (
        code text PRIMARY KEY CONSTRAINT risk_model_code_format CHECK (code ~ '^[A-Z][A-Z0-9_]{1,29}$'),
        name text NOT NULL,
        description text NOT NULL,
        min_value numeric NOT NULL,
        max_value numeric NOT NULL,
        CONSTRAINT risk_model_range_in_order CHECK (max_value > min_value)
      )`);
    // A category holds the scores above its lower bound (exclusive; null for the lowest) up to the next one's.
    await db.query(`
      CREATE TABLE risk_model_category (
        model_code text NOT NULL CONSTRAINT risk_model_category_model_fk REFERENCES risk_model (code),
        code text NOT NULL,
        name text NOT NULL,
        above numeric,
        CONSTRAINT risk_model_category_key PRIMARY KEY (model_code, code),
        CONSTRAINT risk_model_category_bound_once UNIQUE NULLS NOT DISTINCT (model_code, above)
      )`);
    await db.query(`
      INSERT INTO risk_model (code, name, description, min_value, max_value) VALUES
        ('EFI', 'Electronic Frailty Index', 'Deficits present out of 36, as a fraction (0 to 1)', 0, 1),
        ('CPM', 'Combined Predictive Model', 'Probability of an emergency admission in the next 12 months (0 to 1)', 0, 1),
        ('ACG', 'Johns Hopkins ACG', 'Resource utilisation band (0 to 5)', 0, 5),
        ('PARR30', 'PARR-30', 'Probability of an emergency readmission within 30 days of discharge (0 to 1)', 0, 1),
        ('QADMISSIONS', 'QAdmissions', 'Percentage risk of an emergency admission in the next 2 years (0 to 100)', 0, 100),
        ('LOCAL', 'Local model', 'A locally developed risk score (0 to 100)', 0, 100)`);
    await db.query(`
      INSERT INTO risk_model_category (model_code, code, name, above) VALUES
        ('EFI', 'FIT', 'Fit (0 to 0.12)', NULL),
        ('EFI', 'MILD', 'Mild frailty (0.13 to 0.24)', 0.12),
        ('EFI', 'MODERATE', 'Moderate frailty (0.25 to 0.36)', 0.24),
        ('EFI', 'SEVERE', 'Severe frailty (above 0.36)', 0.36),
        ('ACG', 'RUB0', 'No or only invalid diagnoses', NULL),
        ('ACG', 'RUB1', 'Healthy users', 0),
        ('ACG', 'RUB2', 'Low', 1),
        ('ACG', 'RUB3', 'Moderate', 2),
        ('ACG', 'RUB4', 'High', 3),
        ('ACG', 'RUB5', 'Very high', 4)`);

    await db.query(`
      CREATE TABLE risk_score (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        person_id uuid NOT NULL CONSTRAINT risk_score_person_fk REFERENCES person (id),
        model_code text NOT NULL CONSTRAINT risk_score_model_fk REFERENCES risk_model (code),
        value numeric NOT NULL,
        category text,
        assessed_on date NOT NULL,
        source text NOT NULL CONSTRAINT risk_score_source_not_blank CHECK (length(trim(source)) > 0),
        detail jsonb NOT NULL DEFAULT '{}' CONSTRAINT risk_score_detail_is_object CHECK (jsonb_typeof(detail) = 'object'),
        loaded_by text NOT NULL,
        loaded_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT risk_score_category_of_model FOREIGN KEY (model_code, category) REFERENCES risk_model_category (model_code, code),
        CONSTRAINT risk_score_once_a_day UNIQUE (person_id, model_code, assessed_on)
      )`);
    // Re-tiering reads the latest score of each person for a model from this index alone.
    await db.query(`CREATE INDEX risk_score_latest ON risk_score (model_code, person_id, assessed_on DESC) INCLUDE (value, category)`);

    await db.query(`
      CREATE TABLE stratification_policy (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name text NOT NULL CONSTRAINT stratification_policy_name_key UNIQUE,
        version integer NOT NULL CONSTRAINT stratification_policy_version_positive CHECK (version >= 1),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    // Every version of a policy, never changed: a tier names the version that gave it. The population
    // is the registered lists of the practices under the scope organisations (a commissioning area
    // is often several localities).
    await db.query(`
      CREATE TABLE stratification_policy_version (
        policy_id uuid NOT NULL CONSTRAINT stratification_policy_version_policy_fk REFERENCES stratification_policy (id),
        version integer NOT NULL,
        scope_organisation_ids uuid[] NOT NULL CONSTRAINT stratification_policy_version_has_scope CHECK (cardinality(scope_organisation_ids) >= 1),
        model_code text NOT NULL CONSTRAINT stratification_policy_version_model_fk REFERENCES risk_model (code),
        basis text NOT NULL CONSTRAINT stratification_policy_version_basis_code CHECK (basis IN ('PERCENTILE','CATEGORY')),
        unscored_tier text,
        saved_by text NOT NULL,
        saved_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT stratification_policy_version_key PRIMARY KEY (policy_id, version)
      )`);
    await db.query(`
      CREATE TABLE stratification_tier (
        policy_id uuid NOT NULL,
        version integer NOT NULL,
        code text NOT NULL CONSTRAINT stratification_tier_code_format CHECK (code ~ '^[A-Z][A-Z0-9_]{0,39}$'),
        name text NOT NULL,
        rank integer NOT NULL CONSTRAINT stratification_tier_rank_positive CHECK (rank >= 1),
        top_percent numeric CONSTRAINT stratification_tier_top_percent_range CHECK (top_percent > 0 AND top_percent <= 100),
        categories text[],
        case_managed boolean NOT NULL,
        lead_professions text[] NOT NULL DEFAULT '{}',
        lead_team_kind text,
        CONSTRAINT stratification_tier_key PRIMARY KEY (policy_id, version, code),
        CONSTRAINT stratification_tier_rank_once UNIQUE (policy_id, version, rank),
        CONSTRAINT stratification_tier_of_version FOREIGN KEY (policy_id, version)
          REFERENCES stratification_policy_version (policy_id, version),
        CONSTRAINT stratification_tier_one_rule CHECK (num_nonnulls(top_percent, categories) <= 1)
      )`);
    await db.query(`
      ALTER TABLE stratification_policy_version ADD CONSTRAINT stratification_policy_version_unscored_tier_fk
        FOREIGN KEY (policy_id, version, unscored_tier) REFERENCES stratification_tier (policy_id, version, code)
        DEFERRABLE INITIALLY DEFERRED`);

    // Each person's current tier under each policy, and why: the model, the score, the share of the
    // policy's population scoring higher, the threshold that placed them, and the policy version.
    await db.query(`
      CREATE TABLE person_tier (
        policy_id uuid NOT NULL,
        person_id uuid NOT NULL CONSTRAINT person_tier_person_fk REFERENCES person (id),
        policy_version integer NOT NULL,
        tier_code text NOT NULL,
        tier_rank integer NOT NULL,
        model_code text NOT NULL,
        score numeric,
        -- highest score first, the unscored last (scores are never negative): the keyset of the lists
        score_order numeric GENERATED ALWAYS AS (coalesce(-score, 1)) STORED,
        category text,
        assessed_on date,
        percent_above numeric,
        threshold text NOT NULL,
        assigned_at timestamptz NOT NULL,
        CONSTRAINT person_tier_key PRIMARY KEY (person_id, policy_id),
        -- also names the policy: a tier is of a version of a policy
        CONSTRAINT person_tier_of_policy_tier FOREIGN KEY (policy_id, policy_version, tier_code)
          REFERENCES stratification_tier (policy_id, version, code)
      ) WITH (fillfactor = 80)`);
    // The federation's view: a policy's people by tier, highest score first.
    await db.query(`CREATE INDEX person_tier_by_score ON person_tier (policy_id, score_order, person_id)`);

    await db.query(`
      CREATE TABLE person_tier_change (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        policy_id uuid NOT NULL CONSTRAINT person_tier_change_policy_fk REFERENCES stratification_policy (id),
        person_id uuid NOT NULL CONSTRAINT person_tier_change_person_fk REFERENCES person (id),
        policy_version integer NOT NULL,
        from_tier text,
        to_tier text,
        direction text NOT NULL CONSTRAINT person_tier_change_direction_code CHECK (direction IN ('FIRST','UP','DOWN','REMOVED')),
        score numeric,
        changed_at timestamptz NOT NULL,
        CONSTRAINT person_tier_change_changes CHECK (from_tier IS DISTINCT FROM to_tier)
      )`);
    await db.query(`CREATE INDEX person_tier_change_person ON person_tier_change (person_id, changed_at)`);

    await db.query(`
      CREATE TABLE mdt_nomination (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        person_id uuid NOT NULL CONSTRAINT mdt_nomination_person_fk REFERENCES person (id),
        policy_id uuid CONSTRAINT mdt_nomination_policy_fk REFERENCES stratification_policy (id),
        tier_code text,
        reason text NOT NULL,
        nominated_by text NOT NULL,
        nominated_at timestamptz NOT NULL,
        status text NOT NULL CONSTRAINT mdt_nomination_status_code CHECK (status IN ('NOMINATED','DEFERRED','TAKEN_ON','DECLINED')),
        decided_by text,
        decided_at timestamptz,
        decision_note text,
        review_on date,
        lead_professional_id uuid CONSTRAINT mdt_nomination_lead_fk REFERENCES professional (id),
        version integer NOT NULL DEFAULT 1,
        CONSTRAINT mdt_nomination_decided_whole CHECK ((status = 'NOMINATED') = (decided_at IS NULL) AND (decided_at IS NULL) = (decided_by IS NULL)),
        CONSTRAINT mdt_nomination_taken_on_with_lead CHECK ((status = 'TAKEN_ON') = (lead_professional_id IS NOT NULL)),
        CONSTRAINT mdt_nomination_declined_with_reason CHECK (status <> 'DECLINED' OR decision_note IS NOT NULL)
      )`);
    // At most one nomination awaiting the MDT per person.
    await db.query(`CREATE UNIQUE INDEX mdt_nomination_one_open ON mdt_nomination (person_id) WHERE status IN ('NOMINATED','DEFERRED')`);
    await db.query(`CREATE INDEX mdt_nomination_person ON mdt_nomination (person_id, nominated_at)`);

    // A person a policy case-manages always has a lead: ending one with no successor is refused at
    // commit (so a handover, which ends one lead and starts the next, passes). Someone who has died
    // is no longer case-managed.
    await db.query(`
      CREATE FUNCTION case_managed_person_keeps_a_lead() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF EXISTS (SELECT 1 FROM person_tier pt
                   JOIN stratification_tier t ON t.policy_id = pt.policy_id AND t.version = pt.policy_version AND t.code = pt.tier_code
                   JOIN person p ON p.id = pt.person_id
                   WHERE pt.person_id = NEW.person_id AND t.case_managed AND p.date_of_death IS NULL)
           AND NOT EXISTS (SELECT 1 FROM lead_professional l WHERE l.person_id = NEW.person_id AND l.ended_at IS NULL) THEN
          RAISE EXCEPTION 'a case-managed person must keep a lead professional'
            USING ERRCODE = 'check_violation', CONSTRAINT = 'case_managed_person_keeps_a_lead';
        END IF;
        RETURN NULL;
      END $$`);
    await db.query(`
      CREATE CONSTRAINT TRIGGER case_managed_person_keeps_a_lead AFTER UPDATE OF ended_at ON lead_professional
        DEFERRABLE INITIALLY DEFERRED FOR EACH ROW WHEN (OLD.ended_at IS NULL AND NEW.ended_at IS NOT NULL)
        EXECUTE FUNCTION case_managed_person_keeps_a_lead()`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TRIGGER case_managed_person_keeps_a_lead ON lead_professional');
    await db.query('DROP FUNCTION case_managed_person_keeps_a_lead()');
    await db.query(
      'DROP TABLE mdt_nomination, person_tier_change, person_tier, stratification_tier, stratification_policy_version, stratification_policy, risk_score, risk_model_category, risk_model CASCADE',
    );
  }
}
