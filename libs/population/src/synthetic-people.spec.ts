import { checkNhsNumber } from '@app/persons';
import { practiceHierarchy } from './practice-hierarchy';
import { createPrng, Weighted } from './prng';
import { isSyntheticNhsNumber } from './synthetic-nhs-numbers';
import { DEFAULT_AS_AT, SyntheticPerson, syntheticPeople } from './synthetic-people';

const peopleOf = (people: number, seed: number) => [...syntheticPeople(practiceHierarchy({ people, seed }), { people, seed })];
const ageOn = (p: SyntheticPerson, day = DEFAULT_AS_AT) => {
  const [y, m, d] = p.dateOfBirth.split('-').map(Number);
  const [ay, am, ad] = day.split('-').map(Number);
  return ay - y - (am < m || (am === m && ad < d) ? 1 : 0);
};
const share = (people: SyntheticPerson[], test: (p: SyntheticPerson) => boolean) => people.filter(test).length / people.length;

describe('A synthetic population', () => {
  const population = peopleOf(100_000, 42);
  const aged65 = population.filter((p) => ageOn(p) >= 65);

  it('is the same for the same seed, and different for another', () => {
    expect(peopleOf(500, 7)).toEqual(peopleOf(500, 7));
    const other = peopleOf(500, 8);
    expect(other.map((p) => p.id)).not.toEqual(peopleOf(500, 7).map((p) => p.id));
  });

  it('has valid, unique NHS numbers from the range never issued to real people (900 upward, clear of the tests\' 999)', () => {
    const numbers = population.map((p) => p.nhsNumber);
    expect(new Set(numbers).size).toBe(numbers.length);
    expect(numbers.filter((n) => !checkNhsNumber(n).valid || !isSyntheticNhsNumber(n))).toEqual([]);
    expect(numbers[0]).toBe('9000000009');
    expect(numbers.every((n) => n.startsWith('9') && !n.startsWith('999'))).toBe(true);
    expect(new Set(population.map((p) => p.id)).size).toBe(population.length);
  });

  it("has England's age and sex mix: about 19% aged 65 and over, 17% under 15, 51% female, more women among the old", () => {
    expect(aged65.length / population.length).toBeGreaterThan(0.175);
    expect(aged65.length / population.length).toBeLessThan(0.2);
    expect(share(population, (p) => ageOn(p) < 15)).toBeCloseTo(0.174, 1);
    expect(share(population, (p) => p.sex === 'FEMALE')).toBeGreaterThan(0.5);
    expect(share(population, (p) => p.sex === 'FEMALE')).toBeLessThan(0.52);
    expect(share(population.filter((p) => ageOn(p) >= 85), (p) => p.sex === 'FEMALE')).toBeGreaterThan(0.58);
    expect(population.every((p) => ageOn(p) >= 0 && ageOn(p) <= 105)).toBe(true);
  });

  it('carries flags at their prevalence: dementia about 7% of people 65 and over and about 1% of all', () => {
    const flagged = (flag: string) => (p: SyntheticPerson) => p.flags.includes(flag as never);
    expect(share(aged65, flagged('DEMENTIA'))).toBeGreaterThan(0.06);
    expect(share(aged65, flagged('DEMENTIA'))).toBeLessThan(0.08);
    expect(share(population, flagged('DEMENTIA'))).toBeGreaterThan(0.009);
    expect(share(population, flagged('DEMENTIA'))).toBeLessThan(0.016);
    expect(share(population, flagged('LEARNING_DISABILITY'))).toBeCloseTo(0.005, 2);
    expect(share(population, flagged('END_OF_LIFE'))).toBeCloseTo(0.003, 2);
    expect(share(population, flagged('SAFEGUARDING'))).toBeCloseTo(0.005, 2);
  });

  it('has communication needs, with a language for every interpreter', () => {
    const interpreter = population.filter((p) => p.communicationNeeds.includes('INTERPRETER' as never));
    expect(interpreter.length / population.length).toBeGreaterThan(0.002);
    expect(interpreter.every((p) => p.interpreterLanguage)).toBe(true);
    expect(population.filter((p) => p.interpreterLanguage).every((p) => p.communicationNeeds.includes('INTERPRETER' as never))).toBe(true);
    expect(share(population, (p) => p.communicationNeeds.includes('EASY_READ' as never))).toBeGreaterThan(0.003);
  });

  it("lives in its practice's locality under Essex County Council (a few across a council boundary), at UK postcodes", () => {
    const hierarchy = practiceHierarchy({ people: 100_000, seed: 42 });
    const odsCodes = new Set(hierarchy.practices.map((p) => p.odsCode));
    expect(population.every((p) => odsCodes.has(p.gpPracticeOds))).toBe(true);
    expect(population.every((p) => /^(CO|SS|CM|RM)\d{1,2} \d[ABD-HJLNP-UW-Z]{2}$/.test(p.postcode))).toBe(true);
    expect(population.every((p) => p.addressLines.length >= 2 && p.addressLines.length <= 5)).toBe(true);
    const elsewhere = share(population, (p) => p.residenceLocalAuthority !== hierarchy.practice(p.gpPracticeOds)!.localAuthority);
    expect(elsewhere).toBeGreaterThan(0.01);
    expect(elsewhere).toBeLessThan(0.06);
  });

  it('gives each practice a list in proportion to its expected share', () => {
    const hierarchy = practiceHierarchy({ people: 100_000, seed: 42 });
    for (const practice of hierarchy.practices) {
      const listed = share(population, (p) => p.gpPracticeOds === practice.odsCode);
      expect(listed).toBeCloseTo(practice.listShare, 2);
    }
  });
});

describe('The seeded generator', () => {
  it('gives the same numbers for the same seed and stream, and others for another stream', () => {
    const draw = (seed: number, stream: string) => Array.from({ length: 5 }, createPrng(seed, stream).next);
    expect(draw(1, 'people')).toEqual(draw(1, 'people'));
    expect(draw(1, 'people')).not.toEqual(draw(1, 'practices'));
    expect(draw(1, 'people')).not.toEqual(draw(2, 'people'));
    expect(draw(1, 'x').every((x) => x >= 0 && x < 1)).toBe(true);
  });

  it('draws weighted items in proportion to their weights', () => {
    const prng = createPrng(9);
    const weighted = new Weighted(['a', 'b', 'c'], (_, i) => [1, 2, 7][i]);
    const counts: Record<string, number> = { a: 0, b: 0, c: 0 };
    for (let i = 0; i < 20_000; i++) counts[weighted.draw(prng)]++;
    expect(counts.a / 20_000).toBeCloseTo(0.1, 1);
    expect(counts.c / 20_000).toBeCloseTo(0.7, 1);
  });
});
