import { Profession, RegistrationBody, TeamKind } from '@app/organisations';
import { addDays } from './calendar';
import { COMMUNITY_TRUST } from './care-system';
import { generatedId } from './generated-ids';
import { NameDrawer } from './name-drawer';
import { GpPractice, Locality, PrimaryCareNetwork } from './practice-hierarchy';
import { createPrng, Prng } from './prng';
import { CareSystem } from './synthetic-organisations';
import { DEFAULT_AS_AT, PeopleOptions } from './synthetic-people';

/** One row of the professional table, as the workforce stage writes it. */
export interface SyntheticProfessional {
  id: string;
  givenName: string;
  familyName: string;
  profession: Profession;
  registrationBody: RegistrationBody | null;
  registrationNumber: string | null;
  caseloadCapacity: number | null;
}

export interface SyntheticRole {
  id: string;
  professionalId: string;
  organisationId: string;
  jobTitle: string;
  startDate: string;
}

export interface SyntheticTeam {
  id: string;
  name: string;
  kind: TeamKind;
  organisationId: string;
  startDate: string;
}

export interface SyntheticTeamMember {
  id: string;
  teamId: string;
  professionalId: string;
  role: string;
  startDate: string;
}

/** The community health and social care staff of a locality, and its teams. */
export interface LocalityStaff {
  code: string;
  /** The council that employs its social workers (and funds most of its people's social care). */
  localAuthority: string;
  matrons: SyntheticProfessional[];
  geriatricians: SyntheticProfessional[];
  socialWorkers: SyntheticProfessional[];
  hub: SyntheticTeam;
  socialCare: SyntheticTeam;
  mentalHealth: SyntheticTeam;
  palliativeCare: SyntheticTeam;
}

export interface PcnStaff {
  code: string;
  /** PCN care coordinators: they record lead changes and support the GP-led. */
  coordinators: SyntheticProfessional[];
}

export interface PracticeStaff {
  odsCode: string;
  gps: SyntheticProfessional[];
  mdt: SyntheticTeam;
  pcn: PcnStaff;
  locality: LocalityStaff;
}

type Employer = 'community trust' | 'council' | 'acute trust' | 'hospice';

interface StaffSpec {
  profession: Profession;
  jobTitle: string;
  /** How many a locality has for every 100,000 people on its practices' lists (at least one). */
  per100k: number;
  employer: Employer;
  /** People a full-timer can lead or case-manage at once; part-timers take three fifths. */
  capacity: number | null;
}

/**
 * A locality's community staff, in proportions like Essex's: community matrons (one for about
 * 17,000 people, 40 cases each), district nurses, therapists, older people's mental health nurses,
 * council social workers (25 cases each), consultant geriatricians of the acute trust working in
 * the community, and hospice palliative care nurses.
 */
const LOCALITY_STAFF = {
  matrons: { profession: Profession.COMMUNITY_MATRON, jobTitle: 'Community matron', per100k: 8, employer: 'community trust', capacity: 40 },
  districtNurses: { profession: Profession.DISTRICT_NURSE, jobTitle: 'District nurse', per100k: 12, employer: 'community trust', capacity: null },
  occupationalTherapists: { profession: Profession.OCCUPATIONAL_THERAPIST, jobTitle: 'Occupational therapist', per100k: 3, employer: 'community trust', capacity: null },
  physiotherapists: { profession: Profession.PHYSIOTHERAPIST, jobTitle: 'Physiotherapist', per100k: 3, employer: 'community trust', capacity: null },
  mentalHealthNurses: { profession: Profession.MENTAL_HEALTH_NURSE, jobTitle: 'Community mental health nurse, older people', per100k: 4, employer: 'community trust', capacity: 30 },
  socialWorkers: { profession: Profession.SOCIAL_WORKER, jobTitle: 'Social worker, adult social care', per100k: 12, employer: 'council', capacity: 25 },
  geriatricians: { profession: Profession.CONSULTANT_GERIATRICIAN, jobTitle: 'Consultant geriatrician', per100k: 2, employer: 'acute trust', capacity: 40 },
  palliativeNurses: { profession: Profession.PALLIATIVE_CARE_NURSE, jobTitle: 'Clinical nurse specialist, palliative care', per100k: 2, employer: 'hospice', capacity: 25 },
} satisfies Record<string, StaffSpec>;

/** Registered people a GP and a practice nurse serve, about as in England. */
const PEOPLE_PER_GP = 2_000;
const PEOPLE_PER_PRACTICE_NURSE = 5_000;
/** A PCN this large has two care coordinators. */
const PEOPLE_FOR_TWO_COORDINATORS = 40_000;
const CARE_COORDINATOR_CAPACITY = 80;
const PART_TIME_SHARE = 0.2;

const FEMALE_SHARE: Partial<Record<Profession, number>> = {
  [Profession.GP]: 0.55,
  [Profession.CONSULTANT_GERIATRICIAN]: 0.45,
  [Profession.SOCIAL_WORKER]: 0.8,
  [Profession.PHYSIOTHERAPIST]: 0.7,
  [Profession.PHARMACIST]: 0.6,
};
const STAFF_COMMUNITIES = { 'South Asian': 0.16, African: 0.1, 'Eastern European': 0.04, 'Southern European and Turkish': 0.04 };

/**
 * Registration numbers shaped like each regulator's, unique by construction: the n-th number of a
 * register is n spread over the register's range by a stride prime to its size (so never twice),
 * from an offset drawn from the seed. GMC and GPhC numbers are seven digits, an NMC PIN 99A1234E,
 * HCPC numbers OT12345 / PH12345, Social Work England SW12345.
 */
class Registers {
  private readonly issued = new Map<RegistrationBody, number>();
  private readonly offsets: Map<RegistrationBody, number>;

  constructor(private readonly prng: Prng) {
    this.offsets = new Map(Object.values(RegistrationBody).map((body) => [body, prng.bits()]));
  }

  next(profession: Profession): Pick<SyntheticProfessional, 'registrationBody' | 'registrationNumber'> {
    const body = REGISTRATION_BODY[profession];
    if (!body) return { registrationBody: null, registrationNumber: null };
    const n = this.issued.get(body) ?? 0;
    this.issued.set(body, n + 1);
    const spread = (size: number) => {
      if (n >= size) throw new Error(`the synthetic ${body} register is full (${size} numbers)`);
      return (n * 7_919 + (this.offsets.get(body)! % size)) % size;
    };
    switch (body) {
      case RegistrationBody.GMC:
        return { registrationBody: body, registrationNumber: String(2_000_000 + spread(6_000_000)) };
      case RegistrationBody.GPHC:
        return { registrationBody: body, registrationNumber: String(2_000_000 + spread(1_000_000)) };
      case RegistrationBody.NMC: {
        // Year and month of first registration (never 99, which tests use), four digits, E for England.
        const year = String(this.prng.chance(0.3) ? this.prng.between(85, 98) : this.prng.between(0, 22)).padStart(2, '0');
        const month = 'ABCDEFGHIJKL'[this.prng.below(12)];
        return { registrationBody: body, registrationNumber: `${year}${month}${1_000 + spread(9_000)}E` };
      }
      default:
        return { registrationBody: body, registrationNumber: `${HCPC_PREFIX[profession] ?? 'SW'}${10_000 + spread(90_000)}` };
    }
  }
}

const REGISTRATION_BODY: Partial<Record<Profession, RegistrationBody>> = {
  [Profession.GP]: RegistrationBody.GMC,
  [Profession.CONSULTANT_GERIATRICIAN]: RegistrationBody.GMC,
  [Profession.COMMUNITY_MATRON]: RegistrationBody.NMC,
  [Profession.DISTRICT_NURSE]: RegistrationBody.NMC,
  [Profession.PRACTICE_NURSE]: RegistrationBody.NMC,
  [Profession.MENTAL_HEALTH_NURSE]: RegistrationBody.NMC,
  [Profession.PALLIATIVE_CARE_NURSE]: RegistrationBody.NMC,
  [Profession.SOCIAL_WORKER]: RegistrationBody.SOCIAL_WORK_ENGLAND,
  [Profession.OCCUPATIONAL_THERAPIST]: RegistrationBody.HCPC,
  [Profession.PHYSIOTHERAPIST]: RegistrationBody.HCPC,
  [Profession.PARAMEDIC]: RegistrationBody.HCPC,
  [Profession.PHARMACIST]: RegistrationBody.GPHC,
};
const HCPC_PREFIX: Partial<Record<Profession, string>> = {
  [Profession.OCCUPATIONAL_THERAPIST]: 'OT',
  [Profession.PHYSIOTHERAPIST]: 'PH',
  [Profession.PARAMEDIC]: 'PA',
};

/**
 * The workforce of the population's care system: for each practice its GPs (one for about 2,000
 * people on its list) and practice nurses; for each PCN one or two care coordinators, a clinical
 * pharmacist and a social prescriber; for each locality its community and social care staff
 * (LOCALITY_STAFF). Each has a role in the organisation that employs them. Teams: an MDT for each
 * practice, a care coordination team for each PCN, and for each locality an integrated care hub,
 * the council's adult social care team, community nursing and therapy, older people's mental
 * health and hospice palliative care teams. The same seed gives the same workforce and ids.
 */
export class Workforce {
  readonly professionals: SyntheticProfessional[] = [];
  readonly roles: SyntheticRole[] = [];
  readonly teams: SyntheticTeam[] = [];
  readonly teamMembers: SyntheticTeamMember[] = [];
  private readonly byPractice = new Map<string, PracticeStaff>();
  private readonly prng: Prng;
  private readonly registers: Registers;
  private readonly names = new NameDrawer();
  private readonly communities = this.names.communityDrawer(STAFF_COMMUNITIES);
  private readonly asAt: string;
  /** When a professional took up their role: they join teams no earlier. */
  private readonly started = new Map<string, string>();

  constructor(
    readonly careSystem: CareSystem,
    options: PeopleOptions,
  ) {
    const { hierarchy } = careSystem;
    this.prng = createPrng(options.seed, 'workforce');
    this.registers = new Registers(this.prng);
    this.asAt = options.asAt ?? DEFAULT_AS_AT;
    const listOf = (practices: readonly GpPractice[]) => practices.reduce((sum, p) => sum + p.listShare, 0) * options.people;
    for (const locality of hierarchy.localities) {
      const staff = this.localityStaff(locality, listOf(hierarchy.practicesOfLocality(locality.code)));
      hierarchy.pcnsOfLocality(locality.code).forEach((pcn, p) => {
        const practices = hierarchy.practicesOfPcn(pcn.code);
        const pcnStaff = this.pcnStaff(pcn, listOf(practices));
        practices.forEach((practice, k) => {
          // Each practice's MDT has one of the locality's matrons, social workers and district nurses, in turn.
          const aligned = (list: SyntheticProfessional[]) => list[(p * 7 + k) % list.length];
          this.byPractice.set(practice.odsCode, this.practiceStaff(practice, listOf([practice]), pcnStaff, staff, aligned));
        });
      });
    }
  }

  practice(odsCode: string): PracticeStaff {
    const staff = this.byPractice.get(odsCode);
    if (!staff) throw new Error(`no practice ${odsCode} in the workforce`);
    return staff;
  }

  private localityStaff(locality: Locality, people: number): LocalityStaff & { districtNurses: SyntheticProfessional[] } {
    const { careSystem } = this;
    const providers = careSystem.areaProviders(locality.area);
    const employers: Record<Employer, string> = {
      'community trust': careSystem.provider(COMMUNITY_TRUST).id,
      council: careSystem.council(locality.localAuthority).id,
      'acute trust': careSystem.provider(providers.acuteTrust).id,
      hospice: careSystem.provider(providers.hospice).id,
    };
    const hireAll = (spec: StaffSpec) =>
      Array.from({ length: Math.max(1, Math.round((people * spec.per100k) / 100_000)) }, () =>
        this.hire(spec.profession, employers[spec.employer], spec.jobTitle, spec.capacity),
      );
    const s = Object.fromEntries(Object.entries(LOCALITY_STAFF).map(([key, spec]) => [key, hireAll(spec)])) as Record<
      keyof typeof LOCALITY_STAFF,
      SyntheticProfessional[]
    >;
    const years = (n: number) => addDays(this.asAt, -Math.round(n * 365.25));
    const hub = this.team(`${locality.name} Integrated Care Hub`, TeamKind.LOCALITY_HUB, employers['community trust'], years(9), [
      ...s.matrons.map((m, i) => [m, i === 0 ? 'Hub lead' : 'Community matron'] as const),
      ...s.geriatricians.map((g) => [g, 'Consultant geriatrician'] as const),
      [s.socialWorkers[0], 'Social worker'],
      [s.mentalHealthNurses[0], 'Mental health nurse'],
      [s.occupationalTherapists[0], 'Occupational therapist'],
    ]);
    const socialCare = this.team(`${locality.name} Adult Social Care Team`, TeamKind.SOCIAL_CARE, employers.council, years(12), [
      ...s.socialWorkers.map((w, i) => [w, i === 0 ? 'Team manager' : 'Social worker'] as const),
    ]);
    this.team(`${locality.name} Community Nursing and Therapy Team`, TeamKind.COMMUNITY_HEALTH, employers['community trust'], years(12), [
      ...s.districtNurses.map((n, i) => [n, i === 0 ? 'District nursing team leader' : 'District nurse'] as const),
      ...s.occupationalTherapists.map((t) => [t, 'Occupational therapist'] as const),
      ...s.physiotherapists.map((t) => [t, 'Physiotherapist'] as const),
    ]);
    const mentalHealth = this.team(
      `${locality.name} Older People's Mental Health Team`,
      TeamKind.MENTAL_HEALTH,
      employers['community trust'],
      years(12),
      s.mentalHealthNurses.map((n) => [n, 'Community mental health nurse'] as const),
    );
    const palliativeCare = this.team(`${locality.name} Hospice at Home Team`, TeamKind.PALLIATIVE_CARE, employers.hospice, years(10), [
      ...s.palliativeNurses.map((n) => [n, 'Palliative care nurse specialist'] as const),
    ]);
    return {
      code: locality.code,
      localAuthority: locality.localAuthority,
      matrons: s.matrons,
      geriatricians: s.geriatricians,
      socialWorkers: s.socialWorkers,
      districtNurses: s.districtNurses,
      hub,
      socialCare,
      mentalHealth,
      palliativeCare,
    };
  }

  private pcnStaff(pcn: PrimaryCareNetwork, people: number): PcnStaff {
    const organisationId = this.careSystem.pcn(pcn.code).id;
    const coordinators = Array.from({ length: people >= PEOPLE_FOR_TWO_COORDINATORS ? 2 : 1 }, () =>
      this.hire(Profession.CARE_NAVIGATOR, organisationId, 'Care coordinator', CARE_COORDINATOR_CAPACITY),
    );
    const pharmacist = this.hire(Profession.PHARMACIST, organisationId, 'Clinical pharmacist', null);
    const socialPrescriber = this.hire(Profession.CARE_NAVIGATOR, organisationId, 'Social prescribing link worker', null);
    this.team(`${pcn.name} Care Coordination Team`, TeamKind.CARE_COORDINATION, organisationId, addDays(this.asAt, -5 * 365), [
      ...coordinators.map((c) => [c, 'Care coordinator'] as const),
      [pharmacist, 'Clinical pharmacist'],
      [socialPrescriber, 'Social prescriber'],
    ]);
    return { code: pcn.code, coordinators };
  }

  private practiceStaff(
    practice: GpPractice,
    people: number,
    pcn: PcnStaff,
    locality: ReturnType<Workforce['localityStaff']>,
    aligned: (list: SyntheticProfessional[]) => SyntheticProfessional,
  ): PracticeStaff {
    const organisationId = this.careSystem.practice(practice.odsCode).id;
    const gps = Array.from({ length: Math.max(1, Math.round(people / PEOPLE_PER_GP)) }, (_, i) =>
      this.hire(Profession.GP, organisationId, i < 2 ? 'GP partner' : 'Salaried GP', null),
    );
    const nurses = Array.from({ length: Math.max(1, Math.round(people / PEOPLE_PER_PRACTICE_NURSE)) }, () =>
      this.hire(Profession.PRACTICE_NURSE, organisationId, 'Practice nurse', null),
    );
    if (practice.odsCode === this.careSystem.hierarchy.practicesOfPcn(pcn.code)[0].odsCode) {
      // The PCN's clinical director is a GP partner at one of its practices.
      this.addRole(gps[0], this.careSystem.pcn(pcn.code).id, 'PCN clinical director');
    }
    const mdt = this.team(`${practice.name} MDT`, TeamKind.MULTIDISCIPLINARY_TEAM, organisationId, addDays(this.asAt, -6 * 365), [
      ...gps.map((gp, i) => [gp, i === 0 ? 'Chair' : 'GP'] as const),
      ...nurses.map((n) => [n, 'Practice nurse'] as const),
      ...pcn.coordinators.map((c) => [c, 'Care coordinator'] as const),
      [aligned(locality.matrons), 'Community matron'],
      [aligned(locality.socialWorkers), 'Social worker'],
      [aligned(locality.districtNurses), 'District nurse'],
    ]);
    return { odsCode: practice.odsCode, gps, mdt, pcn, locality };
  }

  /** A professional with a role in the organisation that employs them. */
  private hire(profession: Profession, organisationId: string, jobTitle: string, capacity: number | null): SyntheticProfessional {
    const { prng } = this;
    const female = prng.chance(FEMALE_SHARE[profession] ?? 0.88);
    const community = this.communities.draw(prng);
    const bornIn = Number(this.asAt.slice(0, 4)) - prng.between(26, 62);
    const professional: SyntheticProfessional = {
      id: generatedId(prng),
      givenName: this.names.given(prng, female, bornIn, community),
      familyName: this.names.family(prng, female, community),
      profession,
      ...this.registers.next(profession),
      caseloadCapacity: capacity !== null && prng.chance(PART_TIME_SHARE) ? Math.round(capacity * 0.6) : capacity,
    };
    this.professionals.push(professional);
    this.addRole(professional, organisationId, jobTitle);
    return professional;
  }

  private addRole(professional: SyntheticProfessional, organisationId: string, jobTitle: string): void {
    const startDate = addDays(this.asAt, -this.prng.between(30, 15 * 365));
    this.roles.push({ id: generatedId(this.prng), professionalId: professional.id, organisationId, jobTitle, startDate });
    if (!this.started.has(professional.id)) this.started.set(professional.id, startDate);
  }

  private team(
    name: string,
    kind: TeamKind,
    organisationId: string,
    startDate: string,
    members: readonly (readonly [SyntheticProfessional, string])[],
  ): SyntheticTeam {
    const team: SyntheticTeam = { id: generatedId(this.prng), name, kind, organisationId, startDate };
    this.teams.push(team);
    for (const [professional, role] of members) {
      const joined = this.started.get(professional.id)!;
      this.teamMembers.push({
        id: generatedId(this.prng),
        teamId: team.id,
        professionalId: professional.id,
        role,
        startDate: joined > startDate ? joined : startDate,
      });
    }
    return team;
  }
}
