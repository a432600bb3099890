import { TeamKind } from '@app/organisations';
import { dueAt, ReferralPriority, ReferralSource, ReferralStatus, ReferralStep, ServiceHours } from '@app/referrals';
import { generatedId } from './generated-ids';
import { createPrng, Prng } from './prng';
import { SyntheticTeam, SyntheticTeamMember } from './synthetic-workforce';

/** Which services each kind of generated team provides, and when: the Southend plan's mix of 7-day and weekday teams. */
export const TEAM_SERVICES: readonly { kind: TeamKind; service: string; weekdays: number[]; opensAt: string; closesAt: string; worksBankHolidays: boolean }[] = [
  { kind: TeamKind.LOCALITY_HUB, service: 'URGENT_COMMUNITY_RESPONSE', weekdays: [1, 2, 3, 4, 5, 6, 7], opensAt: '08:00', closesAt: '20:00', worksBankHolidays: true },
  { kind: TeamKind.LOCALITY_HUB, service: 'DISCHARGE_SUPPORT', weekdays: [1, 2, 3, 4, 5, 6, 7], opensAt: '08:00', closesAt: '20:00', worksBankHolidays: true },
  { kind: TeamKind.COMMUNITY_HEALTH, service: 'COMMUNITY_NURSING', weekdays: [1, 2, 3, 4, 5, 6, 7], opensAt: '08:00', closesAt: '18:00', worksBankHolidays: true },
  { kind: TeamKind.COMMUNITY_HEALTH, service: 'COMMUNITY_THERAPY', weekdays: [1, 2, 3, 4, 5], opensAt: '08:00', closesAt: '18:00', worksBankHolidays: false },
  { kind: TeamKind.SOCIAL_CARE, service: 'REABLEMENT', weekdays: [1, 2, 3, 4, 5, 6, 7], opensAt: '09:00', closesAt: '17:00', worksBankHolidays: false },
  { kind: TeamKind.SOCIAL_CARE, service: 'SOCIAL_CARE_ASSESSMENT', weekdays: [1, 2, 3, 4, 5], opensAt: '09:00', closesAt: '17:00', worksBankHolidays: false },
  { kind: TeamKind.MENTAL_HEALTH, service: 'MENTAL_HEALTH_LATER_LIFE', weekdays: [1, 2, 3, 4, 5], opensAt: '09:00', closesAt: '17:00', worksBankHolidays: false },
  { kind: TeamKind.CARE_COORDINATION, service: 'CARE_COORDINATION', weekdays: [1, 2, 3, 4, 5], opensAt: '08:00', closesAt: '18:00', worksBankHolidays: false },
];

/** The services people are referred for, how often, who usually refers, and the usual priority. */
const REFERRAL_MIX: readonly { service: string; weight: number; kind: TeamKind; sources: ReferralSource[]; priorities: ReferralPriority[] }[] = [
  { service: 'URGENT_COMMUNITY_RESPONSE', weight: 20, kind: TeamKind.LOCALITY_HUB, sources: [ReferralSource.GP, ReferralSource.AMBULANCE, ReferralSource.CARER], priorities: [ReferralPriority.URGENT] },
  { service: 'DISCHARGE_SUPPORT', weight: 15, kind: TeamKind.LOCALITY_HUB, sources: [ReferralSource.HOSPITAL_DISCHARGE_TEAM], priorities: [ReferralPriority.SOON, ReferralPriority.SOON, ReferralPriority.URGENT] },
  { service: 'COMMUNITY_NURSING', weight: 20, kind: TeamKind.COMMUNITY_HEALTH, sources: [ReferralSource.GP, ReferralSource.HOSPITAL_DISCHARGE_TEAM], priorities: [ReferralPriority.ROUTINE, ReferralPriority.SOON, ReferralPriority.URGENT] },
  { service: 'COMMUNITY_THERAPY', weight: 10, kind: TeamKind.COMMUNITY_HEALTH, sources: [ReferralSource.GP, ReferralSource.SOCIAL_CARE], priorities: [ReferralPriority.ROUTINE, ReferralPriority.ROUTINE, ReferralPriority.SOON] },
  { service: 'REABLEMENT', weight: 15, kind: TeamKind.SOCIAL_CARE, sources: [ReferralSource.HOSPITAL_DISCHARGE_TEAM, ReferralSource.GP], priorities: [ReferralPriority.SOON, ReferralPriority.ROUTINE] },
  { service: 'SOCIAL_CARE_ASSESSMENT', weight: 12, kind: TeamKind.SOCIAL_CARE, sources: [ReferralSource.SELF, ReferralSource.CARER, ReferralSource.GP], priorities: [ReferralPriority.ROUTINE, ReferralPriority.ROUTINE, ReferralPriority.SOON] },
  { service: 'MENTAL_HEALTH_LATER_LIFE', weight: 8, kind: TeamKind.MENTAL_HEALTH, sources: [ReferralSource.GP], priorities: [ReferralPriority.ROUTINE, ReferralPriority.SOON] },
];

/** The response standards the migration seeds, as [amount, unit] per service and priority. */
export type Standards = ReadonlyMap<string, { amount: number; unit: 'HOURS' | 'DAYS' }>;

const REASONS: Record<string, string[]> = {
  URGENT_COMMUNITY_RESPONSE: ['Fall at home, not injured, cannot get up unaided', 'Sudden confusion, possible urinary infection', 'Carer taken ill; person cannot manage alone tonight'],
  DISCHARGE_SUPPORT: ['Discharge from the frailty unit tomorrow; needs support at home', 'Medically fit for discharge; package of care needed'],
  COMMUNITY_NURSING: ['Leg ulcer dressings three times a week', 'Catheter care', 'Insulin administration twice daily'],
  COMMUNITY_THERAPY: ['Mobility worse after a fall; walking aid assessment', 'Bath and stair rails assessment'],
  REABLEMENT: ['Six weeks of reablement after a hip fracture', 'Regain independence with personal care after pneumonia'],
  SOCIAL_CARE_ASSESSMENT: ['Struggling with meals and shopping; family worried', "Carer's assessment requested"],
  MENTAL_HEALTH_LATER_LIFE: ['Memory worse over six months; low mood', 'Distress and agitation in the evenings'],
};

export interface ReferralSubject {
  personId: string;
  /** The teams of the person's locality (by kind) and their PCN's care coordination team. */
  teams: ReadonlyMap<TeamKind, SyntheticTeam>;
}

export interface SyntheticReferral {
  id: string;
  personId: string;
  serviceCode: string;
  status: ReferralStatus;
  source: ReferralSource;
  requestedUrgency: ReferralPriority;
  reason: string;
  referrerName: string;
  spoaOrganisationId: string;
  sentBy: string;
  receivedAt: Date;
  priority: ReferralPriority | null;
  teamId: string | null;
  triagedAt: Date | null;
  dueAt: Date | null;
  heldById: string | null;
  claimedAt: Date | null;
  acceptedAt: Date | null;
  acceptedById: string | null;
  outcome: string | null;
  closeReason: string | null;
  closedAt: Date | null;
  version: number;
}

export interface SyntheticReferralStep {
  id: string;
  referralId: string;
  personId: string;
  step: ReferralStep;
  fromStatus: ReferralStatus | null;
  toStatus: ReferralStatus;
  teamId: string | null;
  bySubject: string;
  byProfessionalId: string | null;
  at: Date;
  reason: string | null;
}

const MINUTE = 60_000;
const DAY = 86_400_000;
/** Referrals are spread over the months before the as-at date. */
const HISTORY_DAYS = 120;
/** How often a team meets its response standard when it has the chance. */
const WITHIN_STANDARD = 0.85;

/** The hours of a team for a service, as the due-time function takes them. */
export function hoursOf(kind: TeamKind, service: string, bankHolidays: ReadonlySet<string>): ServiceHours {
  const spec = TEAM_SERVICES.find((s) => s.kind === kind && s.service === service)!;
  return { days: spec.weekdays.map((weekday) => ({ weekday, opensAt: spec.opensAt, closesAt: spec.closesAt })), worksBankHolidays: spec.worksBankHolidays, bankHolidays };
}

/**
 * Referrals over the months before the as-at date for the people given (one each), across every
 * state: most long since accepted and completed, some declined or withdrawn, the recent ones still
 * at triage, in a queue or held, and about one in seven accepted late or still waiting past due.
 * Every step is recorded as the service would. The same seed gives the same referrals.
 */
export function syntheticReferrals(
  subjects: readonly ReferralSubject[],
  { seed, asAt, spoaOrganisationId, standards, bankHolidays, membersOf }: {
    seed: number;
    asAt: string;
    spoaOrganisationId: string;
    standards: Standards;
    bankHolidays: ReadonlySet<string>;
    membersOf: (teamId: string) => readonly SyntheticTeamMember[];
  },
): { referrals: SyntheticReferral[]; steps: SyntheticReferralStep[] } {
  const prng = createPrng(seed, 'referrals');
  const end = Date.parse(`${asAt}T00:00:00Z`);
  const totalWeight = REFERRAL_MIX.reduce((n, m) => n + m.weight, 0);
  const referrals: SyntheticReferral[] = [];
  const steps: SyntheticReferralStep[] = [];

  for (const subject of subjects) {
    let draw = prng.below(totalWeight);
    const mix = REFERRAL_MIX.find((m) => (draw -= m.weight) < 0)!;
    const team = subject.teams.get(mix.kind);
    const members = team ? membersOf(team.id) : [];
    if (!team || members.length === 0) continue;
    const priority = prng.pick(mix.priorities);
    const source = prng.pick(mix.sources);
    const receivedAt = new Date(end - prng.below(HISTORY_DAYS * DAY) - prng.below(DAY));
    const id = generatedId(prng);
    const r: SyntheticReferral = {
      id,
      personId: subject.personId,
      serviceCode: mix.service,
      status: ReferralStatus.RECEIVED,
      source,
      requestedUrgency: priority,
      reason: prng.pick(REASONS[mix.service]),
      referrerName: source === ReferralSource.SELF ? 'The person themselves' : `${source.replace(/_/g, ' ').toLowerCase()} referrer`,
      spoaOrganisationId,
      sentBy: `synthetic-${source.toLowerCase()}`,
      receivedAt,
      priority: null,
      teamId: null,
      triagedAt: null,
      dueAt: null,
      heldById: null,
      claimedAt: null,
      acceptedAt: null,
      acceptedById: null,
      outcome: null,
      closeReason: null,
      closedAt: null,
      version: 1,
    };
    referrals.push(r);
    const holder = prng.pick(members).professionalId;
    const step = (kind: ReferralStep, to: ReferralStatus, at: Date, by: string | null, reason: string | null = null) => {
      steps.push({ id: generatedId(prng), referralId: id, personId: r.personId, step: kind, fromStatus: kind === ReferralStep.RECEIVE ? null : r.status, toStatus: to, teamId: r.teamId, bySubject: by ?? r.sentBy, byProfessionalId: by, at, reason });
      r.status = to;
      r.version += kind === ReferralStep.RECEIVE ? 0 : 1;
    };
    const within = (at: number) => at < end;
    step(ReferralStep.RECEIVE, ReferralStatus.RECEIVED, receivedAt, null);

    const triagedAt = new Date(receivedAt.getTime() + (5 + prng.below(85)) * MINUTE);
    if (!within(triagedAt.getTime()) || prng.chance(0.02)) {
      if (within(triagedAt.getTime())) {
        r.closeReason = 'Not for community services: advice given to the referrer';
        r.closedAt = triagedAt;
        step(ReferralStep.DECLINE, ReferralStatus.DECLINED, triagedAt, members[0].professionalId, r.closeReason);
      }
      continue;
    }
    const standard = standards.get(`${mix.service}:${priority}`)!;
    r.priority = priority;
    r.teamId = team.id;
    r.triagedAt = triagedAt;
    r.dueAt = dueAt(receivedAt, standard, hoursOf(mix.kind, mix.service, bankHolidays));
    step(ReferralStep.TRIAGE, ReferralStatus.TRIAGED, triagedAt, members[0].professionalId);

    // Accepted within the standard most of the time, late otherwise.
    const window = Math.max(r.dueAt.getTime() - triagedAt.getTime(), 10 * MINUTE);
    const acceptAt = prng.chance(WITHIN_STANDARD)
      ? triagedAt.getTime() + Math.max(2 * MINUTE, Math.floor(prng.next() * window))
      : r.dueAt.getTime() + (30 + prng.below(3 * 24 * 60)) * MINUTE;
    const claimAt = Math.max(triagedAt.getTime() + MINUTE, acceptAt - (1 + prng.below(60)) * MINUTE);
    if (!within(claimAt)) continue; // still waiting in the queue (a breach, once past due)
    r.heldById = holder;
    r.claimedAt = new Date(claimAt);
    step(ReferralStep.CLAIM, ReferralStatus.CLAIMED, r.claimedAt, holder);
    if (!within(acceptAt)) continue; // held, not yet accepted
    if (prng.chance(0.06)) {
      r.heldById = null;
      r.claimedAt = null;
      r.closeReason = 'Needs are being met by the current care package';
      r.closedAt = new Date(acceptAt);
      step(ReferralStep.DECLINE, ReferralStatus.DECLINED, r.closedAt, holder, r.closeReason);
      continue;
    }
    r.acceptedAt = new Date(acceptAt);
    r.acceptedById = holder;
    step(ReferralStep.ACCEPT, ReferralStatus.ACCEPTED, r.acceptedAt, holder);
    const doneAt = acceptAt + (1 + prng.below(28)) * DAY;
    if (!within(doneAt)) continue;
    r.heldById = null;
    r.claimedAt = null;
    r.closedAt = new Date(doneAt);
    if (prng.chance(0.05)) {
      r.closeReason = 'Admitted to hospital';
      step(ReferralStep.WITHDRAW, ReferralStatus.WITHDRAWN, r.closedAt, holder, r.closeReason);
    } else {
      r.outcome = 'Seen; needs met and discharged from the service';
      step(ReferralStep.COMPLETE, ReferralStatus.COMPLETED, r.closedAt, holder, r.outcome);
    }
  }
  return { referrals, steps };
}

