export { IsCalendarDate, isCalendarDate, IsId, IsOdsCode, IsOnsAreaCode, IsUkPostcode, Trim } from './validators';
export { definedOnly, refuseCleared } from './changes';
export { assertDatesInOrder, assertNotInFuture, dateInEngland, endDateFor, today } from './dates';
export { checkNhsNumber, IsNhsNumber, nhsCheckDigit } from './nhs-number';
export type { NhsNumberCheck } from './nhs-number';
