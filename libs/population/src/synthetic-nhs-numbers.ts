import { nhsCheckDigit } from '@app/persons';

/**
 * Synthetic people get NHS numbers from 900 000 000x upward: numbers issued in England start 4xx
 * and 6xx-7xx, so none of these belongs to a real person, and the tests' 999 range stays clear.
 */
export const SYNTHETIC_NHS_NUMBERS = { first: '9000000000', last: '9989999999' } as const;

const FIRST_NINE = 900_000_000;
const LAST_NINE = 998_999_999;

/** Whether an NHS number is in the range the generator uses (its people, and only them). */
export const isSyntheticNhsNumber = (nhsNumber: string) =>
  nhsNumber >= SYNTHETIC_NHS_NUMBERS.first && nhsNumber <= SYNTHETIC_NHS_NUMBERS.last;

/** Valid NHS numbers in ascending order from the start of the synthetic range, one per call. */
export function* syntheticNhsNumbers(): Generator<string, void, void> {
  for (let firstNine = FIRST_NINE; firstNine <= LAST_NINE; firstNine++) {
    const digits = String(firstNine);
    const check = nhsCheckDigit(digits);
    if (check !== null) yield `${digits}${check}`;
  }
  throw new Error('the synthetic NHS number range is used up');
}
