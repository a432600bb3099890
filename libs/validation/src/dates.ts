import { DomainError } from '@app/errors';

const englishDate = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London' });

/** The date in England at an instant, YYYY-MM-DD. */
export const dateInEngland = (at: Date): string => englishDate.format(at);

/** Today's date in England, YYYY-MM-DD: a membership ended just after midnight BST ends today, not yesterday. */
export const today = (): string => dateInEngland(new Date());

/** An end date on or after its start date, or DATES_OUT_OF_ORDER naming the end field. */
export function assertDatesInOrder(startDate: string, endDate: string | null | undefined, field = 'endDate'): void {
  if (endDate && endDate < startDate) {
    throw new DomainError('DATES_OUT_OF_ORDER', `${field} ${endDate} is before the start date ${startDate}`, {
      fields: [{ field, message: 'before the start date' }],
    });
  }
}

/** A date that can only be today or earlier (an end date: ended means ended), or DATE_IN_FUTURE. */
export function assertNotInFuture(date: string | null | undefined, field: string): void {
  if (date && date > today()) {
    throw new DomainError('DATE_IN_FUTURE', `${field} ${date} is in the future: record it on the day it happens`, {
      fields: [{ field, message: 'in the future' }],
    });
  }
}

/**
 * The date to end a role or membership on (today unless given). Ended means ended: it is never ended
 * twice, and not in the future, so a row with an end date is never still running.
 */
export function endDateFor(
  period: { startDate: string; endDate: string | null },
  endDate: string | undefined,
  alreadyEnded: () => DomainError,
): string {
  if (period.endDate) throw alreadyEnded();
  const end = endDate ?? today();
  assertNotInFuture(end, 'endDate');
  assertDatesInOrder(period.startDate, end);
  return end;
}
