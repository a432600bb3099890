import { registerEnumType } from '@nestjs/graphql';

/** Who a care team member is. */
export enum CareTeamMemberKind {
  PROFESSIONAL = 'PROFESSIONAL',
  ORGANISATION = 'ORGANISATION',
  TEAM = 'TEAM',
  /** An unpaid carer, named, with their relationship and contact. */
  CARER = 'CARER',
  /** A relative or next of kin, named, with their relationship and contact. */
  RELATIVE = 'RELATIVE',
  /** The person themself: they are part of their own care team. */
  THE_PERSON = 'THE_PERSON',
}

/** Why the accountable lead professional was assigned, handed over or ended. */
export enum HandoverReason {
  /** A first lead for someone who had none. */
  ASSIGNED = 'ASSIGNED',
  /** Needs grew (say, to significant complexity): a more specialist lead takes over. */
  STEP_UP = 'STEP_UP',
  /** Condition stabilised: back to the GP practice-level MDT. */
  STEP_DOWN = 'STEP_DOWN',
  CHANGE_OF_TEAM = 'CHANGE_OF_TEAM',
  PROFESSIONAL_LEFT = 'PROFESSIONAL_LEFT',
  PERSON_CHOICE = 'PERSON_CHOICE',
  NO_LONGER_CASE_MANAGED = 'NO_LONGER_CASE_MANAGED',
  DIED = 'DIED',
  /** Say why in reasonNote. */
  OTHER = 'OTHER',
}

registerEnumType(CareTeamMemberKind, { name: 'CareTeamMemberKind', description: 'Who a care team member is.' });
registerEnumType(HandoverReason, {
  name: 'HandoverReason',
  description: 'Why the accountable lead professional was assigned, handed over or ended.',
});
