import { NhsNumberVerificationStatus } from '@app/persons';
import { generatePopulation, PopulationExistsError, practiceHierarchy, syntheticPeople } from '@app/population';
import { aPerson } from './support/builders';
import { startTestApp, TestApp } from './support/test-app';

const REGISTER = /* GraphQL */ `
  mutation Register($input: RegisterPersonInput!) {
    registerPerson(input: $input) {
      nhsNumber nhsNumberVerificationStatus givenName familyName dateOfBirth sex addressLines postcode gpPracticeOds
      residenceLocalAuthority flags communicationNeeds interpreterLanguage reasonableAdjustments
    }
  }`;

const peopleOf = (people: number, seed: number) => [...syntheticPeople(practiceHierarchy({ people, seed }), { people, seed })];

describe('Seeding a database with a synthetic population', () => {
  let t: TestApp;
  beforeAll(async () => (t = await startTestApp()));
  afterAll(() => t.close());

  it("generated people pass the register's own checks, as they are, when registered through the API", async () => {
    const people = peopleOf(3_000, 11);
    const unusual = people.filter(
      (p, i) =>
        i >= 20 &&
        (p.flags.length || p.communicationNeeds.length || p.reasonableAdjustments || p.addressLines.length > 2 || /[-'\u0100-\u024f]/.test(p.familyName)),
    );
    // GraphQL names an enum value: NUMBER_PRESENT_AND_VERIFIED for the stored code 01.
    const statusName = (code: string) => Object.entries(NhsNumberVerificationStatus).find(([, value]) => value === code)![0];
    try {
      for (const { id: _id, ...generated } of [...people.slice(0, 20), ...unusual.slice(0, 40)]) {
        const person = { ...generated, nhsNumberVerificationStatus: statusName(generated.nhsNumberVerificationStatus) };
        const registered = await t.gql(REGISTER, { input: person });
        expect(registered.errors).toBeUndefined();
        expect(registered.data?.registerPerson).toEqual(person);
      }
    } finally {
      await t.dataSource.query('DELETE FROM person');
    }
  });

  it('writes exactly the people the generator makes for the seed, and will not write a second population over them', async () => {
    const report = await generatePopulation(t.dataSource, { people: 500, seed: 3, batchSize: 128 });
    expect(report).toMatchObject({ people: 500, practices: 3, pcns: 1, localities: 1 });
    expect(report.stages.map((s) => s.name)).toEqual(['people', 'organisations', 'workforce', 'care teams and leads', 'care plans', 'risk scores and tiers', 'referrals', 'care events']);
    expect(report.stages[0].rows).toBe(500);
    const rows = await t.dataSource.query(
      `SELECT id, nhs_number, given_name, family_name, date_of_birth::text AS dob, address_lines, gp_practice_ods, flags, communication_needs
       FROM person ORDER BY nhs_number`,
    );
    expect(rows).toEqual(
      peopleOf(500, 3).map((p) => ({
        id: p.id,
        nhs_number: p.nhsNumber,
        given_name: p.givenName,
        family_name: p.familyName,
        dob: p.dateOfBirth,
        address_lines: p.addressLines,
        gp_practice_ods: p.gpPracticeOds,
        flags: p.flags,
        communication_needs: p.communicationNeeds,
      })),
    );
    await expect(generatePopulation(t.dataSource, { people: 10, seed: 3 })).rejects.toThrow(PopulationExistsError);
  });

  it('a reset replaces the generated population and leaves everyone else on the register', async () => {
    const someone = aPerson();
    expect((await t.gql(`mutation($input: RegisterPersonInput!) { registerPerson(input: $input) { id } }`, { input: someone })).errors).toBeUndefined();
    await generatePopulation(t.dataSource, { people: 200, seed: 4, reset: true });
    const [{ generated, others }] = await t.dataSource.query(
      `SELECT count(*) FILTER (WHERE nhs_number < '999')::int AS generated, count(*) FILTER (WHERE nhs_number >= '999')::int AS others FROM person`,
    );
    expect({ generated, others }).toEqual({ generated: 200, others: 1 });
  });
});
