import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The foreign key from a person's tier to its policy version's tier, both ways, each checked once a
 * statement over the statement's rows (`changed_rows`): a query finding a row that breaks it into
 * `found_row`, and the message saying so.
 */
const CHECKS = [
  {
    name: 'person_tier_names_a_tier',
    table: 'person_tier',
    events: ['INSERT', 'UPDATE'],
    rows: 'NEW',
    // The tiers the rows name are locked as the key locked them, against their removal meanwhile.
    find: `WITH named AS (SELECT DISTINCT policy_id, policy_version, tier_code FROM changed_rows),
           held AS (
             SELECT t.policy_id, t.version, t.code FROM stratification_tier t
             JOIN named n ON n.policy_id = t.policy_id AND n.policy_version = t.version AND n.tier_code = t.code
             FOR KEY SHARE OF t)
           SELECT * INTO found_row FROM (SELECT * FROM named EXCEPT SELECT * FROM held) unknown`,
    message: `'Version %s of policy %s has no tier %s', found_row.policy_version, found_row.policy_id, found_row.tier_code`,
  },
  {
    name: 'stratification_tier_held_stays',
    table: 'stratification_tier',
    events: ['DELETE', 'UPDATE'],
    rows: 'OLD',
    find: `SELECT pt.policy_id, pt.policy_version, pt.tier_code INTO found_row
           FROM person_tier pt JOIN changed_rows o ON o.policy_id = pt.policy_id AND o.version = pt.policy_version AND o.code = pt.tier_code
           WHERE NOT EXISTS (SELECT 1 FROM stratification_tier t WHERE (t.policy_id, t.version, t.code) = (o.policy_id, o.version, o.code))`,
    message: `'People hold tier %s of version %s of policy %s', found_row.tier_code, found_row.policy_version, found_row.policy_id`,
  },
];

/**
 * Re-tiering a population rewrites up to a row a person (a new version that renames its tiers
 * rewrites them all). Measured on a million people, three things cost more than they need:
 *
 * - Each rewritten row went into every index of person_tier, because its page was full. At fillfactor
 *   50 a page keeps room for a new copy of each of its rows, so a rewrite that leaves the indexed
 *   columns alone (the tier's version and name; not a new score) stays on the page and touches no
 *   index (a heap-only update). A full rewrite leaves a dead copy of each row anyway until vacuum,
 *   so this is the size the table reaches regardless. Existing rows take it at the next VACUUM FULL.
 * - The foreign key from a person's tier to the policy version's tier was checked row by row, one
 *   look-up each: 4.8 s of a 31 s pass. It is now checked once a statement, as one anti-join over
 *   the statement's rows, and locks the tiers it names as the key did; removing or renaming a tier
 *   that people hold is refused the same way.
 * - person_tier_by_score (a policy's whole population by score) has had no reader since lists went
 *   practice by practice (person_tier_by_practice), and a new score for everyone moved each row in it.
 */
export class RewriteTiersInPlace1795570800000 implements MigrationInterface {
  name = 'RewriteTiersInPlace1795570800000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE person_tier SET (fillfactor = 50)`);
    await db.query(`DROP INDEX person_tier_by_score`);
    await db.query(`ALTER TABLE person_tier DROP CONSTRAINT person_tier_of_policy_tier`);
    for (const check of CHECKS) {
      await db.query(`
        CREATE FUNCTION ${check.name}() RETURNS trigger LANGUAGE plpgsql AS $$
        DECLARE found_row record;
        BEGIN
          ${check.find} LIMIT 1;
          IF FOUND THEN
            RAISE foreign_key_violation USING CONSTRAINT = 'person_tier_of_policy_tier', TABLE = '${check.table}',
              MESSAGE = format(${check.message});
          END IF;
          RETURN NULL;
        END $$`);
      for (const event of check.events) {
        await db.query(`
          CREATE TRIGGER ${check.name}_${event.toLowerCase()} AFTER ${event} ON ${check.table}
          REFERENCING ${check.rows} TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION ${check.name}()`);
      }
    }
  }

  async down(db: QueryRunner): Promise<void> {
    for (const check of CHECKS) {
      for (const event of check.events) await db.query(`DROP TRIGGER ${check.name}_${event.toLowerCase()} ON ${check.table}`);
      await db.query(`DROP FUNCTION ${check.name}()`);
    }
    await db.query(`ALTER TABLE person_tier ADD CONSTRAINT person_tier_of_policy_tier FOREIGN KEY (policy_id, policy_version, tier_code)
      REFERENCES stratification_tier (policy_id, version, code)`);
    await db.query(`CREATE INDEX person_tier_by_score ON person_tier (policy_id, score_order, person_id)`);
    await db.query(`ALTER TABLE person_tier SET (fillfactor = 80)`);
  }
}
