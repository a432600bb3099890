import { Type } from '@nestjs/common';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { DomainError, validationErrorToDomainError } from '@app/errors';

/**
 * Runs a domain input (RegisterPersonInput...) through the same checks and normalisation the
 * GraphQL validation pipe applies, and names the FHIR element behind each field at fault.
 */
export function checkInput<T extends object>(type: Type<T>, plain: object, elementOf: Record<string, string>): T {
  const input = plainToInstance(type, plain);
  const errors = validateSync(input, { whitelist: true, forbidNonWhitelisted: true });
  if (errors.length === 0) return input;
  const refusal = validationErrorToDomainError(errors);
  const fields = (refusal.details.fields as { field: string }[]).map((f) => elementOf[f.field.split('.')[0]] ?? f.field);
  throw new DomainError(refusal.code, refusal.message, { ...refusal.details, expression: [...new Set(fields)] });
}
