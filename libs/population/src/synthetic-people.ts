import { CommunicationNeed, NhsNumberVerificationStatus, PersonFlag, Sex } from '@app/persons';
import {
  AGE_BANDS,
  dementiaRate,
  endOfLifeRate,
  learningDisabilityRate,
  safeguardingRate,
} from './england-population';
import { ACROSS_BORDER_SHARE, Place } from './localities';
import {
  BUILDING_NAMES,
  COMMUNITIES,
  Community,
  ENGLISH_FAMILY_NAMES,
  ENGLISH_GIVEN_NAMES,
  feminineForm,
  STREET_KINDS,
  STREET_NAMES,
} from './names';
import { GpPractice, postcodeIn, PopulationSize, PracticeHierarchy } from './practice-hierarchy';
import { byRank, createPrng, Prng, uuidFrom, Weighted } from './prng';
import { syntheticNhsNumbers } from './synthetic-nhs-numbers';

/** One row of the person register, as the people stage writes it. */
export interface SyntheticPerson {
  id: string;
  nhsNumber: string;
  nhsNumberVerificationStatus: NhsNumberVerificationStatus;
  givenName: string;
  familyName: string;
  /** YYYY-MM-DD */
  dateOfBirth: string;
  sex: Sex;
  addressLines: string[];
  postcode: string;
  gpPracticeOds: string;
  residenceLocalAuthority: string;
  flags: PersonFlag[];
  communicationNeeds: CommunicationNeed[];
  interpreterLanguage: string | null;
  reasonableAdjustments: string | null;
}

export interface PeopleOptions extends PopulationSize {
  /** The day ages are counted to (YYYY-MM-DD), fixed so that a seed gives the same people on any day. */
  asAt?: string;
}

/**
 * Ages are as at 30 June, as in ONS mid-year estimates, of a year safely past on any clock that
 * runs this (a birth after "today" would be refused by the register).
 */
export const DEFAULT_AS_AT = '2025-06-30';

const DAY_MS = 86_400_000;
const VERIFICATION = new Weighted(
  [
    [NhsNumberVerificationStatus.NUMBER_PRESENT_AND_VERIFIED, 96.5],
    [NhsNumberVerificationStatus.NUMBER_PRESENT_BUT_NOT_TRACED, 2.5],
    [NhsNumberVerificationStatus.TRACE_REQUIRED, 0.6],
    [NhsNumberVerificationStatus.TRACE_ATTEMPTED_NO_MATCH_OR_MULTIPLE, 0.2],
    [NhsNumberVerificationStatus.TRACE_IN_PROGRESS, 0.2],
  ] as const,
  ([, w]) => w,
);
const ADJUSTMENTS = {
  learningDisability: [
    'Longer appointment, first or last of the session; a quiet place to wait.',
    'Explain one thing at a time, in plain words, and check understanding.',
    'Carer or supporter to attend; send letters to them as well.',
  ],
  dementia: [
    'Family carer to be present; telephone the carer before visits.',
    'Morning appointments; the same clinician where possible.',
  ],
  bsl: ['Book a BSL interpreter for every appointment; contact by text or email, never by phone.'],
  braille: ['Letters in braille; a telephone call before any visit.'],
} as const;

/**
 * Everyone in a population of `people`, one at a time, registered with the practices of
 * `hierarchy`: ages and sexes in England's proportions, names of their generation and community,
 * addresses and postcodes in their practice's locality (a few across a council boundary), flags at
 * their prevalence by age, and communication needs. The same seed gives the same people.
 */
export function* syntheticPeople(hierarchy: PracticeHierarchy, options: PeopleOptions): Generator<SyntheticPerson> {
  const { people, seed, asAt = DEFAULT_AS_AT } = options;
  const prng = createPrng(seed, 'people');
  const practices = new Weighted(hierarchy.practices, (p) => p.listShare);
  const placesOf = new Map<string, Weighted<Place>>();
  for (const practice of hierarchy.practices) {
    if (!placesOf.has(practice.localityCode)) placesOf.set(practice.localityCode, new Weighted(practice.places, (p) => p.weight));
  }
  const bands = new Weighted(AGE_BANDS, (b) => b.percent);
  const englishGiven = ENGLISH_GIVEN_NAMES.map((d) => ({ bornBefore: d.bornBefore, female: byRank(d.female), male: byRank(d.male) }));
  const englishFamily = byRank(ENGLISH_FAMILY_NAMES, 0.8);
  const communityNames = new Map(
    COMMUNITIES.map((c) => [c, { female: byRank(c.female), male: byRank(c.male), family: byRank(c.family), languages: byRank(c.languages) }]),
  );
  const asAtMs = Date.parse(`${asAt}T00:00:00Z`);
  if (Number.isNaN(asAtMs)) throw new Error(`asAt must be a date written YYYY-MM-DD, not ${asAt}`);
  const asAtYear = new Date(asAtMs).getUTCFullYear();
  const nhsNumbers = syntheticNhsNumbers();

  for (let i = 0; i < people; i++) {
    const practice = practices.draw(prng);
    const band = bands.draw(prng);
    const age = band.from >= 90 ? veryOldAge(prng) : prng.between(band.from, band.to);
    const birthMs = asAtMs - Math.floor((age * 365.2425 + prng.next() * 365) * DAY_MS);
    const dateOfBirth = new Date(birthMs).toISOString().slice(0, 10);
    const female = prng.chance(band.femaleShare);
    const sex = female ? Sex.FEMALE : Sex.MALE;

    let community: Community | undefined;
    let roll = prng.next();
    for (const c of COMMUNITIES) {
      if (roll < c.share) {
        community = c;
        break;
      }
      roll -= c.share;
    }
    let givenName: string;
    let familyName: string;
    let interpreterLanguage: string | null = null;
    if (community) {
      const names = communityNames.get(community)!;
      givenName = (female ? names.female : names.male).draw(prng);
      familyName = names.family.draw(prng);
      if (female) familyName = feminineForm(familyName);
      const rate = community.interpreterRate * (age >= 65 ? 2 : age < 16 ? 0.3 : 1);
      if (prng.chance(rate)) interpreterLanguage = names.languages.draw(prng);
    } else {
      const birthYear = asAtYear - age;
      const cohort = englishGiven.find((d) => birthYear < d.bornBefore) ?? englishGiven[englishGiven.length - 1];
      givenName = (female ? cohort.female : cohort.male).draw(prng);
      familyName = englishFamily.draw(prng);
      if (prng.chance(0.01)) familyName = `${familyName}-${englishFamily.draw(prng)}`;
    }

    const flags: PersonFlag[] = [];
    const learningDisability = prng.chance(learningDisabilityRate(age));
    const dementia = prng.chance(dementiaRate(age));
    if (learningDisability) flags.push(PersonFlag.LEARNING_DISABILITY);
    if (dementia) flags.push(PersonFlag.DEMENTIA);
    if (prng.chance(endOfLifeRate(age))) flags.push(PersonFlag.END_OF_LIFE);
    if (prng.chance(safeguardingRate(age))) flags.push(PersonFlag.SAFEGUARDING);

    const needs: CommunicationNeed[] = [];
    let reasonableAdjustments: string | null = null;
    if (prng.chance(learningDisability ? 0.7 : dementia ? 0.1 : 0.0005)) needs.push(CommunicationNeed.EASY_READ);
    if (interpreterLanguage) needs.push(CommunicationNeed.INTERPRETER);
    if (prng.chance(0.001)) {
      needs.push(CommunicationNeed.BSL_INTERPRETER);
      reasonableAdjustments = ADJUSTMENTS.bsl[0];
    }
    if (prng.chance(age >= 75 ? 0.04 : age >= 65 ? 0.015 : 0.002)) needs.push(CommunicationNeed.LARGE_PRINT);
    if (prng.chance(0.0002)) {
      needs.push(CommunicationNeed.BRAILLE);
      reasonableAdjustments = ADJUSTMENTS.braille[0];
    }
    if (prng.chance(age >= 75 ? 0.03 : age >= 65 ? 0.01 : 0.001)) needs.push(CommunicationNeed.HEARING_LOOP);
    if (prng.chance(learningDisability ? 0.2 : dementia ? 0.1 : 0.0003)) needs.push(CommunicationNeed.ADVOCATE);
    if (learningDisability && prng.chance(0.6)) reasonableAdjustments = prng.pick(ADJUSTMENTS.learningDisability);
    else if (dementia && prng.chance(0.25)) reasonableAdjustments = prng.pick(ADJUSTMENTS.dementia);

    const where = address(prng, practice, placesOf.get(practice.localityCode)!, age, dementia);
    yield {
      id: uuidFrom(prng),
      nhsNumber: nhsNumbers.next().value as string,
      nhsNumberVerificationStatus: VERIFICATION.draw(prng)[0],
      givenName,
      familyName,
      dateOfBirth,
      sex,
      addressLines: where.addressLines,
      postcode: where.postcode,
      gpPracticeOds: practice.odsCode,
      residenceLocalAuthority: where.localAuthority,
      flags,
      communicationNeeds: needs,
      interpreterLanguage,
      reasonableAdjustments,
    };
  }
}

/** 90 to 104, fewer with every year. */
function veryOldAge(prng: Prng): number {
  let age = 90;
  while (age < 104 && prng.chance(0.78)) age++;
  return age;
}

function address(prng: Prng, practice: GpPractice, places: Weighted<Place>, age: number, dementia: boolean) {
  if (age >= 65 && prng.chance(dementia ? 0.25 : age >= 85 ? 0.04 : 0.002)) {
    const home = prng.pick(practice.careHomes);
    return { addressLines: [home.name, ...home.addressLines], postcode: home.postcode, localAuthority: practice.localAuthority };
  }
  let place: Place = prng.chance(0.6) ? practice.home : places.draw(prng);
  let localAuthority = practice.localAuthority;
  if (practice.acrossBorder.length > 0 && prng.chance(ACROSS_BORDER_SHARE)) {
    const across = prng.pick(practice.acrossBorder);
    place = { district: across.district, town: across.town, weight: 1 };
    localAuthority = across.localAuthority;
  }
  const street = `${prng.pick(STREET_NAMES)} ${prng.pick(STREET_KINDS)}`;
  const number = 1 + Math.floor(140 * prng.next() ** 2);
  const addressLines = prng.chance(0.12)
    ? [`Flat ${prng.between(1, 24)}`, `${prng.pick(BUILDING_NAMES)} House`, `${number} ${street}`, place.town]
    : [`${number} ${street}`, place.town];
  return { addressLines, postcode: postcodeIn(prng, place.district), localAuthority };
}
