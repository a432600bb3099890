const DAY_MS = 86_400_000;

const dayMs = (day: string) => {
  const ms = Date.parse(`${day}T00:00:00Z`);
  if (Number.isNaN(ms)) throw new Error(`a day must be written YYYY-MM-DD, not ${day}`);
  return ms;
};

/** The day `days` after `day` (before it, if negative); days are YYYY-MM-DD. */
export const addDays = (day: string, days: number): string => new Date(dayMs(day) + days * DAY_MS).toISOString().slice(0, 10);

/** Whole days from `from` to `to`. */
export const daysBetween = (from: string, to: string): number => Math.round((dayMs(to) - dayMs(from)) / DAY_MS);

/** A moment in `day`, `minutes` after midnight UTC, as an ISO timestamp. */
export const momentOf = (day: string, minutes: number): string => new Date(dayMs(day) + minutes * 60_000).toISOString();

/** Age in whole years on `day` of someone born on `born`. */
export function ageOn(born: string, day: string): number {
  const [y, m, d] = born.split('-').map(Number);
  const [ay, am, ad] = day.split('-').map(Number);
  return ay - y - (am < m || (am === m && ad < d) ? 1 : 0);
}
