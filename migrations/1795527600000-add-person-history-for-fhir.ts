import { MigrationInterface, QueryRunner } from 'typeorm';

const TRIGGERS = [
  ['INSERT', 'person_keep_inserted_versions'],
  ['UPDATE', 'person_keep_updated_versions'],
] as const;

/**
 * Every version of every person, for FHIR version reads and history. Triggers keep it, so that
 * whatever writes a person (the API, a bulk load, a fix in psql) leaves its version behind; and a
 * change that forgot to move the version on gets the next one, so that an ETag always changes when
 * the record does. The row is kept as JSON so that columns added to person later need no change here.
 *
 * Also: partner systems as a role (their tokens carry it, with SMART scopes narrowing it to
 * resource types), and the index that pages Patient searches by _lastUpdated.
 */
export class AddPersonHistoryForFhir1795527600000 implements MigrationInterface {
  name = 'AddPersonHistoryForFhir1795527600000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE person_version (
        person_id uuid NOT NULL CONSTRAINT person_version_person_fk REFERENCES person (id) ON DELETE CASCADE,
        version integer NOT NULL,
        recorded_at timestamptz NOT NULL,
        record jsonb NOT NULL,
        PRIMARY KEY (person_id, version)
      )`);
    await db.query(`
      CREATE FUNCTION person_next_version() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.version <= OLD.version THEN NEW.version := OLD.version + 1; END IF;
        IF NEW.updated_at IS NOT DISTINCT FROM OLD.updated_at THEN NEW.updated_at := now(); END IF;
        RETURN NEW;
      END $$`);
    // Statement-level, over the rows the statement wrote: a bulk load of a million people keeps
    // their first versions in one INSERT, not a million. An update that changed nothing keeps its
    // version (person_next_version moves it on for every real change), so it adds no row.
    await db.query(`
      CREATE FUNCTION person_keep_versions() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        INSERT INTO person_version (person_id, version, recorded_at, record)
        SELECT n.id, n.version, n.updated_at, to_jsonb(n) FROM written n
        ON CONFLICT (person_id, version) DO NOTHING;
        RETURN NULL;
      END $$`);
    await db.query(`
      CREATE TRIGGER person_next_version BEFORE UPDATE ON person
      FOR EACH ROW WHEN (OLD.* IS DISTINCT FROM NEW.*) EXECUTE FUNCTION person_next_version()`);
    // A trigger with a transition table takes one event, hence two.
    for (const [event, trigger] of TRIGGERS) {
      await db.query(`
        CREATE TRIGGER ${trigger} AFTER ${event} ON person REFERENCING NEW TABLE AS written
        FOR EACH STATEMENT EXECUTE FUNCTION person_keep_versions()`);
    }
    await db.query(`
      INSERT INTO person_version (person_id, version, recorded_at, record)
      SELECT p.id, p.version, p.updated_at, to_jsonb(p) FROM person p`);
    await db.query(`CREATE INDEX person_last_updated ON person (updated_at, id)`);

    await db.query(`INSERT INTO access_role (code, name) VALUES ('PARTNER_SYSTEM', 'A partner organisation''s system (client credentials)')`);
    await db.query(
      `INSERT INTO access_role_activity (role_code, activity)
       SELECT 'PARTNER_SYSTEM', unnest(ARRAY['VIEW_PERSON_RECORD','CHANGE_PERSON_RECORD','REGISTER_PERSON','VIEW_DIRECTORY'])`,
    );
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DELETE FROM access_role_activity WHERE role_code = 'PARTNER_SYSTEM'`);
    await db.query(`DELETE FROM access_role WHERE code = 'PARTNER_SYSTEM'`);
    await db.query(`DROP INDEX person_last_updated`);
    for (const [, trigger] of TRIGGERS) await db.query(`DROP TRIGGER ${trigger} ON person`);
    await db.query(`DROP TRIGGER person_next_version ON person`);
    await db.query(`DROP FUNCTION person_keep_versions()`);
    await db.query(`DROP FUNCTION person_next_version()`);
    await db.query(`DROP TABLE person_version`);
  }
}
