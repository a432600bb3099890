/**
 * England's population by five-year age band: the share of everyone in the band and the share of
 * the band that is female, rounded from the ONS mid-year estimates and Census 2021 (18.6% aged 65
 * and over, 51% female, fewer men with every band past 65).
 */
export interface AgeBand {
  /** Youngest age in the band; the band ends where the next starts. */
  from: number;
  to: number;
  /** Percent of the whole population. */
  percent: number;
  femaleShare: number;
}

export const AGE_BANDS: readonly AgeBand[] = [
  { from: 0, to: 4, percent: 5.4, femaleShare: 0.488 },
  { from: 5, to: 9, percent: 5.9, femaleShare: 0.488 },
  { from: 10, to: 14, percent: 6.0, femaleShare: 0.488 },
  { from: 15, to: 19, percent: 5.6, femaleShare: 0.487 },
  { from: 20, to: 24, percent: 6.0, femaleShare: 0.495 },
  { from: 25, to: 29, percent: 6.6, femaleShare: 0.503 },
  { from: 30, to: 34, percent: 6.9, femaleShare: 0.506 },
  { from: 35, to: 39, percent: 6.7, femaleShare: 0.507 },
  { from: 40, to: 44, percent: 6.3, femaleShare: 0.505 },
  { from: 45, to: 49, percent: 6.2, femaleShare: 0.506 },
  { from: 50, to: 54, percent: 6.9, femaleShare: 0.507 },
  { from: 55, to: 59, percent: 6.6, femaleShare: 0.507 },
  { from: 60, to: 64, percent: 5.7, femaleShare: 0.51 },
  { from: 65, to: 69, percent: 5.0, femaleShare: 0.515 },
  { from: 70, to: 74, percent: 4.9, femaleShare: 0.525 },
  { from: 75, to: 79, percent: 3.7, femaleShare: 0.54 },
  { from: 80, to: 84, percent: 2.6, femaleShare: 0.565 },
  { from: 85, to: 89, percent: 1.6, femaleShare: 0.605 },
  { from: 90, to: 104, percent: 0.9, femaleShare: 0.68 },
];

/**
 * Diagnosed and undiagnosed dementia by age (after the Alzheimer's Society's Dementia UK rates):
 * about 7% of people aged 65 and over, about 1.3% of everyone.
 */
export function dementiaRate(age: number): number {
  if (age < 40) return 0;
  if (age < 65) return 0.0008;
  if (age < 70) return 0.017;
  if (age < 75) return 0.03;
  if (age < 80) return 0.06;
  if (age < 85) return 0.111;
  if (age < 90) return 0.183;
  return 0.299;
}

/** On a GP learning disability register: about 0.5% overall, fewer among the old. */
export const learningDisabilityRate = (age: number) => (age < 65 ? 0.0055 : 0.003);

/** On a palliative care (end of life) register: about 0.3% overall, mostly people over 65. */
export const endOfLifeRate = (age: number) => (age < 40 ? 0.0002 : age < 65 ? 0.001 : age < 80 ? 0.008 : 0.025);

/** A safeguarding concern flagged on the record: about 0.5%, more among children and the very old. */
export const safeguardingRate = (age: number) => (age < 18 ? 0.008 : age < 80 ? 0.0035 : 0.008);
