/**
 * When a referral is due, from the hours of the team it is routed to. A pure function of its
 * inputs, in UK local time (Europe/London), so that it is right across the clock changes.
 *
 * How a standard counts (the same everywhere: triage, redirect, the standards view, the generator):
 *  - HOURS count the team's open time only: a 2-hour standard received at 16:30 by a team that
 *    closes at 18:00 has 90 minutes that day and 30 more from the next opening. Received while the
 *    team is closed, the clock starts when it opens. Open time is real elapsed time, so an
 *    overnight service open through a clock change has a 23- or 25-hour day.
 *  - DAYS count the team's open days after the day of receipt: due at closing time on the Nth
 *    open day after the day it was received (within 2 days, received on Monday: by Wednesday's close).
 * A day is open if the team has hours for that weekday and it is not a bank holiday, unless the
 * team works bank holidays.
 */

export type StandardUnit = 'HOURS' | 'DAYS';

export interface ResponseStandardRule {
  amount: number;
  unit: StandardUnit;
}

/** Opening hours for one weekday (ISO 1 Monday .. 7 Sunday), local 'HH:MM'; '24:00' closes at midnight. */
export interface DayHours {
  weekday: number;
  opensAt: string;
  closesAt: string;
}

export interface ServiceHours {
  days: readonly DayHours[];
  worksBankHolidays: boolean;
  /** YYYY-MM-DD dates of bank holidays in England and Wales. */
  bankHolidays: ReadonlySet<string>;
}

const ZONE = 'Europe/London';
const MINUTE = 60_000;
/** Far enough to cross any holiday season; a team with no open day in that time has no hours. */
const HORIZON_DAYS = 400;

const parts = new Intl.DateTimeFormat('en-GB', {
  timeZone: ZONE,
  hourCycle: 'h23',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
});

/** The local wall-clock reading of an instant in England: date, minutes since midnight, offset. */
export function londonClock(at: Date): { date: string; minutes: number; offsetMinutes: number } {
  const p = Object.fromEntries(parts.formatToParts(at).map((x) => [x.type, x.value]));
  const date = `${p.year}-${p.month}-${p.day}`;
  const minutes = Number(p.hour) * 60 + Number(p.minute);
  const asUtc = Date.UTC(Number(p.year), Number(p.month) - 1, Number(p.day), Number(p.hour), Number(p.minute), Number(p.second));
  return { date, minutes, offsetMinutes: Math.round((asUtc - Math.floor(at.getTime() / 1000) * 1000) / MINUTE) };
}

/**
 * The instant a local date and time happens in England: when the clock first shows it. A time
 * skipped by the spring change (01:30 on the last Sunday of March) is read as the hour after; a
 * repeated one (01:30 on the last Sunday of October) as its first occurrence, so that a team
 * opening in the repeated hour opens when its clocks first say so, as a wall clock would have it.
 */
export function londonInstant(date: string, minutes: number): Date {
  const [y, m, d] = date.split('-').map(Number);
  const wall = Date.UTC(y, m - 1, d) + minutes * MINUTE;
  // England is an hour ahead of UTC or on it: the earlier instant whose clock shows this time, if any does.
  const shows = (instant: number) => instant + londonClock(new Date(instant)).offsetMinutes * MINUTE === wall;
  const instant = [wall - 60 * MINUTE, wall].find(shows);
  return new Date(instant ?? wall);
}

export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** ISO weekday of a date: 1 Monday .. 7 Sunday. */
export function weekdayOf(date: string): number {
  return ((new Date(`${date}T00:00:00Z`).getUTCDay() + 6) % 7) + 1;
}

const toMinutes = (time: string) => {
  const [h, m] = time.split(':').map(Number);
  return h * 60 + m;
};

/** The open interval of a local date as instants, or null if the team is closed that day. */
export function openingOn(date: string, hours: ServiceHours): { opens: Date; closes: Date } | null {
  if (!hours.worksBankHolidays && hours.bankHolidays.has(date)) return null;
  const day = hours.days.find((d) => d.weekday === weekdayOf(date));
  if (!day) return null;
  return { opens: londonInstant(date, toMinutes(day.opensAt)), closes: londonInstant(date, toMinutes(day.closesAt)) };
}

export class NoOpeningHours extends Error {
  constructor() {
    super(`The team has no open time in the next ${HORIZON_DAYS} days for this service`);
  }
}

/** When a referral received at `receivedAt` is due under the standard, given the team's hours. */
export function dueAt(receivedAt: Date, standard: ResponseStandardRule, hours: ServiceHours): Date {
  const received = londonClock(receivedAt).date;
  if (standard.unit === 'DAYS') {
    let counted = 0;
    for (let i = 1; i <= HORIZON_DAYS; i++) {
      const open = openingOn(addDays(received, i), hours);
      if (open && ++counted === standard.amount) return open.closes;
    }
    throw new NoOpeningHours();
  }
  let remaining = standard.amount * 60 * MINUTE;
  for (let i = 0; i <= HORIZON_DAYS; i++) {
    const open = openingOn(addDays(received, i), hours);
    if (!open) continue;
    const start = Math.max(open.opens.getTime(), receivedAt.getTime());
    const available = open.closes.getTime() - start;
    if (available <= 0) continue;
    if (remaining <= available) return new Date(start + remaining);
    remaining -= available;
  }
  throw new NoOpeningHours();
}
