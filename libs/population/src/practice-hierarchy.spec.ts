import { apportion, practiceHierarchy } from './practice-hierarchy';

describe('The practices, PCNs and localities of a population', () => {
  it('320,000 people make North East Essex: 43 practices in Colchester, Clacton and Harwich', () => {
    const hierarchy = practiceHierarchy({ people: 320_000, seed: 1 });
    expect(hierarchy.localities.map((l) => l.name)).toEqual(['Colchester', 'Clacton', 'Harwich']);
    expect(hierarchy.practices).toHaveLength(43);
    expect(hierarchy.pcns.length).toBeGreaterThanOrEqual(8);
    expect(hierarchy.pcns.length).toBeLessThanOrEqual(10);
    expect(new Set(hierarchy.practices.map((p) => p.localAuthority))).toEqual(new Set(['E10000012']));
  });

  it('a million people spread into South East Essex and Thurrock, about one practice for 7,500 people', () => {
    const hierarchy = practiceHierarchy({ people: 1_000_000, seed: 1 });
    expect(hierarchy.practices).toHaveLength(133);
    expect(new Set(hierarchy.practices.map((p) => p.localAuthority))).toEqual(new Set(['E10000012', 'E06000033', 'E06000034']));
  });

  it('every practice is in one PCN of its locality, and a PCN lists exactly its practices', () => {
    const hierarchy = practiceHierarchy({ people: 500_000, seed: 3 });
    for (const pcn of hierarchy.pcns) {
      const practices = hierarchy.practicesOfPcn(pcn.code);
      expect(practices.map((p) => p.odsCode)).toEqual(pcn.practiceOdsCodes);
      expect(practices.every((p) => p.localityCode === pcn.localityCode)).toBe(true);
      expect(practices.length).toBeGreaterThanOrEqual(1);
    }
    for (const locality of hierarchy.localities) {
      expect(hierarchy.pcnsOfLocality(locality.code).map((n) => n.code)).toEqual(locality.pcnCodes);
      expect(hierarchy.practicesOfLocality(locality.code).every((p) => locality.pcnCodes.includes(p.pcnCode))).toBe(true);
    }
    expect(hierarchy.practices.reduce((sum, p) => sum + p.listShare, 0)).toBeCloseTo(1, 9);
  });

  it('codes are unique and shaped like ODS codes: F8 and four digits for practices, U and five for PCNs', () => {
    const hierarchy = practiceHierarchy({ people: 1_500_000, seed: 1 });
    const codes = hierarchy.practices.map((p) => p.odsCode);
    expect(new Set(codes).size).toBe(codes.length);
    expect(codes.every((c) => /^F8\d{4}$/.test(c))).toBe(true);
    expect(hierarchy.pcns.every((n) => /^U\d{5}$/.test(n.code))).toBe(true);
    expect(new Set(hierarchy.practices.map((p) => p.name)).size).toBe(codes.length);
  });

  it('a tiny population still has three practices to spread over', () => {
    const hierarchy = practiceHierarchy({ people: 200, seed: 1 });
    expect(hierarchy.practices).toHaveLength(3);
    expect(hierarchy.pcns).toHaveLength(1);
  });

  it('is the same for the same size and seed; another seed changes list sizes but not which practice is in which PCN', () => {
    const shares = (seed: number) => practiceHierarchy({ people: 100_000, seed }).practices.map((p) => p.listShare);
    expect(practiceHierarchy({ people: 100_000, seed: 5 })).toEqual(practiceHierarchy({ people: 100_000, seed: 5 }));
    expect(shares(5)).not.toEqual(shares(6));
    expect(practiceHierarchy({ people: 100_000, seed: 6 }).pcns).toEqual(practiceHierarchy({ people: 100_000, seed: 5 }).pcns);
  });

  it('apportions whole parts in proportion, each at least one, adding up to the total', () => {
    expect(apportion(10, [1, 1, 1])).toEqual([4, 3, 3]);
    expect(apportion(43, [195, 80, 45])).toEqual([26, 11, 6]);
    expect(apportion(3, [1000, 1, 1])).toEqual([1, 1, 1]);
    expect(() => apportion(2, [1, 1, 1])).toThrow();
  });
});
