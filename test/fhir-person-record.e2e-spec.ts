import { aPersonWithARecord, PersonRecordIds } from './support/person-record';
import { fhirClient } from './support/fhir-client';
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
    expect(byType.CareTeam).toEqual(['read', 'search-type']);
    expect(byType.ServiceRequest).toEqual(['read', 'search-type']);
    expect(byType.RiskAssessment).toEqual(['read', 'search-type']);
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
      contained: [{ resourceType: 'Goal', description: { text: 'Walk to the post office on my own by the spring' } }],
      activity: [{ detail: { status: 'not-started', description: 'Falls assessment at home', scheduledPeriod: { end: '2030-01-31' } } }],
    });
    expect(await searchIds(`/CarePlan?patient.identifier=${encodeURIComponent(`${NHS}|${margaret.nhsNumber}`)}&status=draft`)).toEqual([
      `CarePlan/${margaret.carePlanId}`,
    ]);
    expect(await searchIds(`/CarePlan?patient=${margaret.personId}&status=active`)).toEqual([]);
    const history = await fhir.get(`/CarePlan/${margaret.carePlanId}/_history`);
    expect(history.body.entry.map((e: any) => e.resource.meta.versionId)).toEqual(['1']);
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

  it('pages a search with _count and a next link', async () => {
    const other = await aPersonWithARecord(t);
    const first = await fhir.get('/RiskAssessment?_count=1');
    expect(first.body.entry).toHaveLength(1);
    const next = first.body.link.find((l: any) => l.relation === 'next').url as string;
    const second = await fhir.get(next.slice(next.indexOf('/fhir') + 5));
    expect([first.body.entry[0].resource.id, second.body.entry[0].resource.id].sort()).toEqual([margaret.riskScoreId, other.riskScoreId].sort());
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
});
