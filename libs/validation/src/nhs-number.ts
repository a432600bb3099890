import { applyDecorators } from '@nestjs/common';
import { Transform } from 'class-transformer';
import { registerDecorator, ValidationArguments } from 'class-validator';

const WEIGHTS = [10, 9, 8, 7, 6, 5, 4, 3, 2];

/**
 * The modulus 11 check digit for the first nine digits of an NHS number, or null where the rule
 * yields 10: no NHS number is issued with those nine digits.
 */
export function nhsCheckDigit(firstNine: string): number | null {
  const sum = WEIGHTS.reduce((total, weight, i) => total + weight * Number(firstNine[i]), 0);
  const check = (11 - (sum % 11)) % 11;
  return check === 10 ? null : check;
}

export type NhsNumberCheck = { valid: true; nhsNumber: string } | { valid: false; reason: string };

/**
 * Reads an NHS number as people write it: ten digits, optionally grouped 3-3-4 with spaces or
 * hyphens (`943 476 5919`, `943-476-5919`). Says why when it is not one.
 */
export function checkNhsNumber(input: unknown): NhsNumberCheck {
  if (typeof input !== 'string') return { valid: false, reason: 'NHS number must be given as text' };
  const written = input.trim();
  if (/[^\d -]/.test(written)) {
    return { valid: false, reason: 'NHS number may contain only digits, grouped 3 3 4 by spaces or hyphens' };
  }
  const digits = written.replace(/[ -]/g, '');
  if (digits.length !== 10) {
    return { valid: false, reason: `NHS number must have 10 digits, not ${digits.length}` };
  }
  if (written !== digits && !/^\d{3}([ -])\d{3}\1\d{4}$/.test(written)) {
    return { valid: false, reason: 'NHS number must be written as 10 digits or grouped 3 3 4 (943 476 5919)' };
  }
  const expected = nhsCheckDigit(digits.slice(0, 9));
  if (expected === null) {
    return { valid: false, reason: `NHS number ${digits} is not valid: no check digit fits its first nine digits` };
  }
  if (expected !== Number(digits[9])) {
    return { valid: false, reason: `NHS number ${digits} fails the modulus 11 check: the check digit should be ${expected}` };
  }
  return { valid: true, nhsNumber: digits };
}

/**
 * Validates an NHS number argument and hands the resolver its normalised ten digits. A refusal
 * carries the code NHS_NUMBER_INVALID and the reason.
 */
export function IsNhsNumber(): PropertyDecorator {
  return applyDecorators(
    Transform(({ value }) => {
      const check = checkNhsNumber(value);
      return check.valid ? check.nhsNumber : value;
    }),
    (target: object, propertyName: string | symbol) =>
      registerDecorator({
        name: 'NHS_NUMBER_INVALID',
        target: target.constructor,
        propertyName: propertyName as string,
        validator: {
          validate: (value: unknown) => checkNhsNumber(value).valid,
          defaultMessage: (args?: ValidationArguments) => {
            const check = checkNhsNumber(args?.value);
            return check.valid ? '' : check.reason;
          },
        },
      }),
  );
}
