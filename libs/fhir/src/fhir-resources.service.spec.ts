import { PersonsService, Sex } from '@app/persons';
import type { RegisterPersonInput } from '@app/persons';
import { startTestApp, TestApp } from '../../../test/support/test-app';
import { aPerson } from '../../../test/support/builders';
import { expectValidFhir } from '../../../test/support/fhir-validation';
import { FhirResources } from './fhir-resources.service';

describe('FhirResources (against the database)', () => {
  let t: TestApp;
  let resources: FhirResources;
  let persons: PersonsService;

  beforeAll(async () => {
    t = await startTestApp();
    resources = t.app.get(FhirResources);
    persons = t.app.get(PersonsService);
  });
  afterAll(() => t.close());

  it("gives a person's current record as a valid Patient with its version", async () => {
    const person = await persons.register({ ...aPerson(), sex: Sex.FEMALE } as RegisterPersonInput);
    await persons.update({ nhsNumber: person.nhsNumber, expectedVersion: 1, postcode: 'SS1 2AA' });
    const patient = await resources.current('Patient', person.id);
    expectValidFhir(patient);
    expect(patient).toMatchObject({ resourceType: 'Patient', id: person.id, meta: { versionId: '2' } });
    expect(patient).toMatchObject({ address: [{ postalCode: 'SS1 2AA' }] });
  });

  it('gives nothing for an unknown id, a malformed id or a type it does not hold', async () => {
    expect(await resources.current('Patient', '00000000-0000-4000-8000-000000000000')).toBeUndefined();
    expect(await resources.current('Patient', 'not-an-id')).toBeUndefined();
    expect(await resources.current('Basic', '00000000-0000-4000-8000-000000000000')).toBeUndefined();
  });
});
