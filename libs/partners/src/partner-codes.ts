import { registerEnumType } from '@nestjs/graphql';

/** How this service proves who it is to the partner. */
export enum PartnerAuth {
  /** No credentials (a partner on a private network that authenticates by address). */
  NONE = 'NONE',
  /** A long-lived bearer token the partner issued, read from a secret. */
  BEARER_TOKEN = 'BEARER_TOKEN',
  /** OAuth 2.0 client credentials: a client id and secret exchanged at the partner's token endpoint. */
  CLIENT_CREDENTIALS = 'CLIENT_CREDENTIALS',
}

/** Which people a partner receives changes for. */
export enum PartnerScope {
  /** People resident in a local authority (a council's adult social care system): scopeCode is its ONS code. */
  RESIDENT_IN_LOCAL_AUTHORITY = 'RESIDENT_IN_LOCAL_AUTHORITY',
  /** People whose postcode is in an area or district (scopeCode such as `CO` or `CO4`). */
  RESIDENT_IN_POSTCODE_AREA = 'RESIDENT_IN_POSTCODE_AREA',
  /** People whose current care team includes the organisation (or a team or organisation under it): a trust. */
  IN_CARE_TEAM = 'IN_CARE_TEAM',
}

/** The FHIR resources a partner may be sent; each has a trigger that writes its changes to the outbox. */
export enum SyncedResourceType {
  Patient = 'Patient',
  CareTeam = 'CareTeam',
  CarePlan = 'CarePlan',
  ServiceRequest = 'ServiceRequest',
  RiskAssessment = 'RiskAssessment',
  /** A referral's workflow at the single point of referral. */
  Task = 'Task',
  /** The goals of a person's joint plan, each its own resource. */
  Goal = 'Goal',
  /** A person's tier under each stratification policy, and their dissent from sharing. */
  Flag = 'Flag',
  /** A person's dissent from sharing. */
  Consent = 'Consent',
  /** Emergency admissions (with their discharge) and A&E attendances. */
  Encounter = 'Encounter',
  /** Reablement and permanent care home admissions. */
  EpisodeOfCare = 'EpisodeOfCare',
  /** Notifications to a person's lead professional (admissions, discharges, referrals, tier changes). */
  Communication = 'Communication',
}

export enum DeliveryStatus {
  PENDING = 'PENDING',
  DELIVERED = 'DELIVERED',
  /** Failed too often (or was refused outright); held, with the person's later messages, until replayed. */
  PARKED = 'PARKED',
}

registerEnumType(PartnerAuth, { name: 'PartnerAuth' });
registerEnumType(PartnerScope, { name: 'PartnerScope' });
registerEnumType(SyncedResourceType, { name: 'SyncedResourceType' });
registerEnumType(DeliveryStatus, { name: 'DeliveryStatus' });
