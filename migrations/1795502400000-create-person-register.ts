import { MigrationInterface, QueryRunner } from 'typeorm';

export class CreatePersonRegister1795502400000 implements MigrationInterface {
  name = 'CreatePersonRegister1795502400000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE person (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        nhs_number char(10) NOT NULL CONSTRAINT person_nhs_number_key UNIQUE
          CONSTRAINT person_nhs_number_digits CHECK (nhs_number ~ '^[0-9]{10}$'),
        nhs_number_verification_status char(2) NOT NULL
          CONSTRAINT person_nhs_number_verification_status_code CHECK (nhs_number_verification_status IN ('01','02','03','04','05','06','07','08')),
        given_name text NOT NULL,
        family_name text NOT NULL,
        date_of_birth date NOT NULL,
        sex text NOT NULL CONSTRAINT person_sex_code CHECK (sex IN ('MALE','FEMALE','OTHER','UNKNOWN')),
        address_lines text[] NOT NULL DEFAULT '{}',
        postcode text,
        gp_practice_ods text,
        residence_local_authority text,
        date_of_death date CONSTRAINT person_death_after_birth CHECK (date_of_death >= date_of_birth),
        flags text[] NOT NULL DEFAULT '{}',
        communication_needs text[] NOT NULL DEFAULT '{}',
        interpreter_language text,
        reasonable_adjustments text,
        version integer NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    // A practice's list in name order, paged by keyset.
    await db.query(`CREATE INDEX person_practice_list ON person (gp_practice_ods, family_name, given_name, id)`);
    // Tracing by name and date of birth, without regard to case.
    await db.query(`CREATE INDEX person_name_birth ON person (lower(family_name), date_of_birth)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE person`);
  }
}
