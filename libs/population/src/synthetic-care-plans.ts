import { CarePlanStatus, CareSector, PlanActionStatus, ReviewReason } from '@app/care-plans';
import { PersonFlag } from '@app/persons';
import { addDays, momentOf } from './calendar';
import { generatedId } from './generated-ids';
import { createPrng, Prng, Weighted } from './prng';
import { DEFAULT_AS_AT, PeopleOptions } from './synthetic-people';

/** What the care plans stage reads of a person with an active lead (one row of its query). */
export interface PlanSubject {
  personId: string;
  givenName: string;
  flags: readonly string[];
  leadId: string;
  /** Whether the lead is on the social care side (a council social worker). */
  leadIsSocialCare: boolean;
  /** Teams in their care team, with the organisation that runs each and whether it is a council. */
  teams: readonly { id: string; organisationId: string; isCouncil: boolean }[];
  /** The council that funds their social care. */
  councilId: string;
  /** Who signs off the other side of a joint plan: a social worker of their locality, or (social care-led) their GP. */
  otherSideSignerId: string;
  carer: { name: string; relationship: string; contact: string } | null;
}

export interface SyntheticCarePlan {
  id: string;
  personId: string;
  status: CarePlanStatus;
  startDate: string;
  content: StoredPlanContent;
  reviewIntervalDays: number;
  nextReviewDate: string | null;
  isJoint: boolean;
  createdById: string;
  activatedAt: string | null;
  version: number;
  createdAt: string;
  updatedAt: string;
}

export interface SyntheticPlanAction {
  id: string;
  carePlanId: string;
  personId: string;
  position: number;
  description: string;
  sector: CareSector;
  professionalId: string | null;
  teamId: string | null;
  organisationId: string | null;
  responsibleOrganisationId: string | null;
  dueDate: string;
  status: PlanActionStatus;
}

export interface SyntheticPlanVersion {
  id: string;
  carePlanId: string;
  personId: string;
  version: number;
  status: CarePlanStatus;
  content: StoredPlanContent;
  change: string;
  authorId: string;
  savedAt: string;
}

export interface SyntheticSignOff {
  id: string;
  carePlanId: string;
  personId: string;
  planVersion: number;
  professionalId: string;
  sector: CareSector;
  asLead: boolean;
  signedAt: string;
}

export interface SyntheticReview {
  id: string;
  carePlanId: string;
  personId: string;
  reason: ReviewReason;
  reasonNote: string | null;
  startedById: string;
  startedAt: string;
  fromVersion: number;
  completedById: string;
  completedAt: string;
  toVersion: number;
  outcome: string;
}

/** The content as the service stores it (StoredContent in @app/care-plans), every section present. */
export interface StoredPlanContent {
  aboutMe: string | null;
  whatMattersToMe: string | null;
  needs: { description: string; sector: CareSector }[];
  goals: string[];
  actions: Omit<SyntheticPlanAction, 'carePlanId' | 'personId' | 'position' | 'responsibleOrganisationId'>[];
  contingency: { whoToCall: string | null; whatToDo: string | null; outOfHours: string | null } | null;
  carer: { name: string | null; relationship: string | null; contact: string | null; support: string | null } | null;
  endOfLife: {
    preferredPlaceOfCare: string | null;
    preferredPlaceOfDeath: string | null;
    preferredPlaceOfDeathCode: string | null;
    resuscitationDecisionReference: string | null;
  } | null;
  agreement: { agreed: boolean; consentToShare: boolean; agreedOn: string; agreedBy: string | null } | null;
  reviewIntervalDays: number;
  nextReviewDate: string | null;
}

export interface CarePlans {
  plans: SyntheticCarePlan[];
  versions: SyntheticPlanVersion[];
  actions: SyntheticPlanAction[];
  signOffs: SyntheticSignOff[];
  reviews: SyntheticReview[];
}

/** Of the people with an active lead: an active plan; a draft being written; nothing yet. */
const OUTCOMES = new Weighted(['active', 'draft', 'none'] as const, (_, i) => [80, 6, 14][i]);
/** Of active plans: joint (health and social care actions); the rest health only (social care-led plans are always joint). */
const JOINT = 0.6;
/** Reviews overdue (the next review date passed), as at the population's day. */
const OVERDUE = 0.125;
/** Active plans that have been reviewed once already. */
const REVIEWED = 0.3;
/** Days between reviews: quarterly for most, half-yearly or yearly for the stable. */
const INTERVALS = new Weighted([90, 182, 365] as const, (_, i) => [60, 30, 10][i]);
const REVIEW_REASONS = new Weighted(
  [ReviewReason.SCHEDULED, ReviewReason.HOSPITAL_DISCHARGE, ReviewReason.CRISIS, ReviewReason.PERSON_OR_CARER_REQUEST] as const,
  (_, i) => [70, 15, 8, 7][i],
);

const ABOUT_ME = [
  'I have lived in this town all my life and brought up three children here.',
  'I worked on the railways for forty years and I like to keep busy.',
  'I live on my own since my husband died; my family visit at weekends.',
  'I was a school cook and I still love baking for my grandchildren.',
  'I like my garden, the radio and a chat with my neighbours.',
];
const WHAT_MATTERS = [
  'Staying in my own home for as long as I can.',
  'Being able to get to church on Sundays.',
  'Not going back into hospital.',
  'Seeing my grandchildren and keeping my dog.',
  'Being able to wash and dress myself in the mornings.',
];
const HEALTH_NEEDS = [
  'Falls: two in the last six months',
  'Heart failure: breathless on exertion, ankle swelling',
  'Type 2 diabetes with poor control',
  'Many medicines: needs a structured medication review',
  'Leg ulcer needing regular dressings',
  'Memory problems affecting day-to-day life',
];
const SOCIAL_NEEDS = [
  'Needs help with washing and dressing in the morning',
  'Lonely: goes out less than once a week',
  'Carer under strain and needs a break',
  'Home not safe for someone unsteady on their feet',
  'Needs help with shopping and meals',
];
const GOALS = [
  'I want to walk to the shop on my own again.',
  'I want to stay out of hospital this winter.',
  'I want to be able to have a bath safely.',
  'I want to go to the lunch club on Thursdays.',
  'I want my daughter to get some rest.',
  'I want to understand my tablets.',
];
const HEALTH_ACTIONS = [
  'Structured medication review',
  'Falls assessment and strength and balance referral',
  'Heart failure review and weight monitoring',
  'Wound care visits twice a week',
  'Memory clinic follow-up',
  'Anticipatory care planning conversation',
];
const SOCIAL_ACTIONS = [
  'Care Act needs assessment',
  "Carer's assessment",
  'Arrange morning package of care',
  'Occupational therapy home assessment and equipment',
  'Referral to befriending service',
];
const OUTCOMES_OF_REVIEW = [
  'Goals mostly met; actions updated and care package continued',
  'Needs increased after hospital stay; more support at home agreed',
  'Stable: plan continued unchanged',
];

/** End-of-life preferences: the place in words, and coded for the deaths-in-preferred-place measure. */
const preferredPlace = (place: 'Home' | 'Hospice') => ({
  preferredPlaceOfCare: 'Home',
  preferredPlaceOfDeath: place,
  preferredPlaceOfDeathCode: place.toUpperCase(),
  resuscitationDecisionReference: 'ReSPECT form in the shared record',
});

/**
 * Joint health and social care plans for the people with an active lead (`subjects` in NHS number
 * order): most get an ACTIVE plan, written as the service writes one (version 1 DRAFT "created",
 * sign-offs of version 1, version 2 ACTIVE "activated"; for those reviewed since, version 3
 * UNDER_REVIEW "review started", sign-offs of it and version 4 ACTIVE "review completed", with the
 * completed review); some have a DRAFT. Next review dates are spread so that about one in eight is
 * overdue at `asAt`.
 */
export function syntheticCarePlans(subjects: Iterable<PlanSubject>, options: Pick<PeopleOptions, 'seed' | 'asAt'>): CarePlans {
  const asAt = options.asAt ?? DEFAULT_AS_AT;
  const prng = createPrng(options.seed, 'care-plans');
  const out: CarePlans = { plans: [], versions: [], actions: [], signOffs: [], reviews: [] };
  for (const subject of subjects) {
    const outcome = OUTCOMES.draw(prng);
    if (outcome !== 'none') addPlan(out, prng, subject, asAt, outcome === 'active');
  }
  return out;
}

/** Someone picks one of their open actions off: a moment in the working day. */
const workingMoment = (prng: Prng, day: string) => momentOf(day, prng.between(9 * 60, 17 * 60));

function addPlan(out: CarePlans, prng: Prng, s: PlanSubject, asAt: string, active: boolean): void {
  const interval = INTERVALS.draw(prng);
  const reviewed = active && prng.chance(REVIEWED);
  // The next review date first (overdue for some), then the day the plan was last made active, and back from there.
  const next = prng.chance(OVERDUE) ? addDays(asAt, -prng.between(1, 60)) : addDays(asAt, prng.between(0, interval - 1));
  const lastActive = active ? addDays(next, -interval) : addDays(asAt, -prng.between(0, 20));
  const reviewStarted = reviewed ? addDays(lastActive, -prng.between(3, 21)) : null;
  const activated = reviewStarted ? addDays(reviewStarted, -prng.between(Math.round(interval * 0.8), interval)) : lastActive;
  const created = active ? addDays(activated, -prng.between(3, 28)) : lastActive;

  const joint = s.leadIsSocialCare || prng.chance(JOINT);
  const leadSector = s.leadIsSocialCare ? CareSector.SOCIAL_CARE : CareSector.HEALTH;
  const actions = planActions(prng, s, joint, created, asAt);
  const flags = new Set(s.flags);
  const content: StoredPlanContent = {
    aboutMe: `My name is ${s.givenName}. ${prng.pick(ABOUT_ME)}`,
    whatMattersToMe: prng.pick(WHAT_MATTERS),
    needs: [
      { description: prng.pick(HEALTH_NEEDS), sector: CareSector.HEALTH },
      ...(joint ? [{ description: prng.pick(SOCIAL_NEEDS), sector: CareSector.SOCIAL_CARE }] : []),
      ...(prng.chance(0.5) ? [{ description: prng.pick(HEALTH_NEEDS), sector: CareSector.HEALTH }] : []),
    ],
    goals: [prng.pick(GOALS), ...(prng.chance(0.6) ? [prng.pick(GOALS)] : [])],
    actions,
    contingency: {
      whoToCall: s.carer ? `${s.carer.name} (${s.carer.relationship}) on ${s.carer.contact}, then the surgery` : 'The surgery, then the care coordinator',
      whatToDo: 'If I fall or become confused, call my carer and the practice; if I cannot get up, call 999.',
      outOfHours: 'NHS 111, or the rapid response team overnight',
    },
    carer: s.carer && { ...s.carer, support: prng.chance(0.5) ? "Carer's assessment done; respite twice a year" : "Offered a carer's assessment" },
    endOfLife: flags.has(PersonFlag.END_OF_LIFE)
      ? preferredPlace(prng.chance(0.7) ? 'Home' : 'Hospice')
      : null,
    agreement: active || prng.chance(0.3) ? { agreed: true, consentToShare: true, agreedOn: active ? addDays(activated, -1) : created, agreedBy: null } : null,
    reviewIntervalDays: interval,
    nextReviewDate: null,
  };
  const plan: SyntheticCarePlan = {
    id: generatedId(prng),
    personId: s.personId,
    status: active ? CarePlanStatus.ACTIVE : CarePlanStatus.DRAFT,
    startDate: created,
    content: active ? { ...content, nextReviewDate: next } : content,
    reviewIntervalDays: interval,
    nextReviewDate: active ? next : null,
    isJoint: joint,
    createdById: s.leadId,
    activatedAt: null,
    version: 0,
    createdAt: workingMoment(prng, created),
    updatedAt: '',
  };
  out.plans.push(plan);
  for (const [position, action] of actions.entries()) {
    const team = action.teamId ? s.teams.find((t) => t.id === action.teamId) : undefined;
    out.actions.push({
      ...action,
      carePlanId: plan.id,
      personId: s.personId,
      position,
      responsibleOrganisationId: action.organisationId ?? team?.organisationId ?? null,
    });
  }
  const version = (status: CarePlanStatus, change: string, at: string, nextReviewDate: string | null, author = s.leadId) => {
    out.versions.push({
      id: generatedId(prng),
      carePlanId: plan.id,
      personId: s.personId,
      version: plan.version + 1,
      status,
      content: { ...content, nextReviewDate },
      change,
      authorId: author,
      savedAt: at,
    });
    plan.version += 1;
    plan.updatedAt = at;
  };
  const signOffs = (planVersion: number, day: string) => {
    const signers: [string, CareSector, boolean][] = [[s.leadId, leadSector, true]];
    if (joint) signers.push([s.otherSideSignerId, s.leadIsSocialCare ? CareSector.HEALTH : CareSector.SOCIAL_CARE, false]);
    for (const [professionalId, sector, asLead] of signers) {
      out.signOffs.push({ id: generatedId(prng), carePlanId: plan.id, personId: s.personId, planVersion, professionalId, sector, asLead, signedAt: workingMoment(prng, day) });
    }
  };
  version(CarePlanStatus.DRAFT, 'created', plan.createdAt, null);
  if (!active) return;
  signOffs(1, addDays(activated, -1));
  plan.activatedAt = workingMoment(prng, activated);
  const firstNext = reviewed ? addDays(activated, interval) : next;
  version(CarePlanStatus.ACTIVE, 'activated', plan.activatedAt, firstNext);
  if (reviewStarted) {
    const startedAt = workingMoment(prng, reviewStarted);
    version(CarePlanStatus.UNDER_REVIEW, 'review started', startedAt, firstNext);
    signOffs(3, addDays(lastActive, -1));
    const completedAt = workingMoment(prng, lastActive);
    version(CarePlanStatus.ACTIVE, 'review completed', completedAt, next);
    const reason = REVIEW_REASONS.draw(prng);
    out.reviews.push({
      id: generatedId(prng),
      carePlanId: plan.id,
      personId: s.personId,
      reason,
      reasonNote: reason === ReviewReason.SCHEDULED ? null : 'Change in circumstances',
      startedById: s.leadId,
      startedAt,
      fromVersion: 2,
      completedById: s.leadId,
      completedAt,
      toVersion: 4,
      outcome: prng.pick(OUTCOMES_OF_REVIEW),
    });
  }
}

/**
 * Two to five actions: the lead's own, then the care team's teams' and (joint plans) the council's,
 * due from a few weeks before `asAt` to a few months after; most of those already due are DONE.
 */
function planActions(prng: Prng, s: PlanSubject, joint: boolean, from: string, asAt: string): StoredPlanContent['actions'] {
  const leadSector = s.leadIsSocialCare ? CareSector.SOCIAL_CARE : CareSector.HEALTH;
  const owners: { professionalId?: string; teamId?: string; organisationId?: string; sector: CareSector }[] = [
    { professionalId: s.leadId, sector: leadSector },
  ];
  for (const team of s.teams) {
    const sector = team.isCouncil ? CareSector.SOCIAL_CARE : CareSector.HEALTH;
    if (sector === CareSector.HEALTH || joint) owners.push({ teamId: team.id, sector });
  }
  if (joint) owners.push({ organisationId: s.councilId, sector: CareSector.SOCIAL_CARE });
  else if (owners.length < 2) owners.push({ professionalId: s.leadId, sector: leadSector });
  const wanted = Math.min(prng.between(2, 5), owners.length);
  const chosen = owners.slice(0, wanted);
  // A joint plan keeps a social care action even when the list is cut short.
  if (joint && !chosen.some((o) => o.sector === CareSector.SOCIAL_CARE)) chosen[chosen.length - 1] = owners[owners.length - 1];
  if (joint && !chosen.some((o) => o.sector === CareSector.HEALTH)) {
    chosen[0] = { professionalId: s.leadIsSocialCare ? s.otherSideSignerId : s.leadId, sector: CareSector.HEALTH };
  }
  return chosen.map((owner) => {
    const due = addDays(asAt, prng.between(-45, 120));
    const dueDate = due < from ? from : due;
    return {
      id: generatedId(prng),
      description: prng.pick(owner.sector === CareSector.HEALTH ? HEALTH_ACTIONS : SOCIAL_ACTIONS),
      sector: owner.sector,
      professionalId: owner.professionalId ?? null,
      teamId: owner.teamId ?? null,
      organisationId: owner.organisationId ?? null,
      dueDate,
      status: dueDate <= asAt && prng.chance(0.7) ? PlanActionStatus.DONE : PlanActionStatus.OPEN,
    };
  });
}
