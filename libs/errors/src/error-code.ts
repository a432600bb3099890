/**
 * The service's one error vocabulary. Codes are stable: clients branch on them, so a code is
 * never renamed, only added. Each carries the HTTP status it means for REST (FHIR) callers.
 */
export const ErrorCode = {
  /** Input failed validation (shape, range, format) before any rule was applied. */
  BAD_USER_INPUT: 400,
  NHS_NUMBER_INVALID: 400,
  /** Two dates that must come in order do not (a death before a birth, an end before a start). */
  DATES_OUT_OF_ORDER: 400,
  /** A date that can only be in the past (a birth, a death, the end of a membership) is in the future. */
  DATE_IN_FUTURE: 400,
  /** No bearer token, or one that is expired, wrongly signed, or for another issuer or audience. */
  UNAUTHENTICATED: 401,
  /**
   * The user's roles do not grant the activity, the organisation is not theirs, or they have no
   * legitimate relationship with the person (or the person dissents to sharing with them).
   */
  NOT_AUTHORISED: 403,
  /** The user has made too many requests in the last minute. */
  RATE_LIMITED: 429,
  NOT_FOUND: 404,
  PERSON_NOT_FOUND: 404,
  ORGANISATION_NOT_FOUND: 404,
  PROFESSIONAL_NOT_FOUND: 404,
  TEAM_NOT_FOUND: 404,
  /** No professional's role in an organisation with that id. */
  ROLE_NOT_FOUND: 404,
  /** No team membership or care team membership with that id. */
  MEMBERSHIP_NOT_FOUND: 404,
  /** The thing being created already exists (for a person: the NHS number is registered). */
  DUPLICATE: 409,
  /** The caller read an older version than the one stored; nothing was written. */
  VERSION_CONFLICT: 409,
  /** Another organisation already has this ODS code (`existingOrganisationId`). */
  ODS_CODE_TAKEN: 409,
  /** Another professional already has this registration with this body (`existingProfessionalId`). */
  REGISTRATION_TAKEN: 409,
  /** The new parent organisation is the organisation itself or sits under it. */
  ORGANISATION_HIERARCHY_CYCLE: 409,
  /** The professional, organisation or team is already an active member (`existingMemberId`). */
  ALREADY_A_MEMBER: 409,
  /** The membership has an end date already; ending never happens twice. */
  MEMBERSHIP_ALREADY_ENDED: 409,
  ROLE_ALREADY_ENDED: 409,
  /** The accountable lead must be a named professional, not an organisation, team, carer or relative. */
  LEAD_NOT_A_PROFESSIONAL: 400,
  /** The lead is not the one the caller named as current (`currentLeadId`): someone else changed it first. */
  LEAD_CHANGED: 409,
  /** The professional named is already this person's lead. */
  ALREADY_THE_LEAD: 409,
  /** The member is the person's accountable lead: hand the lead over or end it before they leave the care team. */
  MEMBER_IS_LEAD: 409,
  /** A privacy officer has reviewed this break-glass access already. */
  ALREADY_REVIEWED: 409,
  /** The dissent to sharing was withdrawn already. */
  ALREADY_WITHDRAWN: 409,
  /** No care plan with that id (or no version with that number). */
  PLAN_NOT_FOUND: 404,
  /** Activating a plan (or completing its review) before the person's agreement is recorded. */
  PLAN_AGREEMENT_MISSING: 409,
  /**
   * The current version lacks a sign-off activation needs: the lead professional's, and for a joint
   * plan one from health and one from social care (`missing`).
   */
  PLAN_SIGN_OFF_MISSING: 409,
  /** The person has a current (active or under review) plan already (`currentPlanId`). */
  PLAN_ALREADY_ACTIVE: 409,
  /** The plan is closed: it is not closed twice, and does not change. */
  PLAN_ALREADY_CLOSED: 409,
  /** The lifecycle step does not start from the plan's status (`status`). */
  PLAN_INVALID_TRANSITION: 409,
  /** A batch of risk scores had rows that cannot be loaded (`rows`: each with its index and reason); none was loaded. */
  RISK_SCORES_REFUSED: 400,
  /** No stratification policy with that id. */
  POLICY_NOT_FOUND: 404,
  /** The policy's tiers do not make a whole stratification (`fields`: what is wrong). */
  POLICY_INVALID: 400,
  /** A person a policy case-manages cannot be left without a lead: hand over to a successor instead. */
  CASE_MANAGED_NEEDS_LEAD: 409,
  /** No MDT nomination with that id. */
  NOMINATION_NOT_FOUND: 404,
  /** The person already has a nomination awaiting the MDT (`openNominationId`). */
  ALREADY_NOMINATED: 409,
  /** Only people without a lead professional are nominated for MDT case finding (`currentLeadId`). */
  NOT_AN_MDT_CANDIDATE: 409,
  /** The decision does not follow from the nomination's status (`status`): decided nominations are final. */
  NOMINATION_INVALID_TRANSITION: 409,
  /** No referral with that id. */
  REFERRAL_NOT_FOUND: 404,
  /** The referral's state machine has no such step from its status (`status`, `step`, `allowedFrom`). */
  REFERRAL_INVALID_TRANSITION: 409,
  /** Someone else holds the referral (`heldById`): it is never held by two people. */
  REFERRAL_ALREADY_CLAIMED: 409,
  /** The referral is held by someone else: only its holder accepts, declines, redirects or releases it. */
  REFERRAL_NOT_HELD: 409,
  /** Nothing is waiting in the team's queue to claim. */
  REFERRAL_QUEUE_EMPTY: 404,
  /** Only members of the team whose queue a referral is in may claim or act on it. */
  NOT_A_TEAM_MEMBER: 403,
  /** No referral service with that code. */
  REFERRAL_SERVICE_NOT_FOUND: 404,
  /** The team does not provide the service, or has no opening hours for it (`teamId`, `serviceCode`). */
  SERVICE_NOT_OFFERED: 409,
  /** No response standard is set for the service at that priority. */
  RESPONSE_STANDARD_MISSING: 409,
  /** A redirect must name a different team from the one whose queue it is in. */
  REFERRAL_SAME_TEAM: 409,
  /** FHIR update with If-Match: the resource is no longer at that version; nothing was written. */
  PRECONDITION_FAILED: 412,
  /** The FHIR interaction is not one this service offers for that resource type (see /fhir/metadata). */
  NOT_SUPPORTED: 405,
  /** No partner system with that id. */
  PARTNER_NOT_FOUND: 404,
  /** Another partner system has this name already (`existingPartnerId`). */
  PARTNER_NAME_TAKEN: 409,
  /** The partner's credentials or scope do not fit its kind (a client id without a token endpoint...). */
  PARTNER_SETTINGS_INCOMPLETE: 400,
  /** This service cannot give that resource type as FHIR yet (`supported`). */
  RESOURCE_TYPE_NOT_SUPPORTED: 400,
  /** No delivery with that id. */
  DELIVERY_NOT_FOUND: 404,
  /** Only a parked delivery is replayed (`status`). */
  DELIVERY_NOT_PARKED: 409,
  /** No care event with that id (or, for a discharge, no emergency admission of that person with that id). */
  CARE_EVENT_NOT_FOUND: 404,
  /** The person's death is recorded already (`existingEventId`); a death is recorded once. */
  DEATH_ALREADY_RECORDED: 409,
  /** The admission has a discharge already (`existingEventId`). */
  ALREADY_DISCHARGED: 409,
  /** The source identifier was used before for a different event (another person or kind); nothing was written. */
  SOURCE_IDENTIFIER_REUSED: 409,
  /** No notification with that id in the user's worklist. */
  NOTIFICATION_NOT_FOUND: 404,
  INTERNAL_SERVER_ERROR: 500,
} as const satisfies Record<string, number>;

export type ErrorCode = keyof typeof ErrorCode;

export function httpStatusOf(code: ErrorCode): number {
  return ErrorCode[code];
}
