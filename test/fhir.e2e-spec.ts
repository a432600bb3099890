import { DEFAULT_TEST_USER, startTestApp, TestApp } from './support/test-app';
import { aPatient, fhirClient, nhsNumberOf } from './support/fhir-client';
import { expectValidFhir } from './support/fhir-validation';
import { rowCounts } from './support/refusals';
import { anOrganisation, aProfessional } from './support/builders';

const NHS = 'https://fhir.nhs.uk/Id/nhs-number';
/** A GP at another practice, with no relationship to the people registered at F81001. */
const elsewhere = { sub: 'gp-elsewhere', org: 'F81999', roles: ['GP'] };

describe('FHIR R4 REST API', () => {
  let t: TestApp;
  let fhir: ReturnType<typeof fhirClient>;

  beforeAll(async () => {
    t = await startTestApp();
    fhir = fhirClient(t);
  });
  afterAll(() => t.close());

  const audit = (personId: string) =>
    t.dataSource.query(`SELECT user_subject, action, entity, outcome, basis FROM audit_event WHERE person_id = $1 ORDER BY id`, [personId]);

  it('tells the truth about itself in a CapabilityStatement, without a token', async () => {
    const res = await fhirClient(t, null).get('/metadata');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toContain('application/fhir+json');
    expectValidFhir(res.body);
    const patient = res.body.rest[0].resource.find((r: any) => r.type === 'Patient');
    expect(patient.interaction.map((i: any) => i.code).sort()).toEqual(['create', 'history-instance', 'read', 'search-type', 'update', 'vread']);
    expect(res.body.rest[0].interaction.map((i: any) => i.code)).toEqual(['transaction', 'batch']);
  });

  it('registers a Patient, answers with its location and ETag, and reads it back as valid UK Core', async () => {
    const created = await fhir.post('/Patient', aPatient());
    expect(created.status).toBe(201);
    expect(created.headers.etag).toBe('W/"1"');
    expect(created.headers.location).toBe(`Patient/${created.body.id}/_history/1`);
    const read = await fhir.get(`/Patient/${created.body.id}`);
    expect(read.status).toBe(200);
    expectValidFhir(read.body);
    expect(read.body).toMatchObject({ id: created.body.id, meta: { versionId: '1' }, birthDate: '1938-04-02' });
    expect(await audit(created.body.id)).toEqual([
      expect.objectContaining({ action: 'FHIR create', entity: 'Patient', outcome: 'PERMITTED', basis: 'RECORDED_BY_USER' }),
      expect.objectContaining({ action: 'FHIR read Patient', outcome: 'PERMITTED', basis: 'GP_PRACTICE' }),
    ]);
  });

  it('finds a Patient by NHS number, in a searchset Bundle', async () => {
    const patient = aPatient();
    const { body: created } = await fhir.post('/Patient', patient);
    const res = await fhir.get(`/Patient?identifier=${encodeURIComponent(`${NHS}|${nhsNumberOf(patient)}`)}`);
    expect(res.status).toBe(200);
    expectValidFhir(res.body);
    expect(res.body.entry.map((e: any) => e.resource.id)).toEqual([created.id]);
  });

  it('updates with If-Match, and refuses a stale version with 412 writing nothing', async () => {
    const { body: created } = await fhir.post('/Patient', aPatient());
    const moved = { ...created, address: [{ use: 'home', line: ['3 Hamlet Court Road'], postalCode: 'SS0 7EU' }] };
    const updated = await fhir.put(`/Patient/${created.id}`, moved, { 'if-match': 'W/"1"' });
    expect(updated.status).toBe(200);
    expect(updated.headers.etag).toBe('W/"2"');
    expect(updated.body.address[0].postalCode).toBe('SS0 7EU');

    const stale = await fhir.put(`/Patient/${created.id}`, { ...created, birthDate: '1940-01-01' }, { 'if-match': 'W/"1"' });
    expect(stale.status).toBe(412);
    expect(stale.body.resourceType).toBe('OperationOutcome');
    const now = await fhir.get(`/Patient/${created.id}`);
    expect(now.body).toMatchObject({ meta: { versionId: '2' }, birthDate: '1938-04-02' });
  });

  it('keeps every version: vread gives the old one and history lists them newest first', async () => {
    const { body: created } = await fhir.post('/Patient', aPatient());
    await fhir.put(`/Patient/${created.id}`, { ...created, name: [{ use: 'official', family: 'Hale-Jones', given: ['Margaret'] }] });
    const first = await fhir.get(`/Patient/${created.id}/_history/1`);
    expect(first.status).toBe(200);
    expect(first.body.name[0].family).toBe('Hale');
    expect(first.headers.etag).toBe('W/"1"');
    const history = await fhir.get(`/Patient/${created.id}/_history`);
    expectValidFhir(history.body);
    expect(history.body.entry.map((e: any) => [e.resource.meta.versionId, e.resource.name[0].family])).toEqual([
      ['2', 'Hale-Jones'],
      ['1', 'Hale'],
    ]);
    expect((await fhir.get(`/Patient/${created.id}/_history/7`)).status).toBe(404);
  });

  it('refuses an invalid Patient with an OperationOutcome that names the element, writing nothing', async () => {
    const before = await rowCounts(t.dataSource, ['person']);
    const badDate = await fhir.post('/Patient', aPatient({ birthDate: '2001-02-30x' }));
    expect(badDate.status).toBe(400);
    expectValidFhir(badDate.body);
    expect(badDate.body.issue[0].expression).toEqual(['Patient.birthDate']);

    const badPostcode = await fhir.post('/Patient', aPatient({ address: [{ postalCode: 'nowhere' }] }));
    expect(badPostcode.status).toBe(400);
    expect(badPostcode.body.issue[0].expression).toEqual(['Patient.address.postalCode']);

    const badNhs = await fhir.post('/Patient', aPatient({ identifier: [{ system: NHS, value: '1234567890' }] }));
    expect(badNhs.status).toBe(400);
    expect(badNhs.body.issue[0].details.coding[0].code).toBe('NHS_NUMBER_INVALID');

    const unknownElement = await fhir.post('/Patient', { ...aPatient(), favouriteColour: 'green' });
    expect(unknownElement.status).toBe(400);
    expect(unknownElement.body.issue[0].expression).toEqual(['Patient.favouriteColour']);
    expect(await rowCounts(t.dataSource, ['person'])).toEqual(before);
  });

  it('answers every error as an OperationOutcome with its HTTP status', async () => {
    const cases = await Promise.all([
      fhirClient(t, null).get('/Patient?_count=1'),
      fhir.get('/Specimen/1'),
      fhir.get('/Patient/00000000-0000-4000-8000-000000000000'),
      fhir.get('/Patient?birthdate=1938-04-02'),
      fhir.post('/Patient', aPatient({ identifier: [{ system: NHS, value: nhsNumberOf(aPatient()) }], gender: undefined })),
    ]);
    expect(cases.map((c) => c.status)).toEqual([401, 404, 404, 400, 400]);
    for (const c of cases) {
      expect(c.body.resourceType).toBe('OperationOutcome');
      expectValidFhir(c.body);
    }
    const notJson = await t.tokenFor(DEFAULT_TEST_USER).then((token) =>
      import('supertest').then(({ default: request }) =>
        request(t.app.getHttpServer()).post('/fhir/Patient').set('authorization', `Bearer ${token}`).set('content-type', 'application/fhir+json').send('{nope'),
      ),
    );
    expect(notJson.status).toBe(400);
    expect(JSON.parse(notJson.text).resourceType).toBe('OperationOutcome');
  });

  it('refuses a registered NHS number without If-None-Exist (409), and with it gives the one already there', async () => {
    const patient = aPatient();
    const { body: first } = await fhir.post('/Patient', patient);
    expect((await fhir.post('/Patient', patient)).status).toBe(409);
    const again = await fhir.post('/Patient', patient, { 'if-none-exist': `identifier=${NHS}|${nhsNumberOf(patient)}` });
    expect(again.status).toBe(200);
    expect(again.body.id).toBe(first.id);
  });

  it('creates one person from many parallel conditional creates of them', async () => {
    const patient = aPatient();
    const responses = await Promise.all(
      Array.from({ length: 32 }, () => fhir.post('/Patient', patient, { 'if-none-exist': `identifier=${NHS}|${nhsNumberOf(patient)}` })),
    );
    expect(responses.map((r) => r.status).sort()).toEqual([...Array(31).fill(200), 201]);
    expect(new Set(responses.map((r) => r.body.id)).size).toBe(1);
    const [{ n }] = await t.dataSource.query('SELECT count(*)::int AS n FROM person WHERE nhs_number = $1', [nhsNumberOf(patient)]);
    expect(n).toBe(1);
  });

  it('pages a search with next links, each page in order and none repeated', async () => {
    const since = new Date().toISOString();
    for (let i = 0; i < 5; i++) await fhir.post('/Patient', aPatient());
    const seen: string[] = [];
    let next: string | undefined = `/Patient?_lastUpdated=ge${encodeURIComponent(since)}&_count=2`;
    let pages = 0;
    while (next) {
      const page = await fhir.get(next);
      expect(page.status).toBe(200);
      seen.push(...page.body.entry.map((e: any) => e.resource.id));
      const link = page.body.link.find((l: any) => l.relation === 'next')?.url as string | undefined;
      next = link?.slice(link.indexOf('/fhir') + '/fhir'.length);
      pages += 1;
    }
    expect(pages).toBe(3);
    expect(new Set(seen).size).toBe(5);
  });

  describe('access', () => {
    it('refuses a GP at another practice the record, and audits the refusal', async () => {
      const { body: created } = await fhir.post('/Patient', aPatient());
      const res = await fhirClient(t, elsewhere).get(`/Patient/${created.id}`);
      expect(res.status).toBe(403);
      expect(res.body.issue[0].code).toBe('forbidden');
      expect(await audit(created.id)).toContainEqual(
        expect.objectContaining({ user_subject: 'gp-elsewhere', action: 'FHIR read Patient', outcome: 'REFUSED', basis: 'NO_RELATIONSHIP' }),
      );
    });

    it('leaves out of a search the people the user may not see, auditing each', async () => {
      const patient = aPatient();
      const { body: created } = await fhir.post('/Patient', patient);
      const res = await fhirClient(t, elsewhere).get(`/Patient?identifier=${NHS}|${nhsNumberOf(patient)}`);
      expect(res.status).toBe(200);
      expect(res.body.entry).toEqual([]);
      expect(await audit(created.id)).toContainEqual(expect.objectContaining({ action: 'FHIR search Patient', outcome: 'REFUSED' }));
    });

    it("refuses an update of someone outside the user's relationships, writing nothing", async () => {
      const { body: created } = await fhir.post('/Patient', aPatient());
      const res = await fhirClient(t, { ...elsewhere, roles: ['GP'] }).put(`/Patient/${created.id}`, { ...created, birthDate: '1939-01-01' });
      expect(res.status).toBe(403);
      expect((await fhir.get(`/Patient/${created.id}`)).body.meta.versionId).toBe('1');
    });

    it('lets a partner system read with system/Patient.read but not write, and write with system/*.write', async () => {
      const council = { sub: 'council-system', org: 'F81001', roles: ['PARTNER_SYSTEM'] };
      const { body: created } = await fhir.post('/Patient', aPatient());
      const reader = fhirClient(t, { ...council, scope: 'system/Patient.read' });
      expect((await reader.get(`/Patient/${created.id}`)).status).toBe(200);
      const refused = await reader.post('/Patient', aPatient());
      expect(refused.status).toBe(403);
      expect(refused.body.issue[0].details.text).toContain('system/Patient.write');
      const writer = fhirClient(t, { ...council, scope: 'system/Patient.read system/*.write' });
      const written = await writer.post('/Patient', aPatient());
      expect(written.status).toBe(201);
      expect(await audit(written.body.id)).toEqual([
        expect.objectContaining({ user_subject: 'council-system', action: 'FHIR create', outcome: 'PERMITTED' }),
      ]);
    });
  });

  describe('bundles', () => {
    const entry = (resource: Record<string, unknown>, fullUrl?: string, ifNoneExist?: string) => ({
      ...(fullUrl ? { fullUrl } : {}),
      resource,
      request: { method: 'POST', url: 'Patient', ...(ifNoneExist ? { ifNoneExist } : {}) },
    });

    it('writes a transaction whole, resolving references between its entries, and answers with a transaction-response', async () => {
      const a = aPatient();
      const b = aPatient({ link: [{ type: 'seealso', other: { reference: 'urn:uuid:5f6b7a1c-0000-4000-8000-000000000001' } }] });
      const res = await fhir.post('', {
        resourceType: 'Bundle',
        type: 'transaction',
        entry: [entry(a, 'urn:uuid:5f6b7a1c-0000-4000-8000-000000000001'), entry(b), { request: { method: 'GET', url: `Patient?identifier=${NHS}|${nhsNumberOf(a)}` } }],
      });
      expect(res.status).toBe(200);
      expectValidFhir(res.body);
      expect(res.body.type).toBe('transaction-response');
      expect(res.body.entry.map((e: any) => e.response.status)).toEqual(['201 Created', '201 Created', '200 OK']);
      const created = res.body.entry[0].response.location.split('/')[1];
      expect(res.body.entry[2].resource.entry[0].resource.id).toBe(created);
      expect((await fhir.get(`/Patient/${created}`)).body.identifier[0].value).toBe(nhsNumberOf(a));
    });

    it('writes nothing of a transaction when one entry is refused, and says which', async () => {
      const before = await rowCounts(t.dataSource, ['person', 'audit_event']);
      const res = await fhir.post('', {
        resourceType: 'Bundle',
        type: 'transaction',
        entry: [entry(aPatient()), entry(aPatient({ address: [{ postalCode: 'nowhere' }] }))],
      });
      expect(res.status).toBe(400);
      expect(res.body.issue[0].details.text).toMatch(/^Bundle.entry\[1\]/);
      expect(await rowCounts(t.dataSource, ['person', 'audit_event'])).toEqual(before);
    });

    it('rolls back a transaction refused by the database (a duplicate NHS number among its entries)', async () => {
      const before = await rowCounts(t.dataSource, ['person']);
      const twin = aPatient();
      const res = await fhir.post('', { resourceType: 'Bundle', type: 'transaction', entry: [entry(aPatient()), entry(twin), entry(twin)] });
      expect(res.status).toBe(409);
      expect(await rowCounts(t.dataSource, ['person'])).toEqual(before);
    });

    it('refuses a reference to a urn:uuid that no entry creates', async () => {
      const res = await fhir.post('', {
        resourceType: 'Bundle',
        type: 'transaction',
        entry: [entry(aPatient({ link: [{ other: { reference: 'urn:uuid:5f6b7a1c-0000-4000-8000-00000000dead' }, type: 'seealso' }] }))],
      });
      expect(res.status).toBe(400);
      expect(res.body.issue[0].details.text).toContain('urn:uuid:5f6b7a1c-0000-4000-8000-00000000dead');
    });

    it('answers each entry of a batch on its own', async () => {
      const res = await fhir.post('', {
        resourceType: 'Bundle',
        type: 'batch',
        entry: [entry(aPatient()), entry(aPatient({ birthDate: undefined })), { request: { method: 'GET', url: 'Specimen/1' } }],
      });
      expect(res.status).toBe(200);
      expectValidFhir(res.body);
      expect(res.body.entry.map((e: any) => e.response.status)).toEqual(['201 Created', '400', '404']);
      expect(res.body.entry[1].response.outcome.issue[0].expression).toEqual(['Patient.birthDate']);
    });
  });

  describe('the directory', () => {
    const ok = async (query: string, variables: Record<string, unknown>) => {
      const res = await t.gql(query, variables);
      expect(res.errors).toBeUndefined();
      return Object.values(res.data!)[0] as { id: string };
    };

    it('gives organisations, professionals and their roles as Organization, Practitioner and PractitionerRole', async () => {
      const pcn = await ok(`mutation ($input: CreateOrganisationInput!) { createOrganisation(input: $input) { id } }`, {
        input: anOrganisation({ kind: 'PRIMARY_CARE_NETWORK', name: 'Colchester PCN' }),
      });
      const practiceInput = anOrganisation({ parentId: pcn.id });
      const practice = await ok(`mutation ($input: CreateOrganisationInput!) { createOrganisation(input: $input) { id } }`, { input: practiceInput });
      const matronInput = aProfessional();
      const matron = await ok(`mutation ($input: CreateProfessionalInput!) { createProfessional(input: $input) { id } }`, { input: matronInput });
      const role = await ok(`mutation ($input: AddProfessionalRoleInput!) { addProfessionalRole(input: $input) { id } }`, {
        input: { professionalId: matron.id, organisationId: practice.id, jobTitle: 'Community matron, frailty' },
      });

      const organisation = await fhir.get(`/Organization?identifier=https://fhir.nhs.uk/Id/ods-organization-code|${practiceInput.odsCode}`);
      expectValidFhir(organisation.body);
      expect(organisation.body.entry.map((e: any) => e.resource)).toEqual([
        expect.objectContaining({ id: practice.id, partOf: { reference: `Organization/${pcn.id}` } }),
      ]);
      const practitioner = await fhir.get(`/Practitioner/${matron.id}`);
      expectValidFhir(practitioner.body);
      expect(practitioner.body.identifier).toEqual([{ system: 'https://fhir.hl7.org.uk/Id/nmc-number', value: matronInput.registrationNumber }]);
      const byRegistration = await fhir.get(`/Practitioner?identifier=https://fhir.hl7.org.uk/Id/nmc-number|${matronInput.registrationNumber}`);
      expect(byRegistration.body.entry.map((e: any) => e.resource.id)).toEqual([matron.id]);
      const roles = await fhir.get(`/PractitionerRole?practitioner=Practitioner/${matron.id}`);
      expectValidFhir(roles.body);
      expect(roles.body.entry.map((e: any) => e.resource)).toEqual([
        expect.objectContaining({
          id: role.id,
          active: true,
          organization: { reference: `Organization/${practice.id}`, identifier: { system: 'https://fhir.nhs.uk/Id/ods-organization-code', value: practiceInput.odsCode } },
        }),
      ]);
    });

    it('is read-only through FHIR, and says so', async () => {
      const res = await fhir.post('/Organization', { resourceType: 'Organization', name: 'Somewhere' });
      expect(res.status).toBe(405);
      expect(res.body.resourceType).toBe('OperationOutcome');
    });

    it('needs an activity to read it', async () => {
      const res = await fhirClient(t, { sub: 'nobody', org: 'F81001', roles: [] }).get('/Organization');
      expect(res.status).toBe(403);
    });
  });
});
