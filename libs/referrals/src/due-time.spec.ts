import fc from 'fast-check';
import { addDays, DayHours, dueAt, londonClock, londonInstant, ServiceHours, weekdayOf } from './due-time';

const HOLIDAYS = new Set(['2026-04-03', '2026-04-06', '2026-05-04', '2026-05-25', '2026-08-31', '2026-12-25', '2026-12-28', '2027-01-01']);
const week = (days: number[], opensAt: string, closesAt: string): DayHours[] => days.map((weekday) => ({ weekday, opensAt, closesAt }));

/** The Mon–Fri 08:00–18:00 team and the 7-day 09:00–17:00 team of the Southend plan; a 24-hour crisis team. */
const WEEKDAYS_8_TO_6: ServiceHours = { days: week([1, 2, 3, 4, 5], '08:00', '18:00'), worksBankHolidays: false, bankHolidays: HOLIDAYS };
const SEVEN_DAYS_9_TO_5: ServiceHours = { days: week([1, 2, 3, 4, 5, 6, 7], '09:00', '17:00'), worksBankHolidays: false, bankHolidays: HOLIDAYS };
const ROUND_THE_CLOCK: ServiceHours = { days: week([1, 2, 3, 4, 5, 6, 7], '00:00', '24:00'), worksBankHolidays: true, bankHolidays: HOLIDAYS };
const TWO_HOURS = { amount: 2, unit: 'HOURS' } as const;

const at = (iso: string) => new Date(iso);

describe('UK local time', () => {
  it('reads summer time as an hour ahead of UTC and winter time as UTC', () => {
    expect(londonInstant('2026-07-01', 9 * 60).toISOString()).toBe('2026-07-01T08:00:00.000Z');
    expect(londonInstant('2026-12-01', 9 * 60).toISOString()).toBe('2026-12-01T09:00:00.000Z');
  });

  it('reads a time skipped in spring as the hour after, and a repeated one in autumn as its first occurrence', () => {
    expect(londonInstant('2026-03-29', 90).toISOString()).toBe('2026-03-29T01:30:00.000Z'); // 02:30 BST
    expect(londonInstant('2026-10-25', 90).toISOString()).toBe('2026-10-25T00:30:00.000Z'); // 01:30 BST, before the clocks go back
  });

  it('closes at midnight when a team closes at 24:00', () => {
    expect(londonInstant('2026-07-01', 24 * 60).toISOString()).toBe('2026-07-01T23:00:00.000Z');
  });

  it('knows the weekday of a date', () => {
    expect(weekdayOf('2026-10-23')).toBe(5);
    expect(weekdayOf('2026-10-25')).toBe(7);
  });
});

describe('When a referral is due', () => {
  it('a 2-hour standard received at 16:30 on the Friday before the October clock change is due at 08:30 GMT on Monday for a Mon–Fri 08:00–18:00 team', () => {
    // 16:30 BST is 15:30 UTC; 90 minutes on Friday, 30 from Monday's opening at 08:00 GMT.
    expect(dueAt(at('2026-10-23T15:30:00Z'), TWO_HOURS, WEEKDAYS_8_TO_6).toISOString()).toBe('2026-10-26T08:30:00.000Z');
  });

  it('a 2-hour standard received at 16:00 on the Saturday before the March clock change runs into Sunday summer time for a 7-day team', () => {
    // One hour on Saturday (GMT), one from 09:00 BST on Sunday: 10:00 BST.
    expect(dueAt(at('2026-03-28T16:00:00Z'), TWO_HOURS, SEVEN_DAYS_9_TO_5).toISOString()).toBe('2026-03-29T09:00:00.000Z');
  });

  it('skips Good Friday and Easter Monday for a team that does not work bank holidays', () => {
    // Thursday 2 April 17:30 BST: 30 minutes that day, 90 from 08:00 on Tuesday 7 April.
    expect(dueAt(at('2026-04-02T16:30:00Z'), TWO_HOURS, WEEKDAYS_8_TO_6).toISOString()).toBe('2026-04-07T08:30:00.000Z');
  });

  it('counts Good Friday for a team that works bank holidays', () => {
    const worksThem = { ...WEEKDAYS_8_TO_6, worksBankHolidays: true };
    expect(dueAt(at('2026-04-02T16:30:00Z'), TWO_HOURS, worksThem).toISOString()).toBe('2026-04-03T08:30:00.000Z');
  });

  it('starts the clock at opening time for a referral received before the team opens', () => {
    expect(dueAt(at('2026-06-01T05:00:00Z'), TWO_HOURS, WEEKDAYS_8_TO_6).toISOString()).toBe('2026-06-01T09:00:00.000Z');
  });

  it('starts the clock on Monday for a referral received at the weekend by a weekday team', () => {
    expect(dueAt(at('2026-06-06T11:00:00Z'), TWO_HOURS, WEEKDAYS_8_TO_6).toISOString()).toBe('2026-06-08T09:00:00.000Z');
  });

  it('counts real elapsed time for a round-the-clock team across both clock changes', () => {
    expect(dueAt(at('2026-03-29T00:30:00Z'), TWO_HOURS, ROUND_THE_CLOCK).toISOString()).toBe('2026-03-29T02:30:00.000Z');
    expect(dueAt(at('2026-10-24T23:30:00Z'), TWO_HOURS, ROUND_THE_CLOCK).toISOString()).toBe('2026-10-25T01:30:00.000Z');
  });

  it('carries the time left at closing over to the next open day', () => {
    // Received 17:00 BST Friday 12 June: 1 hour that day, 1 from Monday 08:00.
    expect(dueAt(at('2026-06-12T16:00:00Z'), TWO_HOURS, WEEKDAYS_8_TO_6).toISOString()).toBe('2026-06-15T08:00:00.000Z');
  });

  it('a 2-day standard received on a Friday is due at Tuesday’s close for a weekday team, in winter time after the change', () => {
    expect(dueAt(at('2026-10-23T09:00:00Z'), { amount: 2, unit: 'DAYS' }, WEEKDAYS_8_TO_6).toISOString()).toBe('2026-10-27T18:00:00.000Z');
  });

  it('a 2-day standard received on Christmas Eve is due at the close of the second working day after the holidays', () => {
    // Thu 24 Dec 2026; 25th and 28th are bank holidays, 26th–27th a weekend: Tue 29th, Wed 30th.
    expect(dueAt(at('2026-12-24T10:00:00Z'), { amount: 2, unit: 'DAYS' }, WEEKDAYS_8_TO_6).toISOString()).toBe('2026-12-30T18:00:00.000Z');
  });

  it('a 1-day standard for a 7-day team received on Saturday is due at Sunday’s close', () => {
    expect(dueAt(at('2026-07-04T10:00:00Z'), { amount: 1, unit: 'DAYS' }, SEVEN_DAYS_9_TO_5).toISOString()).toBe('2026-07-05T16:00:00.000Z');
  });
});

/**
 * An independent oracle: walks forward a minute at a time, asking the local clock whether the
 * team is open, until the standard's open minutes have passed.
 */
function openMinutesOracle(receivedAt: Date, hoursAmount: number, hours: ServiceHours): Date {
  let t = Math.ceil(receivedAt.getTime() / 60_000) * 60_000;
  let counted = 0;
  const isOpen = (instant: number) => {
    const { date, minutes } = londonClock(new Date(instant));
    if (!hours.worksBankHolidays && hours.bankHolidays.has(date)) return false;
    const day = hours.days.find((d) => d.weekday === weekdayOf(date));
    if (!day) return false;
    const [oh, om] = day.opensAt.split(':').map(Number);
    const [ch, cm] = day.closesAt.split(':').map(Number);
    return minutes >= oh * 60 + om && minutes < ch * 60 + cm;
  };
  while (counted < hoursAmount * 60) {
    if (isOpen(t)) counted++;
    t += 60_000;
  }
  return new Date(t);
}

const hoursArbitrary: fc.Arbitrary<ServiceHours> = fc
  .record({
    weekdays: fc.uniqueArray(fc.integer({ min: 1, max: 7 }), { minLength: 1, maxLength: 7 }),
    opens: fc.integer({ min: 0, max: 12 }),
    length: fc.integer({ min: 1, max: 12 }),
    worksBankHolidays: fc.boolean(),
  })
  .map(({ weekdays, opens, length, worksBankHolidays }) => ({
    days: week(weekdays, `${String(opens).padStart(2, '0')}:00`, `${String(opens + length).padStart(2, '0')}:00`),
    worksBankHolidays,
    bankHolidays: HOLIDAYS,
  }));

// Received at any whole minute in 2026, which holds both clock changes and the bank holidays above.
const receivedArbitrary = fc.integer({ min: Date.UTC(2026, 0, 1) / 60_000, max: Date.UTC(2026, 11, 20) / 60_000 }).map((m) => new Date(m * 60_000));

describe('Due times, over any team hours and any time of receipt', () => {
  it('an hours standard is due exactly when that many of the team’s open minutes have passed', () => {
    fc.assert(
      fc.property(receivedArbitrary, hoursArbitrary, fc.integer({ min: 1, max: 4 }), (receivedAt, hours, amount) => {
        expect(dueAt(receivedAt, { amount, unit: 'HOURS' }, hours).getTime()).toBe(openMinutesOracle(receivedAt, amount, hours).getTime());
      }),
      { numRuns: 60 },
    );
  });

  it('a days standard is due at closing time on an open day, with one fewer open day between receipt and then', () => {
    fc.assert(
      fc.property(receivedArbitrary, hoursArbitrary, fc.integer({ min: 1, max: 10 }), (receivedAt, hours, amount) => {
        const due = dueAt(receivedAt, { amount, unit: 'DAYS' }, hours);
        const local = londonClock(due);
        const dueDate = local.minutes === 0 ? addDays(local.date, -1) : local.date; // a close at 24:00
        const open = (date: string) =>
          (hours.worksBankHolidays || !hours.bankHolidays.has(date)) && hours.days.some((d) => d.weekday === weekdayOf(date));
        expect(open(dueDate)).toBe(true);
        const closes = hours.days.find((d) => d.weekday === weekdayOf(dueDate))!.closesAt;
        expect(local.minutes).toBe(Number(closes.slice(0, 2)) * 60 % 1440);
        let between = 0;
        for (let d = addDays(londonClock(receivedAt).date, 1); d < dueDate; d = addDays(d, 1)) if (open(d)) between++;
        expect(between).toBe(amount - 1);
      }),
      { numRuns: 200 },
    );
  });
});
