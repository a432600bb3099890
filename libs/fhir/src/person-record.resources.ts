import { Injectable } from '@nestjs/common';
import type { Consent, RiskAssessment, ServiceRequest } from '@medplum/fhirtypes';
import { EntityManager } from 'typeorm';
import { AccessService, Activity, RecordSharingDissentInput } from '@app/access';
import type { User } from '@app/access';
import { DomainError } from '@app/errors';
import { ReferralsService, SendReferralInput } from '@app/referrals';
import { RiskScoreInput, RiskScoresService } from '@app/risk';
import { checkInput } from './check-input';
import { refuseElement } from './fhir-refusal';
import { Ref, refOf } from './references.fhir';
import { namingOne, referenceParam, SearchParam, tokenParam, UUID } from './entity-resources';
import { CARE_PLAN_STATUS, CarePlanRow, toFhirCarePlan } from './care-plan.fhir';
import { FlagRow, tierFlagIdSql, toFhirFlag } from './flag.fhir';
import { goalIdSql, goalLifecycleSql, GoalRow, toFhirGoal } from './goal.fhir';
import { CareTeamRow, toFhirCareTeam } from './care-team.fhir';
import { DissentRow, DissentSent, fromFhirConsent, toFhirConsent } from './consent.fhir';
import { parseToken } from './fhir-search';
import { Found, FhirType } from './fhir-type';
import { fromFhirServiceRequest, REFERRAL_STATUS, ReferralIntake, ReferralRow, TASK_STATUS, toFhirServiceRequest, toFhirTask } from './referral.fhir';
import { fromFhirRiskAssessment, RiskScoreRow, ScoreToLoad, toFhirRiskAssessment } from './risk-assessment.fhir';
import { SqlResources, VersionedSqlResources } from './sql-resources';
import { NHS_NUMBER_SYSTEM, REFERRAL_SERVICE_SYSTEM, RISK_MODEL_SYSTEM } from './uk-core';

/**
 * `patient` and `subject` (Patient/<id>), and `patient.identifier` (the NHS number, chained): how
 * a partner finds one person's resources of any type.
 */
export const PATIENT_PARAMS: SearchParam[] = [
  namingOne(referenceParam('patient', 'Patient', 'q."personId"')),
  namingOne(referenceParam('subject', 'Patient', 'q."personId"')),
  {
    name: 'patient.identifier',
    namesOne: true,
    type: 'token',
    documentation: `The patient's NHS number: ${NHS_NUMBER_SYSTEM}|<10 digits>`,
    where: (query, raw, key) => {
      const { system, value } = parseToken('patient.identifier', raw);
      if (system && system !== NHS_NUMBER_SYSTEM) query.andWhere('false');
      else query.andWhere(`q."personId" = (SELECT id FROM person WHERE nhs_number = :${key})`, { [key]: value.replace(/[\s-]/g, '') });
    },
  },
];

/**
 * The NHS numbers of the people inbound resources name (by Patient/<id> or NHS number), in one
 * statement; an id that is no one's is refused naming the element.
 */
export async function nhsNumbersOf(db: EntityManager, refs: Ref[], element: string): Promise<string[]> {
  const ids = refs.flatMap((r) => (r.id ? [r.id] : []));
  const known: { id: string; nhs_number: string }[] = ids.length
    ? await db.query(`SELECT id::text, nhs_number FROM person WHERE id = ANY($1::uuid[])`, [ids.filter((id) => UUID.test(id))])
    : [];
  const byId = new Map(known.map((p) => [p.id, p.nhs_number]));
  return refs.map((r) => {
    if (!r.id) return r.identifier!.replace(/[\s-]/g, '');
    const nhsNumber = byId.get(r.id);
    if (!nhsNumber) throw refuseElement(element, `no Patient/${r.id} is registered`, 'PERSON_NOT_FOUND');
    return nhsNumber;
  });
}

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
export class CarePlanResources extends VersionedSqlResources<CarePlanRow> {
  readonly type = 'CarePlan';
  protected readonly params = [
    ...PATIENT_PARAMS,
    statusParam('q.status', CARE_PLAN_STATUS, 'draft, active (ACTIVE or UNDER_REVIEW) or completed; or the plan status itself'),
  ];
  /** Every version of every plan, with that version's sign-offs; `current` keeps the plan's current version only. */
  protected sourceOf(current: boolean) {
    return `
    SELECT cp.id, cp.person_id AS "personId", pe.nhs_number AS "nhsNumber", v.version, v.status, v.content,
      cp.start_date::text AS "startDate", cp.is_joint AS "isJoint", cp.created_at AS "createdAt", v.author_id AS "authorId",
      CASE WHEN v.status = 'CLOSED' THEN cp.closed_at END AS "closedAt",
      CASE WHEN v.status = 'CLOSED' THEN cp.close_reason END AS "closeReason",
      coalesce(s.sign_offs, '[]'::jsonb) AS "signOffs", greatest(v.saved_at, s.last_signed) AS "lastUpdated",
      (SELECT coalesce(jsonb_agg(${goalIdSql('cp.id', 'g.text')} ORDER BY g.n), '[]'::jsonb)
       FROM jsonb_array_elements_text(v.content->'goals') WITH ORDINALITY AS g (text, n)) AS "goalIds"
    FROM care_plan cp
    JOIN care_plan_version v ON v.care_plan_id = cp.id ${current ? 'AND v.version = cp.version' : ''}
    JOIN person pe ON pe.id = cp.person_id
    LEFT JOIN LATERAL (
      SELECT jsonb_agg(jsonb_build_object('professionalId', so.professional_id, 'sector', so.sector, 'asLead', so.as_lead,
               'signedAt', so.signed_at) ORDER BY so.signed_at, so.id) AS sign_offs,
             max(so.signed_at) AS last_signed
      FROM care_plan_sign_off so WHERE so.care_plan_id = cp.id AND so.plan_version = v.version) s ON true`;
  }
  protected toFhir = toFhirCarePlan;
}

/**
 * The goals of joint care plans, each a Goal of its own (see toFhirGoal): read and searched as the
 * plan's current version has them, and at every version of the plan by vread and history. Every
 * goal a plan has had up to a version is there, those taken out cancelled. One statement a page.
 */
@Injectable()
export class GoalResources extends VersionedSqlResources<GoalRow> {
  readonly type = 'Goal';
  protected readonly params = [
    ...PATIENT_PARAMS,
    tokenParam('lifecycle-status', 'q."lifecycleStatus"', undefined, 'proposed (a draft plan), active, completed (the plan closed) or cancelled (taken out)'),
    tokenParam('status', 'q."lifecycleStatus"', undefined, 'The same as lifecycle-status'),
  ];
  /** Each goal of each plan version (or of its current version only), with the goals of earlier versions. */
  protected sourceOf(current: boolean) {
    return `
    SELECT g.id, cp.id AS "carePlanId", cp.person_id AS "personId", pe.nhs_number AS "nhsNumber", v.version,
      v.status AS "planStatus", v.saved_at AS "lastUpdated", g.text, g.last_version = v.version AS "inPlan",
      g.last_version AS "lastVersion", g.started_on AS "startedOn",
      ${goalLifecycleSql('g.last_version = v.version', 'v.status')} AS "lifecycleStatus"
    FROM care_plan cp
    JOIN care_plan_version v ON v.care_plan_id = cp.id ${current ? 'AND v.version = cp.version' : ''}
    JOIN person pe ON pe.id = cp.person_id
    CROSS JOIN LATERAL (
      SELECT ${goalIdSql('cp.id', 'said.text')} AS id, (array_agg(said.text ORDER BY pv.version DESC))[1] AS text,
        max(pv.version) AS last_version, (min(pv.saved_at) AT TIME ZONE 'Europe/London')::date::text AS started_on
      FROM care_plan_version pv, jsonb_array_elements_text(pv.content->'goals') AS said (text)
      WHERE pv.care_plan_id = cp.id AND pv.version <= v.version
      GROUP BY 1) g`;
  }
  protected toFhir = toFhirGoal;
}

/** A referral with the names its ServiceRequest and Task show: one row per referral. */
const REFERRAL_SOURCE = `
  SELECT r.id, r.person_id AS "personId", pe.nhs_number AS "nhsNumber", r.version,
    greatest(r.received_at, (SELECT max(st.at) FROM referral_step st WHERE st.referral_id = r.id)) AS "lastUpdated",
    r.service_code AS "serviceCode", rs.name AS "serviceName", r.status, r.source, r.requested_urgency AS "requestedUrgency",
    r.priority, r.reason, r.referrer_name AS "referrerName", r.sent_by_professional_id AS "sentByProfessionalId",
    r.referring_organisation_id AS "referringOrganisationId", r.spoa_organisation_id AS "spoaOrganisationId",
    t.name AS "teamName", t.organisation_id AS "teamOrganisationId", r.attachments, r.linked_to_id AS "linkedToId",
    r.received_at AS "receivedAt", r.due_at AS "dueAt", r.outcome, r.close_reason AS "closeReason",
    r.held_by_id AS "heldById", concat_ws(' ', hb.given_name, hb.family_name) AS "heldByName", r.team_id AS "teamId",
    r.triaged_at AS "triagedAt", r.closed_at AS "closedAt"
  FROM referral r
  JOIN person pe ON pe.id = r.person_id
  LEFT JOIN referral_service rs ON rs.code = r.service_code
  LEFT JOIN team t ON t.id = r.team_id
  LEFT JOIN professional hb ON hb.id = r.held_by_id`;

/** Referrals into the single point of referral as ServiceRequests. */
@Injectable()
export class ServiceRequestResources extends SqlResources<ReferralRow> {
  readonly type = 'ServiceRequest';
  protected readonly params = [
    ...PATIENT_PARAMS,
    statusParam('q.status', REFERRAL_STATUS, 'active, completed or revoked; or the referral status itself (TRIAGED...)'),
    tokenParam('code', 'q."serviceCode"', REFERRAL_SERVICE_SYSTEM, `The service asked for: ${REFERRAL_SERVICE_SYSTEM}|<code>`),
  ];
  protected readonly source = REFERRAL_SOURCE;
  protected toFhir = toFhirServiceRequest;

  constructor(private readonly referrals: ReferralsService) {
    super();
  }

  /** Sending a ServiceRequest is a referral intake, with its duplicate check: no twin of the rules. */
  readonly writes = this.createOnly(
    Activity.MAKE_REFERRAL,
    (resource) => fromFhirServiceRequest(resource as ServiceRequest),
    async (db, intakes: ReferralIntake[], user) => {
      const found: Found[] = [];
      for (const intake of intakes) found.push(await this.intake(db, intake, user));
      return found;
    },
  );

  /**
   * Records the referral as sendReferral does. A second referral for a service the person has open
   * is recorded LINKED to the open one (revoked, with a note naming it), as over GraphQL; to get
   * the open one instead, send with If-None-Exist (patient, code and status=active).
   */
  private async intake(db: EntityManager, intake: ReferralIntake, user: User): Promise<Found> {
    const [nhsNumber] = await nhsNumbersOf(db, [intake.patient], 'ServiceRequest.subject');
    const spoaOds = intake.spoa.id ? await odsCodeOf(db, intake.spoa, 'ServiceRequest.performer') : intake.spoa.identifier;
    const { patient: _p, spoa: _s, ...details } = intake;
    // Received when the transaction began, unless the sender says earlier: the steps that follow are later.
    const receivedAt = intake.receivedAt ?? (await db.query(`SELECT now() AS now`))[0].now;
    const input = checkInput(SendReferralInput, { ...details, receivedAt, nhsNumber, spoaOds }, REFERRAL_ELEMENT);
    const receipt = await this.referrals.send(input, user, db);
    return (await this.read(db, receipt.linkedReferralId ?? receipt.referral.id))!;
  }
}

/**
 * A referral's triage, claim and acceptance as a Task (read-only: the steps are taken over GraphQL),
 * found by patient, status and owner.
 */
@Injectable()
export class TaskResources extends SqlResources<ReferralRow> {
  readonly type = 'Task';
  protected readonly params = [
    ...PATIENT_PARAMS,
    statusParam('q.status', TASK_STATUS, 'requested, ready, in-progress, accepted, completed, rejected or cancelled; or the referral status'),
    referenceParam('owner', 'Practitioner', 'q."heldById"'),
    namingOne(referenceParam('focus', 'ServiceRequest', 'q.id')),
  ];
  protected readonly source = REFERRAL_SOURCE;
  protected toFhir = toFhirTask;
}

/** The FHIR element behind each field of a dissent, for refusals. */
const DISSENT_ELEMENT: Record<string, string> = {
  nhsNumber: 'Consent.patient',
  organisationOds: 'Consent.provision.actor',
  note: 'Consent.extension',
};

/**
 * A person's dissents from sharing (withdrawn ones included) as Consents that deny: created to
 * record one (RECORD_SHARING_DISSENT and a relationship with the person, as over GraphQL, through the
 * same service: sent again while in force, it is the same one; If-None-Exist works too), updated to
 * inactive to withdraw it.
 * Version 1 is the dissent recorded, version 2 the dissent withdrawn.
 */
@Injectable()
export class ConsentResources extends VersionedSqlResources<DissentRow & { version: number }> {
  readonly type = 'Consent';
  protected readonly params = [
    ...PATIENT_PARAMS,
    statusParam('q.status', { ACTIVE: 'active', WITHDRAWN: 'inactive' }, 'active, or inactive once the person withdrew it'),
  ];
  /** Each dissent as recorded (version 1) and, once withdrawn, as withdrawn (version 2). */
  protected sourceOf(current: boolean) {
    return `
    SELECT d.id, d.person_id AS "personId", pe.nhs_number AS "nhsNumber", v.version,
      CASE v.version WHEN 1 THEN d.recorded_at ELSE d.withdrawn_at END AS "lastUpdated",
      d.organisation_ods AS "organisationOds", d.note, d.recorded_at AS "recordedAt",
      CASE v.version WHEN 2 THEN d.withdrawn_at END AS "withdrawnAt",
      CASE v.version WHEN 1 THEN 'ACTIVE' ELSE 'WITHDRAWN' END AS status
    FROM sharing_dissent d
    JOIN person pe ON pe.id = d.person_id
    CROSS JOIN LATERAL (SELECT unnest(CASE WHEN d.withdrawn_at IS NULL THEN ARRAY[1] ELSE ARRAY[1, 2] END) AS version) v
    ${current ? 'WHERE v.version = CASE WHEN d.withdrawn_at IS NULL THEN 1 ELSE 2 END' : ''}`;
  }
  protected toFhir = toFhirConsent;

  constructor(private readonly dissents: AccessService) {
    super();
  }

  readonly writes: NonNullable<FhirType['writes']> = {
    ...this.createOnly(
      Activity.RECORD_SHARING_DISSENT,
      (resource) => {
        const sent = fromFhirConsent(resource as Consent);
        if (!sent.active) throw refuseElement('Consent.status', 'a dissent is recorded active; withdraw it by updating it to inactive');
        return sent;
      },
      async (db, sent: DissentSent[], user) => {
        const found: Found[] = [];
        for (const dissent of sent) found.push(await this.record(db, dissent, user));
        return found;
      },
    ),
    update: (db, id, resource, ifMatch, user) => this.update(db, id, resource as Consent, ifMatch, user),
    // Whose dissent it is: recording one needs a relationship with them, like a change (checked
    // once the transaction's references to its other entries are resolved).
    personOf: async (db, resource, id) => {
      if (id) return UUID.test(id) ? ((await db.query(`SELECT person_id FROM sharing_dissent WHERE id = $1`, [id]))[0]?.person_id ?? null) : null;
      const patient = refOf((resource as Consent).patient, 'Patient', NHS_NUMBER_SYSTEM);
      const [person] = patient?.id
        ? UUID.test(patient.id) ? await db.query(`SELECT id FROM person WHERE id = $1`, [patient.id]) : []
        : patient?.identifier ? await db.query(`SELECT id FROM person WHERE nhs_number = $1`, [patient.identifier.replace(/[\s-]/g, '')]) : [];
      return person?.id ?? null;
    },
    createNeedsRelationship: true,
  };

  /** The dissent's input, checked as recordSharingDissent checks it. */
  private async inputOf(db: EntityManager, { patient, organisation, note }: DissentSent): Promise<RecordSharingDissentInput> {
    const [nhsNumber] = await nhsNumbersOf(db, [patient], 'Consent.patient');
    const organisationOds = organisation && (await odsCodeOf(db, organisation, 'Consent.provision.actor'));
    return checkInput(RecordSharingDissentInput, { nhsNumber, organisationOds, note }, DISSENT_ELEMENT);
  }

  /** Records the dissent through the access service (the one in force, if it is already recorded). */
  private async record(db: EntityManager, sent: DissentSent, user: User): Promise<Found> {
    const { dissent } = await this.dissents.recordDissentOnce(user, await this.inputOf(db, sent), db);
    return (await this.read(db, dissent.id))!;
  }

  /**
   * Withdraws the dissent when the Consent comes back inactive; the same Consent again changes
   * nothing. What it records (whose, with whom, why) is kept as it was: a different dissent is a new
   * Consent.
   */
  private async update(db: EntityManager, id: string, consent: Consent, ifMatch: number | undefined, user: User): Promise<Found> {
    if (consent.id !== id) throw refuseElement('Consent.id', `must be ${id}, the id in the address`);
    const current = await this.read(db, id);
    if (!current) throw new DomainError('NOT_FOUND', `No Consent/${id}: a dissent is recorded with POST, and the service gives the id`);
    const held = current.resource as Consent;
    const version = Number(held.meta!.versionId);
    if (ifMatch !== undefined && ifMatch !== version) {
      throw new DomainError('PRECONDITION_FAILED', `If-Match: Consent/${id} is at version ${version}, not ${ifMatch}; nothing was written`);
    }
    const sent = fromFhirConsent(consent);
    const recorded = fromFhirConsent(held);
    const [nhsNumber, recordedNhsNumber] = await nhsNumbersOf(db, [sent.patient, recorded.patient], 'Consent.patient');
    const organisationOds = sent.organisation ? await odsCodeOf(db, sent.organisation, 'Consent.provision.actor') : undefined;
    if (nhsNumber !== recordedNhsNumber) throw refuseElement('Consent.patient', 'is not the person who dissented');
    if (organisationOds !== recorded.organisation?.identifier) {
      throw refuseElement('Consent.provision.actor', 'is not the organisation of this dissent: a dissent with another is a new Consent');
    }
    if ((sent.note ?? null) !== (recorded.note ?? null)) throw refuseElement('Consent.extension', 'the note is kept as recorded');
    if (sent.active && !recorded.active) {
      throw refuseElement('Consent.status', 'a withdrawn dissent stays withdrawn: record a new one with POST');
    }
    if (sent.active || !recorded.active) return current;
    await this.dissents.withdrawDissent(user, id, db);
    return (await this.read(db, id))!;
  }
}

/** The ODS code of an organisation named by Organization/<id> or by its ODS code. */
async function odsCodeOf(db: EntityManager, organisation: Ref, element: string): Promise<string> {
  if (!organisation.id) return organisation.identifier!.trim().toUpperCase();
  const [row] = UUID.test(organisation.id) ? await db.query(`SELECT ods_code FROM organisation WHERE id = $1`, [organisation.id]) : [];
  if (!row?.ods_code) throw refuseElement(element, `no Organization/${organisation.id} with an ODS code`, 'ORGANISATION_NOT_FOUND');
  return row.ods_code;
}

/** A tier's explanation, as the Flag mapper reads it, from `pt` (a person_tier row or its like), `sp` and `t`. */
const TIER_JSON = (tierCode: string, version: string) => `jsonb_build_object(
  'policy_id', sp.id, 'policy_name', sp.name, 'policy_version', ${version}, 'tier_code', ${tierCode},
  'tier_name', coalesce(t.name, ${tierCode}), 'tier_rank', t.rank, 'case_managed', coalesce(t.case_managed, false)`;

/**
 * Flags (see toFhirFlag): each person's tier under each policy, the last tier of a policy that no
 * longer places them (inactive), and their dissents from sharing. Read-only: tiers come from
 * re-tiering and dissent is recorded over GraphQL or as a Consent.
 */
@Injectable()
export class FlagResources extends SqlResources<FlagRow> {
  readonly type = 'Flag';
  protected readonly params = [...PATIENT_PARAMS, tokenParam('status', 'q.status', undefined, 'active or inactive')];
  protected readonly source = `
    SELECT ${tierFlagIdSql('pt.person_id', 'pt.policy_id')} AS id, pt.person_id AS "personId", pe.nhs_number AS "nhsNumber",
      pt.assigned_at AS "lastUpdated", 'TIER' AS kind, 'active' AS status,
      (SELECT max(c.changed_at) FROM person_tier_change c
       WHERE c.person_id = pt.person_id AND c.policy_id = pt.policy_id AND c.to_tier = pt.tier_code) AS "periodStart",
      NULL::timestamptz AS "periodEnd",
      ${TIER_JSON('pt.tier_code', 'pt.policy_version')}, 'model_code', pt.model_code, 'score', pt.score::float8,
        'category', pt.category, 'assessed_on', pt.assessed_on::text, 'percent_above', pt.percent_above::float8,
        'threshold', pt.threshold) AS tier,
      NULL::jsonb AS dissent
    FROM person_tier pt
    JOIN person pe ON pe.id = pt.person_id
    JOIN stratification_policy sp ON sp.id = pt.policy_id
    LEFT JOIN stratification_tier t ON t.policy_id = pt.policy_id AND t.version = pt.policy_version AND t.code = pt.tier_code
    UNION ALL
    SELECT ${tierFlagIdSql('c.person_id', 'c.policy_id')}, c.person_id, pe.nhs_number, c.changed_at, 'TIER', 'inactive',
      (SELECT max(e.changed_at) FROM person_tier_change e
       WHERE e.person_id = c.person_id AND e.policy_id = c.policy_id AND e.to_tier = c.from_tier AND e.changed_at < c.changed_at),
      c.changed_at, ${TIER_JSON('c.from_tier', 'c.policy_version')}), NULL
    FROM person_tier_change c
    JOIN person pe ON pe.id = c.person_id
    JOIN stratification_policy sp ON sp.id = c.policy_id
    LEFT JOIN stratification_tier t ON t.policy_id = c.policy_id AND t.version = c.policy_version AND t.code = c.from_tier
    WHERE c.direction = 'REMOVED'
      AND NOT EXISTS (SELECT 1 FROM person_tier held WHERE held.person_id = c.person_id AND held.policy_id = c.policy_id)
      AND NOT EXISTS (SELECT 1 FROM person_tier_change later WHERE later.person_id = c.person_id AND later.policy_id = c.policy_id
                        AND (later.changed_at, later.id) > (c.changed_at, c.id))
    UNION ALL
    SELECT d.id, d.person_id, pe.nhs_number, greatest(d.recorded_at, d.withdrawn_at), 'SHARING_DISSENT',
      CASE WHEN d.withdrawn_at IS NULL THEN 'active' ELSE 'inactive' END, d.recorded_at, d.withdrawn_at, NULL,
      jsonb_build_object('organisationOds', d.organisation_ods, 'note', d.note)
    FROM sharing_dissent d
    JOIN person pe ON pe.id = d.person_id`;
  protected toFhir = toFhirFlag;
}

/** The FHIR element behind each field of a referral, for refusals. */
const REFERRAL_ELEMENT: Record<string, string> = {
  nhsNumber: 'ServiceRequest.subject',
  spoaOds: 'ServiceRequest.performer',
  serviceCode: 'ServiceRequest.code',
  source: 'ServiceRequest.category',
  requestedUrgency: 'ServiceRequest.priority',
  reason: 'ServiceRequest.reasonCode',
  referrerName: 'ServiceRequest.requester',
  receivedAt: 'ServiceRequest.authoredOn',
  attachments: 'ServiceRequest.supportingInfo',
};

/** The FHIR element behind each field of a risk score, for refusals. */
const SCORE_ELEMENT: Record<string, string> = {
  nhsNumber: 'RiskAssessment.subject',
  model: 'RiskAssessment.method',
  value: 'RiskAssessment.extension',
  assessedOn: 'RiskAssessment.occurrence',
  source: 'RiskAssessment.performer',
  detail: 'RiskAssessment.extension',
};

/** Risk scores as RiskAssessments (a score is loaded once and never changed). */
@Injectable()
export class RiskAssessmentResources extends SqlResources<RiskScoreRow> {
  readonly type = 'RiskAssessment';
  protected readonly params = [
    ...PATIENT_PARAMS,
    tokenParam('method', 'q."modelCode"', RISK_MODEL_SYSTEM, `The model: ${RISK_MODEL_SYSTEM}|EFI (CPM, ACG, PARR30, QADMISSIONS, LOCAL)`),
    {
      name: 'date',
      type: 'date' as const,
      documentation: 'The day the model scored the person (YYYY-MM-DD)',
      where: (query: any, raw: string, key: string) => {
        const day = /^(?:eq)?(\d{4}-\d{2}-\d{2})$/.exec(raw)?.[1];
        if (!day) throw refuseElement('date', `${raw} is not a day (YYYY-MM-DD)`);
        query.andWhere(`q."assessedOn" = :${key}`, { [key]: day });
      },
    },
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

  constructor(private readonly scores: RiskScoresService) {
    super();
  }

  /**
   * Sending RiskAssessments is a score load: a transaction bundle of many is one batch, loaded all
   * or none by the risk service's own checks. A score is never changed, so there is no update.
   * Its id is the service's (a score's identity is its person, model and day).
   */
  readonly writes = this.createOnly(
    Activity.LOAD_RISK_SCORES,
    (resource) => fromFhirRiskAssessment(resource as RiskAssessment),
    (db, scores: ScoreToLoad[], user) => this.load(db, scores, user),
  );

  private async load(db: EntityManager, toLoad: ScoreToLoad[], user: User): Promise<Found[]> {
    const nhsNumbers = await nhsNumbersOf(db, toLoad.map((s) => s.patient), 'RiskAssessment.subject');
    const inputs = toLoad.map(({ patient: _p, ...score }, i) => checkInput(RiskScoreInput, { ...score, nhsNumber: nhsNumbers[i] }, SCORE_ELEMENT));
    await this.scores.load(inputs, user, db);
    const loaded: { id: string }[] = await db.query(
      `SELECT s.id::text FROM unnest($1::text[], $2::text[], $3::date[]) WITH ORDINALITY AS b (nhs_number, model_code, assessed_on, n)
       JOIN person p ON p.nhs_number = b.nhs_number
       JOIN risk_score s ON s.person_id = p.id AND s.model_code = b.model_code AND s.assessed_on = b.assessed_on
       ORDER BY b.n`,
      [inputs.map((i) => i.nhsNumber), inputs.map((i) => i.model), inputs.map((i) => i.assessedOn)],
    );
    if (loaded.length !== inputs.length) throw new DomainError('INTERNAL_SERVER_ERROR', 'Loaded scores could not be read back');
    return this.readMany(db, loaded.map((r) => r.id));
  }
}
