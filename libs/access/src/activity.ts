import { registerEnumType } from '@nestjs/graphql';

/**
 * What a user may do, in the style of the NHS national RBAC model's activities. Job roles grant
 * activities; which role grants which is data (access_role_activity), not code.
 */
export enum Activity {
  /** Read a person's record where there is a legitimate relationship. */
  VIEW_PERSON_RECORD = 'VIEW_PERSON_RECORD',
  /** Change a person's record (demographics, care team, lead) where there is a legitimate relationship. */
  CHANGE_PERSON_RECORD = 'CHANGE_PERSON_RECORD',
  /** Add a person to the register. */
  REGISTER_PERSON = 'REGISTER_PERSON',
  /** Lists and counts of people across the user's own organisations (practice lists, at-risk lists). */
  RUN_POPULATION_QUERIES = 'RUN_POPULATION_QUERIES',
  /** Triage, claim, accept, redirect, decline and complete referrals in a team's queue. */
  MANAGE_REFERRAL_QUEUE = 'MANAGE_REFERRAL_QUEUE',
  /** Read the directory of organisations, professionals and teams. */
  VIEW_DIRECTORY = 'VIEW_DIRECTORY',
  MANAGE_DIRECTORY = 'MANAGE_DIRECTORY',
  /** Open a record outside one's relationships, stating a reason, for a limited time. */
  BREAK_GLASS = 'BREAK_GLASS',
  /** Read the audit trail and review break-glass accesses (privacy officers, Caldicott guardians). */
  REVIEW_ACCESS = 'REVIEW_ACCESS',
  /**
   * Read the audit trail of a person's record, where there is a legitimate relationship with them
   * (information governance leads, privacy officers): who read or changed it, when and why.
   */
  VIEW_AUDIT_TRAIL = 'VIEW_AUDIT_TRAIL',
  /** Record or withdraw a person's dissent to sharing. */
  RECORD_SHARING_DISSENT = 'RECORD_SHARING_DISSENT',
  /** Send a referral to the single point of referral (the referrer need not know the person yet). */
  MAKE_REFERRAL = 'MAKE_REFERRAL',
  /** Load risk scores from stratification models (in bulk). */
  LOAD_RISK_SCORES = 'LOAD_RISK_SCORES',
  /** Set the stratification policy that assigns tiers, and re-tier the population. */
  MANAGE_STRATIFICATION_POLICY = 'MANAGE_STRATIFICATION_POLICY',
  /** Nominate a person for multidisciplinary team case review. */
  NOMINATE_FOR_MDT = 'NOMINATE_FOR_MDT',
  /** Register partner systems, see their delivery status and replay parked messages. */
  MANAGE_PARTNER_SYSTEMS = 'MANAGE_PARTNER_SYSTEMS',
  /** Record care events: admissions, A&E attendances, discharges, reablement, care home admissions, delayed transfers, deaths. */
  RECORD_CARE_EVENT = 'RECORD_CARE_EVENT',
  /** See outcome measures (counts and rates, nobody named) for the user's own organisations. */
  VIEW_OUTCOME_MEASURES = 'VIEW_OUTCOME_MEASURES',
}

registerEnumType(Activity, { name: 'Activity' });

/** Why a user may see a person, strongest first; the audit trail records it with every access. */
export enum RelationshipBasis {
  BREAK_GLASS = 'BREAK_GLASS',
  LEAD_PROFESSIONAL = 'LEAD_PROFESSIONAL',
  CARE_TEAM = 'CARE_TEAM',
  TEAM_CASELOAD = 'TEAM_CASELOAD',
  CARE_TEAM_ORGANISATION = 'CARE_TEAM_ORGANISATION',
  GP_PRACTICE = 'GP_PRACTICE',
  /** A team they belong to has claimed or accepted a referral for the person (or completed it in the last 30 days). */
  REFERRAL_TEAM = 'REFERRAL_TEAM',
  /** An open referral for the person is in their team's queue, or at a single point of referral their organisation runs. */
  REFERRAL_TRIAGE = 'REFERRAL_TRIAGE',
  /** They sent a referral for the person that is open, or closed in the last 30 days. */
  REFERRER = 'REFERRER',
}

registerEnumType(RelationshipBasis, { name: 'RelationshipBasis' });
