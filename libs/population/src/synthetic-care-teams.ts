import { CareTeamMemberKind, HandoverReason } from '@app/care-teams';
import { Profession } from '@app/organisations';
import { PersonFlag } from '@app/persons';
import { addDays, ageOn, daysBetween, momentOf } from './calendar';
import { VOLUNTARY_ORGANISATIONS } from './care-system';
import { generatedId } from './generated-ids';
import { NameDrawer } from './name-drawer';
import { createPrng, Prng, Weighted } from './prng';
import { CareSystem, SyntheticOrganisation } from './synthetic-organisations';
import { DEFAULT_AS_AT, PeopleOptions, SyntheticPerson } from './synthetic-people';
import { LocalityStaff, SyntheticProfessional, Workforce } from './synthetic-workforce';

/** What the care teams stage reads of a person (one row of its candidate query). */
export interface Candidate {
  id: string;
  gpPracticeOds: string;
  /** YYYY-MM-DD */
  dateOfBirth: string;
  sex: string;
  familyName: string;
  flags: readonly string[];
  residenceLocalAuthority: string;
  /** A care home's name, for people who live in one. */
  firstAddressLine: string;
}

export const candidateOf = (p: SyntheticPerson): Candidate => ({
  id: p.id,
  gpPracticeOds: p.gpPracticeOds,
  dateOfBirth: p.dateOfBirth,
  sex: p.sex,
  familyName: p.familyName,
  flags: p.flags,
  residenceLocalAuthority: p.residenceLocalAuthority,
  firstAddressLine: p.addressLines[0],
});

/**
 * A simple frailty proxy, standing in for risk stratification until it lands: points for age
 * (75-79: 1, 80-84: 2, 85-89: 3, 90 and over: 4), dementia 2, end of life 3, learning disability 2,
 * a safeguarding concern 1, living in a care home 1.
 */
export function frailtyScore({ age, flags, inCareHome }: { age: number; flags: readonly string[]; inCareHome: boolean }): number {
  let score = age >= 90 ? 4 : age >= 85 ? 3 : age >= 80 ? 2 : age >= 75 ? 1 : 0;
  if (flags.includes(PersonFlag.DEMENTIA)) score += 2;
  if (flags.includes(PersonFlag.END_OF_LIFE)) score += 3;
  if (flags.includes(PersonFlag.LEARNING_DISABILITY)) score += 2;
  if (flags.includes(PersonFlag.SAFEGUARDING)) score += 1;
  if (inCareHome) score += 1;
  return score;
}

/**
 * The top tier, for intensive case management: about 3.5% of everyone (everyone 85 and over, the
 * younger old with dementia or at the end of life...).
 */
export const TOP_TIER_SCORE = 3;
/** Significant complexity (after Basildon and Brentwood's model): about 0.4% of everyone. */
export const SIGNIFICANT_COMPLEXITY_SCORE = 6;

/**
 * Whether someone may reach the top tier at all: anyone who does is 75 or over, or has a flag (a
 * care home alone adds too little). The stage's query asks the database for these people only.
 */
export const mayBeInTopTier = (c: Pick<Candidate, 'dateOfBirth' | 'flags'>, asAt: string) => c.flags.length > 0 || ageOn(c.dateOfBirth, asAt) >= 75;

/** Of the top tier: an active lead; a lead who has ended; a care team, not yet a lead; nothing yet. */
const OUTCOMES = new Weighted(['led', 'lead ended', 'awaiting review', 'not yet found'] as const, (_, i) => [85, 4, 5, 6][i]);
/** Of the significantly complex, the share a consultant geriatrician leads (the rest, a community matron). */
const GERIATRICIAN_LED = 0.3;
/** Of the moderately complex with dementia, the share whose care is social care-led. */
const DEMENTIA_SOCIAL_CARE_LED = 0.35;
/** Specialist leads who took over from the GP (STEP_UP), and GP leads who took back from a specialist (STEP_DOWN). */
const STEPPED_UP = 0.4;
const STEPPED_DOWN = 0.12;
/** Who else is in the care team. */
const HAS_CARER = 0.6;
const HAS_CARER_IN_CARE_HOME = 0.2;
const HAS_RELATIVE = 0.25;
const DEMENTIA_MENTAL_HEALTH_TEAM = 0.5;
const VOLUNTARY_SUPPORT = 0.1;
/** Leads were assigned in the last three years. */
const HISTORY_DAYS = 3 * 365;

/** One row of care_team_member, as the care teams stage writes it. */
export interface SyntheticCareTeamMember {
  id: string;
  personId: string;
  kind: CareTeamMemberKind;
  professionalId: string | null;
  organisationId: string | null;
  teamId: string | null;
  name: string | null;
  relationship: string | null;
  contact: string | null;
  roleInCare: string;
  startDate: string;
  endDate: string | null;
  endReason: string | null;
}

export interface SyntheticLead {
  id: string;
  personId: string;
  professionalId: string;
  careTeamMemberId: string;
  startedAt: string;
  endedAt: string | null;
}

export interface SyntheticHandover {
  id: string;
  personId: string;
  previousLeadId: string | null;
  newLeadId: string | null;
  reason: HandoverReason;
  reasonNote: string | null;
  recordedById: string;
  handedOverAt: string;
}

export interface CareTeams {
  members: SyntheticCareTeamMember[];
  leads: SyntheticLead[];
  handovers: SyntheticHandover[];
  /** People in the top tier, and those of them with an active lead. */
  topTier: number;
  led: number;
}

const ROLE_IN_CARE: Partial<Record<Profession, string>> = {
  [Profession.GP]: 'Named GP',
  [Profession.COMMUNITY_MATRON]: 'Community matron: case management',
  [Profession.CONSULTANT_GERIATRICIAN]: 'Consultant geriatrician: intensive community support',
  [Profession.SOCIAL_WORKER]: 'Social worker: care and support',
  [Profession.CARE_NAVIGATOR]: 'Care coordinator',
};

const CARERS_OF_THE_OLD = new Weighted(
  [['spouse', 40], ['daughter', 30], ['son', 17], ['daughter-in-law', 4], ['neighbour', 5], ['friend', 4]] as const,
  ([, w]) => w,
);
const CARERS_OF_THE_YOUNGER = new Weighted(
  [['mother', 35], ['father', 12], ['sister', 13], ['brother', 10], ['spouse', 20], ['friend', 10]] as const,
  ([, w]) => w,
);
const RELATIVES = new Weighted(
  [['son', 3], ['daughter', 3], ['niece', 1], ['nephew', 1], ['granddaughter', 1], ['grandson', 1]] as const,
  ([, w]) => w,
);
/** Relationships and how much younger (years) than the person they are, and whether they are female (null: either). */
const KIN: Record<string, { younger: number; female: boolean | null; sameFamily: number }> = {
  spouse: { younger: 2, female: null, sameFamily: 0.95 },
  daughter: { younger: 28, female: true, sameFamily: 0.4 },
  son: { younger: 28, female: false, sameFamily: 0.95 },
  'daughter-in-law': { younger: 30, female: true, sameFamily: 0.9 },
  mother: { younger: -28, female: true, sameFamily: 0.8 },
  father: { younger: -30, female: false, sameFamily: 0.9 },
  sister: { younger: 0, female: true, sameFamily: 0.5 },
  brother: { younger: 0, female: false, sameFamily: 0.9 },
  niece: { younger: 35, female: true, sameFamily: 0.3 },
  nephew: { younger: 35, female: false, sameFamily: 0.6 },
  granddaughter: { younger: 55, female: true, sameFamily: 0.4 },
  grandson: { younger: 55, female: false, sameFamily: 0.7 },
  neighbour: { younger: 10, female: null, sameFamily: 0 },
  friend: { younger: 0, female: null, sameFamily: 0 },
};

/** The locality's staff who may lead instead of the GP. */
type LeadKind = keyof Pick<LocalityStaff, 'matrons' | 'geriatricians' | 'socialWorkers'>;

/** One lead in a person's history: who, their care team membership, from which day, and why. */
interface Turn {
  professional: SyntheticProfessional;
  member: SyntheticCareTeamMember;
  day: string;
  reason: HandoverReason;
  note?: string;
}

/**
 * The care teams and accountable lead professionals of the people most in need of coordination:
 * the top tier by frailtyScore. Most of them (85%) have an active lead, by the Basildon and
 * Brentwood model: their named GP for moderate complexity, a community matron or a consultant
 * geriatrician for significant complexity, a council social worker where care is social care-led,
 * each while they have room in their caseload capacity (a GP otherwise). Some leads took over from
 * the GP (STEP_UP), some GPs took back from a specialist (STEP_DOWN), some leads have ended. Around
 * each: the person themself, their GP, the lead, the practice MDT, the locality hub or social care
 * team, often a carer or relative, a care home, the hospice, a care coordinator. `candidates` come
 * in NHS number order, so the same people and seed give the same rows and ids.
 */
export function syntheticCareTeams(candidates: Iterable<Candidate>, workforce: Workforce, options: PeopleOptions): CareTeams {
  const asAt = options.asAt ?? DEFAULT_AS_AT;
  const builder = new CareTeamBuilder(createPrng(options.seed, 'care-teams'), workforce, asAt);
  for (const scored of frailty(candidates, workforce.careSystem, asAt)) {
    if (scored.score >= TOP_TIER_SCORE) builder.add(scored);
  }
  return builder.result();
}

export interface Scored {
  person: Candidate;
  age: number;
  score: number;
  careHome: SyntheticOrganisation | undefined;
}

export function* frailty(candidates: Iterable<Candidate>, careSystem: CareSystem, asAt: string): Generator<Scored> {
  for (const person of candidates) {
    const age = ageOn(person.dateOfBirth, asAt);
    const careHome = careSystem.careHome(person.gpPracticeOds, person.firstAddressLine);
    yield { person, age, careHome, score: frailtyScore({ age, flags: person.flags, inCareHome: careHome !== undefined }) };
  }
}

/** Those of the people in the top tier by the frailty proxy, with their score. */
export function topTier(candidates: Iterable<Candidate>, careSystem: CareSystem, asAt = DEFAULT_AS_AT): { person: Candidate; score: number }[] {
  return [...frailty(candidates, careSystem, asAt)].filter((s) => s.score >= TOP_TIER_SCORE);
}

class CareTeamBuilder {
  private readonly members: SyntheticCareTeamMember[] = [];
  private readonly leads: SyntheticLead[] = [];
  private readonly handovers: SyntheticHandover[] = [];
  private readonly caseloads = new Map<string, number>();
  private readonly names = new NameDrawer();
  private topTier = 0;
  private led = 0;

  constructor(
    private readonly prng: Prng,
    private readonly workforce: Workforce,
    private readonly asAt: string,
  ) {}

  result(): CareTeams {
    return { members: this.members, leads: this.leads, handovers: this.handovers, topTier: this.topTier, led: this.led };
  }

  add({ person, age, score, careHome }: Scored): void {
    const { prng } = this;
    this.topTier += 1;
    const outcome = OUTCOMES.draw(prng);
    if (outcome === 'not yet found') return;
    const staff = this.workforce.practice(person.gpPracticeOds);
    const locality = staff.locality;
    const flags = new Set(person.flags);
    const significant = score >= SIGNIFICANT_COMPLEXITY_SCORE;
    // Day 0, when the MDT took them on; for a history, day 1 when the lead changed.
    const day0 = addDays(this.asAt, -prng.between(60, HISTORY_DAYS));
    const day1 = addDays(day0, prng.between(14, daysBetween(day0, this.asAt) - 7));
    const gp = prng.pick(staff.gps);
    const recorder = prng.pick(staff.pcn.coordinators);

    this.member(person, day0, { kind: CareTeamMemberKind.THE_PERSON, roleInCare: 'The person: sets their own goals' });
    const gpMember = this.professional(person, gp, day0);
    this.member(person, day0, { kind: CareTeamMemberKind.TEAM, teamId: staff.mdt.id, roleInCare: 'Practice MDT case review' });
    if (outcome === 'awaiting review') return;

    const gpLead: Turn = { professional: gp, member: gpMember, day: day0, reason: HandoverReason.ASSIGNED };
    if (outcome === 'lead ended') {
      const note = 'Stable after reablement; back to routine care';
      this.leadsInTurn(person, recorder, [gpLead], { day: day1, reason: HandoverReason.NO_LONGER_CASE_MANAGED, note });
    } else {
      this.led += 1;
      // Their council's social workers lead where needs are mostly social (never at the end of life).
      const socialCareLed =
        !significant &&
        !flags.has(PersonFlag.END_OF_LIFE) &&
        person.residenceLocalAuthority === locality.localAuthority &&
        (flags.has(PersonFlag.LEARNING_DISABILITY) ||
          flags.has(PersonFlag.SAFEGUARDING) ||
          (flags.has(PersonFlag.DEMENTIA) && prng.chance(DEMENTIA_SOCIAL_CARE_LED)));
      const wanted: LeadKind[] = significant
        ? prng.chance(GERIATRICIAN_LED)
          ? ['geriatricians', 'matrons']
          : ['matrons', 'geriatricians']
        : socialCareLed
          ? ['socialWorkers']
          : [];
      // Whoever of them has room, else the named GP with the practice MDT.
      const lead = this.take(wanted.flatMap((kind) => locality[kind])) ?? this.take([gp])!;
      if (lead === gp) {
        if (!significant && prng.chance(STEPPED_DOWN)) {
          // A specialist led while they were unwell, then handed back to the practice MDT.
          const specialist = prng.pick([...locality.matrons, ...locality.geriatricians]);
          const member = this.professional(person, specialist, day0);
          member.endDate = day1;
          member.endReason = 'Stepped down to the practice MDT';
          const note = 'Condition stabilised: back to the practice MDT';
          this.leadsInTurn(person, recorder, [
            { professional: specialist, member, day: day0, reason: HandoverReason.ASSIGNED },
            { ...gpLead, day: day1, reason: HandoverReason.STEP_DOWN, note },
          ]);
        } else {
          this.leadsInTurn(person, recorder, [gpLead]);
        }
        // A PCN care coordinator supports the GP, while one has room.
        const coordinator = this.take(staff.pcn.coordinators);
        if (coordinator) this.professional(person, coordinator, day0);
      } else if (lead.profession !== Profession.SOCIAL_WORKER && prng.chance(STEPPED_UP)) {
        // First the named GP, then, as needs grew, the specialist.
        const note = 'Significant complexity: intensive community support';
        const member = this.professional(person, lead, day1);
        this.leadsInTurn(person, recorder, [gpLead, { professional: lead, member, day: day1, reason: HandoverReason.STEP_UP, note }]);
      } else {
        const member = this.professional(person, lead, day0);
        this.leadsInTurn(person, recorder, [{ professional: lead, member, day: day0, reason: HandoverReason.ASSIGNED }]);
      }
      if (lead.profession === Profession.SOCIAL_WORKER) {
        this.member(person, day0, { kind: CareTeamMemberKind.TEAM, teamId: locality.socialCare.id, roleInCare: 'Adult social care' });
      }
    }
    if (significant) {
      this.member(person, day0, { kind: CareTeamMemberKind.TEAM, teamId: locality.hub.id, roleInCare: 'Locality hub: intensive community support' });
    }
    if (person.residenceLocalAuthority !== locality.localAuthority) {
      const { id } = this.workforce.careSystem.council(person.residenceLocalAuthority);
      const roleInCare = 'Funds their social care (lives across the boundary)';
      this.member(person, day0, { kind: CareTeamMemberKind.ORGANISATION, organisationId: id, roleInCare });
    }
    this.others(person, age, flags, careHome?.id ?? null, locality, day0);
  }

  /**
   * Leads one after another, each from their day (at a time in the working day) until the next takes
   * over, with a handover for each (the first ASSIGNED), and, if `end` is given, the last ended then.
   */
  private leadsInTurn(person: Candidate, recordedBy: SyntheticProfessional, turns: readonly Turn[], end?: Omit<Turn, 'professional' | 'member'>) {
    const changes = end ? [...turns, end] : turns;
    const moments = changes.map((change) => momentOf(change.day, this.prng.between(8 * 60, 18 * 60)));
    turns.forEach((turn, i) => {
      this.leads.push({
        id: generatedId(this.prng),
        personId: person.id,
        professionalId: turn.professional.id,
        careTeamMemberId: turn.member.id,
        startedAt: moments[i],
        endedAt: moments[i + 1] ?? null,
      });
    });
    changes.forEach((change, i) => {
      this.handovers.push({
        id: generatedId(this.prng),
        personId: person.id,
        previousLeadId: turns[i - 1]?.professional.id ?? null,
        newLeadId: turns[i]?.professional.id ?? null,
        reason: change.reason,
        reasonNote: change.note ?? null,
        recordedById: recordedBy.id,
        handedOverAt: moments[i],
      });
    });
  }

  /** Who else is involved: mental health and hospice teams, the care home, a voluntary organisation, carers and relatives. */
  private others(person: Candidate, age: number, flags: Set<string>, careHomeId: string | null, locality: LocalityStaff, day0: string): void {
    const { prng } = this;
    if (flags.has(PersonFlag.DEMENTIA) && prng.chance(DEMENTIA_MENTAL_HEALTH_TEAM)) {
      this.member(person, day0, { kind: CareTeamMemberKind.TEAM, teamId: locality.mentalHealth.id, roleInCare: 'Memory and dementia support' });
    }
    if (flags.has(PersonFlag.END_OF_LIFE)) {
      this.member(person, day0, { kind: CareTeamMemberKind.TEAM, teamId: locality.palliativeCare.id, roleInCare: 'End of life care at home' });
    }
    if (careHomeId) {
      this.member(person, day0, { kind: CareTeamMemberKind.ORGANISATION, organisationId: careHomeId, roleInCare: 'Their home: residential care' });
    }
    if (prng.chance(VOLUNTARY_SUPPORT)) {
      const { id } = this.workforce.careSystem.provider(prng.pick(VOLUNTARY_ORGANISATIONS));
      this.member(person, day0, { kind: CareTeamMemberKind.ORGANISATION, organisationId: id, roleInCare: 'Befriending and help at home' });
    }
    if (prng.chance(careHomeId ? HAS_CARER_IN_CARE_HOME : HAS_CARER)) {
      const [relationship] = (age >= 65 ? CARERS_OF_THE_OLD : CARERS_OF_THE_YOUNGER).draw(prng);
      this.kin(person, age, CareTeamMemberKind.CARER, relationship, 'Main carer', day0);
    }
    if (prng.chance(HAS_RELATIVE)) {
      const [relationship] = RELATIVES.draw(prng);
      this.kin(person, age, CareTeamMemberKind.RELATIVE, relationship, 'Next of kin', day0);
    }
  }

  /** A carer or relative: named as their relationship makes likely, with a telephone number from Ofcom's drama range. */
  private kin(person: Candidate, age: number, kind: CareTeamMemberKind, relationship: string, roleInCare: string, day: string): void {
    const { prng, names } = this;
    const kin = KIN[relationship];
    const female = kin.female ?? (relationship === 'spouse' ? person.sex !== 'FEMALE' : prng.chance(0.6));
    const community = names.communityOf(person.familyName);
    const bornIn = Number(person.dateOfBirth.slice(0, 4)) + kin.younger + prng.between(-3, 3);
    const given = names.given(prng, female, bornIn, community);
    const family = prng.chance(kin.sameFamily) ? person.familyName : names.family(prng, female, community);
    const contact = `07700 900${String(prng.below(1_000)).padStart(3, '0')}`;
    this.member(person, day, { kind, name: `${given} ${family}`, relationship, contact, roleInCare });
  }

  /** Of these, the one with the smallest caseload who has room for one more, if any, with one more. */
  private take(staff: readonly SyntheticProfessional[]): SyntheticProfessional | undefined {
    let best: SyntheticProfessional | undefined;
    let bestLoad = Infinity;
    for (const professional of staff) {
      const load = this.caseloads.get(professional.id) ?? 0;
      if (load < bestLoad && (professional.caseloadCapacity === null || load < professional.caseloadCapacity)) {
        best = professional;
        bestLoad = load;
      }
    }
    if (best) this.caseloads.set(best.id, bestLoad + 1);
    return best;
  }

  private professional(person: Candidate, professional: SyntheticProfessional, day: string): SyntheticCareTeamMember {
    return this.member(person, day, {
      kind: CareTeamMemberKind.PROFESSIONAL,
      professionalId: professional.id,
      roleInCare: ROLE_IN_CARE[professional.profession] ?? professional.profession,
    });
  }

  private member(
    person: Candidate,
    startDate: string,
    who: Pick<SyntheticCareTeamMember, 'kind' | 'roleInCare'> & Partial<SyntheticCareTeamMember>,
  ): SyntheticCareTeamMember {
    const member: SyntheticCareTeamMember = {
      id: generatedId(this.prng),
      personId: person.id,
      professionalId: null,
      organisationId: null,
      teamId: null,
      name: null,
      relationship: null,
      contact: null,
      endDate: null,
      endReason: null,
      ...who,
      startDate,
    };
    this.members.push(member);
    return member;
  }
}
