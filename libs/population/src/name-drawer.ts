import { COMMUNITIES, Community, ENGLISH_FAMILY_NAMES, ENGLISH_GIVEN_NAMES, feminineForm } from './names';
import { byRank, Prng, Weighted } from './prng';

/**
 * Names for the people around the population (professionals, carers, relatives), drawn as the
 * people's own are: given names of the decade someone was born in, or of their community.
 */
export class NameDrawer {
  private readonly english = ENGLISH_GIVEN_NAMES.map((d) => ({ bornBefore: d.bornBefore, female: byRank(d.female), male: byRank(d.male) }));
  private readonly englishFamily = byRank(ENGLISH_FAMILY_NAMES, 0.8);
  private readonly communities = new Map(COMMUNITIES.map((c) => [c, { female: byRank(c.female), male: byRank(c.male), family: byRank(c.family) }]));
  private readonly communityByFamilyName = new Map(
    COMMUNITIES.flatMap((c) => c.family.flatMap((name) => [[name, c] as const, [feminineForm(name), c] as const])),
  );

  given(prng: Prng, female: boolean, bornIn: number, community?: Community): string {
    if (community) {
      const names = this.communities.get(community)!;
      return (female ? names.female : names.male).draw(prng);
    }
    const cohort = this.english.find((d) => bornIn < d.bornBefore) ?? this.english[this.english.length - 1];
    return (female ? cohort.female : cohort.male).draw(prng);
  }

  family(prng: Prng, female: boolean, community?: Community): string {
    if (!community) return this.englishFamily.draw(prng);
    const name = this.communities.get(community)!.family.draw(prng);
    return female ? feminineForm(name) : name;
  }

  /** The community a family name belongs to, if it is one of theirs. */
  communityOf(familyName: string): Community | undefined {
    return this.communityByFamilyName.get(familyName);
  }

  /** A community drawn by the given weights (by name), or none (English names) for the weight left. */
  communityDrawer(weights: Readonly<Record<string, number>>): Weighted<Community | undefined> {
    const shares = COMMUNITIES.map((c) => weights[c.name] ?? 0);
    return new Weighted<Community | undefined>([undefined, ...COMMUNITIES], (_, i) => (i === 0 ? 1 - shares.reduce((a, b) => a + b, 0) : shares[i - 1]));
  }
}
