import fc from 'fast-check';
import { DomainError } from '@app/errors';
import { CommunicationNeed, NhsNumberVerificationStatus, Person, PersonFlag, Sex } from '@app/persons';
import { testNhsNumber } from '../../../test/support/builders';
import { expectValidFhir } from '../../../test/support/fhir-validation';
import { fromFhirPatient, toFhirPatient } from './patient.fhir';
import { NHS_NUMBER_SYSTEM, NHS_NUMBER_VERIFICATION_STATUS_EXTENSION, ODS_ORGANISATION_SYSTEM } from './uk-core';

const margaret = (overrides: Partial<Person> = {}): Person =>
  Object.assign(new Person(), {
    id: '0b6f1c9e-5d7a-4c1e-9f3a-2d8e4b6a1c00',
    nhsNumber: testNhsNumber(),
    nhsNumberVerificationStatus: NhsNumberVerificationStatus.NUMBER_PRESENT_AND_VERIFIED,
    givenName: 'Margaret',
    familyName: 'Hale',
    dateOfBirth: '1938-04-02',
    sex: Sex.FEMALE,
    addressLines: ['12 Lexden Road', 'Colchester'],
    postcode: 'CO3 3NE',
    gpPracticeOds: 'F81001',
    residenceLocalAuthority: 'E07000071',
    dateOfDeath: null,
    flags: [PersonFlag.DEMENTIA],
    communicationNeeds: [CommunicationNeed.LARGE_PRINT],
    interpreterLanguage: null,
    reasonableAdjustments: 'Morning appointments; her daughter comes with her.',
    version: 3,
    createdAt: new Date('2025-01-02T09:00:00Z'),
    updatedAt: new Date('2025-06-30T10:15:00Z'),
    ...overrides,
  });

const detailsOf = ({ id: _id, version: _v, createdAt: _c, updatedAt: _u, ...details }: Person) => details;

const text = (max: number) => fc.string({ minLength: 1, maxLength: max }).filter((s) => s.trim() === s && s.length > 0);
const date = fc
  .date({ min: new Date('1900-01-01T00:00:00Z'), max: new Date('2025-06-30T00:00:00Z'), noInvalidDate: true })
  .map((d) => d.toISOString().slice(0, 10));
const people = fc.record({
  nhsNumberVerificationStatus: fc.constantFrom(...Object.values(NhsNumberVerificationStatus)),
  givenName: text(100),
  familyName: text(100),
  dateOfBirth: date,
  sex: fc.constantFrom(...Object.values(Sex)),
  addressLines: fc.array(text(100), { maxLength: 5 }),
  postcode: fc.option(fc.constantFrom('CO4 5JL', 'SS1 2AA', 'RM17 6SL'), { nil: null }),
  gpPracticeOds: fc.option(fc.stringMatching(/^[A-Z0-9]{3,10}$/), { nil: null }),
  residenceLocalAuthority: fc.option(fc.stringMatching(/^E0[67]\d{6}$/), { nil: null }),
  dateOfDeath: fc.option(date, { nil: null }),
  flags: fc.uniqueArray(fc.constantFrom(...Object.values(PersonFlag))),
  communicationNeeds: fc.uniqueArray(fc.constantFrom(...Object.values(CommunicationNeed))),
  interpreterLanguage: fc.option(text(60), { nil: null }),
  reasonableAdjustments: fc.option(text(2000), { nil: null }),
});

describe('a person as a UK Core Patient', () => {
  it('is valid FHIR R4, keyed by NHS number with its verification status, and names the GP practice by ODS code', () => {
    const person = margaret();
    const patient = toFhirPatient(person);
    expectValidFhir(patient);
    expect(patient.identifier).toEqual([
      expect.objectContaining({
        system: NHS_NUMBER_SYSTEM,
        value: person.nhsNumber,
        extension: [
          expect.objectContaining({
            url: NHS_NUMBER_VERIFICATION_STATUS_EXTENSION,
            valueCodeableConcept: { coding: [expect.objectContaining({ code: '01', display: 'Number present and verified' })] },
          }),
        ],
      }),
    ]);
    expect(patient.generalPractitioner).toEqual([
      { type: 'Organization', identifier: { system: ODS_ORGANISATION_SYSTEM, value: 'F81001' } },
    ]);
    expect(patient.meta).toEqual({ versionId: '3', lastUpdated: '2025-06-30T10:15:00.000Z' });
  });

  it('comes back as the same person, whatever their details (domain -> FHIR -> domain)', () => {
    fc.assert(
      fc.property(people, (details) => {
        const person = margaret(details);
        const patient = toFhirPatient(person);
        expectValidFhir(patient);
        expect(fromFhirPatient(patient)).toEqual(detailsOf(person));
      }),
      { numRuns: 200 },
    );
  });

  it('carries a date of death and an interpreter need', () => {
    const patient = toFhirPatient(margaret({ dateOfDeath: '2025-05-01', interpreterLanguage: 'Polish' }));
    expectValidFhir(patient);
    expect(patient.deceasedDateTime).toBe('2025-05-01');
    expect(patient.communication).toEqual([{ language: { text: 'Polish' }, preferred: true }]);
  });
});

describe('a Patient from a partner', () => {
  const refusal = (f: () => unknown) => {
    try {
      f();
    } catch (e) {
      if (e instanceof DomainError) return { code: e.code, expression: e.details.expression };
    }
    return 'not refused';
  };
  const patient = () => toFhirPatient(margaret());

  it('without an NHS number is refused, naming Patient.identifier', () => {
    expect(refusal(() => fromFhirPatient({ ...patient(), identifier: [{ system: 'urn:other', value: '1' }] }))).toEqual({
      code: 'NHS_NUMBER_INVALID',
      expression: ['Patient.identifier'],
    });
  });

  it('without a birth date or a family name is refused, naming the element', () => {
    expect(refusal(() => fromFhirPatient({ ...patient(), birthDate: undefined }))).toMatchObject({ expression: ['Patient.birthDate'] });
    expect(refusal(() => fromFhirPatient({ ...patient(), name: [{ given: ['Ann'] }] }))).toMatchObject({
      expression: ['Patient.name.family'],
    });
  });

  it('with a GP named other than by ODS code, or an unknown flag, is refused', () => {
    expect(
      refusal(() => fromFhirPatient({ ...patient(), generalPractitioner: [{ reference: 'Organization/1' }] })),
    ).toMatchObject({ expression: ['Patient.generalPractitioner'] });
    const bad = patient();
    bad.extension = [...(bad.extension ?? []), { url: bad.extension![1].url, valueCoding: { ...bad.extension![1].valueCoding, code: 'NOPE' } }];
    expect(refusal(() => fromFhirPatient(bad))).toMatchObject({ expression: ['Patient.extension'] });
  });

  it('leaving out the verification status leaves it to the register (a new person is not yet traced)', () => {
    const p = patient();
    p.identifier = [{ system: NHS_NUMBER_SYSTEM, value: p.identifier![0].value }];
    expect(fromFhirPatient(p)).not.toHaveProperty('nhsNumberVerificationStatus');
  });
});
