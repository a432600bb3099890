import { dataOf, samplePeople, Scenario } from '../scenario';

const QUERY = /* GraphQL */ `
  query Person($nhsNumber: String!) {
    person(nhsNumber: $nhsNumber) {
      id nhsNumber nhsNumberVerificationStatus givenName familyName dateOfBirth sex addressLines postcode
      gpPracticeOds residenceLocalAuthority dateOfDeath flags communicationNeeds interpreterLanguage
      reasonableAdjustments version
    }
  }`;

const SQL = `SELECT id, nhs_number, nhs_number_verification_status, given_name, family_name, date_of_birth, sex,
  address_lines, postcode, gp_practice_ods, residence_local_authority, date_of_death, flags, communication_needs,
  interpreter_language, reasonable_adjustments, version
FROM person WHERE nhs_number = $1`;

/** The first thing anyone in a care team does: open a person's record by NHS number. */
export const personByNhsNumber: Scenario<{ nhsNumber: string; practiceOds: string }> = {
  id: 'person-by-nhs-number',
  title: 'Person by NHS number',
  description:
    "One person's whole record, looked up by the NHS number of someone drawn at random from the population, by a GP at their practice (so with the access check and the audit row every read writes).",
  sqlText: SQL,
  inputs: async (sql, count, prng) =>
    (await samplePeople<{ nhs_number: string; ods: string }>(sql, 'nhs_number, gp_practice_ods AS ods', count, prng)).map(
      (row) => ({ nhsNumber: row.nhs_number, practiceOds: row.ods }),
    ),
  api: async (api, { nhsNumber, practiceOds }) => {
    const response = await api.graphql<{ person: { nhsNumber: string } | null }>(QUERY, { nhsNumber }, { practiceOds });
    const { person } = dataOf(response, 'person');
    return person ? [person.nhsNumber] : [];
  },
  sql: async (sql, { nhsNumber }) => (await sql.query<{ nhs_number: string }>(SQL, [nhsNumber])).map((row) => row.nhs_number),
};
