import { registerEnumType } from '@nestjs/graphql';

/** What happened to the person, as partners report it. */
export enum CareEventKind {
  EMERGENCY_ADMISSION = 'EMERGENCY_ADMISSION',
  /** An attendance at an emergency department (A&E) without admission. */
  AE_ATTENDANCE = 'AE_ATTENDANCE',
  /** Discharge from hospital, with where to; names its admission when known. */
  DISCHARGE = 'DISCHARGE',
  REABLEMENT_START = 'REABLEMENT_START',
  REABLEMENT_END = 'REABLEMENT_END',
  /** A permanent admission to a care home (residential or nursing), funded or arranged by the council. */
  CARE_HOME_ADMISSION = 'CARE_HOME_ADMISSION',
  /** Days a person ready to leave hospital waited for a transfer of care (names the admission). */
  DELAYED_TRANSFER = 'DELAYED_TRANSFER',
  /** Recorded once per person, with the place; sets the register's date of death if not set. */
  DEATH = 'DEATH',
}

export enum DischargeDestination {
  USUAL_RESIDENCE = 'USUAL_RESIDENCE',
  RESIDENTIAL_CARE = 'RESIDENTIAL_CARE',
  NURSING_CARE = 'NURSING_CARE',
  REABLEMENT = 'REABLEMENT',
  OTHER = 'OTHER',
}

export enum CareHomeSetting {
  RESIDENTIAL = 'RESIDENTIAL',
  NURSING = 'NURSING',
}

/** What may raise a notification to the lead and a plan review, where a rule says so. */
export enum ReviewTriggerKind {
  EMERGENCY_ADMISSION = 'EMERGENCY_ADMISSION',
  AE_ATTENDANCE = 'AE_ATTENDANCE',
  DISCHARGE = 'DISCHARGE',
  NEW_REFERRAL = 'NEW_REFERRAL',
  RISK_TIER_CHANGE = 'RISK_TIER_CHANGE',
}

/** A worklist's filter. */
export enum NotificationState {
  UNREAD = 'UNREAD',
  ACKNOWLEDGED = 'ACKNOWLEDGED',
  ALL = 'ALL',
}

registerEnumType(CareEventKind, { name: 'CareEventKind' });
registerEnumType(DischargeDestination, { name: 'DischargeDestination' });
registerEnumType(CareHomeSetting, { name: 'CareHomeSetting' });
registerEnumType(ReviewTriggerKind, {
  name: 'ReviewTriggerKind',
  description: 'What raises a notification to the lead professional and a plan review, where a rule is enabled.',
});
registerEnumType(NotificationState, { name: 'NotificationState' });
