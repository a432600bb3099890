import { applyDecorators } from '@nestjs/common';
import { Transform } from 'class-transformer';
import { IsUUID, Matches, ValidateBy } from 'class-validator';

const asText = (f: (s: string) => string) => ({ value }: { value: unknown }) =>
  typeof value === 'string' ? f(value) : value;

/** Trims surrounding white space, so that "  Smith " and "Smith" are the same name. */
export const Trim = () => Transform(asText((s) => s.trim()));

/** A calendar date written YYYY-MM-DD that exists (no 31 February). */
export function isCalendarDate(value: unknown): value is string {
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(value);
}

export const IsCalendarDate = () =>
  ValidateBy({
    name: 'isCalendarDate',
    validator: {
      validate: isCalendarDate,
      defaultMessage: (args) => `${args?.property} must be a real date written YYYY-MM-DD`,
    },
  });

/**
 * An ODS code (the NHS Organisation Data Service's identifier for practices, trusts, councils and
 * others): 3 to 10 letters and digits, stored in capitals.
 */
export const IsOdsCode = () =>
  applyDecorators(
    Transform(asText((s) => s.trim().toUpperCase())),
    Matches(/^[A-Z0-9]{3,10}$/, { message: ({ property }) => `${property} must be an ODS code (3 to 10 letters and digits)` }),
  );

/** A UK postcode, stored in capitals with one space before the inward code ("CO4 5JL"). */
export const IsUkPostcode = () =>
  applyDecorators(
    Transform(
      asText((s) => {
        const compact = s.replace(/\s+/g, '').toUpperCase();
        return compact.length >= 5 ? `${compact.slice(0, -3)} ${compact.slice(-3)}` : compact;
      }),
    ),
    Matches(/^(GIR 0AA|[A-Z]{1,2}\d[A-Z\d]? \d[A-Z]{2})$/, {
      message: ({ property }) => `${property} must be a UK postcode such as CO4 5JL`,
    }),
  );

/** An ONS (GSS) area code such as E06000033 (Southend-on-Sea) for a local authority. */
export const IsOnsAreaCode = () =>
  applyDecorators(
    Transform(asText((s) => s.trim().toUpperCase())),
    Matches(/^[EWSN]\d{8}$/, { message: ({ property }) => `${property} must be an ONS area code such as E06000033` }),
  );

/** An id this service gave out (a UUID); anything else is refused before it reaches the database. */
export const IsId = (options: { each?: boolean } = {}) =>
  IsUUID('all', { ...options, message: ({ property }) => `${property} must be an id (a UUID)` });
