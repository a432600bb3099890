import { OrganisationKind, Profession, RegistrationBody } from '@app/organisations';
import { isGeneratedId } from './generated-ids';
import { practiceHierarchy } from './practice-hierarchy';
import { CareSystem } from './synthetic-organisations';
import { Workforce } from './synthetic-workforce';

const workforceOf = (people: number, seed: number) => new Workforce(new CareSystem(practiceHierarchy({ people, seed }), { seed }), { people, seed });
const count = <T>(items: readonly T[], test: (item: T) => boolean) => items.filter(test).length;

describe("The care system's organisations", () => {
  const { careSystem } = workforceOf(1_000_000, 1);
  const { hierarchy, organisations } = careSystem;
  const byId = new Map(organisations.map((o) => [o.id, o]));

  it('hold every locality, PCN and practice of the hierarchy, each under its parent, with the path down to itself', () => {
    for (const practice of hierarchy.practices) {
      const organisation = careSystem.practice(practice.odsCode);
      const pcn = careSystem.pcn(practice.pcnCode);
      const locality = careSystem.locality(practice.localityCode);
      expect(organisation).toMatchObject({ kind: OrganisationKind.GP_PRACTICE, name: practice.name, parentId: pcn.id });
      expect(organisation.path).toEqual([locality.id, pcn.id, organisation.id]);
      expect(pcn).toMatchObject({ kind: OrganisationKind.PRIMARY_CARE_NETWORK, odsCode: practice.pcnCode, parentId: locality.id });
      expect(locality).toMatchObject({ kind: OrganisationKind.LOCALITY, parentId: null, path: [locality.id] });
    }
    expect(count(organisations, (o) => o.kind === OrganisationKind.GP_PRACTICE)).toBe(hierarchy.practices.length);
    expect(count(organisations, (o) => o.kind === OrganisationKind.PRIMARY_CARE_NETWORK)).toBe(hierarchy.pcns.length);
    expect(count(organisations, (o) => o.kind === OrganisationKind.LOCALITY)).toBe(hierarchy.localities.length);
    // The table's CHECK: the path ends with the parent and the organisation itself.
    for (const o of organisations) {
      expect(o.path[o.path.length - 1]).toBe(o.id);
      expect(o.path[o.path.length - 2] ?? null).toBe(o.parentId);
      if (o.parentId) expect(byId.has(o.parentId)).toBe(true);
    }
  });

  it('hold the councils people live under, trusts, hospices, a voluntary organisation and a few care homes a locality', () => {
    const named = (kind: OrganisationKind) => organisations.filter((o) => o.kind === kind).map((o) => o.name);
    expect(named(OrganisationKind.LOCAL_AUTHORITY).sort()).toEqual([
      'Essex County Council',
      'Southend-on-Sea City Council',
      'Suffolk County Council',
      'Thurrock Council',
    ]);
    expect(careSystem.council('E06000034').odsCode).toBe('E06000034');
    expect(named(OrganisationKind.NHS_TRUST)).toEqual(
      expect.arrayContaining([
        'Essex Partnership University NHS Foundation Trust',
        'East Suffolk and North Essex NHS Foundation Trust',
        'Mid and South Essex NHS Foundation Trust',
      ]),
    );
    expect(named(OrganisationKind.HOSPICE)).toContain('St Helena Hospice');
    expect(named(OrganisationKind.VOLUNTARY_OR_COMMUNITY)).toEqual(['Age UK Essex']);
    const careHomes = count(organisations, (o) => o.kind === OrganisationKind.CARE_HOME);
    expect(careHomes / hierarchy.localities.length).toBeGreaterThan(10);
    expect(careHomes / hierarchy.localities.length).toBeLessThan(40);
    for (const practice of hierarchy.practices) {
      for (const home of practice.careHomes) expect(careSystem.careHome(practice.odsCode, home.name)?.kind).toBe(OrganisationKind.CARE_HOME);
    }
  });

  it('have unique ODS codes shaped as the table insists, the made-up ones never shaped like a practice or PCN code', () => {
    const codes = organisations.map((o) => o.odsCode!);
    expect(new Set(codes).size).toBe(codes.length);
    expect(codes.every((c) => /^[A-Z0-9]{3,10}$/.test(c))).toBe(true);
    const others = organisations.filter((o) => o.kind !== OrganisationKind.GP_PRACTICE && o.kind !== OrganisationKind.PRIMARY_CARE_NETWORK);
    expect(others.filter((o) => /^F8\d{4}$|^U\d{5}$/.test(o.odsCode!))).toEqual([]);
  });

  it("have ids from the generator's block, the same for the same seed and others for another", () => {
    expect(organisations.every((o) => isGeneratedId(o.id))).toBe(true);
    expect(new Set(organisations.map((o) => o.id)).size).toBe(organisations.length);
    expect(workforceOf(100_000, 7).careSystem.organisations).toEqual(workforceOf(100_000, 7).careSystem.organisations);
    expect(workforceOf(100_000, 8).careSystem.organisations[0].id).not.toBe(workforceOf(100_000, 7).careSystem.organisations[0].id);
  });
});

describe('The workforce', () => {
  const workforce = workforceOf(1_000_000, 1);
  const { professionals, roles, teams, teamMembers, careSystem } = workforce;
  const of = (profession: Profession) => professionals.filter((p) => p.profession === profession);
  const organisationIds = new Set(careSystem.organisations.map((o) => o.id));
  const professionalIds = new Set(professionals.map((p) => p.id));

  it('has about one GP for 2,000 registered people, and at least one GP and a practice nurse in every practice', () => {
    expect(of(Profession.GP).length).toBeGreaterThan(450);
    expect(of(Profession.GP).length).toBeLessThan(550);
    for (const practice of careSystem.hierarchy.practices) {
      const organisationId = careSystem.practice(practice.odsCode).id;
      const staff = roles.filter((r) => r.organisationId === organisationId).map((r) => professionals.find((p) => p.id === r.professionalId)!);
      expect(count(staff, (p) => p.profession === Profession.GP)).toBeGreaterThanOrEqual(1);
      expect(count(staff, (p) => p.profession === Profession.PRACTICE_NURSE)).toBeGreaterThanOrEqual(1);
      expect(workforce.practice(practice.odsCode).gps.length).toBeGreaterThanOrEqual(1);
    }
  });

  it('gives each PCN care coordinators, a pharmacist and a social prescriber, and each locality its community and social care staff', () => {
    for (const pcn of careSystem.hierarchy.pcns) {
      const staff = workforce.practice(pcn.practiceOdsCodes[0]).pcn;
      expect(staff.coordinators.length).toBeGreaterThanOrEqual(1);
      expect(staff.coordinators.length).toBeLessThanOrEqual(2);
    }
    expect(of(Profession.PHARMACIST)).toHaveLength(careSystem.hierarchy.pcns.length);
    const employerOf = (id: string) => careSystem.organisations.find((o) => o.id === roles.find((r) => r.professionalId === id)!.organisationId)!;
    for (const locality of careSystem.hierarchy.localities) {
      const staff = workforce.practice(careSystem.hierarchy.practicesOfLocality(locality.code)[0].odsCode).locality;
      expect(staff.matrons.length).toBeGreaterThanOrEqual(3);
      expect(staff.socialWorkers.every((w) => employerOf(w.id).odsCode === locality.localAuthority)).toBe(true);
      expect(staff.geriatricians.every((g) => employerOf(g.id).kind === OrganisationKind.NHS_TRUST)).toBe(true);
    }
    // About one community matron for 12,500 people, and a social worker for 8,000.
    expect(of(Profession.COMMUNITY_MATRON).length).toBeGreaterThan(70);
    expect(of(Profession.SOCIAL_WORKER).length).toBeGreaterThan(100);
  });

  it('registers each professional with their regulator, in its shape, never twice', () => {
    const shapes: Record<RegistrationBody, RegExp> = {
      GMC: /^\d{7}$/,
      NMC: /^(?!99)\d{2}[A-L]\d{4}E$/,
      HCPC: /^(OT|PH|PA)\d{5}$/,
      SOCIAL_WORK_ENGLAND: /^SW\d{5}$/,
      GPHC: /^\d{7}$/,
    };
    for (const p of professionals) {
      if (p.profession === Profession.CARE_NAVIGATOR) {
        expect(p.registrationBody).toBeNull();
        expect(p.registrationNumber).toBeNull();
      } else {
        expect(p.registrationNumber).toMatch(shapes[p.registrationBody!]);
      }
    }
    expect(of(Profession.GP).every((p) => p.registrationBody === RegistrationBody.GMC)).toBe(true);
    expect(of(Profession.SOCIAL_WORKER).every((p) => p.registrationBody === RegistrationBody.SOCIAL_WORK_ENGLAND)).toBe(true);
    const registrations = professionals.filter((p) => p.registrationBody).map((p) => `${p.registrationBody} ${p.registrationNumber}`);
    expect(new Set(registrations).size).toBe(registrations.length);
  });

  it('gives a caseload capacity where it makes sense: matrons 40, social workers 25, care coordinators 80 (part-timers three fifths)', () => {
    const capacities = (profession: Profession) => new Set(of(profession).map((p) => p.caseloadCapacity));
    expect(capacities(Profession.COMMUNITY_MATRON)).toEqual(new Set([40, 24]));
    expect(capacities(Profession.SOCIAL_WORKER)).toEqual(new Set([25, 15]));
    expect([...capacities(Profession.CARE_NAVIGATOR)]).toEqual(expect.arrayContaining([80, null]));
    expect(capacities(Profession.GP)).toEqual(new Set([null]));
  });

  it('puts every professional in a role and every team in an organisation of the care system, each member in a team once', () => {
    expect(new Set(roles.map((r) => r.professionalId))).toEqual(professionalIds);
    expect(roles.every((r) => organisationIds.has(r.organisationId) && r.startDate < '2025-06-30')).toBe(true);
    expect(teams.every((t) => organisationIds.has(t.organisationId))).toBe(true);
    expect(teamMembers.every((m) => professionalIds.has(m.professionalId))).toBe(true);
    const memberships = teamMembers.map((m) => `${m.teamId} ${m.professionalId}`);
    expect(new Set(memberships).size).toBe(memberships.length);
    expect(count(teams, (t) => t.kind === 'MULTIDISCIPLINARY_TEAM')).toBe(careSystem.hierarchy.practices.length);
    const teamStart = new Map(teams.map((t) => [t.id, t.startDate]));
    expect(teamMembers.every((m) => m.startDate >= teamStart.get(m.teamId)!)).toBe(true);
    const ids = [...professionals, ...roles, ...teams, ...teamMembers].map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.every(isGeneratedId)).toBe(true);
  });

  it('is the same for the same seed', () => {
    const again = workforceOf(1_000_000, 1);
    expect(again.professionals).toEqual(professionals);
    expect(again.teamMembers).toEqual(teamMembers);
  });

  it('still has someone in every post for a tiny population', () => {
    const tiny = workforceOf(200, 1);
    expect(tiny.professionals.length).toBeGreaterThan(15);
    expect(tiny.practice(tiny.careSystem.hierarchy.practices[0].odsCode).locality.socialWorkers).toHaveLength(1);
  });
});
