import { ValidationError, ValidationPipe } from '@nestjs/common';
import { DomainError } from './domain-error';
import { ErrorCode } from './error-code';

/**
 * Validators whose failure has a code of its own; every other failed constraint is BAD_USER_INPUT.
 * A validator opts in by using its error code as its class-validator constraint name.
 */
function codeOf(constraint: string): ErrorCode {
  return constraint in ErrorCode && constraint !== 'INTERNAL_SERVER_ERROR'
    ? (constraint as ErrorCode)
    : 'BAD_USER_INPUT';
}

interface FieldProblem {
  field: string;
  constraint: string;
  message: string;
}

function flatten(errors: ValidationError[], prefix = ''): FieldProblem[] {
  return errors.flatMap((error) => {
    const field = prefix ? `${prefix}.${error.property}` : error.property;
    const own = Object.entries(error.constraints ?? {}).map(([constraint, message]) => ({
      field,
      constraint,
      message,
    }));
    return [...own, ...flatten(error.children ?? [], field)];
  });
}

export function validationErrorToDomainError(errors: ValidationError[]): DomainError {
  const problems = flatten(errors);
  const specific = problems.find((p) => codeOf(p.constraint) !== 'BAD_USER_INPUT');
  const code = specific ? codeOf(specific.constraint) : 'BAD_USER_INPUT';
  const message = problems.map((p) => p.message).join('; ');
  return new DomainError(code, message, {
    fields: problems.map(({ field, message }) => ({ field, message })),
  });
}

/** Validates every argument object; unknown properties are refused rather than silently dropped. */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    transform: true,
    whitelist: true,
    forbidNonWhitelisted: true,
    exceptionFactory: validationErrorToDomainError,
  });
}
