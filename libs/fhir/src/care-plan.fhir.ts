import type { Annotation, CarePlan, CarePlanActivity, Extension, Organization, Practitioner, Reference } from '@medplum/fhirtypes';
import type { StoredContent } from '@app/care-plans';
import {
  CARE_PLAN_CATEGORY_SYSTEM,
  CARE_PLAN_REVIEW_DATE_EXTENSION,
  CARE_PLAN_SECTION_EXTENSION,
  CARE_PLAN_SECTION_SYSTEM,
  CARE_PLAN_SIGN_OFF_EXTENSION,
  CARE_PLAN_STATUS_EXTENSION,
  CARE_PLAN_STATUS_SYSTEM,
  CARE_SECTOR_SYSTEM,
  NHS_NUMBER_SYSTEM,
} from './uk-core';

/** A professional's sign-off of the version, for one side of the plan. */
export interface SignOffRow {
  professionalId: string;
  sector: string;
  asLead: boolean;
  signedAt: string;
}

/** One version of a joint plan (the current one, or a past one for vread and history), with its plan's fixed facts. */
export interface CarePlanRow {
  id: string;
  personId: string;
  nhsNumber: string;
  version: number;
  /** When this version was saved. */
  lastUpdated: Date;
  status: 'DRAFT' | 'ACTIVE' | 'UNDER_REVIEW' | 'CLOSED';
  startDate: string;
  isJoint: boolean;
  createdAt: Date;
  authorId: string;
  closedAt: Date | null;
  closeReason: string | null;
  content: StoredContent;
  signOffs: SignOffRow[];
  /** The ids of the version's goals (see goalIdSql), in the plan's order. */
  goalIds: string[];
}

/** UNDER_REVIEW is still the plan in force, so active; the extension keeps the domain's own status. */
export const CARE_PLAN_STATUS: Record<CarePlanRow['status'], CarePlan['status']> = {
  DRAFT: 'draft',
  ACTIVE: 'active',
  UNDER_REVIEW: 'active',
  CLOSED: 'completed',
};

const ACTIVITY_STATUS: Record<string, NonNullable<CarePlanActivity['detail']>['status']> = {
  OPEN: 'not-started',
  DONE: 'completed',
  CANCELLED: 'cancelled',
};

/** Which section of the plan a note or an activity comes from. */
const sectionOf = (code: string): Extension[] => [{ url: CARE_PLAN_SECTION_EXTENSION, valueCoding: { system: CARE_PLAN_SECTION_SYSTEM, code } }];

const section = (code: string, text: string | null | undefined): Annotation[] => (text ? [{ text, extension: sectionOf(code) }] : []);

function lines(values: Record<string, string | null | undefined>): string | null {
  const present = Object.entries(values).filter(([, v]) => v);
  return present.length ? present.map(([k, v]) => `${k}: ${v}`).join('\n') : null;
}

function ownerOf(action: StoredContent['actions'][number]): Reference<Practitioner | Organization>[] {
  if (action.professionalId) return [{ reference: `Practitioner/${action.professionalId}`, type: 'Practitioner' }];
  if (action.organisationId) return [{ reference: `Organization/${action.organisationId}`, type: 'Organization' }];
  // Teams are not served as resources: the team is named by its id in the service.
  return action.teamId ? [{ display: `Team ${action.teamId}` }] : [];
}

/**
 * A version of a person's joint health and social care plan as a CarePlan: goals (in the person's
 * words) as references to Goals of their own, actions as activities with their owner, due date and status, what
 * matters to them as the description, the other sections as labelled notes, the next review date
 * and each sign-off as extensions. meta.versionId is the plan's version, so vread gives the plan
 * as it was then.
 */
export function toFhirCarePlan(plan: CarePlanRow): CarePlan {
  const { content } = plan;
  const subject = { reference: `Patient/${plan.personId}`, identifier: { system: NHS_NUMBER_SYSTEM, value: plan.nhsNumber } };
  // A goal said twice is one goal.
  const goals = [...new Set(plan.goalIds)];
  const extension: Extension[] = [
    { url: CARE_PLAN_STATUS_EXTENSION, valueCoding: { system: CARE_PLAN_STATUS_SYSTEM, code: plan.status } },
    ...(content.nextReviewDate ? [{ url: CARE_PLAN_REVIEW_DATE_EXTENSION, valueDate: content.nextReviewDate }] : []),
    ...plan.signOffs.map((s) => ({
      url: CARE_PLAN_SIGN_OFF_EXTENSION,
      extension: [
        { url: 'professional', valueReference: { reference: `Practitioner/${s.professionalId}` } },
        { url: 'sector', valueCoding: { system: CARE_SECTOR_SYSTEM, code: s.sector } },
        { url: 'asLead', valueBoolean: s.asLead },
        { url: 'signedAt', valueDateTime: new Date(s.signedAt).toISOString() },
      ],
    })),
  ];
  const note: Annotation[] = [
    ...section('ABOUT_ME', content.aboutMe),
    ...content.needs.flatMap((n) => section(`NEED_${n.sector}`, n.description)),
    ...section('CONTINGENCY', content.contingency && lines({ 'Who to call': content.contingency.whoToCall, 'What to do': content.contingency.whatToDo, 'Out of hours': content.contingency.outOfHours })),
    ...section('CARER', content.carer && lines({ Carer: content.carer.name, Relationship: content.carer.relationship, Contact: content.carer.contact, Support: content.carer.support })),
    ...section('END_OF_LIFE', content.endOfLife && lines({
      'Preferred place of care': content.endOfLife.preferredPlaceOfCare,
      'Preferred place of death': content.endOfLife.preferredPlaceOfDeath,
      'Resuscitation decision': content.endOfLife.resuscitationDecisionReference,
    })),
    ...section('AGREEMENT', content.agreement && lines({
      Agreed: content.agreement.agreed ? `yes, on ${content.agreement.agreedOn}` : 'no',
      'Consent to share': content.agreement.consentToShare ? 'yes' : 'no',
      'Agreed by': content.agreement.agreedBy,
    })),
    ...section('CLOSED', plan.closeReason),
  ];
  const activity: CarePlanActivity[] = content.actions.map((a) => ({
    detail: {
      extension: sectionOf(`ACTION_${a.sector}`),
      status: ACTIVITY_STATUS[a.status],
      description: a.description,
      scheduledPeriod: { end: a.dueDate },
      ...(ownerOf(a).length ? { performer: ownerOf(a) } : {}),
    },
  }));
  const end = plan.status === 'CLOSED' && plan.closedAt ? new Date(plan.closedAt).toISOString().slice(0, 10) : undefined;
  return {
    resourceType: 'CarePlan',
    id: plan.id,
    meta: { versionId: String(plan.version), lastUpdated: new Date(plan.lastUpdated).toISOString() },
    extension,
    status: CARE_PLAN_STATUS[plan.status],
    intent: 'plan',
    category: [
      {
        coding: [{ system: CARE_PLAN_CATEGORY_SYSTEM, code: plan.isJoint ? 'JOINT' : 'SINGLE_AGENCY' }],
        text: plan.isJoint ? 'Joint health and social care plan' : 'Personalised care and support plan',
      },
    ],
    title: 'Personalised care and support plan',
    ...(content.whatMattersToMe ? { description: content.whatMattersToMe } : {}),
    subject,
    period: { start: plan.startDate, ...(end ? { end } : {}) },
    created: new Date(plan.createdAt).toISOString(),
    author: { reference: `Practitioner/${plan.authorId}`, type: 'Practitioner' },
    ...(plan.signOffs.length ? { contributor: [...new Set(plan.signOffs.map((s) => s.professionalId))].map((id) => ({ reference: `Practitioner/${id}` })) } : {}),
    ...(goals.length ? { goal: goals.map((id) => ({ reference: `Goal/${id}` })) } : {}),
    ...(activity.length ? { activity } : {}),
    ...(note.length ? { note } : {}),
  };
}
