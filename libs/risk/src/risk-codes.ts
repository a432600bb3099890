import { registerEnumType } from '@nestjs/graphql';

/** The stratification models the service knows; each one's range and categories are rows of risk_model. */
export enum RiskModel {
  /** Electronic Frailty Index: deficits out of 36, as a fraction. */
  EFI = 'EFI',
  /** Combined Predictive Model: probability of an emergency admission within a year. */
  CPM = 'CPM',
  /** Johns Hopkins ACG: resource utilisation band, 0 to 5. */
  ACG = 'ACG',
  /** PARR-30: probability of an emergency readmission within 30 days. */
  PARR30 = 'PARR30',
  /** QAdmissions: percentage risk of an emergency admission within 2 years. */
  QADMISSIONS = 'QADMISSIONS',
  LOCAL = 'LOCAL',
}

/** How a policy places people in tiers. */
export enum TierBasis {
  /** By the share of the policy's scored population scoring higher (top 2%, top 5%...). */
  PERCENTILE = 'PERCENTILE',
  /** By the model's own categories (the eFI's fit, mild, moderate, severe). */
  CATEGORY = 'CATEGORY',
}

/** How a person's tier changed at a re-tiering. */
export enum TierDirection {
  FIRST = 'FIRST',
  UP = 'UP',
  DOWN = 'DOWN',
  /** No longer in the policy's population (moved practice) or unscored with no tier for the unscored. */
  REMOVED = 'REMOVED',
}

export enum NominationStatus {
  /** Awaiting the MDT. */
  NOMINATED = 'NOMINATED',
  /** The MDT will look again (by reviewOn). */
  DEFERRED = 'DEFERRED',
  /** Taken on, with a lead professional assigned. Final. */
  TAKEN_ON = 'TAKEN_ON',
  /** Declined, with a reason. Final. */
  DECLINED = 'DECLINED',
}

export enum MdtDecision {
  TAKE_ON = 'TAKE_ON',
  DECLINE = 'DECLINE',
  DEFER = 'DEFER',
}

registerEnumType(RiskModel, { name: 'RiskModel' });
registerEnumType(TierBasis, { name: 'TierBasis' });
registerEnumType(TierDirection, { name: 'TierDirection' });
registerEnumType(NominationStatus, { name: 'NominationStatus' });
registerEnumType(MdtDecision, { name: 'MdtDecision' });
