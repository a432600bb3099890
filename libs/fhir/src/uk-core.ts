/** Identifier systems, code systems and extensions from UK Core (and FHIR R4 core) that the mappers use. */
export const NHS_NUMBER_SYSTEM = 'https://fhir.nhs.uk/Id/nhs-number';
export const ODS_ORGANISATION_SYSTEM = 'https://fhir.nhs.uk/Id/ods-organization-code';
export const NHS_NUMBER_VERIFICATION_STATUS_EXTENSION =
  'https://fhir.hl7.org.uk/StructureDefinition/Extension-UKCore-NHSNumberVerificationStatus';
export const NHS_NUMBER_VERIFICATION_STATUS_SYSTEM =
  'https://fhir.hl7.org.uk/CodeSystem/UKCore-NHSNumberVerificationStatusEngland';
/** FHIR core: the patient needs an interpreter. */
export const INTERPRETER_REQUIRED_EXTENSION = 'http://hl7.org/fhir/StructureDefinition/patient-interpreterRequired';
/** BCP-47 language tags, as Patient.communication.language uses them. */
export const LANGUAGE_SYSTEM = 'urn:ietf:bcp:47';
/** ONS (GSS) codes, as for the local authority a person lives in. */
export const ONS_AREA_SYSTEM = 'https://statistics.gov.uk/id/statistical-geography';

/**
 * Where UK Core has no element for something the service records (a person's flags, their
 * Accessible Information Standard needs, the council whose area they live in), the mappers use
 * extensions of this service's own, under this base.
 */
export const LOCAL_BASE = 'https://care-coordination.invalid/fhir';
export const RESIDENCE_LOCAL_AUTHORITY_EXTENSION = `${LOCAL_BASE}/StructureDefinition/residence-local-authority`;
export const COMMUNICATION_NEED_EXTENSION = `${LOCAL_BASE}/StructureDefinition/communication-need`;
export const COMMUNICATION_NEED_SYSTEM = `${LOCAL_BASE}/CodeSystem/communication-need`;
export const REASONABLE_ADJUSTMENTS_EXTENSION = `${LOCAL_BASE}/StructureDefinition/reasonable-adjustments`;
export const PERSON_FLAG_EXTENSION = `${LOCAL_BASE}/StructureDefinition/person-flag`;
export const PERSON_FLAG_SYSTEM = `${LOCAL_BASE}/CodeSystem/person-flag`;

/** Professional registers, as UK Core names their identifier systems. */
export const REGISTRATION_SYSTEMS: Record<string, string> = {
  GMC: 'https://fhir.hl7.org.uk/Id/gmc-number',
  NMC: 'https://fhir.hl7.org.uk/Id/nmc-number',
  HCPC: 'https://fhir.hl7.org.uk/Id/hcpc-number',
  GPHC: 'https://fhir.hl7.org.uk/Id/gphc-number',
  SOCIAL_WORK_ENGLAND: `${LOCAL_BASE}/Id/social-work-england`,
};
export const ORGANISATION_KIND_SYSTEM = `${LOCAL_BASE}/CodeSystem/organisation-kind`;
export const PROFESSION_SYSTEM = `${LOCAL_BASE}/CodeSystem/profession`;

/** A person's care team: who each member is (CareTeamMemberKind), and the accountable lead's role. */
export const CARE_TEAM_ROLE_SYSTEM = `${LOCAL_BASE}/CodeSystem/care-team-role`;
export const LEAD_PROFESSIONAL_ROLE = 'LEAD_PROFESSIONAL';

/** Joint care plans: the plan's own status (UNDER_REVIEW has no FHIR status), sections and sign-offs. */
export const CARE_PLAN_CATEGORY_SYSTEM = `${LOCAL_BASE}/CodeSystem/care-plan-category`;
export const CARE_PLAN_STATUS_EXTENSION = `${LOCAL_BASE}/StructureDefinition/care-plan-status`;
export const CARE_PLAN_STATUS_SYSTEM = `${LOCAL_BASE}/CodeSystem/care-plan-status`;
export const CARE_PLAN_REVIEW_DATE_EXTENSION = `${LOCAL_BASE}/StructureDefinition/care-plan-next-review-date`;
export const CARE_PLAN_SIGN_OFF_EXTENSION = `${LOCAL_BASE}/StructureDefinition/care-plan-sign-off`;
export const CARE_PLAN_SECTION_SYSTEM = `${LOCAL_BASE}/CodeSystem/care-plan-section`;
export const CARE_SECTOR_SYSTEM = `${LOCAL_BASE}/CodeSystem/care-sector`;
export const CARE_PLAN_SECTION_EXTENSION = `${LOCAL_BASE}/StructureDefinition/care-plan-section`;

/** Referrals into the single point of referral. */
export const REFERRAL_IDENTIFIER_SYSTEM = `${LOCAL_BASE}/Id/referral`;
export const REFERRAL_SERVICE_SYSTEM = `${LOCAL_BASE}/CodeSystem/referral-service`;
export const REFERRAL_SOURCE_SYSTEM = `${LOCAL_BASE}/CodeSystem/referral-source`;
export const REFERRAL_STATUS_EXTENSION = `${LOCAL_BASE}/StructureDefinition/referral-status`;
export const REFERRAL_STATUS_SYSTEM = `${LOCAL_BASE}/CodeSystem/referral-status`;
export const REFERRAL_URGENCY_EXTENSION = `${LOCAL_BASE}/StructureDefinition/referral-requested-urgency`;
export const REFERRAL_DUE_EXTENSION = `${LOCAL_BASE}/StructureDefinition/referral-due-at`;

/** Risk scores from stratification models (eFI, CPM, ACG...), with the model's category for the value. */
export const RISK_SCORE_IDENTIFIER_SYSTEM = `${LOCAL_BASE}/Id/risk-score`;
export const RISK_MODEL_SYSTEM = `${LOCAL_BASE}/CodeSystem/risk-model`;
export const RISK_CATEGORY_SYSTEM = `${LOCAL_BASE}/CodeSystem/risk-category`;
export const RISK_SCORE_EXTENSION = `${LOCAL_BASE}/StructureDefinition/risk-score-value`;
export const RISK_CATEGORY_EXTENSION = `${LOCAL_BASE}/StructureDefinition/risk-category`;
export const EFI_DEFICIT_COUNT_EXTENSION = `${LOCAL_BASE}/StructureDefinition/efi-deficit-count`;
export const EFI_DEFICIT_EXTENSION = `${LOCAL_BASE}/StructureDefinition/efi-deficit`;
/** Documents held elsewhere, named by their address. */
export const URI_SYSTEM = 'urn:ietf:rfc:3986';
export const DISSENT_NOTE_EXTENSION = `${LOCAL_BASE}/StructureDefinition/sharing-dissent-note`;
/** The care plan a goal is part of (Goal has no element for it in R4). */
export const GOAL_CARE_PLAN_EXTENSION = `${LOCAL_BASE}/StructureDefinition/goal-care-plan`;
/** Flags: a person's tier under a stratification policy, and their dissent from sharing. */
export const FLAG_SYSTEM = `${LOCAL_BASE}/CodeSystem/flag`;
export const STRATIFICATION_TIER_SYSTEM = `${LOCAL_BASE}/CodeSystem/stratification-tier`;
export const FLAG_CATEGORY_SYSTEM = 'http://terminology.hl7.org/CodeSystem/flag-category';
/** The audit trail: who acted (their token subject), the operation, the job roles and the relationship that allowed it. */
export const TOKEN_SUBJECT_SYSTEM = `${LOCAL_BASE}/Id/token-subject`;
export const AUDIT_OPERATION_SYSTEM = `${LOCAL_BASE}/CodeSystem/audit-operation`;
export const JOB_ROLE_SYSTEM = `${LOCAL_BASE}/CodeSystem/job-role`;
export const RELATIONSHIP_BASIS_SYSTEM = `${LOCAL_BASE}/CodeSystem/relationship-basis`;
export const RECORD_PART_SYSTEM = `${LOCAL_BASE}/CodeSystem/record-part`;
export const PURPOSE_OF_USE_SYSTEM = `${LOCAL_BASE}/CodeSystem/purpose-of-use`;
