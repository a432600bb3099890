import { CarePlansService } from '@app/care-plans';
import { aFrailtyPolicy, aPersonWithARecord, directoryOfRecords, PersonRecordIds } from './support/person-record';
import { testNhsNumber } from './support/builders';
import { aPatient, fhirClient } from './support/fhir-client';
import { expectValidFhir } from './support/fhir-validation';
import { startTestApp, TestApp } from './support/test-app';

const NHS = 'https://fhir.nhs.uk/Id/nhs-number';
/** A GP at another practice, with no relationship to the people registered at F81001. */
const elsewhere = { sub: 'gp-elsewhere', org: 'F81999', roles: ['GP'] };

describe("a person's record over FHIR: care team, care plan, referrals and risk", () => {
  let t: TestApp;
  let fhir: ReturnType<typeof fhirClient>;
  let margaret: PersonRecordIds;

  beforeAll(async () => {
    t = await startTestApp();
    fhir = fhirClient(t);
    margaret = await aPersonWithARecord(t);
  });
  afterAll(() => t.close());

  const searchIds = async (path: string) => {
    const res = await fhir.get(path);
    expect(res.status).toBe(200);
    expectValidFhir(res.body);
    return res.body.entry.map((e: any) => `${e.resource.resourceType}/${e.resource.id}`);
  };

  it('lists every type it now serves in the CapabilityStatement, with the versions each keeps', async () => {
    const res = await fhirClient(t, null).get('/metadata');
    const byType = Object.fromEntries(res.body.rest[0].resource.map((r: any) => [r.type, r.interaction.map((i: any) => i.code).sort()]));
    expect(byType.CarePlan).toEqual(['history-instance', 'read', 'search-type', 'vread']);
    expect(byType.Goal).toEqual(['history-instance', 'read', 'search-type', 'vread']);
    expect(byType.Flag).toEqual(['read', 'search-type']);
    expect(byType.AuditEvent).toEqual(['read', 'search-type']);
    expect(byType.Consent).toEqual(['create', 'history-instance', 'read', 'search-type', 'update', 'vread']);
    expect(byType.CareTeam).toEqual(['read', 'search-type']);
    // Referrals and scores are created over FHIR; they change by their own workflow, never by update.
    expect(byType.ServiceRequest).toEqual(['create', 'read', 'search-type']);
    expect(byType.RiskAssessment).toEqual(['create', 'read', 'search-type']);
  });

  it("gives the person's care team as one CareTeam, with the lead professional in the lead role", async () => {
    const res = await fhir.get(`/CareTeam/${margaret.personId}`);
    expect(res.status).toBe(200);
    expectValidFhir(res.body);
    expect(res.body).toMatchObject({ status: 'active', subject: { reference: `Patient/${margaret.personId}` } });
    const lead = res.body.participant.find((p: any) => p.role[0].coding.some((c: any) => c.code === 'LEAD_PROFESSIONAL'));
    expect(lead.member.reference).toBe(`Practitioner/${margaret.professionalId}`);
    expect(await searchIds(`/CareTeam?patient=Patient/${margaret.personId}`)).toEqual([`CareTeam/${margaret.personId}`]);
  });

  it("gives the joint plan as a CarePlan with its goal, action and version, found by the person's NHS number", async () => {
    const res = await fhir.get(`/CarePlan/${margaret.carePlanId}`);
    expect(res.status).toBe(200);
    expectValidFhir(res.body);
    expect(res.headers.etag).toBe('W/"1"');
    expect(res.body).toMatchObject({
      status: 'draft',
      intent: 'plan',
      description: 'Staying in my own home with my cat',
      activity: [{ detail: { status: 'not-started', description: 'Falls assessment at home', scheduledPeriod: { end: '2030-01-31' } } }],
    });
    expect(await searchIds(`/CarePlan?patient.identifier=${encodeURIComponent(`${NHS}|${margaret.nhsNumber}`)}&status=draft`)).toEqual([
      `CarePlan/${margaret.carePlanId}`,
    ]);
    expect(await searchIds(`/CarePlan?patient=${margaret.personId}&status=active`)).toEqual([]);
    const history = await fhir.get(`/CarePlan/${margaret.carePlanId}/_history`);
    expect(history.body.entry.map((e: any) => e.resource.meta.versionId)).toEqual(['1']);
  });

  it("gives the plan's goals as Goals in the person's words, a goal taken out cancelled, each at the plan's versions", async () => {
    const person = await aPersonWithARecord(t);
    const plan = await fhir.get(`/CarePlan/${person.carePlanId}`);
    const [walk] = plan.body.goal.map((g: any) => g.reference);
    const goal = await fhir.get(`/${walk}`);
    expect(goal.status).toBe(200);
    expectValidFhir(goal.body);
    expect(goal.headers.etag).toBe('W/"1"');
    expect(goal.body).toMatchObject({
      lifecycleStatus: 'proposed',
      description: { text: 'Walk to the post office on my own by the spring' },
      subject: { reference: `Patient/${person.personId}` },
      expressedBy: { reference: `Patient/${person.personId}` },
    });

    // The person rewords their goal: a new goal, and the old one is taken out of the plan.
    await t.app.get(CarePlansService).update(
      { carePlanId: person.carePlanId, expectedVersion: 1, content: { goals: ['Walk to the post office and back on my own'] } } as never,
      person.professionalId,
    );
    const [reworded] = (await fhir.get(`/CarePlan/${person.carePlanId}`)).body.goal.map((g: any) => g.reference);
    expect(reworded).not.toBe(walk);
    const old = await fhir.get(`/${walk}`);
    expectValidFhir(old.body);
    expect(old.body).toMatchObject({ lifecycleStatus: 'cancelled', meta: { versionId: '2' }, note: [{ text: 'Taken out of the care plan in its version 2' }] });
    expect((await fhir.get(`/${walk}/_history/1`)).body.lifecycleStatus).toBe('proposed');
    expect((await fhir.get(`/${reworded}/_history/1`)).status).toBe(404);
    expect((await fhir.get(`/${walk}/_history`)).body.entry.map((e: any) => e.resource.lifecycleStatus)).toEqual(['cancelled', 'proposed']);

    expect(await searchIds(`/Goal?patient=${person.personId}`)).toEqual(expect.arrayContaining([walk, reworded]));
    expect(await searchIds(`/Goal?patient=${person.personId}&lifecycle-status=proposed`)).toEqual([reworded]);
    expect(await searchIds(`/Goal?patient.identifier=${encodeURIComponent(`${NHS}|${person.nhsNumber}`)}&status=cancelled`)).toEqual([walk]);
  });

  it('gives a referral as a ServiceRequest, urgent as asap, and a frailty score as a RiskAssessment with its eFI category', async () => {
    const referral = await fhir.get(`/ServiceRequest/${margaret.referralId}`);
    expectValidFhir(referral.body);
    expect(referral.body).toMatchObject({
      status: 'active',
      priority: 'asap',
      code: { coding: [{ code: 'URGENT_COMMUNITY_RESPONSE' }] },
      subject: { reference: `Patient/${margaret.personId}` },
    });
    const score = await fhir.get(`/RiskAssessment/${margaret.riskScoreId}`);
    expectValidFhir(score.body);
    expect(score.body.extension[1].valueCodeableConcept).toMatchObject({ coding: [{ code: 'MODERATE' }] });
    expect(score.body.extension[0].valueDecimal).toBeCloseTo(10 / 36);
    expect(await searchIds(`/ServiceRequest?subject=Patient/${margaret.personId}&status=active`)).toEqual([`ServiceRequest/${margaret.referralId}`]);
    expect(await searchIds(`/RiskAssessment?patient=${margaret.personId}&method=EFI`)).toEqual([`RiskAssessment/${margaret.riskScoreId}`]);
  });

  it("gives a referral's workflow as a Task awaiting triage at the single point of referral", async () => {
    const task = await fhir.get(`/Task/${margaret.referralId}`);
    expect(task.status).toBe(200);
    expectValidFhir(task.body);
    expect(task.body).toMatchObject({ status: 'requested', focus: { reference: `ServiceRequest/${margaret.referralId}` }, owner: { type: 'Organization' } });
    expect(await searchIds(`/Task?patient=${margaret.personId}&status=requested`)).toEqual([`Task/${margaret.referralId}`]);
  });

  it("gives a person's dissent from sharing with an organisation as a Consent that denies, inactive once withdrawn", async () => {
    const recorded = await t.gql(`mutation ($input: RecordSharingDissentInput!) { recordSharingDissent(input: $input) { id } }`, {
      input: { nhsNumber: margaret.nhsNumber, organisationOds: 'R1H99', note: 'Does not want the hospital to see her record' },
    });
    expect(recorded.errors).toBeUndefined();
    const id = recorded.data!.recordSharingDissent.id;
    const consent = await fhir.get(`/Consent/${id}`);
    expectValidFhir(consent.body);
    expect(consent.body).toMatchObject({
      status: 'active',
      patient: { reference: `Patient/${margaret.personId}` },
      provision: { type: 'deny', actor: [{ reference: { identifier: { value: 'R1H99' } } }] },
    });
    await t.gql(`mutation ($input: WithdrawSharingDissentInput!) { withdrawSharingDissent(input: $input) { id } }`, { input: { id } });
    expect(await searchIds(`/Consent?patient=${margaret.personId}&status=inactive`)).toEqual([`Consent/${id}`]);
    expect(await searchIds(`/Consent?patient=${margaret.personId}&status=active`)).toEqual([]);
  });

  it("gives a person's risk tier as a Flag explaining it, inactive once the policy no longer places them, and a dissent as a Flag", async () => {
    const person = await aPersonWithARecord(t);
    const { retier } = await aFrailtyPolicy(t);
    await retier();

    const [flag] = (await fhir.get(`/Flag?patient=${person.personId}&status=active`)).body.entry.map((e: any) => e.resource);
    expectValidFhir(flag);
    expect(flag).toMatchObject({ status: 'active', code: { coding: [{ code: 'FRAIL' }], text: expect.stringMatching(/^Moderate or severe frailty \(case managed\): Colne frailty/) } });
    expect(flag.text.div).toMatch(/EFI 0.27\d+ \(MODERATE\) on 2025-06-30.*makes Moderate or severe frailty \(Colne frailty \w+ v1\)/);
    expect((await fhir.get(`/Flag/${flag.id}`)).body.id).toBe(flag.id);

    // She dies: the policy no longer places her, and the flag ends, keeping its id.
    await t.dataSource.query(`UPDATE person SET date_of_death = '2026-11-01' WHERE id = $1`, [person.personId]);
    await retier();
    const ended = await fhir.get(`/Flag/${flag.id}`);
    expectValidFhir(ended.body);
    expect(ended.body).toMatchObject({ status: 'inactive', period: { start: flag.period.start } });
    expect(ended.body.period.end).toBeDefined();

    const recorded = await t.gql(`mutation ($input: RecordSharingDissentInput!) { recordSharingDissent(input: $input) { id } }`, {
      input: { nhsNumber: person.nhsNumber, note: 'Wants only her GP to see her record' },
    });
    expect(recorded.errors).toBeUndefined();
    const dissent = (await fhir.get(`/Flag?patient=${person.personId}&status=active`)).body.entry.map((e: any) => e.resource);
    expect(dissent).toHaveLength(1);
    expectValidFhir(dissent[0]);
    expect(dissent[0]).toMatchObject({ code: { coding: [{ code: 'SHARING_DISSENT' }], text: 'Has declined sharing their record outside their GP practice' } });
  });

  it('pages a search with _count and a next link', async () => {
    const other = await aPersonWithARecord(t);
    const seen: string[] = [];
    let path: string | undefined = '/RiskAssessment?_count=1';
    while (path) {
      const page = await fhir.get(path);
      expect(page.body.entry.length).toBeLessThanOrEqual(1);
      seen.push(...page.body.entry.map((e: any) => e.resource.id));
      const next = page.body.link.find((l: any) => l.relation === 'next')?.url as string | undefined;
      path = next && next.slice(next.indexOf('/fhir') + 5);
    }
    expect(seen).toEqual(expect.arrayContaining([margaret.riskScoreId, other.riskScoreId]));
    expect(new Set(seen).size).toBe(seen.length);
  });

  it("refuses someone with no relationship to the person, and audits each read of the person's record", async () => {
    const stranger = fhirClient(t, elsewhere);
    expect((await stranger.get(`/CarePlan/${margaret.carePlanId}`)).status).toBe(403);
    const search = await stranger.get(`/ServiceRequest?patient=${margaret.personId}`);
    expect(search.body.entry ?? []).toEqual([]);
    const audited = await t.dataSource.query(
      `SELECT DISTINCT action, outcome FROM audit_event WHERE person_id = $1 AND action LIKE 'FHIR % CarePlan' ORDER BY 1, 2`,
      [margaret.personId],
    );
    expect(audited).toEqual(expect.arrayContaining([{ action: 'FHIR read CarePlan', outcome: 'PERMITTED' }, { action: 'FHIR read CarePlan', outcome: 'REFUSED' }]));
  });

  it("looks among the user's own people when a search names no one, not through everyone's records", async () => {
    const since = new Date(Date.now() - 1000).toISOString();
    const person = await aPersonWithARecord(t);
    const recent = (type: string) => `/${type}?_lastUpdated=ge${since}&_count=100`;
    // Her practice's GP (the default user), and her lead (by professional id, at another organisation).
    expect(await searchIds(recent('CarePlan'))).toContain(`CarePlan/${person.carePlanId}`);
    expect(await searchIds(recent('Patient'))).toContain(`Patient/${person.personId}`);
    const lead = fhirClient(t, { sub: 'lead-matron', org: 'R1H99', roles: ['CARE_COORDINATOR'], professionalId: person.professionalId });
    const led = await lead.get(recent('CarePlan'));
    expect(led.body.entry.map((e: any) => e.resource.id)).toContain(person.carePlanId);
    // A GP elsewhere finds none of her records, and nothing is refused: they were never looked at.
    const stranger = fhirClient(t, elsewhere);
    for (const type of ['CarePlan', 'Patient', 'CareTeam', 'Flag', 'ServiceRequest']) {
      const found = await stranger.get(recent(type));
      expect([type, found.status, found.body.entry ?? []]).toEqual([type, 200, []]);
    }
    const refused = await t.dataSource.query(`SELECT count(*)::int AS n FROM audit_event WHERE person_id = $1 AND outcome = 'REFUSED'`, [person.personId]);
    expect(refused).toEqual([{ n: 0 }]);
  });

  it("gives the audit trail of a person's record as AuditEvents to a privacy officer who covers them, and audits that reading", async () => {
    const person = await aPersonWithARecord(t);
    const matron = fhirClient(t, { sub: 'matron-shah', name: 'Priya Shah', org: 'R1H99', roles: ['CARE_COORDINATOR'], professionalId: person.professionalId });
    expect((await matron.get(`/CarePlan/${person.carePlanId}`)).status).toBe(200);
    expect((await fhirClient(t, elsewhere).get(`/CarePlan/${person.carePlanId}`)).status).toBe(403);

    const officer = fhirClient(t, { sub: 'colne-ig', name: 'Colne IG lead', org: 'F81001', roles: ['PRIVACY_OFFICER'] });
    const trail = await officer.get(`/AuditEvent?patient=Patient/${person.personId}&_count=200`);
    expect(trail.status).toBe(200);
    expectValidFhir(trail.body);
    const events = trail.body.entry.map((e: any) => e.resource);
    const read = events.find((e: any) => e.subtype[0].code === 'FHIR read CarePlan' && e.agent[0].altId === 'matron-shah');
    expect(read).toMatchObject({
      action: 'R',
      outcome: '0',
      type: { code: '110110' },
      agent: [
        { who: { reference: `Practitioner/${person.professionalId}` }, requestor: true, purposeOfUse: [{ coding: [{ code: 'TREAT' }] }, { coding: [{ code: 'LEAD_PROFESSIONAL' }] }] },
        { who: { identifier: { value: 'R1H99' } }, requestor: false },
      ],
      entity: [{ what: { reference: `Patient/${person.personId}` } }, { type: { code: 'CarePlan' } }],
    });
    const refused = events.find((e: any) => e.agent[0].altId === 'gp-elsewhere');
    expect(refused).toMatchObject({ action: 'R', outcome: '4', outcomeDesc: 'Refused: NO_RELATIONSHIP' });
    expect((await officer.get(`/AuditEvent/${read.id}`)).body.id).toBe(read.id);
    const since = await officer.get(`/AuditEvent?entity=${person.personId}&_lastUpdated=gt${read.recorded}`);
    expect(since.body.entry.length).toBeGreaterThan(0);
    expect(since.body.entry.every((e: any) => e.resource.recorded >= read.recorded)).toBe(true);

    // Reading the trail is audited in turn; a clinician may not read it; an officer elsewhere sees nothing of her.
    const audited = await t.dataSource.query(`SELECT count(*)::int AS n FROM audit_event WHERE person_id = $1 AND user_subject = 'colne-ig' AND action = 'FHIR search AuditEvent'`, [person.personId]);
    expect(audited[0].n).toBeGreaterThan(0);
    expect((await fhir.get(`/AuditEvent?patient=${person.personId}`)).status).toBe(403);
    const officerElsewhere = fhirClient(t, { sub: 'tendring-ig', org: 'F82001', roles: ['PRIVACY_OFFICER'] });
    expect((await officerElsewhere.get(`/AuditEvent?patient=${person.personId}`)).body.entry ?? []).toEqual([]);
    expect((await officerElsewhere.get(`/AuditEvent/${read.id}`)).status).toBe(403);
  });

  describe('sent by a partner', () => {
    const ODS = 'https://fhir.nhs.uk/Id/ods-organization-code';
    const LOCAL = 'https://care-coordination.invalid/fhir';
    const count = async (table: string) => Number((await t.dataSource.query(`SELECT count(*) AS n FROM ${table}`))[0].n);
    const aServiceRequest = async (subject: Record<string, unknown>, overrides: Record<string, unknown> = {}) => ({
      resourceType: 'ServiceRequest',
      status: 'active',
      intent: 'order',
      priority: 'urgent',
      category: [{ coding: [{ system: `${LOCAL}/CodeSystem/referral-source`, code: 'HOSPITAL_DISCHARGE_TEAM' }] }],
      code: { coding: [{ system: `${LOCAL}/CodeSystem/referral-service`, code: 'REABLEMENT' }] },
      subject,
      requester: { display: 'Ward 7 discharge team' },
      performer: [{ identifier: { system: ODS, value: (await directoryOfRecords(t)).spoaOds } }],
      reasonCode: [{ text: 'Going home tomorrow after a fall; lives alone' }],
      ...overrides,
    });
    const aRiskAssessment = (subject: Record<string, unknown>, model: string, value: number, overrides: Record<string, unknown> = {}) => ({
      resourceType: 'RiskAssessment',
      status: 'final',
      extension: [{ url: `${LOCAL}/StructureDefinition/risk-score-value`, valueDecimal: value }],
      method: { coding: [{ system: `${LOCAL}/CodeSystem/risk-model`, code: model }] },
      subject,
      occurrenceDateTime: '2025-06-30',
      performer: { display: 'SystmOne extract' },
      ...overrides,
    });

    const aConsent = (personId: string, overrides: Record<string, unknown> = {}) => ({
      resourceType: 'Consent',
      status: 'active',
      scope: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/consentscope', code: 'patient-privacy' }] },
      category: [{ coding: [{ system: 'http://loinc.org', code: '59284-0' }] }],
      patient: { reference: `Patient/${personId}` },
      policyRule: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode', code: 'OPTOUT' }] },
      provision: { type: 'deny', actor: [{ role: { text: 'recipient' }, reference: { identifier: { system: ODS, value: 'R1H99' } } }] },
      extension: [{ url: `${LOCAL}/StructureDefinition/sharing-dissent-note`, valueString: 'Told her GP on the phone' }],
      ...overrides,
    });
    const dissentsOf = (personId: string) =>
      t.dataSource.query(`SELECT organisation_ods, withdrawn_at IS NOT NULL AS withdrawn FROM sharing_dissent WHERE person_id = $1 ORDER BY recorded_at`, [personId]);

    it('records a dissent sent as a Consent once however often it is sent, and withdraws it when updated to inactive, at the version read', async () => {
      const person = await aPersonWithARecord(t);
      const sent = await fhir.post('/Consent', aConsent(person.personId));
      expect(sent.status).toBe(201);
      expectValidFhir(sent.body);
      expect(sent.headers.etag).toBe('W/"1"');
      expect(sent.body).toMatchObject({ status: 'active', provision: { type: 'deny', actor: [{ reference: { identifier: { value: 'R1H99' } } }] } });
      expect((await fhir.post('/Consent', aConsent(person.personId))).body.id).toBe(sent.body.id);
      const conditional = await fhir.post('/Consent', aConsent(person.personId), { 'if-none-exist': `patient=${person.personId}&status=active` });
      expect([conditional.status, conditional.body.id]).toEqual([200, sent.body.id]);
      expect(await dissentsOf(person.personId)).toEqual([{ organisation_ods: 'R1H99', withdrawn: false }]);

      const withdrawal = { ...sent.body, status: 'inactive' };
      expect((await fhir.put(`/Consent/${sent.body.id}`, withdrawal, { 'if-match': 'W/"2"' })).status).toBe(412);
      expect(await dissentsOf(person.personId)).toEqual([{ organisation_ods: 'R1H99', withdrawn: false }]);
      const withdrawn = await fhir.put(`/Consent/${sent.body.id}`, withdrawal, { 'if-match': 'W/"1"' });
      expect(withdrawn.status).toBe(200);
      expectValidFhir(withdrawn.body);
      expect(withdrawn.body).toMatchObject({ status: 'inactive', meta: { versionId: '2' } });
      expect(withdrawn.body.provision.period.end).toBeDefined();
      expect((await fhir.put(`/Consent/${sent.body.id}`, withdrawal)).body.meta.versionId).toBe('2');
      expect(await dissentsOf(person.personId)).toEqual([{ organisation_ods: 'R1H99', withdrawn: true }]);
      const history = await fhir.get(`/Consent/${sent.body.id}/_history`);
      expect(history.body.entry.map((e: any) => [e.resource.meta.versionId, e.resource.status])).toEqual([['2', 'inactive'], ['1', 'active']]);

      const reinstated = await fhir.put(`/Consent/${sent.body.id}`, { ...withdrawn.body, status: 'active' });
      expect(reinstated.status).toBe(400);
      expect(reinstated.body.issue[0].expression).toEqual(['Consent.status']);
      const audited = await t.dataSource.query(`SELECT DISTINCT action FROM audit_event WHERE person_id = $1 AND action IN ('FHIR create', 'FHIR update') ORDER BY 1`, [person.personId]);
      expect(audited.map((a: any) => a.action)).toEqual(['FHIR create', 'FHIR update']);
    });

    it('refuses a Consent that permits, or from someone with no relationship to the person, recording nothing', async () => {
      const person = await aPersonWithARecord(t);
      const permit = await fhir.post('/Consent', aConsent(person.personId, { provision: { type: 'permit' } }));
      expect(permit.status).toBe(400);
      expect(permit.body.issue[0].expression).toEqual(['Consent.provision.type']);
      const stranger = await fhirClient(t, elsewhere).post('/Consent', aConsent(person.personId));
      expect(stranger.status).toBe(403);
      const unknown = await fhir.post('/Consent', aConsent(person.personId, { patient: { identifier: { system: NHS, value: '9990009996' } } }));
      expect(unknown.status).toBe(404);
      expect(await dissentsOf(person.personId)).toEqual([]);
    });

    it("refuses a dissent for someone already registered when a transaction names them through its own Patient entry, unless the sender has a relationship with them; someone the transaction registers is the sender's", async () => {
      const person = await aPersonWithARecord(t);
      const patientThenDissent = (nhsNumber: string) => ({
        resourceType: 'Bundle',
        type: 'transaction',
        entry: [
          {
            fullUrl: 'urn:uuid:6b1f3a52-0d8e-4c1e-9a55-3f2a7c9d1e01',
            resource: aPatient({ identifier: [{ system: NHS, value: nhsNumber }] }),
            request: { method: 'POST', url: 'Patient', ifNoneExist: `identifier=${NHS}|${nhsNumber}` },
          },
          { resource: aConsent('', { patient: { reference: 'urn:uuid:6b1f3a52-0d8e-4c1e-9a55-3f2a7c9d1e01' } }), request: { method: 'POST', url: 'Consent' } },
        ],
      });
      const stranger = fhirClient(t, elsewhere);
      const refused = await stranger.post('', patientThenDissent(person.nhsNumber));
      expect(refused.status).toBe(403);
      expect(refused.body.issue[0].details.text).toMatch(/^Bundle.entry\[1\]: You have no legitimate relationship/);
      expect(await dissentsOf(person.personId)).toEqual([]);
      const audited = await t.dataSource.query(
        `SELECT outcome, basis FROM audit_event WHERE person_id = $1 AND user_subject = 'gp-elsewhere' AND action = 'FHIR transaction Consent'`,
        [person.personId],
      );
      expect(audited).toEqual([{ outcome: 'REFUSED', basis: 'NO_RELATIONSHIP' }]);

      const registered = await stranger.post('', patientThenDissent(testNhsNumber()));
      expect(registered.body.entry?.map((e: any) => e.response.status)).toEqual(['201 Created', '201 Created']);
      const own = await fhir.post('', patientThenDissent(person.nhsNumber));
      expect(own.body.entry?.map((e: any) => e.response.status)).toEqual(['200 OK', '201 Created']);
      expect(await dissentsOf(person.personId)).toEqual([{ organisation_ods: 'R1H99', withdrawn: false }]);
    });

    it('records and withdraws dissents in a transaction, all or none', async () => {
      const person = await aPersonWithARecord(t);
      const recorded = (await fhir.post('/Consent', aConsent(person.personId))).body;
      const bundle = (second: Record<string, unknown>) => ({
        resourceType: 'Bundle',
        type: 'transaction',
        entry: [
          { resource: { ...recorded, status: 'inactive' }, request: { method: 'PUT', url: `Consent/${recorded.id}` } },
          { resource: second, request: { method: 'POST', url: 'Consent' } },
        ],
      });
      const refused = await fhir.post('', bundle(aConsent(person.personId, { provision: { type: 'deny', actor: [{ role: { text: 'r' }, reference: { reference: 'Organization/not-an-id' } }] } })));
      expect(refused.status).toBe(404);
      expect(await dissentsOf(person.personId)).toEqual([{ organisation_ods: 'R1H99', withdrawn: false }]);
      const done = await fhir.post('', bundle(aConsent(person.personId, { provision: { type: 'deny' } })));
      expect(done.status).toBe(200);
      expect(done.body.entry.map((e: any) => e.response.status)).toEqual(['200 OK', '201 Created']);
      expect(await dissentsOf(person.personId)).toEqual([
        { organisation_ods: 'R1H99', withdrawn: true },
        { organisation_ods: null, withdrawn: false },
      ]);
    });

    it('takes a ServiceRequest as a referral intake, and a second for the same open service is linked to the first', async () => {
      const person = await aPersonWithARecord(t);
      const subject = { identifier: { system: NHS, value: person.nhsNumber } };
      const sent = await fhir.post('/ServiceRequest', await aServiceRequest(subject));
      expect(sent.status).toBe(201);
      expectValidFhir(sent.body);
      expect(sent.body).toMatchObject({ status: 'active', priority: 'urgent', subject: { reference: `Patient/${person.personId}` } });
      const again = await fhir.post('/ServiceRequest', await aServiceRequest(subject));
      expect(again.status).toBe(201);
      expect(again.body.status).toBe('revoked');
      expect(again.body.note[0].text).toContain(`ServiceRequest/${sent.body.id}`);
      const conditional = await fhir.post('/ServiceRequest', await aServiceRequest(subject), {
        'if-none-exist': `patient=${person.personId}&code=REABLEMENT&status=active`,
      });
      expect(conditional.status).toBe(200);
      expect(conditional.body.id).toBe(sent.body.id);
      const audited = await t.dataSource.query(`SELECT count(*)::int AS n FROM audit_event WHERE person_id = $1 AND action = 'FHIR create'`, [person.personId]);
      expect(audited[0].n).toBe(2);
    });

    it('refuses a ServiceRequest without a service, naming the element, and records nothing', async () => {
      const person = await aPersonWithARecord(t);
      const before = await count('referral');
      const refused = await fhir.post('/ServiceRequest', await aServiceRequest({ reference: `Patient/${person.personId}` }, { code: { text: 'Help' } }));
      expect(refused.status).toBe(400);
      expect(refused.body.issue[0].expression).toEqual(['ServiceRequest.code']);
      expect(await count('referral')).toBe(before);
    });

    it('loads RiskAssessments in a transaction with the Patient they are about, all or none', async () => {
      const patient = aPatient();
      const bundle = (second: Record<string, unknown>) => ({
        resourceType: 'Bundle',
        type: 'transaction',
        entry: [
          { fullUrl: 'urn:uuid:0d6c8a3e-1f2b-4c5d-8e9f-a0b1c2d3e4f5', resource: patient, request: { method: 'POST', url: 'Patient' } },
          { resource: aRiskAssessment({ reference: 'urn:uuid:0d6c8a3e-1f2b-4c5d-8e9f-a0b1c2d3e4f5' }, 'EFI', 0.25), request: { method: 'POST', url: 'RiskAssessment' } },
          { resource: second, request: { method: 'POST', url: 'RiskAssessment' } },
        ],
      });
      const [people, scores] = [await count('person'), await count('risk_score')];
      const tooHigh = aRiskAssessment({ reference: 'urn:uuid:0d6c8a3e-1f2b-4c5d-8e9f-a0b1c2d3e4f5' }, 'CPM', 1.7);
      const loader = fhirClient(t, { sub: 'gp-analyst', org: 'F81001', roles: ['GP', 'POPULATION_ANALYST'] });
      const refused = await loader.post('', bundle(tooHigh));
      expect(refused.status).toBe(400);
      expect(refused.body.issue[0].diagnostics ?? refused.body.issue[0].details.text).toMatch(/CPM/);
      expect(refused.body.resourceType).toBe('OperationOutcome');
      expect([await count('person'), await count('risk_score')]).toEqual([people, scores]);

      const cpm = aRiskAssessment({ reference: 'urn:uuid:0d6c8a3e-1f2b-4c5d-8e9f-a0b1c2d3e4f5' }, 'CPM', 0.31);
      const loaded = await loader.post('', bundle(cpm));
      expect(loaded.status).toBe(200);
      expectValidFhir(loaded.body);
      const [, efi, cpmScore] = loaded.body.entry.map((e: any) => e.response.location.split('/_history')[0]);
      const read = await fhir.get(`/${efi}`);
      expect(read.body.extension[1].valueCodeableConcept.coding[0].code).toBe('MODERATE');
      expect((await fhir.get(`/${cpmScore}`)).body.prediction[0].probabilityDecimal).toBe(0.31);
      expect(await count('risk_score')).toBe(scores + 2);
    });
  });
});
