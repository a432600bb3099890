import { AcrossBorder, ESSEX_LOCALITIES, LocalitySpec, Place } from './localities';
import { CARE_HOMES, PRACTICE_KINDS, STREET_KINDS, STREET_NAMES } from './names';
import { createPrng, Prng } from './prng';

/** About North East Essex's average: 320,000 people on the lists of 43 practices. */
export const PEOPLE_PER_PRACTICE = 7_500;
const MIN_PRACTICES = 3;
/** PCNs serve 30,000 to 50,000 people: about five practices each. */
const PRACTICES_PER_PCN = 5;
const DIRECTIONS = ['North', 'South', 'East', 'West', 'Central', 'Rural', 'Town', 'Coastal'];

export interface Locality {
  code: string;
  name: string;
  area: string;
  localAuthority: string;
  pcnCodes: string[];
}

export interface PrimaryCareNetwork {
  /** Shaped like a PCN's ODS code (U and five digits). */
  code: string;
  name: string;
  localityCode: string;
  practiceOdsCodes: string[];
}

/** A care home whose residents the practice looks after (care homes are aligned to one practice). */
export interface CareHome {
  name: string;
  addressLines: string[];
  postcode: string;
}

export interface GpPractice {
  /** Shaped like an Essex GP practice's ODS code (F8 and four digits); synthetic. */
  odsCode: string;
  name: string;
  pcnCode: string;
  localityCode: string;
  /** The council most of the practice's patients live under. */
  localAuthority: string;
  /** Where the practice is, and where most of its patients live. */
  home: Place;
  /** The places of its locality, which the rest of its patients come from. */
  places: readonly Place[];
  acrossBorder: readonly AcrossBorder[];
  careHomes: CareHome[];
  /** The share of the whole population expected on this practice's list. */
  listShare: number;
}

export interface PopulationSize {
  people: number;
  seed: number;
}

/**
 * The GP practices of a population, grouped into primary care networks and localities. The one
 * place this structure is decided: the people stage registers people with these practices, and
 * later stages (organisations, teams) and benchmark scenarios read it from here, for the same
 * people and seed.
 */
export class PracticeHierarchy {
  private readonly byOds: Map<string, GpPractice>;

  constructor(
    readonly localities: readonly Locality[],
    readonly pcns: readonly PrimaryCareNetwork[],
    readonly practices: readonly GpPractice[],
  ) {
    this.byOds = new Map(practices.map((p) => [p.odsCode, p]));
  }

  practice(odsCode: string): GpPractice | undefined {
    return this.byOds.get(odsCode);
  }

  practicesOfPcn(pcnCode: string): GpPractice[] {
    return this.practices.filter((p) => p.pcnCode === pcnCode);
  }

  practicesOfLocality(localityCode: string): GpPractice[] {
    return this.practices.filter((p) => p.localityCode === localityCode);
  }

  pcnsOfLocality(localityCode: string): PrimaryCareNetwork[] {
    return this.pcns.filter((n) => n.localityCode === localityCode);
  }
}

/**
 * Splits `total` into whole parts in proportion to `weights` (largest remainder), each at least
 * one: a part that would be none takes one from the largest.
 */
export function apportion(total: number, weights: readonly number[]): number[] {
  if (total < weights.length) throw new Error(`cannot give ${weights.length} parts at least one each from ${total}`);
  const sum = weights.reduce((a, b) => a + b, 0);
  const exact = weights.map((w) => (total * w) / sum);
  const parts = exact.map(Math.floor);
  let left = total - parts.reduce((a, b) => a + b, 0);
  const byRemainder = exact.map((x, i) => [x - Math.floor(x), i] as const).sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  for (const [, i] of byRemainder) {
    if (left-- <= 0) break;
    parts[i] += 1;
  }
  for (let i = 0; i < parts.length; i++) {
    if (parts[i] === 0) {
      parts[parts.indexOf(Math.max(...parts))] -= 1;
      parts[i] = 1;
    }
  }
  return parts;
}

/** A standard normal draw (Box-Muller). */
function gaussian(prng: Prng): number {
  return Math.sqrt(-2 * Math.log(1 - prng.next())) * Math.cos(2 * Math.PI * prng.next());
}

/**
 * The practices, PCNs and localities for a population of `people`: about one practice for every
 * 7,500 people, five practices a PCN, and Essex's localities taken in order until they hold
 * everyone (320,000 people make North East Essex: Colchester, Clacton and Harwich). The codes and
 * the grouping depend on `people` alone, so a scenario that knows the population's size knows which
 * practices make up each PCN; names, care homes and list sizes (half to twice the average, as real
 * ones vary) are drawn from `seed` as well.
 */
export function practiceHierarchy({ people, seed }: PopulationSize): PracticeHierarchy {
  if (!Number.isInteger(people) || people < 1) throw new Error(`people must be a whole number above 0, not ${people}`);
  const chosen: LocalitySpec[] = [];
  let covered = 0;
  for (const spec of ESSEX_LOCALITIES) {
    if (chosen.length > 0 && covered >= people) break;
    chosen.push(spec);
    covered += spec.population;
  }
  const practiceCount = Math.max(MIN_PRACTICES, chosen.length, Math.round(people / PEOPLE_PER_PRACTICE));
  const perLocality = apportion(practiceCount, chosen.map((spec) => spec.population));
  const prng = createPrng(seed, 'practices');
  const names = new Set<string>();
  const localities: Locality[] = [];
  const pcns: PrimaryCareNetwork[] = [];
  const practices: GpPractice[] = [];

  chosen.forEach((spec, l) => {
    const locality: Locality = { code: spec.code, name: spec.name, area: spec.area, localAuthority: spec.localAuthority, pcnCodes: [] };
    localities.push(locality);
    const count = perLocality[l];
    const sizes = Array.from({ length: count }, () => Math.exp(0.35 * gaussian(prng)));
    const sizeTotal = sizes.reduce((a, b) => a + b, 0);
    const pcnSizes = apportion(count, Array(Math.max(1, Math.round(count / PRACTICES_PER_PCN))).fill(1));
    let k = 0;
    pcnSizes.forEach((pcnSize, j) => {
      const pcn: PrimaryCareNetwork = {
        code: `U${10001 + pcns.length}`,
        name: pcnSizes.length === 1 ? `${spec.name} PCN` : `${spec.name} ${DIRECTIONS[j % DIRECTIONS.length]}${j >= DIRECTIONS.length ? ` ${j + 1}` : ''} PCN`,
        localityCode: spec.code,
        practiceOdsCodes: [],
      };
      pcns.push(pcn);
      locality.pcnCodes.push(pcn.code);
      for (let m = 0; m < pcnSize; m++, k++) {
        const home = spec.places[k % spec.places.length];
        const practice: GpPractice = {
          odsCode: `F8${1001 + practices.length}`,
          name: practiceName(prng, home.town, names),
          pcnCode: pcn.code,
          localityCode: spec.code,
          localAuthority: spec.localAuthority,
          home,
          places: spec.places,
          acrossBorder: spec.acrossBorder,
          careHomes: careHomes(prng, home, practices.length),
          listShare: (spec.population / covered) * (sizes[k] / sizeTotal),
        };
        practices.push(practice);
        pcn.practiceOdsCodes.push(practice.odsCode);
      }
    });
  });
  if (practices.length > 8_999) throw new Error(`${people} people need more practices than the F8 code range holds`);
  return new PracticeHierarchy(localities, pcns, practices);
}

/** The letters a postcode's inward code may end with (never C, I, K, M, O or V). */
export const POSTCODE_UNIT_LETTERS = 'ABDEFGHJLNPQRSTUWXYZ';

/** A postcode in the district: sector 1-9 and two unit letters. */
export function postcodeIn(prng: Prng, district: string): string {
  const letter = () => POSTCODE_UNIT_LETTERS[prng.below(POSTCODE_UNIT_LETTERS.length)];
  return `${district} ${prng.between(1, 9)}${letter()}${letter()}`;
}

function careHomes(prng: Prng, home: Place, practiceIndex: number): CareHome[] {
  return Array.from({ length: prng.between(1, 3) }, (_, k) => ({
    name: `${CARE_HOMES[(practiceIndex * 3 + k) % CARE_HOMES.length]} Care Home`,
    addressLines: [`${prng.between(2, 120)} ${prng.pick(STREET_NAMES)} ${prng.pick(STREET_KINDS)}`, home.town],
    postcode: postcodeIn(prng, home.district),
  }));
}

function practiceName(prng: Prng, town: string, taken: Set<string>): string {
  for (let attempt = 0; ; attempt++) {
    const street = prng.pick(STREET_NAMES);
    const kind = prng.pick(PRACTICE_KINDS);
    const name = attempt > 20 ? `${street} ${kind}, ${town} ${attempt}` : prng.chance(0.3) ? `${town} ${kind}` : `${street} Road ${kind}`;
    if (!taken.has(name)) {
      taken.add(name);
      return name;
    }
  }
}
