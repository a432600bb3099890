import { MigrationInterface, QueryRunner } from 'typeorm';

const AUTH_KINDS = `'NONE','BEARER_TOKEN','CLIENT_CREDENTIALS'`;
const SCOPE_KINDS = `'RESIDENT_IN_LOCAL_AUTHORITY','RESIDENT_IN_POSTCODE_AREA','IN_CARE_TEAM'`;
const RESOURCE_TYPES = `'Patient','CareTeam','CarePlan'`;
const STATUSES = `'PENDING','DELIVERED','PARKED'`;

/**
 * What each domain table tells the outbox when a row is written: whose record it is, and which FHIR
 * resource now has a new current version. Statement-level triggers with transition tables keep a bulk
 * load (the population seed) to one INSERT per statement instead of one per row.
 */
const SOURCES: { table: string; resourceType: string; personId: string; resourceId: string }[] = [
  { table: 'person', resourceType: 'Patient', personId: 'id', resourceId: 'id' },
  // A person's care team and lead are one CareTeam resource, named by the person.
  { table: 'care_team_member', resourceType: 'CareTeam', personId: 'person_id', resourceId: 'person_id' },
  { table: 'lead_professional', resourceType: 'CareTeam', personId: 'person_id', resourceId: 'person_id' },
  { table: 'care_plan', resourceType: 'CarePlan', personId: 'person_id', resourceId: 'id' },
];

/**
 * Partner systems (a council's social care system, a trust's EPR) and the transactional outbox that
 * feeds them: a change is written to `outbox_change` by triggers in the same transaction as the
 * change, so no code path can forget it; the worker fans it out into `partner_delivery` per partner.
 */
export class AddPartnerSystemsAndOutbox1795529400000 implements MigrationInterface {
  name = 'AddPartnerSystemsAndOutbox1795529400000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE partner_system (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name text NOT NULL,
        base_url text NOT NULL CONSTRAINT partner_system_base_url_http CHECK (base_url ~ '^https?://'),
        auth_kind text NOT NULL CONSTRAINT partner_system_auth_kind_code CHECK (auth_kind IN (${AUTH_KINDS})),
        secret_name text CONSTRAINT partner_system_secret_name_shape CHECK (secret_name ~ '^[A-Za-z0-9_.-]{1,100}$'),
        token_url text CONSTRAINT partner_system_token_url_http CHECK (token_url ~ '^https?://'),
        client_id text,
        resource_types text[] NOT NULL CONSTRAINT partner_system_resource_types_known
          CHECK (cardinality(resource_types) > 0 AND resource_types <@ ARRAY[${RESOURCE_TYPES}]::text[]),
        scope_kind text NOT NULL CONSTRAINT partner_system_scope_kind_code CHECK (scope_kind IN (${SCOPE_KINDS})),
        scope_code text,
        organisation_id uuid CONSTRAINT partner_system_organisation_fk REFERENCES organisation (id),
        active boolean NOT NULL DEFAULT true,
        version integer NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT partner_system_credentials_by_kind CHECK (CASE auth_kind
          WHEN 'NONE' THEN num_nonnulls(secret_name, token_url, client_id) = 0
          WHEN 'BEARER_TOKEN' THEN secret_name IS NOT NULL AND num_nonnulls(token_url, client_id) = 0
          ELSE num_nonnulls(secret_name, token_url, client_id) = 3
        END),
        CONSTRAINT partner_system_scope_by_kind CHECK (CASE scope_kind
          WHEN 'IN_CARE_TEAM' THEN organisation_id IS NOT NULL AND scope_code IS NULL
          ELSE scope_code IS NOT NULL AND organisation_id IS NULL
        END)
      )`);
    await db.query(`CREATE UNIQUE INDEX partner_system_name_key ON partner_system (lower(name))`);

    // A change waits here until the worker fans it out to partners' queues, which deletes it.
    await db.query(`
      CREATE TABLE outbox_change (
        seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        person_id uuid NOT NULL,
        resource_type text NOT NULL,
        resource_id uuid NOT NULL,
        changed_at timestamptz NOT NULL DEFAULT clock_timestamp()
      )`);
    // One row: whoever holds its lock is the one worker fanning out, so deliveries keep the order of changes.
    await db.query(`CREATE TABLE outbox_fanout (id boolean PRIMARY KEY DEFAULT true CHECK (id), fanned_out bigint NOT NULL DEFAULT 0)`);
    await db.query(`INSERT INTO outbox_fanout DEFAULT VALUES`);

    for (const { table, resourceType, personId, resourceId } of SOURCES) {
      await db.query(`
        CREATE FUNCTION outbox_${table}_changed() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          INSERT INTO outbox_change (person_id, resource_type, resource_id)
          SELECT DISTINCT ${personId}, '${resourceType}', ${resourceId} FROM changed_rows;
          RETURN NULL;
        END $$`);
      for (const event of ['INSERT', 'UPDATE']) {
        await db.query(`
          CREATE TRIGGER outbox_${table}_${event.toLowerCase()} AFTER ${event} ON ${table}
          REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION outbox_${table}_changed()`);
      }
    }

    await db.query(`
      CREATE TABLE partner_delivery (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        partner_id uuid NOT NULL CONSTRAINT partner_delivery_partner_fk REFERENCES partner_system (id),
        change_seq bigint NOT NULL,
        person_id uuid NOT NULL,
        resource_type text NOT NULL,
        resource_id uuid NOT NULL,
        changed_at timestamptz NOT NULL,
        status text NOT NULL DEFAULT 'PENDING' CONSTRAINT partner_delivery_status_code CHECK (status IN (${STATUSES})),
        attempts integer NOT NULL DEFAULT 0 CONSTRAINT partner_delivery_attempts_not_negative CHECK (attempts >= 0),
        next_attempt_at timestamptz NOT NULL DEFAULT now(),
        lease_token uuid,
        lease_expires_at timestamptz,
        last_error text,
        last_http_status integer,
        parked_at timestamptz,
        delivered_at timestamptz,
        replayed_by text,
        replayed_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT partner_delivery_once_per_change UNIQUE (partner_id, change_seq),
        CONSTRAINT partner_delivery_delivered_when_delivered CHECK ((status = 'DELIVERED') = (delivered_at IS NOT NULL)),
        CONSTRAINT partner_delivery_parked_when_parked CHECK ((status = 'PARKED') = (parked_at IS NOT NULL)),
        CONSTRAINT partner_delivery_lease_whole CHECK ((lease_token IS NULL) = (lease_expires_at IS NULL))
      )`);
    // Each partner's queue per person, in order: the head is the first undelivered message.
    await db.query(
      `CREATE INDEX partner_delivery_queue ON partner_delivery (partner_id, person_id, id) WHERE status <> 'DELIVERED'`,
    );
    await db.query(`CREATE INDEX partner_delivery_due ON partner_delivery (next_attempt_at, id) WHERE status = 'PENDING'`);
    await db.query(`CREATE INDEX partner_delivery_parked ON partner_delivery (partner_id, id) WHERE status = 'PARKED'`);

    await db.query(`INSERT INTO access_activity (code, description) VALUES ($1, $2)`, [
      'MANAGE_PARTNER_SYSTEMS',
      'Register partner systems, see their delivery status and replay parked messages',
    ]);
    await db.query(`INSERT INTO access_role (code, name) VALUES ($1, $2)`, [
      'INTEGRATION_ADMINISTRATOR',
      'Connects partner systems and looks after their deliveries',
    ]);
    await db.query(`INSERT INTO access_role_activity (role_code, activity) VALUES ($1, $3), ($2, $3)`, [
      'INTEGRATION_ADMINISTRATOR',
      'DIRECTORY_ADMINISTRATOR',
      'MANAGE_PARTNER_SYSTEMS',
    ]);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DELETE FROM access_role_activity WHERE activity = 'MANAGE_PARTNER_SYSTEMS'`);
    await db.query(`DELETE FROM access_role WHERE code = 'INTEGRATION_ADMINISTRATOR'`);
    await db.query(`DELETE FROM access_activity WHERE code = 'MANAGE_PARTNER_SYSTEMS'`);
    await db.query(`DROP TABLE partner_delivery`);
    for (const { table } of SOURCES) {
      await db.query(`DROP TRIGGER outbox_${table}_insert ON ${table}`);
      await db.query(`DROP TRIGGER outbox_${table}_update ON ${table}`);
      await db.query(`DROP FUNCTION outbox_${table}_changed()`);
    }
    await db.query(`DROP TABLE outbox_fanout, outbox_change, partner_system`);
  }
}
