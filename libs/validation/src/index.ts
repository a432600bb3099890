export { IsCalendarDate, isCalendarDate, IsOdsCode, IsOnsAreaCode, IsUkPostcode, Trim } from './validators';
