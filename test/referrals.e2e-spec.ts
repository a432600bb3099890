import { ReferralHoursService, ReferralPriority, TRANSITIONS } from '@app/referrals';
import request from 'supertest';
import { anOrganisation, aPerson, aProfessional } from './support/builders';
import { fhirClient } from './support/fhir-client';
import { sample } from './support/prometheus-text';
import { startTestApp, TestApp, TestUser } from './support/test-app';

/**
 * The story of issue 7 over HTTP: a GP refers to the community trust's single point of referral;
 * triage routes it to a team's queue with a due time from that team's hours; a nurse claims,
 * accepts and completes it; duplicates are linked, claims never collide, and breaches show.
 */

const PRACTICE = 'F81001';
const TRUST = 'RYV01';
const OTHER_TRUST = 'RYV99';

const REFERRAL_FIELDS = `id status priority serviceCode dueAt receivedAt breached closedAt outcome closeReason
  person { nhsNumber familyName } team { id name } heldBy { id familyName }`;
const SEND = `mutation ($input: SendReferralInput!) {
  sendReferral(input: $input) { linkedToOpenReferral linkedReferralId referral { ${REFERRAL_FIELDS} } } }`;
const TRIAGE = `mutation ($input: TriageReferralInput!) { triageReferral(input: $input) { ${REFERRAL_FIELDS} } }`;
const CLAIM_NEXT = `mutation ($input: ClaimNextReferralInput!) { claimNextReferral(input: $input) { id heldBy { id } } }`;
const CLAIM = `mutation ($input: ReferralStepInput!) { claimReferral(input: $input) { ${REFERRAL_FIELDS} } }`;
const RELEASE = `mutation ($input: ReferralStepInput!) { releaseReferral(input: $input) { ${REFERRAL_FIELDS} } }`;
const ACCEPT = `mutation ($input: ReferralStepInput!) { acceptReferral(input: $input) { ${REFERRAL_FIELDS} } }`;
const REDIRECT = `mutation ($input: RedirectReferralInput!) { redirectReferral(input: $input) { ${REFERRAL_FIELDS} } }`;
const DECLINE = `mutation ($input: ReferralReasonInput!) { declineReferral(input: $input) { ${REFERRAL_FIELDS} } }`;
const COMPLETE = `mutation ($input: ReferralReasonInput!) { completeReferral(input: $input) { ${REFERRAL_FIELDS} } }`;
const WITHDRAW = `mutation ($input: ReferralReasonInput!) { withdrawReferral(input: $input) { ${REFERRAL_FIELDS} } }`;
const REFERRAL = `query ($id: ID!) { referral(id: $id) { ${REFERRAL_FIELDS}
  history { step fromStatus toStatus bySubject reason team { name } at } } }`;
const QUEUE = `query ($teamId: ID!, $after: String) { referralQueue(teamId: $teamId, first: 10, after: $after) {
  nodes { id dueAt person { familyName } } pageInfo { hasNextPage endCursor } } }`;
const BREACHES = `query ($ods: String!) { referralBreaches(organisationOds: $ods) { teamName serviceCode breaching waiting oldestDueAt } }`;
const PERFORMANCE = `query ($ods: String!, $from: String!, $to: String!) {
  referralPerformance(organisationOds: $ods, from: $from, to: $to, period: MONTH) {
    teamName serviceCode periodStart received accepted medianMinutesToAccept percentWithinStandard } }`;

describe('The single point of referral', () => {
  let t: TestApp;
  let rapidResponseId: string;
  let nursingId: string;
  let triager: TestUser;
  let nurse: TestUser;
  let colleague: TestUser;
  let outsider: TestUser;

  const ok = async (query: string, variables: Record<string, unknown>, as?: TestUser) => {
    const response = await t.gql(query, variables, as);
    expect(response.errors).toBeUndefined();
    return Object.values(response.data!)[0] as Record<string, any>;
  };
  const refusal = async (query: string, variables: Record<string, unknown>, as?: TestUser) => {
    const response = await t.gql(query, variables, as);
    return response.errors?.[0]?.extensions?.code ?? 'no error';
  };
  const register = async (familyName: string) =>
    (await ok(`mutation ($input: RegisterPersonInput!) { registerPerson(input: $input) { nhsNumber } }`, {
      input: aPerson({ familyName, gpPracticeOds: PRACTICE }),
    })).nhsNumber as string;
  const send = (nhsNumber: string, serviceCode = 'URGENT_COMMUNITY_RESPONSE', as?: TestUser) =>
    ok(SEND, {
      input: {
        nhsNumber,
        serviceCode,
        spoaOds: TRUST,
        source: 'GP',
        requestedUrgency: 'URGENT',
        reason: 'Two falls overnight, not injured, struggling to stand; daughter staying tonight',
        referrerContact: '01206 000000',
        attachments: [{ title: 'GP summary', reference: 'https://documents.example.nhs.uk/gp-summary/1', contentType: 'application/pdf' }],
      },
    }, as);
  const triage = (referralId: string, teamId = rapidResponseId, priority = 'URGENT') =>
    ok(TRIAGE, { input: { referralId, teamId, priority } }, triager);

  beforeAll(async () => {
    t = await startTestApp({ RATE_LIMIT_PER_MINUTE: '100000', METRICS_CACHE_SECONDS: '0' });
    const organisation = (input: Record<string, unknown>) =>
      ok(`mutation ($input: CreateOrganisationInput!) { createOrganisation(input: $input) { id } }`, { input: anOrganisation(input) });
    const professional = (input: Record<string, unknown>) =>
      ok(`mutation ($input: CreateProfessionalInput!) { createProfessional(input: $input) { id } }`, { input: aProfessional(input) });
    const team = async (name: string, kind: string, organisationId: string) =>
      (await ok(`mutation ($input: CreateTeamInput!) { createTeam(input: $input) { id } }`, { input: { name, kind, organisationId } })).id;
    const join = (teamId: string, professionalId: string) =>
      ok(`mutation ($input: AddTeamMemberInput!) { addTeamMember(input: $input) { id } }`, { input: { teamId, professionalId, role: 'Nurse' } });

    await organisation({ odsCode: PRACTICE, name: 'Wivenhoe Surgery' });
    const trustId = (await organisation({ odsCode: TRUST, name: 'Essex community services', kind: 'NHS_TRUST' })).id;
    await organisation({ odsCode: OTHER_TRUST, name: 'Elsewhere community services', kind: 'NHS_TRUST' });
    rapidResponseId = await team('Colchester rapid response', 'RAPID_RESPONSE', trustId);
    nursingId = await team('Tendring community nursing', 'COMMUNITY_HEALTH', trustId);
    // The Southend plan's two patterns: one team 7 days 08:00–20:00, another Monday to Friday 08:00–18:00.
    await ok(`mutation ($input: SetTeamServiceInput!) { setTeamService(input: $input) { serviceCode } }`, {
      input: {
        teamId: rapidResponseId,
        serviceCode: 'URGENT_COMMUNITY_RESPONSE',
        worksBankHolidays: true,
        hours: [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, opensAt: '08:00', closesAt: '20:00' })),
      },
    });
    for (const serviceCode of ['URGENT_COMMUNITY_RESPONSE', 'COMMUNITY_NURSING']) {
      await ok(`mutation ($input: SetTeamServiceInput!) { setTeamService(input: $input) { serviceCode } }`, {
        input: { teamId: nursingId, serviceCode, hours: [1, 2, 3, 4, 5].map((weekday) => ({ weekday, opensAt: '08:00', closesAt: '18:00' })) },
      });
    }
    const coordinator = await professional({ familyName: 'Adeyemi', profession: 'CARE_NAVIGATOR', registrationBody: null, registrationNumber: null });
    const [n1, n2, n3] = [await professional({ familyName: 'Shah' }), await professional({ familyName: 'Brennan' }), await professional({ familyName: 'Ward' })];
    await join(rapidResponseId, n1.id);
    await join(rapidResponseId, n2.id);
    await join(nursingId, n3.id);
    triager = { sub: coordinator.id, professionalId: coordinator.id, org: TRUST, roles: ['REFERRAL_COORDINATOR'] };
    nurse = { sub: n1.id, professionalId: n1.id, org: TRUST, roles: ['CLINICAL_PRACTITIONER'] };
    colleague = { sub: n2.id, professionalId: n2.id, org: TRUST, roles: ['CLINICAL_PRACTITIONER'] };
    outsider = { sub: n3.id, professionalId: n3.id, org: OTHER_TRUST, roles: ['CLINICAL_PRACTITIONER'] };
  });
  afterAll(() => t.close());

  it('has the state machine the database enforces', async () => {
    const rows: { step: string; from_status: string | null; to_status: string }[] = await t.dataSource.query(
      'SELECT step, from_status, to_status FROM referral_transition',
    );
    const key = (step: string, from: string | null, to: string) => `${step}:${from}:${to}`;
    expect(new Set(rows.map((r) => key(r.step, r.from_status, r.to_status)))).toEqual(new Set(TRANSITIONS.map(([s, f, to]) => key(s, f, to))));
  });

  it('a referral is sent, triaged, claimed, accepted and completed, every step recorded with who and when', async () => {
    const nhsNumber = await register('Pike');
    const receipt = await send(nhsNumber);
    expect(receipt).toMatchObject({ linkedToOpenReferral: false, referral: { status: 'RECEIVED', team: null, dueAt: null, person: { nhsNumber } } });
    const id = receipt.referral.id;

    const triaged = await triage(id);
    expect(triaged).toMatchObject({ status: 'TRIAGED', priority: 'URGENT', team: { name: 'Colchester rapid response' }, breached: false });
    expect(new Date(triaged.dueAt).getTime()).toBeGreaterThan(new Date(triaged.receivedAt).getTime());

    expect(await ok(CLAIM, { input: { referralId: id } }, nurse)).toMatchObject({ status: 'CLAIMED', heldBy: { id: nurse.professionalId } });
    expect(await ok(ACCEPT, { input: { referralId: id } }, nurse)).toMatchObject({ status: 'ACCEPTED', breached: false });
    const done = await ok(COMPLETE, { input: { referralId: id, reason: 'Assessed at home; falls pathway and a pendant alarm arranged' } }, nurse);
    expect(done).toMatchObject({ status: 'COMPLETED', heldBy: null, outcome: 'Assessed at home; falls pathway and a pendant alarm arranged' });
    expect(done.closedAt).not.toBeNull();

    const { history } = await ok(REFERRAL, { id }, nurse);
    expect(history.map((h: any) => [h.step, h.fromStatus, h.toStatus, h.bySubject])).toEqual([
      ['RECEIVE', null, 'RECEIVED', 'test-gp'],
      ['TRIAGE', 'RECEIVED', 'TRIAGED', triager.sub],
      ['CLAIM', 'TRIAGED', 'CLAIMED', nurse.sub],
      ['ACCEPT', 'CLAIMED', 'ACCEPTED', nurse.sub],
      ['COMPLETE', 'ACCEPTED', 'COMPLETED', nurse.sub],
    ]);
  });

  it('refuses a step the state machine does not have, and changes nothing', async () => {
    const { referral } = await send(await register('Quill'));
    expect(await refusal(ACCEPT, { input: { referralId: referral.id } }, nurse)).toBe('REFERRAL_INVALID_TRANSITION');
    expect(await refusal(COMPLETE, { input: { referralId: referral.id, reason: 'Seen' } }, nurse)).toBe('REFERRAL_INVALID_TRANSITION');
    await triage(referral.id);
    expect(await refusal(TRIAGE, { input: { referralId: referral.id, teamId: nursingId, priority: 'URGENT' } }, triager)).toBe(
      'REFERRAL_INVALID_TRANSITION',
    );
    const after = await ok(REFERRAL, { id: referral.id }, triager);
    expect(after).toMatchObject({ status: 'TRIAGED', team: { id: rapidResponseId } });
    expect(after.history).toHaveLength(2);
  });

  it('the database itself refuses a change of status that skips a step', async () => {
    const { referral } = await send(await register('Rowe'));
    await expect(t.dataSource.query(`UPDATE referral SET status = 'COMPLETED', outcome = 'x', closed_at = now() WHERE id = $1`, [referral.id])).rejects.toThrow(
      /cannot go from RECEIVED to COMPLETED/,
    );
  });

  it('a claimed referral is released back to the queue, claimed by a colleague, and refused to a third claimer', async () => {
    const { referral } = await send(await register('Stone'));
    await triage(referral.id);
    await ok(CLAIM, { input: { referralId: referral.id } }, nurse);
    expect(await refusal(CLAIM, { input: { referralId: referral.id } }, colleague)).toBe('REFERRAL_ALREADY_CLAIMED');
    expect(await refusal(ACCEPT, { input: { referralId: referral.id } }, colleague)).toBe('REFERRAL_NOT_HELD');
    expect(await ok(RELEASE, { input: { referralId: referral.id } }, nurse)).toMatchObject({ status: 'TRIAGED', heldBy: null });
    expect(await ok(CLAIM, { input: { referralId: referral.id } }, colleague)).toMatchObject({ status: 'CLAIMED', heldBy: { id: colleague.professionalId } });
  });

  it('claiming gives the claimer’s team a relationship to the person, recorded as the basis of each access', async () => {
    const nhsNumber = await register('Irving');
    const OPEN = `query ($n: String!) { openReferrals(nhsNumber: $n) { id status } }`;
    const { referral } = await send(nhsNumber);
    // Staff of another organisation have no reason to see the person.
    expect(await refusal(OPEN, { n: nhsNumber }, outsider)).toBe('NOT_AUTHORISED');
    await triage(referral.id);
    await ok(CLAIM, { input: { referralId: referral.id } }, nurse);
    expect(await ok(OPEN, { n: nhsNumber }, colleague)).toEqual([{ id: referral.id, status: 'CLAIMED' }]);
    const [audit] = await t.dataSource.query(
      `SELECT basis, outcome FROM audit_event WHERE user_subject = $1 AND action = 'Query.openReferrals' ORDER BY occurred_at DESC LIMIT 1`,
      [colleague.sub],
    );
    expect(audit).toMatchObject({ basis: 'REFERRAL_TEAM', outcome: 'PERMITTED' });
    // Nor once it is claimed by a team they are not in.
    expect(await refusal(OPEN, { n: nhsNumber }, outsider)).toBe('NOT_AUTHORISED');
    // A FHIR search that names no one finds the person for the team, and not for the outsider.
    const [{ id }] = await t.dataSource.query('SELECT id FROM person WHERE nhs_number = $1', [nhsNumber]);
    const broad = async (as: TestUser) => ((await fhirClient(t, as).get('/ServiceRequest?_count=200')).body.entry ?? []).map((e: any) => e.resource.subject.reference);
    expect(await broad(colleague)).toContain(`Patient/${id}`);
    expect(await broad(outsider)).not.toContain(`Patient/${id}`);
  });

  it('only members of the queue’s team may claim, and someone outside has no access to the person', async () => {
    const { referral } = await send(await register('Tate'));
    await triage(referral.id);
    expect(await refusal(CLAIM, { input: { referralId: referral.id } }, outsider)).toBe('NOT_AUTHORISED');
    expect(await refusal(CLAIM_NEXT, { input: { teamId: rapidResponseId } }, outsider)).toBe('NOT_A_TEAM_MEMBER');
    expect(await refusal(REFERRAL, { id: referral.id }, outsider)).toBe('NOT_AUTHORISED');
  });

  it('redirect to another team with a reason recomputes the due time from that team’s hours; decline needs a reason', async () => {
    const { referral } = await send(await register('Underwood'));
    await triage(referral.id);
    await ok(CLAIM, { input: { referralId: referral.id } }, nurse);
    const redirected = await ok(REDIRECT, { input: { referralId: referral.id, teamId: nursingId, reason: 'Needs daily dressings, not a crisis visit' } }, nurse);
    expect(redirected).toMatchObject({ status: 'TRIAGED', heldBy: null, team: { name: 'Tendring community nursing' } });
    const { history } = await ok(REFERRAL, { id: referral.id }, triager);
    expect(history.at(-1)).toMatchObject({ step: 'REDIRECT', reason: 'Needs daily dressings, not a crisis visit', team: { name: 'Tendring community nursing' } });

    const other = (await send(await register('Vance'))).referral;
    expect(await refusal(DECLINE, { input: { referralId: other.id, reason: '' } }, triager)).toBe('BAD_USER_INPUT');
    expect(await ok(DECLINE, { input: { referralId: other.id, reason: 'Already under the memory clinic; GP informed' } }, triager)).toMatchObject({
      status: 'DECLINED',
      closeReason: 'Already under the memory clinic; GP informed',
    });
  });

  it('the referrer may follow and withdraw what they sent', async () => {
    const { referral } = await send(await register('Webb'));
    const sent = await ok(`query { referralsSent(first: 50) { nodes { id status } } }`, {});
    expect(sent.nodes.map((n: any) => n.id)).toContain(referral.id);
    expect(await ok(WITHDRAW, { input: { referralId: referral.id, reason: 'Admitted to hospital this morning' } })).toMatchObject({ status: 'WITHDRAWN' });
  });

  it('a second referral for the same person and service is linked to the open one, not a second piece of work', async () => {
    const nhsNumber = await register('Xavier');
    const first = await send(nhsNumber);
    const second = await send(nhsNumber);
    expect(second).toMatchObject({ linkedToOpenReferral: true, referral: { id: first.referral.id, status: 'RECEIVED' } });
    const [linked] = await t.dataSource.query(`SELECT status, linked_to_id, closed_at FROM referral WHERE id = $1`, [second.linkedReferralId]);
    expect(linked).toMatchObject({ status: 'LINKED', linked_to_id: first.referral.id });
    expect(linked.closed_at).not.toBeNull();
    // A different service is different work.
    expect(await send(nhsNumber, 'COMMUNITY_NURSING')).toMatchObject({ linkedToOpenReferral: false });
  });

  it('racing duplicate intakes end with one open piece of work', async () => {
    const nhsNumber = await register('Yates');
    const receipts = await Promise.all(Array.from({ length: 8 }, () => send(nhsNumber)));
    expect(new Set(receipts.map((r) => r.referral.id)).size).toBe(1);
    expect(receipts.filter((r) => !r.linkedToOpenReferral)).toHaveLength(1);
    const [{ open }] = await t.dataSource.query(
      `SELECT count(*)::int AS open FROM referral r JOIN person p ON p.id = r.person_id WHERE p.nhs_number = $1 AND r.closed_at IS NULL`,
      [nhsNumber],
    );
    expect(open).toBe(1);
  });

  it('32 claimers on one queue never share a referral, and none is lost', async () => {
    const QUEUE_SIZE = 48;
    const [{ id: teamId }] = await t.dataSource.query(
      `INSERT INTO team (name, kind, organisation_id, start_date) SELECT 'Claim test team', 'RAPID_RESPONSE', id, '2025-01-01' FROM organisation WHERE ods_code = $1 RETURNING id`,
      [TRUST],
    );
    await t.dataSource.query(
      `INSERT INTO team_service (team_id, service_code, works_bank_holidays) VALUES ($1, 'REABLEMENT', true)`,
      [teamId],
    );
    await t.dataSource.query(
      `INSERT INTO team_service_hours (team_id, service_code, weekday, opens_at, closes_at) SELECT $1, 'REABLEMENT', d, '00:00', '24:00' FROM generate_series(1, 7) d`,
      [teamId],
    );
    const claimers: TestUser[] = [];
    for (let i = 0; i < 32; i++) {
      const [{ id }] = await t.dataSource.query(
        `INSERT INTO professional (given_name, family_name, profession, version) VALUES ('Claimer', $1, 'DISTRICT_NURSE', 1) RETURNING id`,
        [`No${i}`],
      );
      await t.dataSource.query(`INSERT INTO team_member (team_id, professional_id, start_date) VALUES ($1, $2, '2025-01-01')`, [teamId, id]);
      claimers.push({ sub: id, professionalId: id, org: TRUST, roles: ['CLINICAL_PRACTITIONER'] });
    }
    const ids: string[] = [];
    for (let i = 0; i < QUEUE_SIZE; i++) {
      const { referral } = await send(await register(`Queue${i}`), 'REABLEMENT');
      await triage(referral.id, teamId, 'ROUTINE');
      ids.push(referral.id);
    }

    const claimed = new Map<string, string[]>();
    await Promise.all(
      claimers.map(async (claimer) => {
        for (;;) {
          const response = await t.gql(CLAIM_NEXT, { input: { teamId } }, claimer);
          if (response.errors) {
            expect(response.errors[0].extensions.code).toBe('REFERRAL_QUEUE_EMPTY');
            return;
          }
          const got = (response.data as any).claimNextReferral;
          expect(got.heldBy.id).toBe(claimer.professionalId);
          claimed.set(got.id, [...(claimed.get(got.id) ?? []), claimer.sub!]);
        }
      }),
    );
    expect([...claimed.values()].filter((by) => by.length > 1)).toEqual([]);
    expect(new Set(claimed.keys())).toEqual(new Set(ids));
    const [{ steps }] = await t.dataSource.query(
      `SELECT count(*)::int AS steps FROM referral_step WHERE step = 'CLAIM' AND referral_id = ANY($1::uuid[])`,
      [ids],
    );
    expect(steps).toBe(QUEUE_SIZE);
    // Each claim is audited exactly once, for the claimer, on their team's claim.
    const audits: { user_subject: string; person_id: string; basis: string; outcome: string }[] = await t.dataSource.query(
      `SELECT user_subject, person_id, basis, outcome FROM audit_event WHERE action = 'Mutation.claimNextReferral'
         AND user_subject = ANY($1::text[])`,
      [claimers.map((c) => c.sub)],
    );
    expect(audits).toHaveLength(QUEUE_SIZE);
    expect(new Set(audits.map((a) => `${a.basis} ${a.outcome}`))).toEqual(new Set(['REFERRAL_TEAM PERMITTED']));
  });

  it('shows a team’s queue due soonest first, a page at a time', async () => {
    const first = await ok(QUEUE, { teamId: nursingId }, outsider);
    const all = [...first.nodes];
    let page = first;
    while (page.pageInfo.hasNextPage) {
      page = await ok(QUEUE, { teamId: nursingId, after: page.pageInfo.endCursor }, outsider);
      all.push(...page.nodes);
    }
    expect(all.length).toBeGreaterThan(0);
    const dues = all.map((n) => n.dueAt);
    expect(dues).toEqual([...dues].sort());
  });

  it('a referral past its due time and not accepted shows as a breach for its team and service, and counts against the standard', async () => {
    // A letter received a fortnight ago, entered only now: a 2-day standard has long passed.
    const { referral } = await ok(SEND, {
      input: {
        nhsNumber: await register('Zeller'),
        serviceCode: 'COMMUNITY_NURSING',
        spoaOds: TRUST,
        source: 'GP',
        requestedUrgency: 'SOON',
        reason: 'Wound care after discharge',
        receivedAt: new Date(Date.now() - 14 * 86_400_000).toISOString(),
      },
    });
    const triaged = await triage(referral.id, nursingId, 'SOON');
    expect(triaged.breached).toBe(true);
    const breaches = await ok(BREACHES, { ods: TRUST }, triager);
    expect(breaches).toContainEqual(expect.objectContaining({ teamName: 'Tendring community nursing', serviceCode: 'COMMUNITY_NURSING', breaching: 1 }));
    // The operator sees the same breach per team in Prometheus.
    const scraped = (await request(t.app.getHttpServer()).get('/metrics').expect(200)).text;
    expect(sample(scraped, 'referral_breaches', { team_id: nursingId, team: 'Tendring community nursing' })).toBe(1);

    const today = new Date().toISOString().slice(0, 10);
    const from = new Date(Date.now() - 40 * 86_400_000).toISOString().slice(0, 10);
    const performance = await ok(PERFORMANCE, { ods: TRUST, from, to: today }, triager);
    const nursing = performance.filter((p: any) => p.teamName === 'Tendring community nursing' && p.serviceCode === 'COMMUNITY_NURSING');
    expect(nursing.reduce((n: number, p: any) => n + p.received, 0)).toBeGreaterThanOrEqual(1);
    expect(nursing.some((p: any) => p.percentWithinStandard === 0)).toBe(true);
    const rapid = performance.find((p: any) => p.teamName === 'Colchester rapid response' && p.accepted > 0);
    expect(rapid).toMatchObject({ percentWithinStandard: 100 });
    expect(rapid.medianMinutesToAccept).toBeGreaterThanOrEqual(0);
  });

  it('refuses a time of receipt in the future, or too long ago to start the clock from', async () => {
    const nhsNumber = await register('Ames');
    for (const days of [-1, 31]) {
      const input = { nhsNumber, serviceCode: 'REABLEMENT', spoaOds: TRUST, source: 'GP', requestedUrgency: 'SOON', reason: 'Reablement',
        receivedAt: new Date(Date.now() - days * 86_400_000).toISOString() };
      expect(await refusal(SEND, { input })).toBe('BAD_USER_INPUT');
    }
  });

  it('is refused the standards of an organisation that is not the user’s', async () => {
    expect(await refusal(BREACHES, { ods: OTHER_TRUST }, triager)).toBe('NOT_AUTHORISED');
  });
});

describe('Due times from the hours stored for a team', () => {
  let t: TestApp;
  let hours: ReferralHoursService;
  let teamId: string;

  beforeAll(async () => {
    t = await startTestApp();
    hours = t.app.get(ReferralHoursService);
    const created = await t.gql(`mutation ($input: CreateOrganisationInput!) { createOrganisation(input: $input) { id } }`, {
      input: anOrganisation({ odsCode: 'RYV02', kind: 'NHS_TRUST' }),
    });
    const org = created.data!.createOrganisation;
    [{ id: teamId }] = await t.dataSource.query(
      `INSERT INTO team (name, kind, organisation_id, start_date) VALUES ('Weekday nursing', 'COMMUNITY_HEALTH', $1, '2025-01-01') RETURNING id`,
      [org.id],
    );
    await hours.setTeamService({
      teamId,
      serviceCode: 'COMMUNITY_NURSING',
      worksBankHolidays: false,
      hours: [1, 2, 3, 4, 5].map((weekday) => ({ weekday, opensAt: '08:00', closesAt: '18:00' })),
    });
  });
  afterAll(() => t.close());

  const due = (receivedAt: string, priority: ReferralPriority) =>
    hours.dueTime(t.dataSource, teamId, 'COMMUNITY_NURSING', priority, new Date(receivedAt)).then((d) => d.toISOString());

  it('a 2-hour standard received at 16:30 on the Friday before the October clock change is due at 08:30 on Monday', async () => {
    expect(await due('2026-10-23T15:30:00Z', ReferralPriority.URGENT)).toBe('2026-10-26T08:30:00.000Z');
  });

  it('skips the weekend and the Easter bank holidays', async () => {
    expect(await due('2026-04-02T16:30:00Z', ReferralPriority.URGENT)).toBe('2026-04-07T08:30:00.000Z');
  });

  it('a 2-day standard received on Friday is due at Tuesday’s close', async () => {
    expect(await due('2026-06-12T10:00:00Z', ReferralPriority.SOON)).toBe('2026-06-16T17:00:00.000Z');
  });

  it('refuses a team that does not provide the service', async () => {
    await expect(hours.dueTime(t.dataSource, teamId, 'REABLEMENT', ReferralPriority.URGENT, new Date())).rejects.toMatchObject({
      code: 'SERVICE_NOT_OFFERED',
    });
  });
});
