import { CarePlanStatus, CareSector, PlanActionStatus } from '@app/care-plans';
import { daysBetween } from './calendar';
import { isGeneratedId } from './generated-ids';
import { createPrng } from './prng';
import { CarePlans, PlanSubject, syntheticCarePlans } from './synthetic-care-plans';
import { DEFAULT_AS_AT } from './synthetic-people';

const SEED = 7;
const groupBy = <T>(items: readonly T[], key: (item: T) => string) => {
  const groups = new Map<string, T[]>();
  for (const item of items) groups.set(key(item), [...(groups.get(key(item)) ?? []), item]);
  return groups;
};
const id = (n: number, kind: number) => `00000000-0000-4000-8000-${kind.toString(16).padStart(4, '0')}${n.toString(16).padStart(8, '0')}`;

/** People with a lead, as the stage reads them: a few of them social care-led, most with a carer. */
function subjects(count: number): PlanSubject[] {
  const prng = createPrng(1, 'subjects');
  return Array.from({ length: count }, (_, n) => ({
    personId: id(n, 1),
    givenName: 'Edith',
    flags: prng.chance(0.1) ? ['END_OF_LIFE'] : [],
    leadId: id(n % 40, 2),
    leadIsSocialCare: prng.chance(0.1),
    teams: [
      { id: id(n % 10, 3), organisationId: id(n % 10, 4), isCouncil: false },
      ...(prng.chance(0.3) ? [{ id: id(0, 5), organisationId: id(0, 6), isCouncil: true }] : []),
    ],
    councilId: id(0, 6),
    otherSideSignerId: id(n % 7, 7),
    carer: prng.chance(0.6) ? { name: 'Jean Smith', relationship: 'daughter', contact: '07700 900123' } : null,
  }));
}

describe('Care plans of a synthetic population', () => {
  const people = subjects(4_000);
  const plans: CarePlans = syntheticCarePlans(people, { seed: SEED });
  const byPerson = new Map(people.map((p) => [p.personId, p]));
  const active = plans.plans.filter((p) => p.status === CarePlanStatus.ACTIVE);

  it('is the same for the same seed, and different for another', () => {
    expect(syntheticCarePlans(people, { seed: SEED })).toEqual(plans);
    expect(syntheticCarePlans(people, { seed: SEED + 1 }).plans[0].id).not.toBe(plans.plans[0].id);
  });

  it('gives about 80% an active plan and a few a draft, at most one plan each, every id from the reserved block', () => {
    expect(active.length / people.length).toBeGreaterThan(0.75);
    expect(active.length / people.length).toBeLessThan(0.85);
    const drafts = plans.plans.filter((p) => p.status === CarePlanStatus.DRAFT).length;
    expect(drafts / people.length).toBeGreaterThan(0.03);
    expect(drafts / people.length).toBeLessThan(0.1);
    expect(new Set(plans.plans.map((p) => p.personId)).size).toBe(plans.plans.length);
    const all = [...plans.plans, ...plans.versions, ...plans.actions, ...plans.signOffs, ...plans.reviews].map((r) => r.id);
    expect(all.every(isGeneratedId)).toBe(true);
    expect(new Set(all).size).toBe(all.length);
  });

  it('has about one in eight reviews overdue, and some plans reviewed before', () => {
    const overdue = active.filter((p) => p.nextReviewDate! < DEFAULT_AS_AT).length / active.length;
    expect(overdue).toBeGreaterThan(0.1);
    expect(overdue).toBeLessThan(0.15);
    expect(plans.reviews.length / active.length).toBeGreaterThan(0.2);
    for (const p of active) {
      expect(daysBetween(p.startDate, p.nextReviewDate!)).toBeGreaterThanOrEqual(p.reviewIntervalDays);
      expect(p.content.nextReviewDate).toBe(p.nextReviewDate);
      expect(p.content.agreement?.agreed).toBe(true);
    }
  });

  it('writes the versions, sign-offs and reviews the service would have written for each lifecycle', () => {
    const versionsOf = groupBy(plans.versions, (v) => v.carePlanId);
    const signOffsOf = groupBy(plans.signOffs, (s) => s.carePlanId);
    const reviewOf = new Map(plans.reviews.map((r) => [r.carePlanId, r]));
    for (const plan of plans.plans) {
      const versions = versionsOf.get(plan.id)!;
      const history = versions.map((v) => `${v.version} ${v.status} ${v.change}`);
      if (plan.status === CarePlanStatus.DRAFT) {
        expect(history).toEqual(['1 DRAFT created']);
        expect(signOffsOf.get(plan.id)).toBeUndefined();
        continue;
      }
      const reviewed = reviewOf.get(plan.id);
      expect(history).toEqual(
        reviewed
          ? ['1 DRAFT created', '2 ACTIVE activated', '3 UNDER_REVIEW review started', '4 ACTIVE review completed']
          : ['1 DRAFT created', '2 ACTIVE activated'],
      );
      expect(plan.version).toBe(versions.length);
      expect(versions.at(-1)!.content).toEqual(plan.content);
      expect(versions.map((v) => v.savedAt)).toEqual(versions.map((v) => v.savedAt).sort());
      if (reviewed) expect(reviewed).toMatchObject({ fromVersion: 2, toVersion: 4, completedAt: versions[3].savedAt });
      // The lead signs each version that became active; a joint plan, both sides.
      const lead = byPerson.get(plan.personId)!.leadId;
      for (const version of reviewed ? [1, 3] : [1]) {
        const signed = signOffsOf.get(plan.id)!.filter((s) => s.planVersion === version);
        expect(signed.some((s) => s.professionalId === lead && s.asLead)).toBe(true);
        expect(new Set(signed.map((s) => s.sector)).size).toBe(plan.isJoint ? 2 : 1);
        expect(signed.every((s) => s.signedAt <= versions[version].savedAt)).toBe(true);
      }
    }
  });

  it('gives each plan 2-5 actions owned by the lead, a team in the care team or the council, joint when both sides act', () => {
    const actionsOf = groupBy(plans.actions, (a) => a.carePlanId);
    for (const plan of plans.plans) {
      const person = byPerson.get(plan.personId)!;
      const actions = actionsOf.get(plan.id)!;
      expect(actions.length).toBeGreaterThanOrEqual(2);
      expect(actions.length).toBeLessThanOrEqual(5);
      expect(actions.map((a) => a.id)).toEqual(plan.content.actions.map((a) => a.id));
      expect(new Set(actions.map((a) => a.sector)).size === 2).toBe(plan.isJoint);
      for (const a of actions) {
        expect([a.professionalId, a.teamId, a.organisationId].filter(Boolean)).toHaveLength(1);
        expect(a.dueDate >= plan.startDate).toBe(true);
        if (a.professionalId) expect([person.leadId, person.otherSideSignerId]).toContain(a.professionalId);
        if (a.teamId) {
          const team = person.teams.find((t) => t.id === a.teamId)!;
          expect(team).toBeDefined();
          expect(a.responsibleOrganisationId).toBe(team.organisationId);
          expect(a.sector).toBe(team.isCouncil ? CareSector.SOCIAL_CARE : CareSector.HEALTH);
        }
        if (a.organisationId) expect([a.organisationId, a.responsibleOrganisationId]).toEqual([person.councilId, person.councilId]);
      }
    }
    const due = plans.actions.filter((a) => a.dueDate <= DEFAULT_AS_AT);
    expect(due.filter((a) => a.status === PlanActionStatus.DONE).length / due.length).toBeGreaterThan(0.5);
    expect(plans.actions.filter((a) => a.dueDate > DEFAULT_AS_AT).every((a) => a.status === PlanActionStatus.OPEN)).toBe(true);
  });

  it("writes the person's words, their carer where they have one, and a contingency plan", () => {
    for (const plan of plans.plans) {
      const person = byPerson.get(plan.personId)!;
      expect(plan.content.aboutMe).toContain(person.givenName);
      expect(plan.content.goals.every((g) => g.startsWith('I '))).toBe(true);
      expect(plan.content.contingency?.whatToDo).toBeTruthy();
      expect(plan.content.carer?.name ?? null).toBe(person.carer?.name ?? null);
      expect(plan.content.endOfLife !== null).toBe(person.flags.includes('END_OF_LIFE'));
    }
  });
});
