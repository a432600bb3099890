import { registerEnumType } from '@nestjs/graphql';
import { DomainError } from '@app/errors';

/** Where a referral is: at the front door, in a team's queue, held, taken on, or finished with. */
export enum ReferralStatus {
  /** Sent to the single point of referral, waiting for triage. */
  RECEIVED = 'RECEIVED',
  /** Prioritised and in a team's queue, with a due time from that team's hours. */
  TRIAGED = 'TRIAGED',
  /** Held by one member of the queue's team, who decides whether the team takes it on. */
  CLAIMED = 'CLAIMED',
  /** The team has taken it on; the response standard is met. */
  ACCEPTED = 'ACCEPTED',
  COMPLETED = 'COMPLETED',
  DECLINED = 'DECLINED',
  WITHDRAWN = 'WITHDRAWN',
  /** A second referral for work already open: recorded against the open one, not a second piece of work. */
  LINKED = 'LINKED',
}

export enum ReferralStep {
  RECEIVE = 'RECEIVE',
  LINK = 'LINK',
  TRIAGE = 'TRIAGE',
  CLAIM = 'CLAIM',
  /** Puts a claimed referral back in the queue for someone else. */
  RELEASE = 'RELEASE',
  ACCEPT = 'ACCEPT',
  /** Routes it to another team's queue, with a reason; the due time follows the new team's hours. */
  REDIRECT = 'REDIRECT',
  DECLINE = 'DECLINE',
  COMPLETE = 'COMPLETE',
  /** The referrer or the team withdraws it (the person died, moved, was admitted, or no longer wants it). */
  WITHDRAW = 'WITHDRAW',
}

registerEnumType(ReferralStatus, { name: 'ReferralStatus' });
registerEnumType(ReferralStep, { name: 'ReferralStep' });

/** The final states: a referral in one has closed_at set and is no longer open work. */
export const FINAL_STATUSES: readonly ReferralStatus[] = [
  ReferralStatus.COMPLETED,
  ReferralStatus.DECLINED,
  ReferralStatus.WITHDRAWN,
  ReferralStatus.LINKED,
];

/**
 * The state machine, in the one place the service reads it: each step, the statuses it may start
 * from (null: a new referral) and where it leads. The database holds the same table
 * (referral_transition) and refuses any other change of status.
 */
export const TRANSITIONS: readonly [step: ReferralStep, from: ReferralStatus | null, to: ReferralStatus][] = [
  [ReferralStep.RECEIVE, null, ReferralStatus.RECEIVED],
  [ReferralStep.LINK, null, ReferralStatus.LINKED],
  [ReferralStep.TRIAGE, ReferralStatus.RECEIVED, ReferralStatus.TRIAGED],
  [ReferralStep.DECLINE, ReferralStatus.RECEIVED, ReferralStatus.DECLINED],
  [ReferralStep.REDIRECT, ReferralStatus.TRIAGED, ReferralStatus.TRIAGED],
  [ReferralStep.CLAIM, ReferralStatus.TRIAGED, ReferralStatus.CLAIMED],
  [ReferralStep.RELEASE, ReferralStatus.CLAIMED, ReferralStatus.TRIAGED],
  [ReferralStep.REDIRECT, ReferralStatus.CLAIMED, ReferralStatus.TRIAGED],
  [ReferralStep.ACCEPT, ReferralStatus.CLAIMED, ReferralStatus.ACCEPTED],
  [ReferralStep.DECLINE, ReferralStatus.CLAIMED, ReferralStatus.DECLINED],
  [ReferralStep.COMPLETE, ReferralStatus.ACCEPTED, ReferralStatus.COMPLETED],
  [ReferralStep.WITHDRAW, ReferralStatus.RECEIVED, ReferralStatus.WITHDRAWN],
  [ReferralStep.WITHDRAW, ReferralStatus.TRIAGED, ReferralStatus.WITHDRAWN],
  [ReferralStep.WITHDRAW, ReferralStatus.CLAIMED, ReferralStatus.WITHDRAWN],
  [ReferralStep.WITHDRAW, ReferralStatus.ACCEPTED, ReferralStatus.WITHDRAWN],
];

/** The statuses a step may start from. */
export const startsOf = (step: ReferralStep): ReferralStatus[] =>
  TRANSITIONS.filter(([s, from]) => s === step && from !== null).map(([, from]) => from!);

/** Where the step leads from this status, or REFERRAL_INVALID_TRANSITION. */
export function stepFrom(step: ReferralStep, from: ReferralStatus): ReferralStatus {
  const transition = TRANSITIONS.find(([s, f]) => s === step && f === from);
  if (transition) return transition[2];
  throw invalidTransition(step, from);
}

export const invalidTransition = (step: ReferralStep, from: ReferralStatus) =>
  new DomainError(
    'REFERRAL_INVALID_TRANSITION',
    `A ${from.toLowerCase()} referral cannot be given the step ${step}: it can from ${startsOf(step).join(', ') || 'nothing'}`,
    { status: from, step, allowedFrom: startsOf(step) },
  );

/** Who refers: the front doors named in the plans. */
export enum ReferralSource {
  GP = 'GP',
  HOSPITAL_DISCHARGE_TEAM = 'HOSPITAL_DISCHARGE_TEAM',
  AMBULANCE = 'AMBULANCE',
  SOCIAL_CARE = 'SOCIAL_CARE',
  COMMUNITY_HEALTH = 'COMMUNITY_HEALTH',
  MENTAL_HEALTH = 'MENTAL_HEALTH',
  SELF = 'SELF',
  CARER = 'CARER',
  OTHER = 'OTHER',
}

/** The urgency a referrer asks for, and the priority triage sets; each has a response standard per service. */
export enum ReferralPriority {
  URGENT = 'URGENT',
  SOON = 'SOON',
  ROUTINE = 'ROUTINE',
}

export enum StandardUnit {
  /** Counts the team's open hours. */
  HOURS = 'HOURS',
  /** Counts the team's open days after the day of receipt; due at closing time. */
  DAYS = 'DAYS',
}

registerEnumType(ReferralSource, { name: 'ReferralSource' });
registerEnumType(ReferralPriority, { name: 'ReferralPriority' });
registerEnumType(StandardUnit, { name: 'StandardUnit' });
