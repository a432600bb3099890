/**
 * The service's one error vocabulary. Codes are stable: clients branch on them, so a code is
 * never renamed, only added. Each carries the HTTP status it means for REST (FHIR) callers.
 */
export const ErrorCode = {
  /** Input failed validation (shape, range, format) before any rule was applied. */
  BAD_USER_INPUT: 400,
  NHS_NUMBER_INVALID: 400,
  /** Two dates that must come in order do not (a death before a birth, an end before a start). */
  DATES_OUT_OF_ORDER: 400,
  /** A date that can only be in the past (a birth, a death) is in the future. */
  DATE_IN_FUTURE: 400,
  NOT_FOUND: 404,
  PERSON_NOT_FOUND: 404,
  /** The thing being created already exists (for a person: the NHS number is registered). */
  DUPLICATE: 409,
  /** The caller read an older version than the one stored; nothing was written. */
  VERSION_CONFLICT: 409,
  INTERNAL_SERVER_ERROR: 500,
} as const satisfies Record<string, number>;

export type ErrorCode = keyof typeof ErrorCode;

export function httpStatusOf(code: ErrorCode): number {
  return ErrorCode[code];
}
