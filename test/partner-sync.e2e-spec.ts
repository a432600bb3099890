import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Communication, Encounter, Patient } from '@medplum/fhirtypes';
import { PartnerDeliveries, PartnerSync } from '@app/partners';
import type { SyncRound } from '@app/partners';
import { aPerson, anOrganisation } from './support/builders';
import { CarePlansService } from '@app/care-plans';
import { aFrailtyPolicy, aPersonWithARecord, withdrawReferral } from './support/person-record';
import { expectValidFhir } from './support/fhir-validation';
import { PartnerFhirServer } from './support/partner-fhir-server';
import { startTestApp, TestApp } from './support/test-app';

const onPostgres = Boolean(process.env.DATABASE_URL);
const essex = 'E10000012';
const suffolk = 'E10000029';

const REGISTER_PARTNER = /* GraphQL */ `
  mutation Register($input: RegisterPartnerSystemInput!) {
    registerPartnerSystem(input: $input) { id name baseUrl authKind resourceTypes scopeKind scopeCode organisationId active version }
  }
`;
const REGISTER_PERSON = /* GraphQL */ `
  mutation Register($input: RegisterPersonInput!) { registerPerson(input: $input) { id nhsNumber version } }
`;
const UPDATE_PERSON = /* GraphQL */ `
  mutation Update($input: UpdatePersonInput!) { updatePerson(input: $input) { id version } }
`;
const STATUS = /* GraphQL */ `
  query Status($partnerId: ID!) {
    partnerDeliveryStatus(partnerId: $partnerId) {
      undelivered parked heldBehindParked oldestUndeliveredChangeAt oldestUndeliveredAgeSeconds lastDeliveredAt outboxDepth
    }
  }
`;
const PARKED = /* GraphQL */ `
  query Parked($partnerId: ID!) {
    parkedDeliveries(partnerId: $partnerId, first: 10) {
      nodes { id personId resourceType resourceId status attempts lastError lastHttpStatus parkedAt }
      pageInfo { hasNextPage endCursor }
    }
  }
`;
const REPLAY = /* GraphQL */ `
  mutation Replay($deliveryId: ID!) { replayParkedDelivery(deliveryId: $deliveryId) { id status attempts replayedBy } }
`;

describe('outbound sync to partner systems', () => {
  let t: TestApp;
  let sync: PartnerSync;
  let partnerServer: PartnerFhirServer;
  const secrets = mkdtempSync(join(tmpdir(), 'partner-secrets-'));

  beforeAll(async () => {
    t = await startTestApp({
      PARTNER_SECRETS_DIR: secrets,
      SYNC_RETRY_BASE_MS: '20',
      SYNC_RETRY_MAX_MS: '100',
      SYNC_MAX_ATTEMPTS: '4',
      SYNC_REQUEST_TIMEOUT_MS: '2000',
    });
    sync = t.app.get(PartnerSync);
    partnerServer = await PartnerFhirServer.start();
  });

  afterAll(async () => {
    await partnerServer.down();
    await t.close();
  });

  /** Runs worker rounds until `done` holds (or fails after a few seconds). */
  async function syncUntil(done: () => boolean | Promise<boolean>, rounds: () => Promise<SyncRound> = () => sync.runOnce()) {
    const deadline = Date.now() + 15_000;
    while (!(await done())) {
      if (Date.now() > deadline) throw new Error('sync did not finish in time');
      const round = await rounds();
      if (round.claimed === 0) await new Promise((r) => setTimeout(r, 25));
    }
  }

  /** Runs rounds until the outbox and every queue are empty or parked. */
  const settle = () =>
    syncUntil(async () => {
      const [row] = await t.dataSource.query(
        `SELECT (SELECT count(*) FROM outbox_change)::int + (
           SELECT count(*) FROM partner_delivery d WHERE status = 'PENDING' AND NOT EXISTS (
             SELECT 1 FROM partner_delivery e WHERE e.partner_id = d.partner_id AND e.person_id = d.person_id
               AND e.status = 'PARKED' AND e.id < d.id))::int AS n`,
      );
      return row.n === 0;
    });

  async function registerPartner(input: Record<string, unknown>, server = partnerServer) {
    const result = await t.gql(REGISTER_PARTNER, {
      input: { authKind: 'NONE', resourceTypes: ['Patient'], baseUrl: server.baseUrl, ...input },
    });
    expect(result.errors).toBeUndefined();
    return result.data!.registerPartnerSystem as { id: string };
  }

  async function registerPerson(overrides: Record<string, unknown> = {}) {
    const result = await t.gql(REGISTER_PERSON, { input: aPerson(overrides) });
    expect(result.errors).toBeUndefined();
    return result.data!.registerPerson as { id: string; nhsNumber: string; version: number };
  }

  async function movePerson(person: { nhsNumber: string }, expectedVersion: number, postcode: string) {
    const result = await t.gql(UPDATE_PERSON, { input: { nhsNumber: person.nhsNumber, expectedVersion, postcode } });
    expect(result.errors).toBeUndefined();
  }

  const versionsReceived = (server: PartnerFhirServer, id: string) =>
    server.writesOf('Patient', id).map((w) => (w.resource as Patient).address?.[0]?.postalCode);

  it("a change to a resident's record reaches the council's system, and other councils' residents do not", async () => {
    await settle(); // nothing from earlier tests
    const server = await PartnerFhirServer.start();
    await registerPartner({ name: 'Essex adult social care', scopeKind: 'RESIDENT_IN_LOCAL_AUTHORITY', scopeCode: essex }, server);
    const resident = await registerPerson({ residenceLocalAuthority: essex, postcode: 'CM1 1AA' });
    const elsewhere = await registerPerson({ residenceLocalAuthority: suffolk, postcode: 'IP1 1AA' });
    await movePerson(resident, 1, 'CM2 9PZ');

    await settle();
    const patient = await server.read<Patient>('Patient', resident.id);
    expect(patient?.identifier).toContainEqual(
      expect.objectContaining({ system: 'https://fhir.nhs.uk/Id/nhs-number', value: resident.nhsNumber }),
    );
    // One push per change; each carries the record as it is when sent, so the partner ends up current.
    expect(versionsReceived(server, resident.id)).toHaveLength(2);
    expect(patient?.address?.[0]?.postalCode).toBe('CM2 9PZ');
    expect(await server.read('Patient', elsewhere.id)).toBeUndefined();
    await server.down();
  });

  it('a partner scoped by postcode district gets only people living there', async () => {
    const server = await PartnerFhirServer.start();
    await registerPartner({ name: 'Colchester CO1 hub', scopeKind: 'RESIDENT_IN_POSTCODE_AREA', scopeCode: 'co1' }, server);
    const inside = await registerPerson({ postcode: 'CO1 1AA' });
    const nextDistrict = await registerPerson({ postcode: 'CO10 2BB' });
    await settle();
    expect(await server.read('Patient', inside.id)).toBeDefined();
    expect(await server.read('Patient', nextDistrict.id)).toBeUndefined();
    await server.down();
  });

  it("a trust receives the people whose care team it is in, using the bearer token from the partner's secret", async () => {
    const server = await PartnerFhirServer.start({ requiredToken: 'trust-token-123' });
    writeFileSync(join(secrets, 'esneft-token'), 'trust-token-123\n');
    const trust = await t.gql(`mutation C($input: CreateOrganisationInput!) { createOrganisation(input: $input) { id } }`, {
      input: anOrganisation({ name: 'East Suffolk and North Essex NHS Foundation Trust', kind: 'NHS_TRUST' }),
    });
    expect(trust.errors).toBeUndefined();
    const trustId = trust.data!.createOrganisation.id;
    await registerPartner(
      { name: 'ESNEFT EPR', scopeKind: 'IN_CARE_TEAM', organisationId: trustId, authKind: 'BEARER_TOKEN', secretName: 'esneft-token' },
      server,
    );
    const inCare = await registerPerson();
    const notInCare = await registerPerson();
    const added = await t.gql(`mutation A($input: AddCareTeamMemberInput!) { addCareTeamMember(input: $input) { id } }`, {
      input: { nhsNumber: inCare.nhsNumber, kind: 'ORGANISATION', organisationId: trustId, roleInCare: 'Community nursing' },
    });
    expect(added.errors).toBeUndefined();
    await movePerson(inCare, 1, 'CO4 5JL');
    await movePerson(notInCare, 1, 'CO4 5JL');
    await settle();
    expect(await server.read('Patient', inCare.id)).toBeDefined();
    expect(server.writesOf('Patient', inCare.id).every((w) => w.authorization === 'Bearer trust-token-123')).toBe(true);
    expect(await server.read('Patient', notInCare.id)).toBeUndefined();
    await server.down();
  });

  it('a partner using OAuth client credentials is sent a token from its token endpoint, fetched once and reused', async () => {
    const server = await PartnerFhirServer.start({ requiredToken: 'granted-456', client: { id: 'care-coordination', secret: 's3cret' } });
    writeFileSync(join(secrets, 'hospice-client-secret'), 's3cret');
    await registerPartner(
      {
        name: 'St Helena Hospice',
        scopeKind: 'RESIDENT_IN_POSTCODE_AREA',
        scopeCode: 'CO3',
        authKind: 'CLIENT_CREDENTIALS',
        tokenUrl: server.tokenUrl,
        clientId: 'care-coordination',
        secretName: 'hospice-client-secret',
      },
      server,
    );
    const people = [await registerPerson({ postcode: 'CO3 0AA' }), await registerPerson({ postcode: 'CO3 0BB' })];
    await settle();
    for (const person of people) expect(server.writesOf('Patient', person.id)[0]?.authorization).toBe('Bearer granted-456');
    expect(server.tokensIssued).toBe(1);
    await server.down();
  });

  it('a partner down for a while and then back receives everything, in order, once', async () => {
    await settle();
    const council = await registerPartner({ name: 'Thurrock care records', scopeKind: 'RESIDENT_IN_LOCAL_AUTHORITY', scopeCode: 'E06000034' });
    await partnerServer.down();
    const people = [];
    for (let i = 0; i < 5; i++) people.push(await registerPerson({ residenceLocalAuthority: 'E06000034', postcode: 'RM17 5AA' }));
    for (const person of people) {
      await movePerson(person, 1, 'RM17 6BB');
      await movePerson(person, 2, 'RM17 7CC');
    }
    // While it is down, every attempt fails and is retried later; nothing is lost or parked yet.
    for (let i = 0; i < 3; i++) await sync.runOnce();
    const waiting = await t.gql(STATUS, { partnerId: council.id });
    expect(waiting.data?.partnerDeliveryStatus).toMatchObject({ undelivered: 15, parked: 0 });
    expect(waiting.data?.partnerDeliveryStatus.oldestUndeliveredChangeAt).not.toBeNull();
    expect(partnerServer.writes).toHaveLength(0);

    await partnerServer.up();
    await settle();
    for (const person of people) {
      // Three changes, three pushes, never an older state after a newer one.
      const order = ['RM17 5AA', 'RM17 6BB', 'RM17 7CC'];
      const received = versionsReceived(partnerServer, person.id).map((postcode) => order.indexOf(postcode!));
      expect(received).toHaveLength(3);
      expect([...received].sort()).toEqual(received);
      expect((await partnerServer.read<Patient>('Patient', person.id))?.address?.[0]?.postalCode).toBe('RM17 7CC');
    }
    const done = await t.gql(STATUS, { partnerId: council.id });
    expect(done.data?.partnerDeliveryStatus).toMatchObject({ undelivered: 0, parked: 0, oldestUndeliveredAgeSeconds: null });
    expect(done.data?.partnerDeliveryStatus.lastDeliveredAt).not.toBeNull();
  });

  it("a resource the partner refuses is parked where an operator sees it, holds that person's later changes, and does not hold up anyone else", async () => {
    await settle();
    const server = await PartnerFhirServer.start();
    const partner = await registerPartner({ name: 'Southend social care', scopeKind: 'RESIDENT_IN_LOCAL_AUTHORITY', scopeCode: 'E06000033' }, server);
    const poisoned = await registerPerson({ residenceLocalAuthority: 'E06000033', postcode: 'SS1 1AA' });
    const other = await registerPerson({ residenceLocalAuthority: 'E06000033', postcode: 'SS2 2BB' });
    server.refuse('Patient', poisoned.id, 422, 'Date of birth fails our age checks');
    await movePerson(poisoned, 1, 'SS1 9ZZ');
    await movePerson(other, 1, 'SS2 9ZZ');
    await settle();

    expect(versionsReceived(server, other.id)).toHaveLength(2);
    expect(versionsReceived(server, other.id).at(-1)).toBe('SS2 9ZZ');
    expect(server.writesOf('Patient', poisoned.id)).toHaveLength(0);
    const status = await t.gql(STATUS, { partnerId: partner.id });
    expect(status.data?.partnerDeliveryStatus).toMatchObject({ undelivered: 2, parked: 1, heldBehindParked: 1 });
    const parked = await t.gql(PARKED, { partnerId: partner.id });
    const [message] = parked.data?.parkedDeliveries.nodes;
    expect(parked.data?.parkedDeliveries.nodes).toHaveLength(1);
    expect(message).toMatchObject({
      personId: poisoned.id,
      resourceType: 'Patient',
      resourceId: poisoned.id,
      status: 'PARKED',
      attempts: 1, // a refusal of the resource itself is not retried
      lastHttpStatus: 422,
      lastError: 'HTTP 422: Date of birth fails our age checks',
    });

    // The partner fixes its rules; the operator replays the parked message and the held one follows.
    server.accept('Patient', poisoned.id);
    const replayed = await t.gql(REPLAY, { deliveryId: message.id });
    expect(replayed.data?.replayParkedDelivery).toMatchObject({ status: 'PENDING', attempts: 0, replayedBy: 'test-gp' });
    await settle();
    expect(server.writesOf('Patient', poisoned.id)).toHaveLength(2);
    expect((await server.read<Patient>('Patient', poisoned.id))?.address?.[0]?.postalCode).toBe('SS1 9ZZ');
    expect((await t.gql(STATUS, { partnerId: partner.id })).data?.partnerDeliveryStatus).toMatchObject({ undelivered: 0, parked: 0 });
    expect((await t.gql(REPLAY, { deliveryId: message.id })).errors?.[0].extensions.code).toBe('DELIVERY_NOT_PARKED');
    await server.down();
  });

  it('a partner that keeps failing with server errors is retried with backoff and then parked', async () => {
    await settle();
    const server = await PartnerFhirServer.start();
    const partner = await registerPartner({ name: 'Hospice EPR', scopeKind: 'RESIDENT_IN_POSTCODE_AREA', scopeCode: 'CM77' }, server);
    const person = await registerPerson({ postcode: 'CM77 7AA' });
    server.refuse('Patient', person.id, 503, 'Down for maintenance');
    await settle();
    const parked = await t.gql(PARKED, { partnerId: partner.id });
    expect(parked.data?.parkedDeliveries.nodes[0]).toMatchObject({ attempts: 4, lastHttpStatus: 503 });
    await server.down();
  });

  it("a crashed worker's claim is taken over when its lease runs out, and its late report changes nothing", async () => {
    await settle();
    const server = await PartnerFhirServer.start();
    await registerPartner({ name: 'Basildon council', scopeKind: 'RESIDENT_IN_POSTCODE_AREA', scopeCode: 'SS14' }, server);
    const person = await registerPerson({ postcode: 'SS14 1AA' });
    // A worker fans out and claims, then dies before it reports.
    const queue = t.app.get(PartnerDeliveries);
    await queue.fanOut(100);
    const claimed = await queue.claim(10, '00000000-0000-4000-8000-00000000dead', 30);
    expect(claimed.map((c) => c.personId)).toEqual([person.id]);
    expect((await sync.runOnce()).claimed).toBe(0); // held by the lease

    await t.dataSource.query(`UPDATE partner_delivery SET lease_expires_at = now() - interval '1 second' WHERE lease_token = $1`, [
      claimed[0].leaseToken,
    ]);
    await settle();
    expect(server.writesOf('Patient', person.id)).toHaveLength(1);
    await queue.failed({ delivery: claimed[0], error: 'late', permanent: true, retryInMs: 0 }, 4);
    const [row] = await t.dataSource.query(`SELECT status FROM partner_delivery WHERE id = $1`, [claimed[0].id]);
    expect(row.status).toBe('DELIVERED');
    await server.down();
  });

  const EVERY_TYPE = ['Patient', 'CareTeam', 'CarePlan', 'ServiceRequest', 'RiskAssessment', 'Task', 'Goal', 'Flag', 'Consent'];
  /** What aPersonWithARecord has: no tier and no dissent, so no Flag or Consent. */
  const RECORD_TYPES = ['Patient', 'CareTeam', 'Goal', 'CarePlan', 'ServiceRequest', 'Task', 'RiskAssessment'];
  const typesReceived = (server: PartnerFhirServer) => [...new Set(server.writes.map((w) => w.resourceType))].sort();

  it("a person's care plan, referral, risk score and care team reach a partner that takes them, Patient first", async () => {
    await settle();
    const server = await PartnerFhirServer.start();
    await registerPartner({ name: 'Tendring care records', scopeKind: 'RESIDENT_IN_POSTCODE_AREA', scopeCode: 'CO15', resourceTypes: EVERY_TYPE }, server);
    const record = await aPersonWithARecord(t, { postcode: 'CO15 5AA' });
    await settle();
    expect(typesReceived(server)).toEqual([...RECORD_TYPES].sort());
    expect(server.writes[0].resourceType).toBe('Patient');
    expect(await server.read('CarePlan', record.carePlanId)).toMatchObject({ status: 'draft', subject: { reference: `Patient/${record.personId}` } });
    expect(await server.read('ServiceRequest', record.referralId)).toMatchObject({ status: 'active', priority: 'asap' });
    expect(await server.read('RiskAssessment', record.riskScoreId)).toMatchObject({ method: { coding: [{ code: 'EFI' }] } });
    expect(await server.read('CareTeam', record.personId)).toMatchObject({ status: 'active' });
    await server.down();
  });

  it("a person's goals, referral task, tier and dissent reach a partner that takes them, and follow their changes", async () => {
    await settle();
    const server = await PartnerFhirServer.start();
    await registerPartner({ name: 'Walton care records', scopeKind: 'RESIDENT_IN_POSTCODE_AREA', scopeCode: 'CO14', resourceTypes: ['Task', 'Goal', 'Flag', 'Consent'] }, server);
    const record = await aPersonWithARecord(t, { postcode: 'CO14 8AA' });
    const { retier } = await aFrailtyPolicy(t);
    await retier();
    const dissent = await t.gql(`mutation ($input: RecordSharingDissentInput!) { recordSharingDissent(input: $input) { id } }`, {
      input: { nhsNumber: record.nhsNumber, organisationOds: 'R1H99' },
    });
    expect(dissent.errors).toBeUndefined();
    const dissentId = dissent.data!.recordSharingDissent.id;
    await settle();
    expect(typesReceived(server)).toEqual(['Consent', 'Flag', 'Goal', 'Task']);
    expect(await server.read('Task', record.referralId)).toMatchObject({ status: 'requested', focus: { reference: `ServiceRequest/${record.referralId}` } });
    expect(await server.read('Consent', dissentId)).toMatchObject({ status: 'active' });
    const [goal] = server.writes.filter((w) => w.resourceType === 'Goal');
    expect(goal.resource).toMatchObject({ lifecycleStatus: 'proposed', description: { text: 'Walk to the post office on my own by the spring' } });
    const flags = server.writes.filter((w) => w.resourceType === 'Flag').map((w) => (w.resource as any).code.coding[0].code);
    expect(flags.sort()).toEqual(['FRAIL', 'SHARING_DISSENT']);

    // The goal reworded: the old one arrives cancelled and the new one proposed; the dissent withdrawn arrives inactive.
    await t.app.get(CarePlansService).update(
      { carePlanId: record.carePlanId, expectedVersion: 1, content: { goals: ['Walk to the post office and back'] } } as never,
      record.professionalId,
    );
    await t.gql(`mutation ($input: WithdrawSharingDissentInput!) { withdrawSharingDissent(input: $input) { id } }`, { input: { id: dissentId } });
    await settle();
    expect((await server.read('Goal', goal.id))).toMatchObject({ lifecycleStatus: 'cancelled' });
    expect(server.writes.filter((w) => w.resourceType === 'Goal').map((w) => (w.resource as any).lifecycleStatus).sort()).toEqual(['cancelled', 'proposed', 'proposed']);
    expect(await server.read('Consent', dissentId)).toMatchObject({ status: 'inactive' });
    expect(await server.read('Flag', dissentId)).toMatchObject({ status: 'inactive' });
    await server.down();
  });

  it("a trust that leaves someone's care team is sent the care team that shows it, once, and nothing more about them", async () => {
    await settle();
    const server = await PartnerFhirServer.start();
    const trust = await t.gql(`mutation C($input: CreateOrganisationInput!) { createOrganisation(input: $input) { id } }`, {
      input: anOrganisation({ name: 'Essex Partnership University NHS Foundation Trust', kind: 'NHS_TRUST' }),
    });
    const trustId = trust.data!.createOrganisation.id;
    await registerPartner({ name: 'EPUT EPR', scopeKind: 'IN_CARE_TEAM', organisationId: trustId, resourceTypes: ['Patient', 'CareTeam'] }, server);
    const person = await registerPerson();
    const added = await t.gql(`mutation A($input: AddCareTeamMemberInput!) { addCareTeamMember(input: $input) { id } }`, {
      input: { nhsNumber: person.nhsNumber, kind: 'ORGANISATION', organisationId: trustId, roleInCare: 'Memory clinic' },
    });
    expect(added.errors).toBeUndefined();
    await settle();
    expect(server.writesOf('CareTeam', person.id)).toHaveLength(1);

    const ended = await t.gql(`mutation E($input: EndCareTeamMembershipInput!) { endCareTeamMembership(input: $input) { id } }`, {
      input: { id: added.data!.addCareTeamMember.id, endReason: 'Discharged from the memory clinic' },
    });
    expect(ended.errors).toBeUndefined();
    await settle();
    const careTeams = server.writesOf('CareTeam', person.id);
    expect(careTeams).toHaveLength(2);
    expect(careTeams[1].resource).toMatchObject({ status: 'inactive', participant: [{ period: { end: expect.any(String) } }] });

    await movePerson(person, 1, 'CO4 9ZZ');
    await settle();
    expect(server.writesOf('CareTeam', person.id)).toHaveLength(2);
    expect(server.writesOf('Patient', person.id)).toHaveLength(1);
    await server.down();
  });

  it('a referral that is withdrawn reaches the partner as revoked, not dropped', async () => {
    await settle();
    const server = await PartnerFhirServer.start();
    await registerPartner({ name: 'Clacton referrals', scopeKind: 'RESIDENT_IN_POSTCODE_AREA', scopeCode: 'CO16', resourceTypes: ['ServiceRequest'] }, server);
    const record = await aPersonWithARecord(t, { postcode: 'CO16 7AA' });
    await settle();
    await withdrawReferral(t, record, 'Admitted to hospital');
    await settle();
    expect(server.writesOf('ServiceRequest', record.referralId).map((w) => (w.resource as { status: string }).status)).toEqual(['active', 'revoked']);
    await server.down();
  });

  it("someone who moves into a council's area is sent their whole record; once they move out, nothing more", async () => {
    await settle();
    const server = await PartnerFhirServer.start();
    await registerPartner({ name: 'Harwich social care', scopeKind: 'RESIDENT_IN_POSTCODE_AREA', scopeCode: 'CO12', resourceTypes: EVERY_TYPE }, server);
    const record = await aPersonWithARecord(t, { postcode: 'CO11 1AA' });
    await settle();
    expect(server.writes).toHaveLength(0);

    await movePerson(record, 1, 'CO12 3AA');
    await settle();
    // The whole record in the order that refers to things after they are sent.
    expect(server.writes.map((w) => w.resourceType)).toEqual(RECORD_TYPES);

    await movePerson(record, 2, 'CO11 9ZZ');
    await withdrawReferral(t, record, 'Moved away');
    await settle();
    expect(server.writes).toHaveLength(RECORD_TYPES.length);
    await server.down();
  });

  it("an admission recorded over GraphQL reaches the partner as an Encounter, and the lead's notification as a Communication about it", async () => {
    await settle();
    const server = await PartnerFhirServer.start();
    await registerPartner(
      { name: 'Brightlingsea care records', scopeKind: 'RESIDENT_IN_POSTCODE_AREA', scopeCode: 'CO7', resourceTypes: ['Patient', 'Encounter', 'Communication'] },
      server,
    );
    const record = await aPersonWithARecord(t, { postcode: 'CO7 0AA' });
    await settle();
    const RECORD = `mutation ($input: RecordCareEventInput!) { recordCareEvent(input: $input) { id } }`;
    const at = (hours: number) => new Date(Date.now() - hours * 3_600_000).toISOString();
    const admitted = await t.gql(RECORD, {
      input: { nhsNumber: record.nhsNumber, kind: 'EMERGENCY_ADMISSION', occurredAt: at(5), sourceIdentifier: 'spell-co7-1' },
    });
    expect(admitted.errors).toBeUndefined();
    const admissionId = admitted.data!.recordCareEvent.id;
    await settle();

    const encounter = await server.read<Encounter>('Encounter', admissionId);
    expect(encounter).toMatchObject({ status: 'in-progress', class: { code: 'IMP' }, subject: { reference: `Patient/${record.personId}` } });
    const [sent] = server.writes.filter((w) => w.resourceType === 'Communication');
    expect(sent.resource).toMatchObject({
      status: 'completed',
      subject: { reference: `Patient/${record.personId}` },
      recipient: [{ reference: `Practitioner/${record.professionalId}` }],
      about: [{ reference: `Encounter/${admissionId}` }],
      reasonCode: [{ coding: [{ code: 'EMERGENCY_ADMISSION' }] }],
    });
    expectValidFhir(sent.resource);
    expectValidFhir(encounter);
    // What the Communication is about arrives first.
    const order = server.writes.map((w) => w.resourceType);
    expect(order.indexOf('Encounter')).toBeLessThan(order.indexOf('Communication'));

    // The discharge finishes the same Encounter; the lead is told again, and acknowledging it is sent too.
    const discharged = await t.gql(RECORD, {
      input: { nhsNumber: record.nhsNumber, kind: 'DISCHARGE', occurredAt: at(1), sourceIdentifier: 'spell-co7-1-d', admissionEventId: admissionId, dischargeDestination: 'USUAL_RESIDENCE' },
    });
    expect(discharged.errors).toBeUndefined();
    const delayed = await t.gql(RECORD, {
      input: { nhsNumber: record.nhsNumber, kind: 'DELAYED_TRANSFER', occurredAt: at(1), sourceIdentifier: 'spell-co7-1-dtoc', admissionEventId: admissionId, delayedDays: 2 },
    });
    expect(delayed.errors).toBeUndefined();
    const lead = { sub: 'matron', professionalId: record.professionalId, org: 'F81001', roles: ['CARE_COORDINATOR'] };
    const worklist = await t.gql(`{ myNotifications(first: 5) { nodes { id reason } } }`, {}, lead);
    const discharge = worklist.data!.myNotifications.nodes.find((n: { reason: string }) => n.reason === 'DISCHARGE');
    expect((await t.gql(`mutation ($input: AcknowledgeNotificationInput!) { acknowledgeNotification(input: $input) { id } }`, { input: { notificationId: discharge.id } }, lead)).errors).toBeUndefined();
    await settle();
    expect(await server.read<Encounter>('Encounter', admissionId)).toMatchObject({
      status: 'finished',
      hospitalization: { dischargeDisposition: { coding: [{ code: 'USUAL_RESIDENCE' }] } },
      extension: [{ valueInteger: 2 }],
    });
    expect(server.writesOf('Communication', discharge.id)).toHaveLength(2);
    expect((await server.read<Communication>('Communication', discharge.id))?.extension).toContainEqual(
      expect.objectContaining({ url: 'https://care-coordination.invalid/fhir/StructureDefinition/notification-acknowledged' }),
    );
    await server.down();
  });

  it('messages delivered long enough ago are pruned, a batch at a time, and nothing undelivered is', async () => {
    await settle();
    const [{ delivered }] = await t.dataSource.query(`SELECT count(*)::int AS delivered FROM partner_delivery WHERE status = 'DELIVERED'`);
    expect(delivered).toBeGreaterThan(2);
    await t.dataSource.query(`UPDATE partner_delivery SET delivered_at = now() - interval '30 days' WHERE status = 'DELIVERED'`);
    const [{ undelivered }] = await t.dataSource.query(`SELECT count(*)::int AS undelivered FROM partner_delivery WHERE status <> 'DELIVERED'`);
    const queue = t.app.get(PartnerDeliveries);
    expect(await queue.prune(31, 1000)).toBe(0);
    expect(await queue.prune(7, 2)).toBe(2);
    expect(await sync.prune()).toBe(delivered - 2);
    const [after] = await t.dataSource.query(
      `SELECT count(*) FILTER (WHERE status = 'DELIVERED')::int AS delivered, count(*) FILTER (WHERE status <> 'DELIVERED')::int AS undelivered FROM partner_delivery`,
    );
    expect(after).toEqual({ delivered: 0, undelivered });
  });

  it("lists parked messages only to those with a relationship to the person they are about", async () => {
    await settle();
    const server = await PartnerFhirServer.start();
    const partner = await registerPartner({ name: 'Maldon council', scopeKind: 'RESIDENT_IN_POSTCODE_AREA', scopeCode: 'CM9' }, server);
    const person = await registerPerson({ postcode: 'CM9 4AA' });
    server.refuse('Patient', person.id, 422, 'Refused');
    await settle();
    expect((await t.gql(PARKED, { partnerId: partner.id })).data?.parkedDeliveries.nodes).toHaveLength(1);
    const integrator = { sub: 'integration-admin', org: 'F81999', roles: ['INTEGRATION_ADMINISTRATOR'] };
    const unrelated = await t.gql(PARKED, { partnerId: partner.id }, integrator);
    expect(unrelated.errors).toBeUndefined();
    expect(unrelated.data?.parkedDeliveries.nodes).toEqual([]);

    // Replaying a message is as personal as listing it.
    const [parked] = (await t.gql(PARKED, { partnerId: partner.id })).data!.parkedDeliveries.nodes;
    const refused = await t.gql(REPLAY, { deliveryId: parked.id }, integrator);
    expect(refused.errors?.[0].extensions.code).toBe('NOT_AUTHORISED');
    const [still] = await t.dataSource.query(`SELECT status FROM partner_delivery WHERE id = $1`, [parked.id]);
    expect(still.status).toBe('PARKED');
    const audited = await t.dataSource.query(
      `SELECT outcome, basis FROM audit_event WHERE person_id = $1 AND action = 'Mutation.replayParkedDelivery'`,
      [person.id],
    );
    expect(audited).toEqual([{ outcome: 'REFUSED', basis: 'NO_RELATIONSHIP' }]);
    const replayed = await t.gql(REPLAY, { deliveryId: parked.id });
    expect(replayed.data?.replayParkedDelivery).toMatchObject({ status: 'PENDING' });
    await server.down();
  });

  it('only an administrator of partner systems may register them or see their deliveries', async () => {
    const clinician = { sub: 'nurse', org: 'F81001', roles: ['CLINICAL_PRACTITIONER'] };
    const refused = await t.gql(
      REGISTER_PARTNER,
      { input: { name: 'x', baseUrl: 'http://x', authKind: 'NONE', resourceTypes: ['Patient'], scopeKind: 'RESIDENT_IN_POSTCODE_AREA', scopeCode: 'CO' } },
      clinician,
    );
    expect(refused.errors?.[0].extensions.code).toBe('NOT_AUTHORISED');
    const integrator = { sub: 'integration-admin', org: 'F81001', roles: ['INTEGRATION_ADMINISTRATOR'] };
    expect((await t.gql(`{ partnerSystems { id name } }`, {}, integrator)).errors).toBeUndefined();
  });

  it('refuses a partner whose settings are incomplete, named twice, or asks for resources this service cannot send', async () => {
    const base = { baseUrl: 'https://fhir.example.org/R4', resourceTypes: ['Patient'], scopeKind: 'RESIDENT_IN_POSTCODE_AREA', scopeCode: 'CO' };
    const codeOf = async (input: Record<string, unknown>) => (await t.gql(REGISTER_PARTNER, { input }))?.errors?.[0].extensions.code;
    expect(await codeOf({ ...base, name: 'A', authKind: 'BEARER_TOKEN' })).toBe('PARTNER_SETTINGS_INCOMPLETE');
    expect(await codeOf({ ...base, name: 'A', authKind: 'CLIENT_CREDENTIALS', secretName: 's', clientId: 'c' })).toBe(
      'PARTNER_SETTINGS_INCOMPLETE',
    );
    expect(await codeOf({ ...base, name: 'A', authKind: 'NONE', scopeKind: 'IN_CARE_TEAM', scopeCode: null })).toBe('PARTNER_SETTINGS_INCOMPLETE');
    expect(await codeOf({ ...base, name: 'A', authKind: 'NONE', baseUrl: 'ftp://x' })).toBe('BAD_USER_INPUT');
    expect(await codeOf({ ...base, name: 'Essex adult social care', authKind: 'NONE' })).toBe('PARTNER_NAME_TAKEN');
    expect(await codeOf({ ...base, name: 'B', authKind: 'NONE', resourceTypes: ['Observation'] })).toBe('BAD_USER_INPUT');
  });

  (onPostgres ? describe : describe.skip)('on a shared PostgreSQL server', () => {
    it('a change committed late, after later changes were sent, is still sent', async () => {
      await settle();
      const server = await PartnerFhirServer.start();
      await registerPartner({ name: 'Late commits', scopeKind: 'RESIDENT_IN_POSTCODE_AREA', scopeCode: 'CO15' }, server);
      const slow = await registerPerson({ postcode: 'CO15 1AA' });
      const quick = await registerPerson({ postcode: 'CO15 2BB' });
      await settle();
      const runner = t.dataSource.createQueryRunner();
      await runner.startTransaction();
      await runner.query(`UPDATE person SET postcode = 'CO15 9SL', version = version + 1 WHERE id = $1`, [slow.id]);
      await movePerson(quick, 1, 'CO15 9QK'); // takes a later seq, commits first
      await syncUntil(() => server.writesOf('Patient', quick.id).length === 2);
      expect(versionsReceived(server, slow.id)).toEqual(['CO15 1AA']);
      await runner.commitTransaction();
      await runner.release();
      await settle();
      expect(versionsReceived(server, slow.id).at(-1)).toBe('CO15 9SL');
      expect(versionsReceived(server, quick.id).at(-1)).toBe('CO15 9QK');
      await server.down();
    });

    it('several workers at once never deliver one message twice, and keep each person in order', async () => {
      await settle();
      const server = await PartnerFhirServer.start();
      await registerPartner({ name: 'Many workers', scopeKind: 'RESIDENT_IN_POSTCODE_AREA', scopeCode: 'CO16' }, server);
      const people = await Promise.all(Array.from({ length: 20 }, () => registerPerson({ postcode: 'CO16 1AA' })));
      await Promise.all(people.map((p) => movePerson(p, 1, 'CO16 2BB')));
      await Promise.all(people.map((p) => movePerson(p, 2, 'CO16 3CC')));
      await Promise.all(Array.from({ length: 4 }, () => settle()));
      for (const person of people) {
        const order = ['CO16 1AA', 'CO16 2BB', 'CO16 3CC'];
        const received = versionsReceived(server, person.id).map((postcode) => order.indexOf(postcode!));
        expect(received).toHaveLength(3);
        expect([...received].sort()).toEqual(received);
        expect(received.at(-1)).toBe(2);
      }
      await server.down();
    });
  });
});
