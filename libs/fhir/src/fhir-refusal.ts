import { DomainError, ErrorCode } from '@app/errors';

/**
 * A refusal of inbound FHIR that names the element at fault (a FHIRPath such as
 * `Patient.identifier`), so that the OperationOutcome can point the sender at it.
 */
export function refuseElement(expression: string, message: string, code: ErrorCode = 'BAD_USER_INPUT'): DomainError {
  return new DomainError(code, `${expression}: ${message}`, { expression: [expression] });
}
