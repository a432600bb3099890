import fc from 'fast-check';
import { checkNhsNumber, nhsCheckDigit } from './nhs-number';

describe('NHS number', () => {
  it.each(['9434765919', '943 476 5919', '943-476-5919', ' 9434765919 ', '4010232137'])(
    'accepts %j and stores it as ten digits',
    (written) => {
      expect(checkNhsNumber(written)).toEqual({ valid: true, nhsNumber: written.replace(/\D/g, '') });
    },
  );

  it.each([
    ['943476591', 'must have 10 digits, not 9'],
    ['94347659190', 'must have 10 digits, not 11'],
    ['', 'must have 10 digits, not 0'],
    ['943 476 591X', 'may contain only digits'],
    ['943.476.5919', 'may contain only digits'],
    ['94 3476 5919', 'grouped 3 3 4'],
    ['943 476-5919', 'grouped 3 3 4'],
    ['9434765918', 'the check digit should be 9'],
    ['1000000010', 'no check digit fits'],
  ])('refuses %j and says why', (written, why) => {
    const check = checkNhsNumber(written);
    expect(check.valid).toBe(false);
    expect(!check.valid && check.reason).toContain(why);
  });

  it('refuses what is not text', () => {
    expect(checkNhsNumber(9434765919)).toEqual({ valid: false, reason: 'NHS number must be given as text' });
  });

  const nineDigits = fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 9, maxLength: 9 }).map((d) => d.join(''));

  it('any nine digits with their computed check digit make a valid number', () => {
    fc.assert(
      fc.property(nineDigits, (firstNine) => {
        const check = nhsCheckDigit(firstNine);
        fc.pre(check !== null); // a remainder of 10: the mod 11 rule issues no number for these nine digits
        expect(checkNhsNumber(`${firstNine}${check}`).valid).toBe(true);
      }),
    );
  });

  it('changing any one digit of a valid number makes it invalid', () => {
    fc.assert(
      fc.property(
        nineDigits,
        fc.integer({ min: 0, max: 9 }),
        fc.integer({ min: 1, max: 9 }),
        (firstNine, position, shift) => {
          const check = nhsCheckDigit(firstNine);
          fc.pre(check !== null);
          const digits = `${firstNine}${check}`.split('');
          digits[position] = String((Number(digits[position]) + shift) % 10);
          expect(checkNhsNumber(digits.join('')).valid).toBe(false);
        },
      ),
    );
  });
});
