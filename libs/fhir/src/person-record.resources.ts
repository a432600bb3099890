import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { referenceParam, SearchParam, tokenParam, UUID } from './entity-resources';
import { CARE_PLAN_STATUS, CarePlanRow, toFhirCarePlan } from './care-plan.fhir';
import { CareTeamRow, toFhirCareTeam } from './care-team.fhir';
import { parseToken } from './fhir-search';
import { Found } from './fhir-type';
import { REFERRAL_STATUS, ReferralRow, toFhirServiceRequest } from './referral.fhir';
import { RiskScoreRow, toFhirRiskAssessment } from './risk-assessment.fhir';
import { SqlResources } from './sql-resources';
import { NHS_NUMBER_SYSTEM, REFERRAL_SERVICE_SYSTEM, RISK_MODEL_SYSTEM } from './uk-core';

/**
 * `patient` and `subject` (Patient/<id>), and `patient.identifier` (the NHS number, chained): how
 * a partner finds one person's resources of any type.
 */
const PATIENT_PARAMS: SearchParam[] = [
  referenceParam('patient', 'Patient', 'q."personId"'),
  referenceParam('subject', 'Patient', 'q."personId"'),
  {
    name: 'patient.identifier',
    type: 'token',
    documentation: `The patient's NHS number: ${NHS_NUMBER_SYSTEM}|<10 digits>`,
    where: (query, raw, key) => {
      const { system, value } = parseToken('patient.identifier', raw);
      if (system && system !== NHS_NUMBER_SYSTEM) query.andWhere('false');
      else query.andWhere(`q."personId" = (SELECT id FROM person WHERE nhs_number = :${key})`, { [key]: value.replace(/[\s-]/g, '') });
    },
  },
];

/** A token parameter on a text column with FHIR codes mapped from the domain's (status=active...). */
function statusParam(column: string, codesOf: Record<string, string>, documentation: string): SearchParam {
  return {
    name: 'status',
    type: 'token',
    documentation,
    where: (query, raw, key) => {
      const wanted = raw.split(',').map((v) => parseToken('status', v).value);
      const domain = Object.entries(codesOf).filter(([own, fhir]) => wanted.includes(fhir) || wanted.includes(own)).map(([own]) => own);
      query.andWhere(`${column} = ANY(:${key})`, { [key]: domain });
    },
  };
}

/**
 * A person's care team (members, carers, the person, and the accountable lead) as one CareTeam
 * named by the person's id. Its lastUpdated is its latest change of member or lead.
 */
@Injectable()
export class CareTeamResources extends SqlResources<CareTeamRow> {
  readonly type = 'CareTeam';
  protected readonly params = [
    ...PATIENT_PARAMS,
    {
      name: 'status',
      type: 'token' as const,
      documentation: 'active (someone is in the team now) or inactive',
      where: (query: any, raw: string, key: string) => {
        const active = raw.split(',').map((v) => parseToken('status', v).value);
        query.andWhere(`q.active = ANY(:${key}::boolean[])`, { [key]: active.map((s) => s === 'active') });
      },
    },
  ];
  protected readonly source = `
    SELECT m.person_id AS id, m.person_id AS "personId", pe.nhs_number AS "nhsNumber",
      bool_or(m.end_date IS NULL) AS active,
      greatest(max(m.updated_at), (
        SELECT max(greatest(l.started_at, l.ended_at)) FROM lead_professional l WHERE l.person_id = m.person_id)) AS "lastUpdated",
      jsonb_agg(jsonb_build_object(
        'id', m.id, 'kind', m.kind, 'roleInCare', m.role_in_care, 'startDate', m.start_date, 'endDate', m.end_date,
        'professionalId', m.professional_id, 'professionalName', concat_ws(' ', pr.given_name, pr.family_name),
        'organisationId', m.organisation_id, 'organisationName', o.name, 'odsCode', o.ods_code,
        'teamName', t.name, 'teamOrganisationId', t.organisation_id, 'name', m.name, 'relationship', m.relationship,
        'isLead', EXISTS (SELECT 1 FROM lead_professional l WHERE l.care_team_member_id = m.id AND l.ended_at IS NULL))
        ORDER BY m.start_date, m.created_at, m.id) AS members
    FROM care_team_member m
    JOIN person pe ON pe.id = m.person_id
    LEFT JOIN professional pr ON pr.id = m.professional_id
    LEFT JOIN organisation o ON o.id = m.organisation_id
    LEFT JOIN team t ON t.id = m.team_id
    GROUP BY m.person_id, pe.nhs_number`;
  protected toFhir = toFhirCareTeam;
}

/** Joint care plans: the current version by read and search; every saved version by vread and history. */
@Injectable()
export class CarePlanResources extends SqlResources<CarePlanRow> {
  readonly type = 'CarePlan';
  protected readonly params = [
    ...PATIENT_PARAMS,
    statusParam('q.status', CARE_PLAN_STATUS, 'draft, active (ACTIVE or UNDER_REVIEW) or completed; or the plan status itself'),
  ];
  /** Every version of every plan, with that version's sign-offs; `current` keeps the plan's current version only. */
  private sourceOf(current: boolean) {
    return `
    SELECT cp.id, cp.person_id AS "personId", pe.nhs_number AS "nhsNumber", v.version, v.status, v.content,
      cp.start_date::text AS "startDate", cp.is_joint AS "isJoint", cp.created_at AS "createdAt", v.author_id AS "authorId",
      CASE WHEN v.status = 'CLOSED' THEN cp.closed_at END AS "closedAt",
      CASE WHEN v.status = 'CLOSED' THEN cp.close_reason END AS "closeReason",
      coalesce(s.sign_offs, '[]'::jsonb) AS "signOffs", greatest(v.saved_at, s.last_signed) AS "lastUpdated"
    FROM care_plan cp
    JOIN care_plan_version v ON v.care_plan_id = cp.id ${current ? 'AND v.version = cp.version' : ''}
    JOIN person pe ON pe.id = cp.person_id
    LEFT JOIN LATERAL (
      SELECT jsonb_agg(jsonb_build_object('professionalId', so.professional_id, 'sector', so.sector, 'asLead', so.as_lead,
               'signedAt', so.signed_at) ORDER BY so.signed_at, so.id) AS sign_offs,
             max(so.signed_at) AS last_signed
      FROM care_plan_sign_off so WHERE so.care_plan_id = cp.id AND so.plan_version = v.version) s ON true`;
  }
  protected readonly source = this.sourceOf(true);
  protected toFhir = toFhirCarePlan;

  private versions(db: EntityManager, id: string, version?: number): Promise<Found[]> {
    if (!UUID.test(id)) return Promise.resolve([]);
    const query = this.query(db, this.sourceOf(false)).where('q.id = :id', { id });
    if (version !== undefined) query.andWhere('q.version = :version', { version });
    return this.rows(query.orderBy('q.version', 'DESC'));
  }

  async version(db: EntityManager, id: string, version: number): Promise<Found | undefined> {
    return (await this.versions(db, id, version))[0];
  }

  history(db: EntityManager, id: string): Promise<Found[]> {
    return this.versions(db, id);
  }
}

/** Referrals into the single point of referral as ServiceRequests. */
@Injectable()
export class ServiceRequestResources extends SqlResources<ReferralRow> {
  readonly type = 'ServiceRequest';
  protected readonly params = [
    ...PATIENT_PARAMS,
    statusParam('q.status', REFERRAL_STATUS, 'active, completed or revoked; or the referral status itself (TRIAGED...)'),
    tokenParam('code', 'q."serviceCode"', REFERRAL_SERVICE_SYSTEM, `The service asked for: ${REFERRAL_SERVICE_SYSTEM}|<code>`),
  ];
  protected readonly source = `
    SELECT r.id, r.person_id AS "personId", pe.nhs_number AS "nhsNumber", r.version,
      greatest(r.received_at, (SELECT max(st.at) FROM referral_step st WHERE st.referral_id = r.id)) AS "lastUpdated",
      r.service_code AS "serviceCode", rs.name AS "serviceName", r.status, r.source, r.requested_urgency AS "requestedUrgency",
      r.priority, r.reason, r.referrer_name AS "referrerName", r.sent_by_professional_id AS "sentByProfessionalId",
      r.referring_organisation_id AS "referringOrganisationId", r.spoa_organisation_id AS "spoaOrganisationId",
      t.name AS "teamName", t.organisation_id AS "teamOrganisationId", r.attachments, r.linked_to_id AS "linkedToId",
      r.received_at AS "receivedAt", r.due_at AS "dueAt", r.outcome, r.close_reason AS "closeReason"
    FROM referral r
    JOIN person pe ON pe.id = r.person_id
    LEFT JOIN referral_service rs ON rs.code = r.service_code
    LEFT JOIN team t ON t.id = r.team_id`;
  protected toFhir = toFhirServiceRequest;
}

/** Risk scores as RiskAssessments (a score is loaded once and never changed). */
@Injectable()
export class RiskAssessmentResources extends SqlResources<RiskScoreRow> {
  readonly type = 'RiskAssessment';
  protected readonly params = [
    ...PATIENT_PARAMS,
    tokenParam('method', 'q."modelCode"', RISK_MODEL_SYSTEM, `The model: ${RISK_MODEL_SYSTEM}|EFI (CPM, ACG, PARR30, QADMISSIONS, LOCAL)`),
  ];
  protected readonly source = `
    SELECT s.id, s.person_id AS "personId", pe.nhs_number AS "nhsNumber", s.loaded_at AS "lastUpdated",
      s.model_code AS "modelCode", m.name AS "modelName", m.description AS "modelDescription",
      s.value::float8 AS value, s.category, c.name AS "categoryName", s.assessed_on::text AS "assessedOn", s.source, s.detail
    FROM risk_score s
    JOIN person pe ON pe.id = s.person_id
    JOIN risk_model m ON m.code = s.model_code
    LEFT JOIN risk_model_category c ON c.model_code = s.model_code AND c.code = s.category`;
  protected toFhir = toFhirRiskAssessment;
}
