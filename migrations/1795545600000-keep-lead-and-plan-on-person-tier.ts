import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Case finding ("the top tiers lacking a lead or a plan") walks each practice's score range until a
 * page is full. Looking up every walked person's lead and plan cost two index probes a row; with
 * whether they have an active lead and a current plan kept on their tiers, and in the practice's
 * score index, the filter is read from the index alone.
 *
 * The flags are kept by statement-level triggers on lead_professional and care_plan (one UPDATE
 * for all the people a statement touched). Each recomputation first locks the people's tier rows,
 * in a fixed order, and then reads the leads and plans in a statement of its own: under READ
 * COMMITTED that statement sees every change committed by a writer that held those rows before,
 * and a writer that comes after recomputes again, so concurrent handovers leave the flags true.
 * A tier written for the first time takes the flags from re-tiering, which also puts right any
 * flag a first tiering raced with (see retierSql).
 */
export class KeepLeadAndPlanOnPersonTier1795545600000 implements MigrationInterface {
  name = 'KeepLeadAndPlanOnPersonTier1795545600000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      ALTER TABLE person_tier ADD COLUMN has_lead boolean NOT NULL DEFAULT false,
                              ADD COLUMN has_active_plan boolean NOT NULL DEFAULT false`);
    await db.query(`
      UPDATE person_tier pt SET has_lead = true
      WHERE EXISTS (SELECT 1 FROM lead_professional l WHERE l.person_id = pt.person_id AND l.ended_at IS NULL)`);
    await db.query(`
      UPDATE person_tier pt SET has_active_plan = true
      WHERE EXISTS (SELECT 1 FROM care_plan cp WHERE cp.person_id = pt.person_id AND cp.status IN ('ACTIVE', 'UNDER_REVIEW'))`);
    // The tier and both flags ride in the index, so a filtered walk reads no table rows it drops.
    await db.query('DROP INDEX person_tier_by_practice');
    await db.query(`
      CREATE INDEX person_tier_by_practice ON person_tier (policy_id, gp_practice_ods, score_order, person_id)
        INCLUDE (tier_code, has_lead, has_active_plan)`);

    await db.query(`
      CREATE FUNCTION person_tier_refresh_lead_and_plan(people uuid[]) RETURNS void LANGUAGE plpgsql AS $$
      BEGIN
        IF cardinality(people) = 0 THEN RETURN; END IF;
        PERFORM 1 FROM person_tier WHERE person_id = ANY (people) ORDER BY person_id, policy_id FOR NO KEY UPDATE;
        UPDATE person_tier pt SET has_lead = f.has_lead, has_active_plan = f.has_active_plan
        FROM (SELECT u.person_id,
                     EXISTS (SELECT 1 FROM lead_professional l WHERE l.person_id = u.person_id AND l.ended_at IS NULL) AS has_lead,
                     EXISTS (SELECT 1 FROM care_plan cp WHERE cp.person_id = u.person_id
                               AND cp.status IN ('ACTIVE', 'UNDER_REVIEW')) AS has_active_plan
              FROM unnest(people) AS u (person_id)) f
        WHERE pt.person_id = f.person_id AND (pt.has_lead, pt.has_active_plan) IS DISTINCT FROM (f.has_lead, f.has_active_plan);
      END $$`);
    // Only changes that can start or end a lead or a current plan: a plan's content changes often.
    await db.query(`
      CREATE FUNCTION person_tier_follows_lead_and_plan() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'INSERT' THEN
          PERFORM person_tier_refresh_lead_and_plan(ARRAY(SELECT DISTINCT n.person_id FROM new_rows n ORDER BY 1));
        ELSIF TG_OP = 'DELETE' THEN
          PERFORM person_tier_refresh_lead_and_plan(ARRAY(SELECT DISTINCT o.person_id FROM old_rows o ORDER BY 1));
        ELSIF TG_TABLE_NAME = 'lead_professional' THEN
          PERFORM person_tier_refresh_lead_and_plan(ARRAY(
            SELECT DISTINCT who FROM old_rows o JOIN new_rows n ON n.id = o.id, unnest(ARRAY[o.person_id, n.person_id]) AS who
            WHERE n.person_id IS DISTINCT FROM o.person_id OR (n.ended_at IS NULL) IS DISTINCT FROM (o.ended_at IS NULL) ORDER BY 1));
        ELSE
          PERFORM person_tier_refresh_lead_and_plan(ARRAY(
            SELECT DISTINCT who FROM old_rows o JOIN new_rows n ON n.id = o.id, unnest(ARRAY[o.person_id, n.person_id]) AS who
            WHERE n.person_id IS DISTINCT FROM o.person_id OR n.status IS DISTINCT FROM o.status ORDER BY 1));
        END IF;
        RETURN NULL;
      END $$`);
    for (const table of ['lead_professional', 'care_plan']) {
      await db.query(`
        CREATE TRIGGER ${table}_started_sets_person_tier AFTER INSERT ON ${table}
          REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION person_tier_follows_lead_and_plan()`);
      await db.query(`
        CREATE TRIGGER ${table}_changed_sets_person_tier AFTER UPDATE ON ${table}
          REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION person_tier_follows_lead_and_plan()`);
      await db.query(`
        CREATE TRIGGER ${table}_removed_sets_person_tier AFTER DELETE ON ${table}
          REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION person_tier_follows_lead_and_plan()`);
    }
  }

  async down(db: QueryRunner): Promise<void> {
    for (const table of ['lead_professional', 'care_plan']) {
      for (const event of ['started', 'changed', 'removed']) await db.query(`DROP TRIGGER ${table}_${event}_sets_person_tier ON ${table}`);
    }
    await db.query('DROP FUNCTION person_tier_follows_lead_and_plan()');
    await db.query('DROP FUNCTION person_tier_refresh_lead_and_plan(uuid[])');
    await db.query('DROP INDEX person_tier_by_practice');
    await db.query('CREATE INDEX person_tier_by_practice ON person_tier (policy_id, gp_practice_ods, score_order, person_id)');
    await db.query('ALTER TABLE person_tier DROP COLUMN has_lead, DROP COLUMN has_active_plan');
  }
}
