import { nhsCheckDigit } from '@app/persons';

let serial = 0;

/**
 * A valid NHS number not issued to real people: the 999 range is kept for testing. Each call gives a
 * different one (a test file has a database of its own).
 */
export function testNhsNumber(): string {
  for (;;) {
    serial += 1;
    const firstNine = `999${String(serial).padStart(6, '0')}`;
    const check = nhsCheckDigit(firstNine);
    if (check !== null) return `${firstNine}${check}`;
  }
}

/** A person as registerPerson takes it, with whatever the test says differently. */
export function aPerson(overrides: Record<string, unknown> = {}) {
  return {
    nhsNumber: testNhsNumber(),
    givenName: 'Margaret',
    familyName: 'Hale',
    dateOfBirth: '1938-04-02',
    sex: 'FEMALE',
    gpPracticeOds: 'F81001',
    postcode: 'CO4 5JL',
    ...overrides,
  };
}

let directorySerial = 0;
const nextSerial = () => String((directorySerial += 1)).padStart(4, '0');

/** An organisation as createOrganisation takes it: a GP practice with an ODS code no other test uses. */
export function anOrganisation(overrides: Record<string, unknown> = {}) {
  return { odsCode: `Y9${nextSerial()}`, name: 'Tiptree Medical Centre', kind: 'GP_PRACTICE', ...overrides };
}

/** A professional as createProfessional takes it: a community matron with an NMC PIN of their own. */
export function aProfessional(overrides: Record<string, unknown> = {}) {
  return {
    givenName: 'Priya',
    familyName: 'Shah',
    profession: 'COMMUNITY_MATRON',
    registrationBody: 'NMC',
    registrationNumber: `99A${nextSerial()}E`,
    caseloadCapacity: 40,
    ...overrides,
  };
}
