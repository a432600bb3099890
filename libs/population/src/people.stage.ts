import { Column, PopulationStage, SqlRunner, unnestInsert, writeInBatches } from './population-stage';
import { SYNTHETIC_NHS_NUMBERS } from './synthetic-nhs-numbers';
import { SyntheticPerson, syntheticPeople } from './synthetic-people';

const COLUMNS: Column<SyntheticPerson>[] = [
  { name: 'id', type: 'uuid', value: (p) => p.id },
  { name: 'nhs_number', type: 'text', value: (p) => p.nhsNumber },
  { name: 'nhs_number_verification_status', type: 'text', value: (p) => p.nhsNumberVerificationStatus },
  { name: 'given_name', type: 'text', value: (p) => p.givenName },
  { name: 'family_name', type: 'text', value: (p) => p.familyName },
  { name: 'date_of_birth', type: 'date', value: (p) => p.dateOfBirth },
  { name: 'sex', type: 'text', value: (p) => p.sex },
  { name: 'address_lines', type: 'text[]', value: (p) => p.addressLines },
  { name: 'postcode', type: 'text', value: (p) => p.postcode },
  { name: 'gp_practice_ods', type: 'text', value: (p) => p.gpPracticeOds },
  { name: 'residence_local_authority', type: 'text', value: (p) => p.residenceLocalAuthority },
  { name: 'flags', type: 'text[]', value: (p) => p.flags },
  { name: 'communication_needs', type: 'text[]', value: (p) => p.communicationNeeds },
  { name: 'interpreter_language', type: 'text', value: (p) => p.interpreterLanguage },
  { name: 'reasonable_adjustments', type: 'text', value: (p) => p.reasonableAdjustments },
];

const insertPeople = unnestInsert('person', COLUMNS);
const IN_RANGE = 'nhs_number BETWEEN $1 AND $2';
const RANGE = [SYNTHETIC_NHS_NUMBERS.first, SYNTHETIC_NHS_NUMBERS.last];

/** The person register: everyone in the population, registered with the hierarchy's practices. */
export const peopleStage: PopulationStage = {
  name: 'people',
  plannedRows: ({ options }) => options.people,
  existingRows: async (db: SqlRunner) => {
    const [row] = await db.query(`SELECT count(*)::int AS n FROM person WHERE ${IN_RANGE}`, RANGE);
    return Number(row.n);
  },
  reset: async (db: SqlRunner) => {
    await db.query(`DELETE FROM person WHERE ${IN_RANGE}`, RANGE);
  },
  run: async (context) => {
    const written = await writeInBatches(syntheticPeople(context.hierarchy, context.options), context, insertPeople);
    // Fresh statistics and a visibility map, so that the planner and index-only scans see the new rows.
    await context.db.query('VACUUM (ANALYZE) person');
    return written;
  },
};
