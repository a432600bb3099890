import { dateInEngland, today } from '@app/validation';
import { anOrganisation, aPerson, aProfessional } from './support/builders';
import { aPatient, fhirClient, nhsNumberOf } from './support/fhir-client';
import { expectValidFhir } from './support/fhir-validation';
import { startTestApp, TestApp, TestUser } from './support/test-app';

/**
 * The story of issue 10 for a lead professional: a partner reports their patient's admission, the
 * lead sees a notification and the plan under review with a review due within the rule's days; a
 * retry changes nothing; discharges, referrals and tier changes do the same where configured; the
 * database refuses events that cannot be.
 */

const PRACTICE = 'F81001';
const PCN = 'U00001';
const HOSPITAL = 'RDE';

const daysFromToday = (days: number) => {
  const d = new Date(`${today()}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
};
const hoursAgo = (hours: number) => new Date(Date.now() - hours * 3_600_000).toISOString();

const RECORD = `mutation ($input: RecordCareEventInput!) { recordCareEvent(input: $input) { id kind alreadyRecorded } }`;
const WORKLIST = `query ($state: NotificationState) {
  myNotifications(state: $state, first: 10) {
    nodes { id reason reviewDueDate acknowledgedAt person { nhsNumber } careEvent { kind } carePlan { status nextReviewDate } }
    pageInfo { hasNextPage } } }`;
const ACKNOWLEDGE = `mutation ($input: AcknowledgeNotificationInput!) { acknowledgeNotification(input: $input) { id acknowledgedAt } }`;
const PLAN = `query ($id: ID!) { carePlan(id: $id) { status version nextReviewDate
  reviews { reason startedBy { familyName } } versions { version change author { familyName } } } }`;
const SET_RULE = `mutation ($input: SetReviewTriggerRuleInput!) { setReviewTriggerRule(input: $input) { triggerKind enabled reviewWithinDays organisation { odsCode } } }`;

describe('Care events, review triggers and the lead professional’s worklist', () => {
  let t: TestApp;
  let lead: TestUser;
  let partner: TestUser;
  let stranger: TestUser;

  const ok = async (query: string, variables: Record<string, unknown>, as?: TestUser) => {
    const response = await t.gql(query, variables, as);
    expect(response.errors).toBeUndefined();
    return Object.values(response.data!)[0] as any;
  };
  const refusal = async (query: string, variables: Record<string, unknown>, as?: TestUser) => {
    const response = await t.gql(query, variables, as);
    return response.errors?.[0]?.extensions;
  };
  const count = async (sql: string, params: unknown[] = []) => Number((await t.dataSource.query(sql, params))[0].n);

  /** Someone at the practice whose lead is the matron, with an active (health-only) plan. */
  const someoneWithAPlan = async (familyName: string) => {
    const { nhsNumber } = await ok(`mutation ($input: RegisterPersonInput!) { registerPerson(input: $input) { nhsNumber } }`, {
      input: aPerson({ familyName, gpPracticeOds: PRACTICE }),
    });
    await ok(`mutation ($input: AssignLeadProfessionalInput!) { assignLeadProfessional(input: $input) { id } }`, {
      input: { nhsNumber, professionalId: lead.professionalId, expectedCurrentLeadId: null, reason: 'ASSIGNED' },
    }, lead);
    const plan = await ok(`mutation ($input: CreateCarePlanInput!) { createCarePlan(input: $input) { id version } }`, {
      input: {
        nhsNumber,
        content: {
          goals: ['Stay at home'],
          actions: [{ description: 'Falls review', sector: 'HEALTH', professionalId: lead.professionalId, dueDate: daysFromToday(30) }],
          agreement: { agreed: true, consentToShare: true, agreedOn: today() },
        },
      },
    }, lead);
    await ok(`mutation ($input: SignOffCarePlanInput!) { signOffCarePlan(input: $input) { planVersion } }`, {
      input: { carePlanId: plan.id, expectedVersion: plan.version, sector: 'HEALTH' },
    }, lead);
    const active = await ok(`mutation ($input: ActivateCarePlanInput!) { activateCarePlan(input: $input) { id status version nextReviewDate } }`, {
      input: { carePlanId: plan.id, expectedVersion: plan.version },
    }, lead);
    expect(active).toMatchObject({ status: 'ACTIVE', nextReviewDate: daysFromToday(90) });
    return { nhsNumber: nhsNumber as string, planId: plan.id as string };
  };

  beforeAll(async () => {
    t = await startTestApp();
    const organisation = (input: Record<string, unknown>) =>
      ok(`mutation ($input: CreateOrganisationInput!) { createOrganisation(input: $input) { id } }`, { input: anOrganisation(input) });
    const pcn = await organisation({ odsCode: PCN, name: 'Colchester Central PCN', kind: 'PRIMARY_CARE_NETWORK' });
    await organisation({ odsCode: PRACTICE, name: 'Wivenhoe Surgery', parentId: pcn.id });
    await organisation({ odsCode: HOSPITAL, name: 'Colchester Hospital', kind: 'NHS_TRUST' });
    const matron = await ok(`mutation ($input: CreateProfessionalInput!) { createProfessional(input: $input) { id } }`, {
      input: aProfessional({ familyName: 'Shah' }),
    });
    lead = { sub: matron.id, professionalId: matron.id, org: PRACTICE, roles: ['CARE_COORDINATOR'] };
    partner = { sub: 'colchester-hospital-pas', org: HOSPITAL, roles: ['PARTNER_SYSTEM'] };
    stranger = { sub: 'someone-elsewhere', org: 'F82999', roles: ['GP'] };
  });
  afterAll(() => t.close());

  it('an admission notifies the lead and puts the plan under review, due within 14 days; a retry changes nothing', async () => {
    const { nhsNumber, planId } = await someoneWithAPlan('Pike');
    const admission = { nhsNumber, kind: 'EMERGENCY_ADMISSION', occurredAt: hoursAgo(5), sourceIdentifier: 'spell-1001', organisationOds: HOSPITAL };
    const recorded = await ok(RECORD, { input: admission }, partner);
    expect(recorded).toMatchObject({ kind: 'EMERGENCY_ADMISSION', alreadyRecorded: false });

    const worklist = await ok(WORKLIST, {}, lead);
    expect(worklist.nodes).toEqual([
      expect.objectContaining({
        reason: 'EMERGENCY_ADMISSION',
        reviewDueDate: daysFromToday(14),
        acknowledgedAt: null,
        person: { nhsNumber },
        careEvent: { kind: 'EMERGENCY_ADMISSION' },
        carePlan: { status: 'UNDER_REVIEW', nextReviewDate: daysFromToday(14) },
      }),
    ]);
    const plan = await ok(PLAN, { id: planId }, lead);
    expect(plan).toMatchObject({ status: 'UNDER_REVIEW', nextReviewDate: daysFromToday(14), reviews: [{ reason: 'HOSPITAL_ADMISSION', startedBy: { familyName: 'Shah' } }] });
    expect(plan.versions[0]).toMatchObject({ change: 'review started by emergency admission', author: { familyName: 'Shah' } });

    const again = await ok(RECORD, { input: admission }, partner);
    expect(again).toEqual({ id: recorded.id, kind: 'EMERGENCY_ADMISSION', alreadyRecorded: true });
    expect(await count(`SELECT count(*) AS n FROM notification`)).toBe(1);
    expect((await ok(PLAN, { id: planId }, lead)).version).toBe(plan.version);

    // The same identifier for another event is refused, not taken for a retry.
    expect(await refusal(RECORD, { input: { ...admission, kind: 'AE_ATTENDANCE' } }, partner)).toMatchObject({ code: 'SOURCE_IDENTIFIER_REUSED' });

    // The discharge, 7 days by the default rule: the review due date comes forward.
    await ok(RECORD, {
      input: { nhsNumber, kind: 'DISCHARGE', occurredAt: hoursAgo(1), sourceIdentifier: 'spell-1001-discharge', admissionEventId: recorded.id, dischargeDestination: 'REABLEMENT' },
    }, partner);
    const after = await ok(PLAN, { id: planId }, lead);
    expect(after).toMatchObject({ status: 'UNDER_REVIEW', nextReviewDate: daysFromToday(7) });
    expect(after.versions[0].change).toBe('review brought forward by discharge');
    expect(after.reviews).toHaveLength(1);
    expect((await ok(WORKLIST, {}, lead)).nodes.map((n: any) => n.reason)).toEqual(['DISCHARGE', 'EMERGENCY_ADMISSION']);
  });

  it('acknowledging moves a notification off the unread list, and again changes nothing', async () => {
    const [first] = (await ok(WORKLIST, {}, lead)).nodes;
    const acknowledged = await ok(ACKNOWLEDGE, { input: { notificationId: first.id } }, lead);
    expect(acknowledged.acknowledgedAt).not.toBeNull();
    expect(await ok(ACKNOWLEDGE, { input: { notificationId: first.id } }, lead)).toEqual(acknowledged);
    expect((await ok(WORKLIST, {}, lead)).nodes.map((n: any) => n.id)).not.toContain(first.id);
    expect((await ok(WORKLIST, { state: 'ACKNOWLEDGED' }, lead)).nodes.map((n: any) => n.id)).toEqual([first.id]);
    // Someone else's notification is not in your worklist.
    expect(await refusal(ACKNOWLEDGE, { input: { notificationId: first.id } }, { ...stranger, professionalId: '5eed0000-0000-4000-8000-000000000001' }))
      .toMatchObject({ code: 'NOTIFICATION_NOT_FOUND' });
  });

  it('events that cannot be are refused and change nothing', async () => {
    const { nhsNumber } = await someoneWithAPlan('Rowe');
    const before = await count(`SELECT count(*) AS n FROM care_event`);
    const event = { nhsNumber, occurredAt: hoursAgo(2) };
    expect(await refusal(RECORD, { input: { ...event, kind: 'DISCHARGE', sourceIdentifier: 'x1' } }, partner)).toMatchObject({ code: 'BAD_USER_INPUT' });
    expect(await refusal(RECORD, { input: { ...event, kind: 'EMERGENCY_ADMISSION', sourceIdentifier: 'x2', placeOfDeath: 'HOME' } }, partner))
      .toMatchObject({ code: 'BAD_USER_INPUT' });
    const future = new Date(Date.now() + 86_400_000).toISOString();
    expect(await refusal(RECORD, { input: { ...event, occurredAt: future, kind: 'AE_ATTENDANCE', sourceIdentifier: 'x3' } }, partner))
      .toMatchObject({ code: 'DATE_IN_FUTURE' });
    const admitted = await ok(RECORD, { input: { ...event, kind: 'EMERGENCY_ADMISSION', sourceIdentifier: 'x4' } }, partner);
    expect(await refusal(RECORD, {
      input: { ...event, occurredAt: hoursAgo(3), kind: 'DISCHARGE', sourceIdentifier: 'x5', admissionEventId: admitted.id, dischargeDestination: 'USUAL_RESIDENCE' },
    }, partner)).toMatchObject({ code: 'DATES_OUT_OF_ORDER' });
    await ok(RECORD, { input: { ...event, kind: 'DISCHARGE', sourceIdentifier: 'x6', admissionEventId: admitted.id, dischargeDestination: 'USUAL_RESIDENCE' } }, partner);
    expect(await refusal(RECORD, {
      input: { ...event, kind: 'DISCHARGE', sourceIdentifier: 'x7', admissionEventId: admitted.id, dischargeDestination: 'USUAL_RESIDENCE' },
    }, partner)).toMatchObject({ code: 'ALREADY_DISCHARGED' });
    await ok(RECORD, { input: { ...event, kind: 'DEATH', sourceIdentifier: 'x8', placeOfDeath: 'HOSPICE' } }, partner);
    expect(await refusal(RECORD, { input: { ...event, kind: 'DEATH', sourceIdentifier: 'x9', placeOfDeath: 'HOME' } }, partner))
      .toMatchObject({ code: 'DEATH_ALREADY_RECORDED' });
    expect(await count(`SELECT count(*) AS n FROM care_event`)).toBe(before + 3);
    // The register knows of the death, on its date in England (two hours ago: yesterday, just after midnight).
    const person = await ok(`query ($n: String!) { person(nhsNumber: $n) { dateOfDeath } }`, { n: nhsNumber }, lead);
    expect(person.dateOfDeath).toBe(dateInEngland(new Date(event.occurredAt)));

    // The database holds the line whatever the code does: a discharge before its admission, a second death.
    const [{ person_id: personId }] = await t.dataSource.query(`SELECT person_id FROM care_event WHERE id = $1`, [admitted.id]);
    await expect(t.dataSource.query(
      `INSERT INTO care_event (person_id, kind, occurred_at, admission_id, admitted_at, admission_kind, discharge_destination, source_system, source_identifier, recorded_by)
       SELECT person_id, 'DISCHARGE', occurred_at - interval '1 hour', id, occurred_at, kind, 'OTHER', 'sql', 'y1', 'test' FROM care_event WHERE id = $1`,
      [admitted.id],
    )).rejects.toThrow(/care_event_after_its_admission/);
    await expect(t.dataSource.query(
      `INSERT INTO care_event (person_id, kind, occurred_at, place_of_death, source_system, source_identifier, recorded_by)
       VALUES ($1, 'DEATH', now() - interval '1 day', 'HOME', 'sql', 'y2', 'test')`,
      [personId],
    )).rejects.toThrow(/care_event_one_death/);
    await expect(t.dataSource.query(
      `INSERT INTO care_event (person_id, kind, occurred_at, source_system, source_identifier, recorded_by)
       VALUES ($1, 'AE_ATTENDANCE', now() + interval '1 day', 'sql', 'y3', 'test')`,
      [personId],
    )).rejects.toThrow(/care_event_not_in_future/);
  });

  it('a rule at the practice switches a trigger off there, overriding the care system’s default', async () => {
    const { nhsNumber } = await someoneWithAPlan('Dunn');
    expect(await ok(SET_RULE, { input: { organisationOds: PRACTICE, triggerKind: 'AE_ATTENDANCE', enabled: false } }, { ...lead, roles: ['DIRECTORY_ADMINISTRATOR'] }))
      .toMatchObject({ triggerKind: 'AE_ATTENDANCE', enabled: false, organisation: { odsCode: PRACTICE } });
    await ok(SET_RULE, { input: { triggerKind: 'AE_ATTENDANCE', enabled: true, reviewWithinDays: 10 } }, { ...lead, roles: ['DIRECTORY_ADMINISTRATOR'] });
    const before = await count(`SELECT count(*) AS n FROM notification`);
    await ok(RECORD, { input: { nhsNumber, kind: 'AE_ATTENDANCE', occurredAt: hoursAgo(1), sourceIdentifier: 'ae-1' } }, partner);
    expect(await count(`SELECT count(*) AS n FROM notification`)).toBe(before);
    // Another organisation's rules are not yours to set.
    expect(await refusal(SET_RULE, { input: { organisationOds: PRACTICE, triggerKind: 'DISCHARGE', enabled: false } }, { ...stranger, roles: ['DIRECTORY_ADMINISTRATOR'] }))
      .toMatchObject({ code: 'NOT_AUTHORISED' });
  });

  it('a new referral and a tier change notify the lead where the PCN has configured them', async () => {
    const { nhsNumber, planId } = await someoneWithAPlan('Lane');
    const admin = { ...lead, org: PCN, roles: ['DIRECTORY_ADMINISTRATOR'] };
    await ok(SET_RULE, { input: { organisationOds: PCN, triggerKind: 'NEW_REFERRAL', enabled: true } }, admin);
    await ok(SET_RULE, { input: { organisationOds: PCN, triggerKind: 'RISK_TIER_CHANGE', enabled: true, reviewWithinDays: 21 } }, admin);

    const [{ id: personId }] = await t.dataSource.query(`SELECT id FROM person WHERE nhs_number = $1`, [nhsNumber]);
    const [spoa] = await t.dataSource.query(`SELECT id FROM organisation WHERE ods_code = $1`, [PCN]);
    await t.dataSource.query(
      `INSERT INTO referral (person_id, service_code, status, source, requested_urgency, reason, referrer_name, spoa_organisation_id, sent_by, received_at)
       SELECT $1, code, 'RECEIVED', 'GP', 'ROUTINE', 'Falls', 'Dr Elm', $2, 'test', now() FROM referral_service LIMIT 1`,
      [personId, spoa.id],
    );
    const [policy] = await t.dataSource.query(`INSERT INTO stratification_policy (name, version) VALUES ('Frailty', 1) RETURNING id`);
    await t.dataSource.query(
      `INSERT INTO person_tier_change (policy_id, person_id, policy_version, from_tier, to_tier, direction, changed_at)
       VALUES ($1, $2, 1, 'MODERATE', 'SEVERE', 'UP', now())`,
      [policy.id, personId],
    );
    const mine = (await ok(WORKLIST, {}, lead)).nodes.filter((n: any) => n.person.nhsNumber === nhsNumber);
    expect(mine.map((n: any) => [n.reason, n.reviewDueDate])).toEqual([
      ['RISK_TIER_CHANGE', daysFromToday(21)],
      ['NEW_REFERRAL', null],
    ]);
    expect(await ok(PLAN, { id: planId }, lead)).toMatchObject({ status: 'UNDER_REVIEW', nextReviewDate: daysFromToday(21), reviews: [{ reason: 'RISK_TIER_CHANGE' }] });
  });

  it("a person's events are part of their record: their GP practice sees them, someone elsewhere does not", async () => {
    const { nhsNumber } = await someoneWithAPlan('Moss');
    await ok(RECORD, { input: { nhsNumber, kind: 'CARE_HOME_ADMISSION', occurredAt: hoursAgo(30), sourceIdentifier: 'ch-1', careHomeSetting: 'NURSING' } }, partner);
    await ok(RECORD, { input: { nhsNumber, kind: 'REABLEMENT_START', occurredAt: hoursAgo(20), sourceIdentifier: 're-1' } }, partner);
    const EVENTS = `query ($n: String!) { careEvents(nhsNumber: $n, first: 1) { nodes { kind careHomeSetting sourceSystem } pageInfo { hasNextPage endCursor } } }`;
    const page = await ok(EVENTS, { n: nhsNumber });
    expect(page.nodes).toEqual([{ kind: 'REABLEMENT_START', careHomeSetting: null, sourceSystem: 'colchester-hospital-pas' }]);
    const next = await ok(`query ($n: String!, $after: String) { careEvents(nhsNumber: $n, first: 5, after: $after) { nodes { kind careHomeSetting } } }`, { n: nhsNumber, after: page.pageInfo.endCursor });
    expect(next.nodes).toEqual([{ kind: 'CARE_HOME_ADMISSION', careHomeSetting: 'NURSING' }]);
    expect(await refusal(EVENTS, { n: nhsNumber }, stranger)).toMatchObject({ code: 'NOT_AUTHORISED' });
    // Recording needs the activity: someone without it is refused.
    expect(await refusal(RECORD, { input: { nhsNumber, kind: 'AE_ATTENDANCE', occurredAt: hoursAgo(1), sourceIdentifier: 'z' } }, { sub: 'clerk', org: PRACTICE, roles: ['REGISTRATION_CLERK'] }))
      .toMatchObject({ code: 'NOT_AUTHORISED' });
  });

  it('partners read admissions as Encounters and reablement and care home admissions as EpisodesOfCare, by patient', async () => {
    const { nhsNumber } = await someoneWithAPlan('Fenn');
    const admitted = await ok(RECORD, { input: { nhsNumber, kind: 'EMERGENCY_ADMISSION', occurredAt: hoursAgo(50), sourceIdentifier: 'fenn-1', organisationOds: HOSPITAL } }, partner);
    await ok(RECORD, { input: { nhsNumber, kind: 'DISCHARGE', occurredAt: hoursAgo(26), sourceIdentifier: 'fenn-1-d', admissionEventId: admitted.id, dischargeDestination: 'REABLEMENT' } }, partner);
    await ok(RECORD, { input: { nhsNumber, kind: 'REABLEMENT_START', occurredAt: hoursAgo(25), sourceIdentifier: 'fenn-r' } }, partner);
    await ok(RECORD, { input: { nhsNumber, kind: 'AE_ATTENDANCE', occurredAt: hoursAgo(2), sourceIdentifier: 'fenn-ae' } }, partner);
    const [{ id: personId }] = await t.dataSource.query(`SELECT id FROM person WHERE nhs_number = $1`, [nhsNumber]);
    const fhir = fhirClient(t, lead);

    const encounter = await fhir.get(`/Encounter/${admitted.id}`);
    expect(encounter.status).toBe(200);
    expectValidFhir(encounter.body);
    expect(encounter.body).toMatchObject({
      status: 'finished',
      class: { code: 'IMP' },
      subject: { reference: `Patient/${personId}`, identifier: { value: nhsNumber } },
      hospitalization: { dischargeDisposition: { coding: [{ code: 'REABLEMENT' }] } },
      identifier: [{ value: 'fenn-1' }],
    });
    const found = await fhir.get(`/Encounter?patient=Patient/${personId}`);
    expect(found.status).toBe(200);
    expect(found.body.entry.map((e: any) => e.resource.class.code).sort()).toEqual(['EMER', 'IMP']);
    for (const entry of found.body.entry) expectValidFhir(entry.resource);

    const episodes = await fhir.get(`/EpisodeOfCare?patient=${personId}`);
    expect(episodes.body.entry).toHaveLength(1);
    expectValidFhir(episodes.body.entry[0].resource);
    expect(episodes.body.entry[0].resource).toMatchObject({ status: 'active', type: [{ coding: [{ code: 'REABLEMENT' }] }] });

    // Part of the person's record: someone without a relationship finds nothing to read.
    expect((await fhirClient(t, stranger).get(`/Encounter/${admitted.id}`)).status).toBe(403);
  });

  describe('sent by a partner as FHIR', () => {
    const ACT = 'http://terminology.hl7.org/CodeSystem/v3-ActCode';
    const LOCAL = 'https://care-coordination.invalid/fhir';
    const SPELLS = 'https://colchester-hospital.nhs.uk/Id/spell';
    const hospital = () => fhirClient(t, { ...partner, scope: 'system/Encounter.cruds system/EpisodeOfCare.cruds system/Patient.c' });
    const anAdmission = (subject: Record<string, unknown>, spell: string, overrides: Record<string, unknown> = {}) => ({
      resourceType: 'Encounter',
      identifier: [{ system: SPELLS, value: spell }],
      status: 'in-progress',
      class: { system: ACT, code: 'IMP' },
      priority: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v3-ActPriority', code: 'EM' }] },
      subject,
      period: { start: hoursAgo(6) },
      serviceProvider: { identifier: { system: 'https://fhir.nhs.uk/Id/ods-organization-code', value: HOSPITAL } },
      ...overrides,
    });
    const personIdOf = async (nhsNumber: string) => (await t.dataSource.query(`SELECT id FROM person WHERE nhs_number = $1`, [nhsNumber]))[0].id;

    it("an admission sent as an Encounter notifies the lead and puts the plan under review, as over GraphQL; sent again it is the same", async () => {
      const { nhsNumber, planId } = await someoneWithAPlan('Okafor');
      const sent = await hospital().post('/Encounter', anAdmission({ identifier: { system: 'https://fhir.nhs.uk/Id/nhs-number', value: nhsNumber } }, 'SPELL-7001'));
      expect(sent.status).toBe(201);
      expectValidFhir(sent.body);
      expect(sent.body).toMatchObject({ status: 'in-progress', class: { code: 'IMP' }, identifier: [{ system: SPELLS, value: 'SPELL-7001' }], meta: { versionId: '1' } });
      expect(sent.headers.etag).toBe('W/"1"');

      const mine = (await ok(WORKLIST, {}, lead)).nodes.filter((n: any) => n.person.nhsNumber === nhsNumber);
      expect(mine).toEqual([expect.objectContaining({ reason: 'EMERGENCY_ADMISSION', reviewDueDate: daysFromToday(14), careEvent: { kind: 'EMERGENCY_ADMISSION' } })]);
      expect(await ok(PLAN, { id: planId }, lead)).toMatchObject({ status: 'UNDER_REVIEW', nextReviewDate: daysFromToday(14) });

      // A retry, plainly or conditionally on the spell's identifier, records nothing new.
      const events = await count(`SELECT count(*) AS n FROM care_event`);
      const again = await hospital().post('/Encounter', anAdmission({ reference: `Patient/${await personIdOf(nhsNumber)}` }, 'SPELL-7001', { period: sent.body.period }));
      expect(again.body.id).toBe(sent.body.id);
      const conditional = await hospital().post('/Encounter', anAdmission({ reference: `Patient/${await personIdOf(nhsNumber)}` }, 'SPELL-7001', { period: sent.body.period }), {
        'if-none-exist': `identifier=${SPELLS}|SPELL-7001`,
      });
      expect(conditional.status).toBe(200);
      expect(conditional.body.id).toBe(sent.body.id);
      expect(await count(`SELECT count(*) AS n FROM care_event`)).toBe(events);
      expect(await count(`SELECT count(*) AS n FROM notification WHERE care_event_id = $1`, [sent.body.id])).toBe(1);
      const audited = await count(`SELECT count(*) AS n FROM audit_event WHERE action = 'FHIR create' AND entity = 'Encounter' AND person_id = $1`, [await personIdOf(nhsNumber)]);
      expect(audited).toBeGreaterThanOrEqual(1);
    });

    it('the discharge is an update of the Encounter: finished, with its end and destination, a second notification and the review brought forward', async () => {
      const { nhsNumber, planId } = await someoneWithAPlan('Byrne');
      const subject = { identifier: { system: 'https://fhir.nhs.uk/Id/nhs-number', value: nhsNumber } };
      const { body: admitted } = await hospital().post('/Encounter', anAdmission(subject, 'SPELL-7002'));
      const discharged = {
        ...admitted,
        status: 'finished',
        period: { ...admitted.period, end: hoursAgo(1) },
        hospitalization: { dischargeDisposition: { coding: [{ system: `${LOCAL}/CodeSystem/discharge-destination`, code: 'REABLEMENT' }] } },
      };
      expect((await hospital().put(`/Encounter/${admitted.id}`, discharged, { 'if-match': 'W/"7"' })).status).toBe(412);
      const updated = await hospital().put(`/Encounter/${admitted.id}`, discharged, { 'if-match': 'W/"1"' });
      expect(updated.status).toBe(200);
      expectValidFhir(updated.body);
      expect(updated.body).toMatchObject({ status: 'finished', meta: { versionId: '2' }, hospitalization: { dischargeDisposition: { coding: [{ code: 'REABLEMENT' }] } } });
      const mine = (await ok(WORKLIST, {}, lead)).nodes.filter((n: any) => n.person.nhsNumber === nhsNumber);
      expect(mine.map((n: any) => [n.reason, n.reviewDueDate])).toEqual([['DISCHARGE', daysFromToday(7)], ['EMERGENCY_ADMISSION', daysFromToday(14)]]);
      expect(await ok(PLAN, { id: planId }, lead)).toMatchObject({ nextReviewDate: daysFromToday(7) });

      // Sent again it changes nothing; a different discharge, or a change to the admission itself, is refused.
      expect((await hospital().put(`/Encounter/${admitted.id}`, discharged)).status).toBe(200);
      const elsewhere = { ...discharged, hospitalization: { dischargeDisposition: { coding: [{ system: `${LOCAL}/CodeSystem/discharge-destination`, code: 'NURSING_CARE' }] } } };
      const refused = await hospital().put(`/Encounter/${admitted.id}`, elsewhere);
      expect([refused.status, refused.body.issue[0].details.coding[0].code]).toEqual([409, 'ALREADY_DISCHARGED']);
      const moved = await hospital().put(`/Encounter/${admitted.id}`, { ...discharged, period: { start: hoursAgo(9), end: discharged.period.end } });
      expect([moved.status, moved.body.issue[0].expression]).toEqual([400, ['Encounter.period.start']]);
      expect(await count(`SELECT count(*) AS n FROM care_event WHERE admission_id = $1`, [admitted.id])).toBe(1);

      // Days of delayed transfer, reported over GraphQL, show on the admission's Encounter as a change of its own.
      await ok(RECORD, { input: { nhsNumber, kind: 'DELAYED_TRANSFER', occurredAt: hoursAgo(1), sourceIdentifier: 'SPELL-7002-dtoc', admissionEventId: admitted.id, delayedDays: 3 } }, partner);
      const delayed = await fhirClient(t, lead).get(`/Encounter/${admitted.id}`);
      expect(delayed.body).toMatchObject({ meta: { versionId: '3' }, extension: [{ valueInteger: 3 }] });
    });

    it('a person and their admission and discharge in one transaction: the Encounter names the new Patient by its urn:uuid', async () => {
      const patient = aPatient();
      const bundle = {
        resourceType: 'Bundle',
        type: 'transaction',
        entry: [
          { fullUrl: 'urn:uuid:3f0c2a1e-7d4b-4e8a-9b6c-5d2e1f0a9b8c', resource: patient, request: { method: 'POST', url: 'Patient' } },
          {
            resource: anAdmission({ reference: 'urn:uuid:3f0c2a1e-7d4b-4e8a-9b6c-5d2e1f0a9b8c' }, 'SPELL-7003', {
              status: 'finished',
              period: { start: hoursAgo(30), end: hoursAgo(4) },
              hospitalization: { dischargeDisposition: { coding: [{ system: `${LOCAL}/CodeSystem/discharge-destination`, code: 'USUAL_RESIDENCE' }] } },
            }),
            request: { method: 'POST', url: 'Encounter' },
          },
        ],
      };
      const done = await fhirClient(t, { ...partner, roles: ['PARTNER_SYSTEM'] }).post('', bundle);
      expect(done.status).toBe(200);
      const [, encounter] = done.body.entry.map((e: any) => e.response.location.split('/_history')[0]);
      const read = await fhirClient(t, { sub: 'gp', org: 'F81001', roles: ['GP'] }).get(`/${encounter}`);
      expect(read.body).toMatchObject({ status: 'finished', hospitalization: { dischargeDisposition: { coding: [{ code: 'USUAL_RESIDENCE' }] } } });
      expect(await count(`SELECT count(*) AS n FROM care_event e JOIN person p ON p.id = e.person_id WHERE p.nhs_number = $1`, [nhsNumberOf(patient)])).toBe(2);
    });

    it('reablement starts and ends as an EpisodeOfCare; a care home admission is one that stays active', async () => {
      const { nhsNumber } = await someoneWithAPlan('Reyes');
      const episode = {
        resourceType: 'EpisodeOfCare',
        identifier: [{ system: 'https://essex.gov.uk/Id/care-step', value: 'RB-9' }],
        status: 'active',
        type: [{ coding: [{ system: `${LOCAL}/CodeSystem/episode-of-care-type`, code: 'REABLEMENT' }] }],
        patient: { identifier: { system: 'https://fhir.nhs.uk/Id/nhs-number', value: nhsNumber } },
        period: { start: hoursAgo(40) },
      };
      const council = fhirClient(t, { sub: 'essex-mosaic', org: HOSPITAL, roles: ['PARTNER_SYSTEM'], scope: 'system/EpisodeOfCare.write' });
      const started = await council.post('/EpisodeOfCare', episode);
      expect(started.status).toBe(201);
      const ended = await council.put(`/EpisodeOfCare/${started.body.id}`, { ...started.body, status: 'finished', period: { ...started.body.period, end: hoursAgo(2) } });
      expect(ended.status).toBe(200);
      expectValidFhir(ended.body);
      expect(ended.body).toMatchObject({ status: 'finished', meta: { versionId: '2' } });
      const kinds = await t.dataSource.query(`SELECT e.kind FROM care_event e JOIN person p ON p.id = e.person_id WHERE p.nhs_number = $1 ORDER BY e.occurred_at`, [nhsNumber]);
      expect(kinds.map((k: any) => k.kind)).toEqual(['REABLEMENT_START', 'REABLEMENT_END']);
      const careHome = await council.post('/EpisodeOfCare', {
        ...episode,
        identifier: [{ system: 'https://essex.gov.uk/Id/care-step', value: 'CH-3' }],
        type: [{ coding: [{ system: `${LOCAL}/CodeSystem/episode-of-care-type`, code: 'CARE_HOME_NURSING' }] }],
      });
      expect(careHome.body).toMatchObject({ status: 'active', type: [{ coding: [{ code: 'CARE_HOME_NURSING' }] }] });
      // A scope that does not cover the type is refused before anything is read or written.
      expect((await council.post('/Encounter', anAdmission({ identifier: { system: 'https://fhir.nhs.uk/Id/nhs-number', value: nhsNumber } }, 'X-1'))).status).toBe(403);
    });

    it("the lead's notifications are Communications, found by patient and by recipient, by those who may see the person", async () => {
      const { nhsNumber, planId } = await someoneWithAPlan('Idowu');
      const { body: admitted } = await hospital().post('/Encounter', anAdmission({ identifier: { system: 'https://fhir.nhs.uk/Id/nhs-number', value: nhsNumber } }, 'SPELL-7010'));
      const personId = await personIdOf(nhsNumber);
      const fhir = fhirClient(t, lead);
      const found = await fhir.get(`/Communication?patient=Patient/${personId}`);
      expect(found.status).toBe(200);
      expect(found.body.entry).toHaveLength(1);
      const [{ resource: communication }] = found.body.entry;
      expectValidFhir(communication);
      expect(communication).toMatchObject({
        status: 'completed',
        recipient: [{ reference: `Practitioner/${lead.professionalId}` }],
        about: [{ reference: `Encounter/${admitted.id}` }, { reference: `CarePlan/${planId}` }],
        payload: [{ contentString: expect.stringContaining(`Emergency admission at Colchester Hospital`) }],
      });
      const mine = await fhir.get(`/Communication?recipient=Practitioner/${lead.professionalId}&_count=200`);
      expect(mine.body.entry.map((e: any) => e.resource.id)).toContain(communication.id);
      expect((await fhir.get(`/Communication/${communication.id}`)).headers.etag).toBe('W/"1"');
      expect((await fhirClient(t, stranger).get(`/Communication/${communication.id}`)).status).toBe(403);
      expect((await fhirClient(t, stranger).get(`/Communication?patient=Patient/${personId}`)).body.entry ?? []).toEqual([]);
    });

    it('refuses an invalid event naming the element, writes nothing, and refuses a sender without RECORD_CARE_EVENT', async () => {
      const { nhsNumber } = await someoneWithAPlan('Quinn');
      const subject = { identifier: { system: 'https://fhir.nhs.uk/Id/nhs-number', value: nhsNumber } };
      const before = await count(`SELECT count(*) AS n FROM care_event`);
      const elective = await hospital().post('/Encounter', anAdmission(subject, 'SPELL-7004', { priority: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v3-ActPriority', code: 'EL' }] } }));
      expect([elective.status, elective.body.issue[0].expression]).toEqual([400, ['Encounter.priority']]);
      const future = await hospital().post('/Encounter', anAdmission(subject, 'SPELL-7005', { period: { start: new Date(Date.now() + 86_400_000).toISOString() } }));
      expect([future.status, future.body.issue[0].expression]).toEqual([400, ['Encounter.period.start']]);
      const unknownTrust = await hospital().post('/Encounter', anAdmission(subject, 'SPELL-7006', { serviceProvider: { identifier: { system: 'https://fhir.nhs.uk/Id/ods-organization-code', value: 'RZZ' } } }));
      expect([unknownTrust.status, unknownTrust.body.issue[0].expression]).toEqual([404, ['Encounter.serviceProvider']]);
      const nobody = await hospital().post('/Encounter', anAdmission({ identifier: { system: 'https://fhir.nhs.uk/Id/nhs-number', value: '9990000999' } }, 'SPELL-7009'));
      expect([nobody.status, nobody.body.issue[0].expression]).toEqual([404, ['Encounter.subject']]);
      const notFhir = await hospital().post('/Encounter', { ...anAdmission(subject, 'SPELL-7007'), status: 'admitted' });
      expect(notFhir.status).toBe(400);
      const clerk = fhirClient(t, { sub: 'clerk', org: PRACTICE, roles: ['REGISTRATION_CLERK'] });
      expect((await clerk.post('/Encounter', anAdmission(subject, 'SPELL-7008'))).status).toBe(403);
      expect(await count(`SELECT count(*) AS n FROM care_event`)).toBe(before);
    });
  });
});
