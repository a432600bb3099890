import { CareTeamMemberKind, HandoverReason } from '@app/care-teams';
import { Profession } from '@app/organisations';
import { isGeneratedId } from './generated-ids';
import { practiceHierarchy } from './practice-hierarchy';
import {
  Candidate,
  candidateOf,
  CareTeams,
  frailtyScore,
  mayBeInTopTier,
  SIGNIFICANT_COMPLEXITY_SCORE,
  syntheticCareTeams,
  TOP_TIER_SCORE,
  topTier,
} from './synthetic-care-teams';
import { CareSystem } from './synthetic-organisations';
import { DEFAULT_AS_AT, syntheticPeople } from './synthetic-people';
import { Workforce } from './synthetic-workforce';

const PEOPLE = 100_000;
const groupBy = <T>(items: readonly T[], key: (item: T) => string) => {
  const groups = new Map<string, T[]>();
  for (const item of items) groups.set(key(item), [...(groups.get(key(item)) ?? []), item]);
  return groups;
};
const SEED = 42;

function population(people: number, seed: number) {
  const hierarchy = practiceHierarchy({ people, seed });
  const workforce = new Workforce(new CareSystem(hierarchy, { seed }), { people, seed });
  const candidates = [...syntheticPeople(hierarchy, { people, seed })].map(candidateOf);
  return { workforce, candidates };
}

describe('Care teams and lead professionals of a synthetic population', () => {
  const { workforce, candidates } = population(PEOPLE, SEED);
  const teams = syntheticCareTeams(candidates, workforce, { people: PEOPLE, seed: SEED });
  const { members, leads, handovers } = teams;
  const professionals = new Map(workforce.professionals.map((p) => [p.id, p]));
  const scored = topTier(candidates, workforce.careSystem);
  const scores = new Map(scored.map(({ person, score }) => [person.id, score]));
  const scoreOf = (c: Candidate) => scores.get(c.id)!;
  const tier = scored.map(({ person }) => person);
  const activeLeads = leads.filter((l) => l.endedAt === null);
  const activeLeadOf = new Map(activeLeads.map((l) => [l.personId, l]));
  const membersById = new Map(members.map((m) => [m.id, m]));

  it('finds a top tier of 3-5% by the frailty proxy, with significant complexity about a tenth of it', () => {
    expect(teams.topTier).toBe(tier.length);
    expect(tier.length / PEOPLE).toBeGreaterThan(0.03);
    expect(tier.length / PEOPLE).toBeLessThan(0.05);
    const significant = tier.filter((c) => scoreOf(c) >= SIGNIFICANT_COMPLEXITY_SCORE).length;
    expect(significant / PEOPLE).toBeGreaterThan(0.002);
    expect(significant / PEOPLE).toBeLessThan(0.007);
    expect(frailtyScore({ age: 91, flags: [], inCareHome: false })).toBeGreaterThanOrEqual(TOP_TIER_SCORE);
    expect(frailtyScore({ age: 70, flags: ['DEMENTIA'], inCareHome: true })).toBeGreaterThanOrEqual(TOP_TIER_SCORE);
    expect(frailtyScore({ age: 60, flags: [], inCareHome: false })).toBe(0);
  });

  it('gives about 85% of the top tier an active lead, and nobody outside it', () => {
    expect(teams.led).toBe(activeLeads.length);
    expect(activeLeads.length / tier.length).toBeGreaterThan(0.8);
    expect(activeLeads.length / tier.length).toBeLessThan(0.9);
    const inTier = new Set(tier.map((c) => c.id));
    expect(members.every((m) => inTier.has(m.personId))).toBe(true);
  });

  it('never gives a person two active leads', () => {
    expect(activeLeadOf.size).toBe(activeLeads.length);
  });

  it("makes every lead, past and present, a PROFESSIONAL member of that person's care team, and the active lead an active one", () => {
    for (const lead of leads) {
      const member = membersById.get(lead.careTeamMemberId)!;
      expect(member).toMatchObject({ personId: lead.personId, professionalId: lead.professionalId, kind: CareTeamMemberKind.PROFESSIONAL });
      expect(member.startDate <= lead.startedAt.slice(0, 10)).toBe(true);
      if (lead.endedAt === null) expect(member.endDate).toBeNull();
      else expect(lead.endedAt > lead.startedAt).toBe(true);
    }
  });

  it('has each professional, team, organisation and the person themself in a care team once at a time, memberships ending after they start', () => {
    const active = members.filter((m) => m.endDate === null && m.kind !== CareTeamMemberKind.CARER && m.kind !== CareTeamMemberKind.RELATIVE);
    const keys = active.map((m) => `${m.personId} ${m.professionalId ?? m.organisationId ?? m.teamId ?? m.personId}`);
    expect(new Set(keys).size).toBe(keys.length);
    // (The table's CHECK that each kind fills exactly its own columns is tested where the rows are written.)
    for (const m of members) {
      if (m.endDate) expect(m.endDate >= m.startDate).toBe(true);
    }
  });

  it('leads by the Basildon and Brentwood model: a GP for moderate complexity, a matron or geriatrician for significant, a social worker for social care', () => {
    const professionOf = (personId: string) => professionals.get(activeLeadOf.get(personId)!.professionalId)!.profession;
    const led = tier.filter((c) => activeLeadOf.has(c.id));
    const significant = led.filter((c) => scoreOf(c) >= SIGNIFICANT_COMPLEXITY_SCORE);
    const specialist = significant.filter((c) => [Profession.COMMUNITY_MATRON, Profession.CONSULTANT_GERIATRICIAN].includes(professionOf(c.id)));
    expect(specialist.length / significant.length).toBeGreaterThan(0.8);
    const moderate = led.filter((c) => scoreOf(c) < SIGNIFICANT_COMPLEXITY_SCORE);
    expect(moderate.filter((c) => professionOf(c.id) === Profession.GP).length / moderate.length).toBeGreaterThan(0.8);
    const bySocialWorker = moderate.filter((c) => professionOf(c.id) === Profession.SOCIAL_WORKER);
    expect(bySocialWorker.length).toBeGreaterThan(50);
    expect(significant.filter((c) => professionOf(c.id) === Profession.SOCIAL_WORKER)).toEqual([]);
    // A GP leads people of their own practice.
    for (const c of led.filter((p) => professionOf(p.id) === Profession.GP)) {
      expect(workforce.practice(c.gpPracticeOds).gps.map((g) => g.id)).toContain(activeLeadOf.get(c.id)!.professionalId);
    }
  });

  it("keeps every professional's caseload of people they lead within their capacity", () => {
    const caseloads = new Map<string, number>();
    for (const lead of activeLeads) caseloads.set(lead.professionalId, (caseloads.get(lead.professionalId) ?? 0) + 1);
    for (const [id, caseload] of caseloads) {
      const capacity = professionals.get(id)!.caseloadCapacity;
      if (capacity !== null) expect(caseload).toBeLessThanOrEqual(capacity);
    }
  });

  it('records every assignment and handover, some stepping up to a specialist or down to the GP, in the order they happened', () => {
    const reasons = new Set(handovers.map((h) => h.reason));
    expect(reasons).toEqual(new Set([HandoverReason.ASSIGNED, HandoverReason.STEP_UP, HandoverReason.STEP_DOWN, HandoverReason.NO_LONGER_CASE_MANAGED]));
    expect(handovers.every((h) => h.previousLeadId !== h.newLeadId && professionals.has(h.recordedById))).toBe(true);
    const byPerson = groupBy(handovers, (h) => h.personId);
    for (const [personId, history] of byPerson) {
      expect(history[0]).toMatchObject({ reason: HandoverReason.ASSIGNED, previousLeadId: null });
      for (let i = 1; i < history.length; i++) {
        expect(history[i].previousLeadId).toBe(history[i - 1].newLeadId);
        expect(history[i].handedOverAt > history[i - 1].handedOverAt).toBe(true);
      }
      expect(history[history.length - 1].newLeadId).toBe(activeLeadOf.get(personId)?.professionalId ?? null);
    }
    const stepped = handovers.filter((h) => h.reason === HandoverReason.STEP_UP || h.reason === HandoverReason.STEP_DOWN).length;
    expect(stepped / activeLeads.length).toBeGreaterThan(0.05);
    expect(leads.filter((l) => l.endedAt !== null).length).toBe(handovers.length - byPerson.size);
  });

  it('has several members in a led care team, often a named carer, and a care home for people who live in one', () => {
    const teamOf = groupBy(members, (m) => m.personId);
    const sizes = [...activeLeadOf.keys()].map((id) => teamOf.get(id)!.length);
    expect(sizes.reduce((a, b) => a + b, 0) / sizes.length).toBeGreaterThan(4);
    expect(Math.min(...sizes)).toBeGreaterThanOrEqual(3);
    const carers = members.filter((m) => m.kind === CareTeamMemberKind.CARER);
    expect(carers.length / teamOf.size).toBeGreaterThan(0.4);
    expect(carers.every((m) => /^\S+ \S/.test(m.name!) && m.relationship && /^07700 900\d{3}$/.test(m.contact!))).toBe(true);
    const ids = [...members, ...leads, ...handovers].map((r) => r.id);
    expect(ids.every(isGeneratedId)).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('is the same for the same people and seed, and needs only the people the stage reads back', () => {
    const again = syntheticCareTeams(
      candidates.filter((c) => mayBeInTopTier(c, DEFAULT_AS_AT)),
      workforce,
      { people: PEOPLE, seed: SEED },
    );
    expect(again).toEqual<CareTeams>(teams);
    expect(tier.every((c) => mayBeInTopTier(c, DEFAULT_AS_AT))).toBe(true);
    expect(candidates.filter((c) => mayBeInTopTier(c, DEFAULT_AS_AT)).length / PEOPLE).toBeLessThan(0.12);
  });
});
