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
