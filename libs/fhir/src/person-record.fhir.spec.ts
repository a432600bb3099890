import { expectValidFhir } from '../../../test/support/fhir-validation';
import { CarePlanRow, toFhirCarePlan } from './care-plan.fhir';
import { CareTeamMemberRow, toFhirCareTeam } from './care-team.fhir';
import { actionOf, AuditRow, toFhirAuditEvent } from './audit-event.fhir';
import { FlagRow, toFhirFlag } from './flag.fhir';
import { GoalRow, toFhirGoal } from './goal.fhir';
import { fromFhirServiceRequest, ReferralRow, toFhirServiceRequest, toFhirTask } from './referral.fhir';
import { fromFhirRiskAssessment, RiskScoreRow, toFhirRiskAssessment } from './risk-assessment.fhir';
import { DomainError } from '@app/errors';

const personId = '0b6f1c9e-5d7a-4c1e-9f3a-2d8e4b6a1c00';
const matron = '1c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f';
const member = (overrides: Partial<CareTeamMemberRow>): CareTeamMemberRow => ({
  id: '6f1c9e0b-5d7a-4c1e-9f3a-2d8e4b6a1c01',
  kind: 'PROFESSIONAL',
  professionalId: matron,
  professionalName: 'Priya Shah',
  organisationId: null,
  organisationName: null,
  odsCode: null,
  teamName: null,
  teamOrganisationId: null,
  name: null,
  relationship: null,
  roleInCare: 'Community matron',
  startDate: '2025-01-02',
  endDate: null,
  isLead: false,
  ...overrides,
});

describe("a person's care team as a CareTeam", () => {
  it('names the lead, the carer and the team, and keeps those who left with the end of their period', () => {
    const team = toFhirCareTeam({
      id: personId,
      personId,
      nhsNumber: '9990000018',
      lastUpdated: new Date('2025-06-30T10:00:00Z'),
      members: [
        member({ isLead: true }),
        member({ kind: 'CARER', professionalId: null, name: 'Jean Hale', relationship: 'daughter', roleInCare: 'Main carer' }),
        member({ kind: 'TEAM', professionalId: null, teamName: 'Colchester rapid response', teamOrganisationId: matron, roleInCare: 'Crisis' }),
        member({ kind: 'THE_PERSON', professionalId: null, roleInCare: 'Herself', endDate: '2025-03-01' }),
      ],
    });
    expectValidFhir(team);
    expect(team.status).toBe('active');
    expect(team.participant?.[0].role?.[0].coding?.map((c) => c.code)).toEqual(['PROFESSIONAL', 'LEAD_PROFESSIONAL']);
    expect(team.participant?.[1].member).toEqual({ type: 'RelatedPerson', display: 'Jean Hale (daughter)' });
    expect(team.participant?.[3].period).toEqual({ start: '2025-01-02', end: '2025-03-01' });
  });

  it('is inactive once everyone has left, and is still sent so that a partner sees the ending', () => {
    const team = toFhirCareTeam({ id: personId, personId, nhsNumber: '9990000018', lastUpdated: new Date(), members: [member({ endDate: '2025-05-01' })] });
    expectValidFhir(team);
    expect(team.status).toBe('inactive');
  });
});

const goalId = '5e1f0a2b-3c4d-4e5f-8a9b-0c1d2e3f4a5b';

const plan = (overrides: Partial<CarePlanRow> = {}): CarePlanRow => ({
  id: '2d8e4b6a-1c00-4c1e-9f3a-0b6f1c9e5d7a',
  personId,
  nhsNumber: '9990000018',
  version: 3,
  lastUpdated: new Date('2025-06-30T10:00:00Z'),
  status: 'UNDER_REVIEW',
  startDate: '2025-01-02',
  isJoint: true,
  createdAt: new Date('2025-01-02T09:00:00Z'),
  authorId: matron,
  closedAt: null,
  closeReason: null,
  content: {
    aboutMe: 'I was a teacher for forty years.',
    whatMattersToMe: 'Staying at home',
    needs: [{ description: 'Help with washing', sector: 'SOCIAL_CARE' }],
    goals: ['Walk to the shop'],
    actions: [
      { id: 'a1', description: 'Package of care', sector: 'SOCIAL_CARE', professionalId: null, teamId: null, organisationId: matron, dueDate: '2025-07-01', status: 'DONE' },
    ],
    contingency: { whoToCall: 'Jean, 07700 900000', whatToDo: null, outOfHours: 'NHS 111' },
    carer: null,
    endOfLife: { preferredPlaceOfCare: 'Home', preferredPlaceOfDeath: 'Home', resuscitationDecisionReference: null },
    agreement: { agreed: true, consentToShare: true, agreedOn: '2025-01-03', agreedBy: null },
    reviewIntervalDays: 90,
    nextReviewDate: '2025-09-30',
  } as CarePlanRow['content'],
  signOffs: [{ professionalId: matron, sector: 'HEALTH', asLead: true, signedAt: '2025-01-03T12:00:00Z' }],
  goalIds: [goalId],
  ...overrides,
});

describe('a joint care plan as a CarePlan', () => {
  it('is active while under review, keeping the status, review date and sign-offs as extensions', () => {
    const carePlan = toFhirCarePlan(plan());
    expectValidFhir(carePlan);
    expect(carePlan.status).toBe('active');
    expect(carePlan.meta?.versionId).toBe('3');
    expect(carePlan.extension?.map((e) => e.valueCoding?.code ?? e.valueDate ?? e.url.split('/').pop())).toEqual([
      'UNDER_REVIEW',
      '2025-09-30',
      'care-plan-sign-off',
    ]);
    expect(carePlan.activity?.[0].detail).toMatchObject({ status: 'completed', performer: [{ reference: `Organization/${matron}` }] });
    expect(carePlan.note?.map((n) => n.extension?.[0].valueCoding?.code)).toEqual(['ABOUT_ME', 'NEED_SOCIAL_CARE', 'CONTINGENCY', 'END_OF_LIFE', 'AGREEMENT']);
  });

  it('is completed when closed, with the end of its period and why', () => {
    const carePlan = toFhirCarePlan(plan({ status: 'CLOSED', closedAt: new Date('2025-08-01T10:00:00Z'), closeReason: 'Moved away' }));
    expectValidFhir(carePlan);
    expect(carePlan).toMatchObject({ status: 'completed', period: { start: '2025-01-02', end: '2025-08-01' } });
  });

  it('refers to its goals as Goals of their own, once each', () => {
    const carePlan = toFhirCarePlan(plan({ goalIds: [goalId, goalId] }));
    expectValidFhir(carePlan);
    expect(carePlan.goal).toEqual([{ reference: `Goal/${goalId}` }]);
    expect(carePlan.contained).toBeUndefined();
  });
});

describe("a goal of a joint plan, in the person's own words, as a Goal", () => {
  const goal = (overrides: Partial<GoalRow> = {}): GoalRow => ({
    id: goalId,
    carePlanId: plan().id,
    personId,
    nhsNumber: '9990000018',
    version: 3,
    lastUpdated: new Date('2025-06-30T10:00:00Z'),
    planStatus: 'UNDER_REVIEW',
    text: 'Walk to the shop',
    inPlan: true,
    lastVersion: 3,
    startedOn: '2025-01-02',
    ...overrides,
  });

  it('is active while its plan is in force, expressed by the person, versioned with the plan', () => {
    const resource = toFhirGoal(goal());
    expectValidFhir(resource);
    expect(resource).toMatchObject({
      lifecycleStatus: 'active',
      description: { text: 'Walk to the shop' },
      expressedBy: { reference: `Patient/${personId}` },
      startDate: '2025-01-02',
      meta: { versionId: '3' },
      extension: [{ valueReference: { reference: `CarePlan/${plan().id}` } }],
    });
  });

  it('is proposed in a draft, completed when the plan closes, and cancelled once taken out of the plan', () => {
    expect(toFhirGoal(goal({ planStatus: 'DRAFT' })).lifecycleStatus).toBe('proposed');
    expect(toFhirGoal(goal({ planStatus: 'CLOSED' })).lifecycleStatus).toBe('completed');
    const removed = toFhirGoal(goal({ inPlan: false, lastVersion: 2 }));
    expectValidFhir(removed);
    expect(removed).toMatchObject({ lifecycleStatus: 'cancelled', note: [{ text: 'Taken out of the care plan in its version 3' }] });
  });
});

const referral = (overrides: Partial<ReferralRow> = {}): ReferralRow => ({
  id: '3a0b6f1c-9e5d-4a7c-8e9f-3a2d8e4b6a1c',
  personId,
  nhsNumber: '9990000018',
  version: 1,
  lastUpdated: new Date('2025-06-30T10:00:00Z'),
  serviceCode: 'REABLEMENT',
  serviceName: 'Reablement',
  status: 'RECEIVED',
  source: 'HOSPITAL_DISCHARGE_TEAM',
  requestedUrgency: 'SOON',
  priority: null,
  reason: 'Discharged after a fall',
  referrerName: 'Ward 7 discharge team',
  sentByProfessionalId: null,
  referringOrganisationId: null,
  spoaOrganisationId: matron,
  teamName: null,
  teamOrganisationId: null,
  attachments: [],
  linkedToId: null,
  receivedAt: new Date('2025-06-30T10:00:00Z'),
  dueAt: null,
  outcome: null,
  closeReason: null,
  heldById: null,
  heldByName: null,
  teamId: null,
  triagedAt: null,
  closedAt: null,
  ...overrides,
});

describe('a referral as a ServiceRequest', () => {
  it('is active open work at the single point of referral, its urgency mapped to FHIR priority', () => {
    const request = toFhirServiceRequest(referral());
    expectValidFhir(request);
    expect(request).toMatchObject({ status: 'active', priority: 'urgent', performer: [{ reference: `Organization/${matron}` }] });
  });

  it('comes back as the same referral intake: person, front door, service, source, urgency, reason and documents', () => {
    const row = referral({
      requestedUrgency: 'URGENT',
      attachments: [{ title: 'Discharge summary', reference: 'https://documents.example.nhs.uk/ds/7' }],
    });
    expect(fromFhirServiceRequest(toFhirServiceRequest(row))).toEqual({
      patient: { id: personId },
      spoa: { id: matron },
      serviceCode: 'REABLEMENT',
      source: 'HOSPITAL_DISCHARGE_TEAM',
      requestedUrgency: 'URGENT',
      reason: 'Discharged after a fall',
      referrerName: 'Ward 7 discharge team',
      receivedAt: row.receivedAt,
      attachments: row.attachments,
    });
  });

  it('refuses a ServiceRequest that names no person, saying which element', () => {
    const { subject: _s, ...nobody } = toFhirServiceRequest(referral());
    expect(() => fromFhirServiceRequest(nobody as never)).toThrow(DomainError);
    try {
      fromFhirServiceRequest(nobody as never);
    } catch (error) {
      expect((error as DomainError).details.expression).toEqual(['ServiceRequest.subject']);
    }
  });

  it('is revoked when linked to an open referral, saying which', () => {
    const request = toFhirServiceRequest(referral({ status: 'LINKED', linkedToId: personId }));
    expectValidFhir(request);
    expect(request.status).toBe('revoked');
    expect(request.note?.[0].text).toContain(`ServiceRequest/${personId}`);
  });
});

describe("a referral's workflow as a Task", () => {
  it('is in progress while claimed, owned by whoever holds it, due by the response standard', () => {
    const task = toFhirTask(
      referral({ status: 'CLAIMED', priority: 'URGENT', heldById: matron, heldByName: 'Priya Shah', teamName: 'Rapid response', dueAt: new Date('2025-06-30T12:00:00Z') }),
    );
    expectValidFhir(task);
    expect(task).toMatchObject({
      status: 'in-progress',
      businessStatus: { coding: [{ code: 'CLAIMED' }] },
      priority: 'asap',
      owner: { reference: `Practitioner/${matron}` },
      restriction: { period: { end: '2025-06-30T12:00:00.000Z' } },
    });
  });

  it('is rejected when declined, with the reason', () => {
    const task = toFhirTask(referral({ status: 'DECLINED', closeReason: 'Not eligible', closedAt: new Date('2025-07-01T09:00:00Z') }));
    expectValidFhir(task);
    expect(task).toMatchObject({ status: 'rejected', statusReason: { text: 'Not eligible' }, executionPeriod: { end: '2025-07-01T09:00:00.000Z' } });
  });
});

describe('a risk score as a RiskAssessment', () => {
  const score: RiskScoreRow = {
    id: '4b6a1c00-0b6f-4c1e-9f3a-2d8e5d7a1c9e',
    personId,
    nhsNumber: '9990000018',
    lastUpdated: new Date('2025-06-30T10:00:00Z'),
    modelCode: 'ACG',
    modelName: 'Johns Hopkins ACG',
    modelDescription: 'Resource utilisation band (0 to 5)',
    value: 4,
    category: 'RUB4',
    categoryName: 'High',
    assessedOn: '2025-06-01',
    source: 'ACG extract',
    detail: {},
  };

  it('gives a band that is not a probability as its value and category, with no prediction', () => {
    const assessment = toFhirRiskAssessment(score);
    expectValidFhir(assessment);
    expect(assessment.prediction).toBeUndefined();
    expect(assessment.extension?.[0].valueDecimal).toBe(4);
    expect(assessment.extension?.[1].valueCodeableConcept?.coding?.[0]).toMatchObject({ code: 'RUB4', display: 'High' });
  });

  it('comes back as the same score to load, the eFI with its deficits', () => {
    const efi = { ...score, modelCode: 'EFI', value: 10 / 36, category: 'MODERATE', detail: { deficitCount: 10, deficits: ['Falls', 'Polypharmacy'] } };
    expectValidFhir(toFhirRiskAssessment(efi));
    expect(fromFhirRiskAssessment(toFhirRiskAssessment(efi))).toEqual({
      patient: { id: personId },
      model: 'EFI',
      value: 10 / 36,
      assessedOn: '2025-06-01',
      source: 'ACG extract',
      detail: { deficitCount: 10, deficits: ['Falls', 'Polypharmacy'] },
    });
  });

  it('gives a QAdmissions percentage as the probability of an emergency admission', () => {
    const assessment = toFhirRiskAssessment({ ...score, modelCode: 'QADMISSIONS', modelName: 'QAdmissions', value: 12.5, category: null, categoryName: null });
    expectValidFhir(assessment);
    expect(assessment.prediction?.[0].probabilityDecimal).toBe(0.125);
  });
});

describe("a person's tier and dissent as Flags", () => {
  const tier = {
    policy_id: '4b6a1c00-0b6f-4c1e-9f3a-2d8e5d7a1c9e',
    policy_name: 'Colne <frailty>',
    policy_version: 2,
    tier_code: 'FRAIL',
    tier_name: 'Severe frailty',
    tier_rank: 1,
    case_managed: true,
    model_code: 'EFI',
    score: 0.42,
    category: 'SEVERE',
    assessed_on: '2025-06-01',
    percent_above: 1.5,
    threshold: 'category SEVERE',
  };
  const row = (overrides: Partial<FlagRow> = {}): FlagRow => ({
    id: '5d7a1c9e-4b6a-4c1e-9f3a-2d8e0b6f1c00',
    personId,
    nhsNumber: '9990000018',
    lastUpdated: new Date('2025-06-30T10:00:00Z'),
    kind: 'TIER',
    status: 'active',
    periodStart: new Date('2025-06-02T01:00:00Z'),
    periodEnd: null,
    tier,
    dissent: null,
    ...overrides,
  });

  it('explains the tier in the narrative, escaped, with the tier as its code', () => {
    const flag = toFhirFlag(row());
    expectValidFhir(flag);
    expect(flag.code.coding?.[0]).toMatchObject({ code: 'FRAIL', display: 'Severe frailty' });
    expect(flag.text?.div).toContain('1.5% of the population score higher: category SEVERE makes Severe frailty (Colne &lt;frailty&gt; v2)');
    expect(flag.period).toEqual({ start: '2025-06-02T01:00:00.000Z' });
  });

  it('ends a tier the policy no longer gives, and a dissent once withdrawn', () => {
    const ended = toFhirFlag(row({ status: 'inactive', periodEnd: new Date('2025-09-01T02:00:00Z') }));
    expectValidFhir(ended);
    expect(ended.text?.div).toContain('was Severe frailty until 2025-09-01');
    const dissent = toFhirFlag(row({ kind: 'SHARING_DISSENT', status: 'inactive', tier: null, dissent: { organisationOds: 'R1H99', note: null }, periodEnd: new Date() }));
    expectValidFhir(dissent);
    expect(dissent).toMatchObject({ status: 'inactive', code: { text: 'Has declined sharing their record with R1H99' } });
  });
});

describe("the audit trail of a person's record as AuditEvents", () => {
  const audit = (overrides: Partial<AuditRow> = {}): AuditRow => ({
    id: '42',
    personId,
    nhsNumber: '9990000018',
    lastUpdated: new Date('2025-06-30T10:00:00Z'),
    userSubject: 'council-system',
    userName: 'Essex adult social care',
    professionalId: null,
    organisationOds: null,
    roles: ['PARTNER_SYSTEM'],
    purpose: 'DIRECT_CARE',
    action: 'FHIR transaction',
    entity: 'Patient',
    outcome: 'PERMITTED',
    basis: 'RECORDED_BY_USER',
    ...overrides,
  });

  it("names a partner's system as an application by its client id, and a transaction as executed", () => {
    const event = toFhirAuditEvent(audit());
    expectValidFhir(event);
    expect(event).toMatchObject({ action: 'E', outcome: '0', agent: [{ type: { coding: [{ code: '110150' }] }, who: { identifier: { value: 'council-system' } } }] });
  });

  it('keeps the break-glass reason with the relationship it gave', () => {
    const event = toFhirAuditEvent(audit({ purpose: 'BREAK_GLASS', basis: 'BREAK_GLASS: Unconscious in A&E: no one to ask', action: 'Query.person' }));
    expectValidFhir(event);
    expect(event.purposeOfEvent).toEqual([{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v3-ActReason', code: 'ETREAT', display: 'Emergency Treatment' }] }]);
    expect(event.agent[0].purposeOfUse?.[1]).toMatchObject({ coding: [{ code: 'BREAK_GLASS' }], text: 'Unconscious in A&E: no one to ask' });
  });

  it('reads, creates and updates by the operation', () => {
    expect(['FHIR search CarePlan', 'Query.person', 'FHIR create', 'Mutation.registerPerson', 'Mutation.updatePerson', 'Mutation.breakGlass'].map(actionOf)).toEqual([
      'R', 'R', 'C', 'C', 'U', 'E',
    ]);
  });
});
