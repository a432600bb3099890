import { Logger } from '@nestjs/common';
import type { OperationOutcome, OperationOutcomeIssue } from '@medplum/fhirtypes';
import { ErrorCode, httpStatusOf, isDomainError } from '@app/errors';

/** FHIR's issue type for each kind of refusal, by HTTP status. */
const ISSUE_TYPE: Record<number, OperationOutcomeIssue['code']> = {
  400: 'invalid',
  401: 'login',
  403: 'forbidden',
  404: 'not-found',
  405: 'not-supported',
  409: 'conflict',
  412: 'conflict',
  422: 'processing',
  429: 'throttled',
  500: 'exception',
};

export interface Outcome {
  status: number;
  outcome: OperationOutcome;
}

/** An OperationOutcome of one issue, with the service's error code as its details. */
export function outcome(status: number, code: ErrorCode | 'OK', text: string, expression?: string[], severity: OperationOutcomeIssue['severity'] = 'error'): Outcome {
  return {
    status,
    outcome: {
      resourceType: 'OperationOutcome',
      issue: [
        {
          severity,
          code: ISSUE_TYPE[status] ?? (status < 300 ? 'informational' : 'processing'),
          details: { coding: [{ system: 'https://care-coordination.invalid/fhir/CodeSystem/error-code', code }], text },
          ...(expression?.length ? { expression } : {}),
        },
      ],
    },
  };
}

/** The outcome of a successful write, for bundle responses and `Prefer: return=OperationOutcome`. */
export const allOk = (text = 'All OK'): OperationOutcome => outcome(200, 'OK', text, undefined, 'information').outcome;

const logger = new Logger('FHIR');

/**
 * The one place where errors become OperationOutcomes: domain errors with the HTTP status the
 * ErrorCode vocabulary gives them and the element at fault when known (a validator's refusal
 * carries its own issues, each naming an element); anything else is a fault of ours, logged in full and answered without internals.
 */
export function outcomeOf(error: unknown): Outcome {
  if (isDomainError(error)) {
    const status = httpStatusOf(error.code);
    const issues = error.details.issues as OperationOutcomeIssue[] | undefined;
    if (issues?.length) return { status, outcome: { resourceType: 'OperationOutcome', issue: issues } };
    const fields = (error.details.fields as { field: string }[] | undefined)?.map((f) => f.field);
    return outcome(status, error.code, error.message, (error.details.expression as string[] | undefined) ?? fields);
  }
  logger.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
  return outcome(500, 'INTERNAL_SERVER_ERROR', 'Internal server error');
}
