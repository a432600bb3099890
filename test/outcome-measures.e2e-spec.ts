import { anOrganisation, aProfessional, testNhsNumber } from './support/builders';
import { startTestApp, TestApp, TestUser } from './support/test-app';

/**
 * Each outcome measure on a small population made by hand, the right answers worked out by hand
 * (in the comments), over the financial year 2025-26; and figures only for the commissioner's area.
 *
 * Area: commissioning area QH8 > locality L0001 > PCN U00001 > practices F81001, F81002. Outside it:
 * locality L0002 > practice F82001. Tiers (policy "Frailty"): TOP (rank 1), MIDDLE, LOW.
 *
 *   A  b.1940  F81001  TOP     lead + active plan
 *   B  b.1945  F81002  TOP     died 2026-02-01 in a care home, her plan preferring a care home
 *   C  b.1950  F81002  MIDDLE
 *   D  b.1960  F81002  MIDDLE  died 2026-03-01 in hospital, his (closed) plan preferring home
 *   E  b.1990  F81001  LOW
 *   F  b.2015  F81002  LOW
 *   G  b.1930  F81001  TOP     died 2025-01-10, before the year: in no population
 *   I  b.1942  F81002  TOP     no lead
 *   H  b.1940  F82001  TOP     outside the area: nothing of hers counts
 *
 * Living at the start of the year: A B C D E F I = 7 (TOP 3, MIDDLE 2, LOW 2); 65+ at its end:
 * A B C D I = 5; adults: A B C D E I = 6.
 */

const FROM = '2025-04-01';
const TO = '2026-03-31';

const MEASURES = `query ($ods: String!, $from: String!, $to: String!) {
  outcomeMeasures(organisationOds: $ods, from: $from, to: $to) {
    organisationOds policyId figures { measure breakdown numerator denominator per rate } } }`;

describe('Outcome measures for a commissioner’s area', () => {
  let t: TestApp;
  const commissioner: TestUser = { sub: 'icb-analyst', org: 'L0001', roles: ['COMMISSIONER'] };

  beforeAll(async () => {
    t = await startTestApp();
    const org = async (input: Record<string, unknown>) => {
      const response = await t.gql(`mutation ($input: CreateOrganisationInput!) { createOrganisation(input: $input) { id } }`, {
        input: anOrganisation(input),
      });
      expect(response.errors).toBeUndefined();
      return response.data!.createOrganisation.id as string;
    };
    const area = await org({ odsCode: 'QH8', name: 'Mid and North East Essex', kind: 'OTHER' });
    const locality = await org({ odsCode: 'L0001', name: 'Colchester', kind: 'LOCALITY', parentId: area });
    const pcn = await org({ odsCode: 'U00001', name: 'Colchester Central PCN', kind: 'PRIMARY_CARE_NETWORK', parentId: locality });
    await org({ odsCode: 'F81001', name: 'Wivenhoe Surgery', parentId: pcn });
    await org({ odsCode: 'F81002', name: 'Rowhedge Surgery', parentId: pcn });
    const elsewhere = await org({ odsCode: 'L0002', name: 'Tendring', kind: 'LOCALITY' });
    await org({ odsCode: 'F82001', name: 'Clacton Surgery', parentId: elsewhere });
    const professional = await t.gql(`mutation ($input: CreateProfessionalInput!) { createProfessional(input: $input) { id } }`, {
      input: aProfessional({ familyName: 'Shah' }),
    });
    const matronId = professional.data!.createProfessional.id as string;

    const db = t.dataSource;
    const people: Record<string, string> = {};
    const person = async (key: string, born: string, practice: string, died: string | null = null) => {
      const [row] = await db.query(
        `INSERT INTO person (nhs_number, nhs_number_verification_status, given_name, family_name, date_of_birth, sex, gp_practice_ods, date_of_death)
         VALUES ($1, '01', $2, 'Test', $3, 'FEMALE', $4, $5) RETURNING id`,
        [testNhsNumber(), key, born, practice, died],
      );
      people[key] = row.id;
    };
    await person('A', '1940-01-01', 'F81001');
    await person('B', '1945-06-01', 'F81002', '2026-02-01');
    await person('C', '1950-01-01', 'F81002');
    await person('D', '1960-01-01', 'F81002', '2026-03-01');
    await person('E', '1990-01-01', 'F81001');
    await person('F', '2015-01-01', 'F81002');
    await person('G', '1930-01-01', 'F81001', '2025-01-10');
    await person('I', '1942-01-01', 'F81002');
    await person('H', '1940-01-01', 'F82001');

    const [policy] = await db.query(`INSERT INTO stratification_policy (name, version) VALUES ('Frailty', 1) RETURNING id`);
    await db.query(
      `INSERT INTO stratification_policy_version (policy_id, version, scope_organisation_ids, model_code, basis, saved_by)
       VALUES ($1, 1, ARRAY[$2::uuid], 'EFI', 'CATEGORY', 'test')`,
      [policy.id, area],
    );
    await db.query(
      `INSERT INTO stratification_tier (policy_id, version, code, name, rank, categories, case_managed)
       VALUES ($1, 1, 'TOP', 'Intensive case management', 1, '{SEVERE}', false), ($1, 1, 'MIDDLE', 'Disease management', 2, '{MODERATE}', false),
              ($1, 1, 'LOW', 'Supported self-care', 3, NULL, false)`,
      [policy.id],
    );
    const tiers: [string, string, number][] = [
      ['A', 'TOP', 1], ['B', 'TOP', 1], ['G', 'TOP', 1], ['I', 'TOP', 1], ['H', 'TOP', 1],
      ['C', 'MIDDLE', 2], ['D', 'MIDDLE', 2], ['E', 'LOW', 3], ['F', 'LOW', 3],
    ];
    await db.query(
      `INSERT INTO person_tier (policy_id, person_id, policy_version, tier_code, tier_rank, model_code, threshold, assigned_at)
       SELECT $1, p, 1, c, r, 'EFI', 'category', now() FROM unnest($2::uuid[], $3::text[], $4::int[]) AS x (p, c, r)`,
      [policy.id, tiers.map(([k]) => people[k]), tiers.map(([, c]) => c), tiers.map(([, , r]) => r)],
    );

    // A has a lead (in her care team) and an active plan; B's active plan prefers a care home; D's closed plan, home.
    const [member] = await db.query(
      `INSERT INTO care_team_member (person_id, kind, professional_id, role_in_care, start_date)
       VALUES ($1, 'PROFESSIONAL', $2, 'Community matron', '2025-01-01') RETURNING id`,
      [people.A, matronId],
    );
    await db.query(
      `INSERT INTO lead_professional (person_id, professional_id, care_team_member_id, started_at) VALUES ($1, $2, $3, '2025-01-01')`,
      [people.A, matronId, member.id],
    );
    const plan = (key: string, status: string, place: string | null) =>
      db.query(
        `INSERT INTO care_plan (person_id, status, start_date, content, review_interval_days, next_review_date, is_joint, created_by_id,
                                activated_at, closed_at, version)
         VALUES ($1, $2, '2025-01-01', $3, 90, '2026-12-01', false, $4, '2025-01-02', $5, 2)`,
        [people[key], status, JSON.stringify({ endOfLife: place ? { preferredPlaceOfDeathCode: place } : null }), matronId,
          status === 'CLOSED' ? '2026-03-02' : null],
      );
    await plan('A', 'ACTIVE', null);
    await plan('B', 'ACTIVE', 'CARE_HOME');
    await plan('D', 'CLOSED', 'HOME');

    const ids: Record<string, string> = {};
    const event = async (key: string, who: string, kind: string, at: string, details: Record<string, unknown> = {}) => {
      const admission = details.admission as string | undefined;
      const [row] = await db.query(
        `INSERT INTO care_event (person_id, kind, occurred_at, admission_id, admitted_at, admission_kind, discharge_destination,
                                 care_home_setting, delayed_days, place_of_death, source_system, source_identifier, recorded_by)
         SELECT $1, $2, $3, a.id, a.occurred_at, a.kind, $5, $6, $7, $8, 'test', $9, 'test'
         FROM (SELECT NULL) AS nothing LEFT JOIN care_event a ON a.id = $4
         RETURNING id`,
        [people[who], kind, at, admission ? ids[admission] : null, details.destination ?? null, details.setting ?? null,
          details.days ?? null, details.place ?? null, key],
      );
      ids[key] = row.id;
    };
    await event('adm0', 'A', 'EMERGENCY_ADMISSION', '2025-03-01T10:00:00Z'); // before the year
    await event('adm1', 'A', 'EMERGENCY_ADMISSION', '2025-05-01T10:00:00Z');
    await event('dtc1', 'A', 'DELAYED_TRANSFER', '2025-05-10T10:00:00Z', { admission: 'adm1', days: 3 });
    await event('dis1', 'A', 'DISCHARGE', '2025-05-10T12:00:00Z', { admission: 'adm1', destination: 'REABLEMENT' });
    await event('adm2', 'A', 'EMERGENCY_ADMISSION', '2025-06-01T10:00:00Z'); // 22 days after dis1: a readmission
    await event('dis2', 'A', 'DISCHARGE', '2025-06-05T10:00:00Z', { admission: 'adm2', destination: 'USUAL_RESIDENCE' });
    await event('adm3', 'B', 'EMERGENCY_ADMISSION', '2025-09-01T10:00:00Z');
    await event('dis3', 'B', 'DISCHARGE', '2025-09-20T10:00:00Z', { admission: 'adm3', destination: 'REABLEMENT' });
    await event('ch1', 'B', 'CARE_HOME_ADMISSION', '2025-11-01T10:00:00Z', { setting: 'NURSING' }); // within 91 days of dis3
    await event('death1', 'B', 'DEATH', '2026-02-01T03:00:00Z', { place: 'CARE_HOME' });
    await event('adm4', 'C', 'EMERGENCY_ADMISSION', '2025-07-01T10:00:00Z');
    await event('dtc2', 'C', 'DELAYED_TRANSFER', '2025-07-15T09:00:00Z', { admission: 'adm4', days: 5 });
    await event('dis4', 'C', 'DISCHARGE', '2025-07-15T10:00:00Z', { admission: 'adm4', destination: 'REABLEMENT' });
    await event('adm5', 'C', 'EMERGENCY_ADMISSION', '2025-08-10T10:00:00Z'); // 26 days after dis4; still in on day 91
    await event('ch2', 'D', 'CARE_HOME_ADMISSION', '2025-10-01T10:00:00Z', { setting: 'RESIDENTIAL' }); // aged 65
    await event('death2', 'D', 'DEATH', '2026-03-01T03:00:00Z', { place: 'HOSPITAL' });
    await event('ae1', 'E', 'AE_ATTENDANCE', '2025-05-05T10:00:00Z');
    await event('adm6', 'E', 'EMERGENCY_ADMISSION', '2026-03-30T10:00:00Z');
    await event('dis5', 'E', 'DISCHARGE', '2026-03-31T10:00:00Z', { admission: 'adm6', destination: 'USUAL_RESIDENCE' });
    await event('adm7', 'H', 'EMERGENCY_ADMISSION', '2025-05-01T10:00:00Z'); // outside the area
    await event('ch3', 'H', 'CARE_HOME_ADMISSION', '2025-06-01T10:00:00Z', { setting: 'RESIDENTIAL' });

    // Referrals: A's urgent one accepted in time, C's urgent one late, E's routine one declined before it was due, H's elsewhere.
    const [team] = await db.query(
      `INSERT INTO team (name, kind, organisation_id, start_date) VALUES ('Rapid response', 'RAPID_RESPONSE', $1, '2025-01-01') RETURNING id`,
      [locality],
    );
    const referral = (who: string, priority: string, received: string, due: string, accepted: string | null, status: string) =>
      db.query(
        `INSERT INTO referral (person_id, service_code, status, source, requested_urgency, reason, referrer_name, spoa_organisation_id,
                               sent_by, received_at, priority, team_id, triaged_at, due_at, accepted_at, accepted_by_id, outcome,
                               close_reason, closed_at)
         SELECT $1, (SELECT code FROM referral_service ORDER BY code LIMIT 1), $7, 'GP', $2, 'Falls', 'Dr Elm', $3, 'test',
                $4::timestamptz, $2, $8, $4::timestamptz, $5::timestamptz, $6::timestamptz, CASE WHEN $6::timestamptz IS NOT NULL THEN $9::uuid END,
                CASE WHEN $7 = 'COMPLETED' THEN 'Seen' END, CASE WHEN $7 = 'DECLINED' THEN 'Not eligible' END,
                $4::timestamptz + interval '1 day'`,
        [people[who], priority, locality, received, due, accepted, status, team.id, matronId],
      );
    await referral('A', 'URGENT', '2025-05-02T10:00:00Z', '2025-05-02T12:00:00Z', '2025-05-02T11:00:00Z', 'COMPLETED');
    await referral('C', 'URGENT', '2025-07-02T10:00:00Z', '2025-07-02T12:00:00Z', '2025-07-02T14:00:00Z', 'COMPLETED');
    await referral('E', 'ROUTINE', '2025-08-01T10:00:00Z', '2025-08-08T10:00:00Z', null, 'DECLINED');
    await referral('H', 'URGENT', '2025-05-02T10:00:00Z', '2025-05-02T12:00:00Z', null, 'DECLINED');
  });
  afterAll(() => t.close());

  const figuresFor = async (ods: string, as: TestUser = commissioner) => {
    const response = await t.gql(MEASURES, { ods, from: FROM, to: TO }, as);
    expect(response.errors).toBeUndefined();
    return response.data!.outcomeMeasures.figures.map((f: any) => [f.measure, f.breakdown, f.numerator, f.denominator, f.per, f.rate]);
  };

  it('gives each measure for the locality with the numbers worked out by hand', async () => {
    expect(await figuresFor('L0001')).toEqual([
      // A: adm1, adm2; B: adm3; C: adm4, adm5; E: adm6 (A's adm0 is before the year; H is elsewhere)
      ['EMERGENCY_ADMISSIONS', null, 6, 7, 1000, 857.1],
      ['EMERGENCY_ADMISSIONS', 'TOP', 3, 3, 1000, 1000],
      ['EMERGENCY_ADMISSIONS', 'MIDDLE', 2, 2, 1000, 1000],
      ['EMERGENCY_ADMISSIONS', 'LOW', 1, 2, 1000, 500],
      // discharges dis1..dis5; dis1 and dis4 were followed by an admission within 30 days
      ['READMISSIONS_WITHIN_30_DAYS', null, 2, 5, 100, 40],
      // B (nursing) and D (residential, at 65) of the five aged 65 and over
      ['CARE_HOME_ADMISSIONS_65_AND_OVER', null, 2, 5, 100000, 40000],
      ['CARE_HOME_ADMISSIONS_65_AND_OVER', 'RESIDENTIAL', 1, 5, 100000, 20000],
      ['CARE_HOME_ADMISSIONS_65_AND_OVER', 'NURSING', 1, 5, 100000, 20000],
      // into reablement: A at home on day 91; B in a care home; C back in hospital
      ['AT_HOME_91_DAYS_AFTER_REABLEMENT', null, 1, 3, 100, 33.3],
      // 3 + 5 days over 6 adults
      ['DELAYED_TRANSFER_DAYS', null, 8, 6, 100000, 133333.3],
      // B died where her plan said; D did not
      ['DEATHS_IN_PREFERRED_PLACE', null, 1, 2, 100, 50],
      // A and I are alive in the top tier; A has a lead and a plan
      ['TOP_TIER_WITH_LEAD_AND_PLAN', 'TOP', 1, 2, 100, 50],
      // A's urgent in time, C's late; E's declined before due counts neither way
      ['REFERRAL_RESPONSE_STANDARDS_MET', null, 1, 2, 100, 50],
      ['REFERRAL_RESPONSE_STANDARDS_MET', 'URGENT', 1, 2, 100, 50],
      ['REFERRAL_RESPONSE_STANDARDS_MET', 'ROUTINE', 0, 0, 100, null],
    ]);
  });

  it('the commissioning area above the locality has the same figures; a practice has its own', async () => {
    expect(await figuresFor('QH8', { ...commissioner, org: 'QH8' })).toEqual(await figuresFor('L0001'));
    const practice = await figuresFor('F81001');
    // F81001: A, E and G (dead before the year): living A and E; admissions A 2, E 1
    expect(practice[0]).toEqual(['EMERGENCY_ADMISSIONS', null, 3, 2, 1000, 1500]);
  });

  it('gives figures only for the user’s organisation and those under it, and only to roles that see measures', async () => {
    const refused = async (ods: string, as: TestUser) => (await t.gql(MEASURES, { ods, from: FROM, to: TO }, as)).errors?.[0]?.extensions.code;
    expect(await refused('L0002', commissioner)).toBe('NOT_AUTHORISED');
    expect(await refused('QH8', commissioner)).toBe('NOT_AUTHORISED');
    expect(await refused('L0001', { sub: 'gp', org: 'F81001', roles: ['GP'] })).toBe('NOT_AUTHORISED');
    expect(await refused('F81001', { sub: 'coordinator', org: 'F81001', roles: ['CARE_COORDINATOR'] })).toBe('NOT_AUTHORISED');
    expect(await refused('F81001', { sub: 'gp', org: 'F81001', roles: ['GP'] })).toBeUndefined();
    const backwards = await t.gql(MEASURES, { ods: 'L0001', from: TO, to: FROM }, commissioner);
    expect(backwards.errors?.[0]?.extensions.code).toBe('DATES_OUT_OF_ORDER');
  });
});
