import { nhsCheckDigit } from '@app/validation';
import { Scenario, SqlDriver } from '../scenario';

/** Patients a bundle carries: a partner's nightly feed arrives as bundles of about this size. */
export const BUNDLE_SIZE = 100;

const PRACTICE = 'F81001';

interface IngestInput {
  practiceOds: string;
  /**
   * Fresh NHS numbers, different at every call: each bundle (and each bare SQL insert) registers
   * people nobody registered before, however often the harness reuses an input.
   */
  take(count: number): string[];
}

const SQL = `INSERT INTO person (nhs_number, nhs_number_verification_status, given_name, family_name, date_of_birth, sex,
  address_lines, postcode, gp_practice_ods)
SELECT n, '02', 'Margaret', 'Hale', DATE '1938-04-02', 'FEMALE', ARRAY['12 Lexden Road', 'Colchester'], 'CO3 3NE', $2
FROM unnest($1::text[]) AS n
RETURNING nhs_number`;

/**
 * Valid NHS numbers nobody holds, from the 999 block down to the 950 block (never issued; the
 * generator uses the 900s), above any an earlier run registered in each block: every run adds people,
 * and a block of a million numbers holds only about 909,000 valid ones.
 */
async function freshNhsNumbers(sql: SqlDriver): Promise<(count: number) => string[]> {
  const tops = await sql.query<{ block: string; top: string }>(
    `SELECT left(nhs_number, 3) AS block, max(nhs_number) AS top FROM person WHERE nhs_number >= '9500000000' GROUP BY 1`,
  );
  const topOf = new Map(tops.map((t) => [Number(t.block), Number(t.top.slice(0, 9))]));
  let block = 999;
  let firstNine = (topOf.get(block) ?? block * 1_000_000 - 1) + 1;
  return (count) => {
    const numbers: string[] = [];
    while (numbers.length < count) {
      if (firstNine >= (block + 1) * 1_000_000) {
        block -= 1;
        if (block < 950) throw new Error('No fresh NHS numbers left in the 950-999 blocks: reseed the benchmark population');
        firstNine = (topOf.get(block) ?? block * 1_000_000 - 1) + 1;
      }
      const check = nhsCheckDigit(String(firstNine));
      if (check !== null) numbers.push(`${firstNine}${check}`);
      firstNine += 1;
    }
    return numbers;
  };
}

const patient = (nhsNumber: string, ods: string) => ({
  resourceType: 'Patient',
  identifier: [{ system: 'https://fhir.nhs.uk/Id/nhs-number', value: nhsNumber }],
  name: [{ use: 'official', family: 'Hale', given: ['Margaret'] }],
  gender: 'female',
  birthDate: '1938-04-02',
  address: [{ use: 'home', line: ['12 Lexden Road', 'Colchester'], postalCode: 'CO3 3NE' }],
  generalPractitioner: [{ type: 'Organization', identifier: { system: 'https://fhir.nhs.uk/Id/ods-organization-code', value: ods } }],
});

/** A partner system posting new people as FHIR transaction bundles. */
export const fhirTransactionIngest: Scenario<IngestInput> = {
  id: 'fhir-transaction-ingest',
  title: `FHIR transaction bundle of ${BUNDLE_SIZE} Patients`,
  description:
    `A partner's system registering ${BUNDLE_SIZE} new people in one FHIR transaction bundle (POST /fhir), as a GP at their practice: ` +
    'each Patient validated against the FHIR R4 definitions and the register\'s own checks, all written in one database transaction ' +
    `with their audit rows and first versions. Resources a second = requests a second x ${BUNDLE_SIZE}. The bare SQL inserts as many people in one statement.`,
  sqlText: SQL,
  via: 'FHIR',
  inputs: async (sql, count) => {
    const take = await freshNhsNumbers(sql);
    return Array.from({ length: count }, () => ({ practiceOds: PRACTICE, take }));
  },
  api: async (api, { practiceOds, take }) => {
    const bundle = {
      resourceType: 'Bundle',
      type: 'transaction',
      entry: take(BUNDLE_SIZE).map((n) => ({ resource: patient(n, practiceOds), request: { method: 'POST', url: 'Patient' } })),
    };
    const { status, body } = await api.fhir('POST', '', bundle, { practiceOds });
    if (status !== 200) throw new Error(`FHIR transaction: the API answered ${status}: ${JSON.stringify(body).slice(0, 300)}`);
    const created = body.entry.filter((e: { response: { status: string } }) => e.response.status === '201 Created').length;
    return [`${created} created`];
  },
  sql: async (sql, { practiceOds, take }) => [`${(await sql.query(SQL, [take(BUNDLE_SIZE), practiceOds])).length} created`],
};
