import { TeamKind } from '@app/organisations';
import { COMMUNITY_TRUST } from './care-system';
import { countGenerated, GENERATED_IDS } from './generated-ids';
import { PopulationStage, unnestInsert, writeInBatches } from './population-stage';
import { ReferralSubject, Standards, SyntheticReferral, syntheticReferrals, SyntheticReferralStep, TEAM_SERVICES } from './synthetic-referrals';
import { SYNTHETIC_NHS_NUMBERS } from './synthetic-nhs-numbers';
import { SyntheticTeam, SyntheticTeamMember } from './synthetic-workforce';
import { workforceOf } from './workforce-of';

const insertReferrals = unnestInsert<SyntheticReferral>('referral', [
  { name: 'id', type: 'uuid', value: (r) => r.id },
  { name: 'person_id', type: 'uuid', value: (r) => r.personId },
  { name: 'service_code', type: 'text', value: (r) => r.serviceCode },
  { name: 'status', type: 'text', value: (r) => r.status },
  { name: 'source', type: 'text', value: (r) => r.source },
  { name: 'requested_urgency', type: 'text', value: (r) => r.requestedUrgency },
  { name: 'reason', type: 'text', value: (r) => r.reason },
  { name: 'referrer_name', type: 'text', value: (r) => r.referrerName },
  { name: 'spoa_organisation_id', type: 'uuid', value: (r) => r.spoaOrganisationId },
  { name: 'sent_by', type: 'text', value: (r) => r.sentBy },
  { name: 'received_at', type: 'timestamptz', value: (r) => r.receivedAt },
  { name: 'priority', type: 'text', value: (r) => r.priority },
  { name: 'team_id', type: 'uuid', value: (r) => r.teamId },
  { name: 'triaged_at', type: 'timestamptz', value: (r) => r.triagedAt },
  { name: 'due_at', type: 'timestamptz', value: (r) => r.dueAt },
  { name: 'held_by_id', type: 'uuid', value: (r) => r.heldById },
  { name: 'claimed_at', type: 'timestamptz', value: (r) => r.claimedAt },
  { name: 'accepted_at', type: 'timestamptz', value: (r) => r.acceptedAt },
  { name: 'accepted_by_id', type: 'uuid', value: (r) => r.acceptedById },
  { name: 'outcome', type: 'text', value: (r) => r.outcome },
  { name: 'close_reason', type: 'text', value: (r) => r.closeReason },
  { name: 'closed_at', type: 'timestamptz', value: (r) => r.closedAt },
  { name: 'version', type: 'int', value: (r) => r.version },
]);

const insertSteps = unnestInsert<SyntheticReferralStep>('referral_step', [
  { name: 'id', type: 'uuid', value: (s) => s.id },
  { name: 'referral_id', type: 'uuid', value: (s) => s.referralId },
  { name: 'person_id', type: 'uuid', value: (s) => s.personId },
  { name: 'step', type: 'text', value: (s) => s.step },
  { name: 'from_status', type: 'text', value: (s) => s.fromStatus },
  { name: 'to_status', type: 'text', value: (s) => s.toStatus },
  { name: 'team_id', type: 'uuid', value: (s) => s.teamId },
  { name: 'by_subject', type: 'text', value: (s) => s.bySubject },
  { name: 'by_professional_id', type: 'uuid', value: (s) => s.byProfessionalId },
  { name: 'at', type: 'timestamptz', value: (s) => s.at },
  { name: 'reason', type: 'text', value: (s) => s.reason },
]);

/** The generated teams' services and hours, by team kind, in two set-based statements. */
const TEAM_SERVICE_SQL = `
  INSERT INTO team_service (team_id, service_code, works_bank_holidays)
  SELECT t.id, s.service, s.works FROM team t JOIN unnest($1::text[], $2::text[], $3::boolean[]) AS s(kind, service, works) ON s.kind = t.kind
  WHERE t.id BETWEEN $4::uuid AND $5::uuid`;
const TEAM_HOURS_SQL = `
  INSERT INTO team_service_hours (team_id, service_code, weekday, opens_at, closes_at)
  SELECT t.id, s.service, d.weekday, s.opens::time, s.closes::time
  FROM team t JOIN unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[]) AS s(kind, service, weekdays, opens, closes) ON s.kind = t.kind
  CROSS JOIN LATERAL unnest(s.weekdays::smallint[]) AS d(weekday)
  WHERE t.id BETWEEN $6::uuid AND $7::uuid`;

/** About one person in seventy is referred in the four months before the as-at date; a hash of the NHS number picks them. */
const SUBJECTS = `
  SELECT id, gp_practice_ods FROM person
  WHERE nhs_number BETWEEN $1 AND $2 AND (hashtext(nhs_number) & 1023) < 15
  ORDER BY nhs_number`;

const RESET = [
  `DELETE FROM referral_step WHERE id BETWEEN $1::uuid AND $2::uuid OR referral_id BETWEEN $1::uuid AND $2::uuid`,
  `DELETE FROM referral WHERE id BETWEEN $1::uuid AND $2::uuid`,
  `DELETE FROM team_service WHERE team_id BETWEEN $1::uuid AND $2::uuid`,
];

/** Steps a referral takes on average, plus itself, for the progress bar until the stage knows. */
const ROWS_A_PERSON = 0.015 * 5;

/** Services and hours of the generated teams, and referrals through the single point of referral. */
export const referralsStage: PopulationStage = {
  name: 'referrals',
  plannedRows: ({ options }) => Math.round(options.people * ROWS_A_PERSON),
  existingRows: (db) => countGenerated(db, 'referral'),
  reset: async (db) => {
    for (const sql of RESET) await db.query(sql, [GENERATED_IDS.first, GENERATED_IDS.last]);
  },
  run: async (context) => {
    const { db, options } = context;
    const workforce = workforceOf(context);
    await db.query(TEAM_SERVICE_SQL, [
      TEAM_SERVICES.map((s) => s.kind),
      TEAM_SERVICES.map((s) => s.service),
      TEAM_SERVICES.map((s) => s.worksBankHolidays),
      GENERATED_IDS.first,
      GENERATED_IDS.last,
    ]);
    await db.query(TEAM_HOURS_SQL, [
      TEAM_SERVICES.map((s) => s.kind),
      TEAM_SERVICES.map((s) => s.service),
      TEAM_SERVICES.map((s) => `{${s.weekdays.join(',')}}`),
      TEAM_SERVICES.map((s) => s.opensAt),
      TEAM_SERVICES.map((s) => s.closesAt),
      GENERATED_IDS.first,
      GENERATED_IDS.last,
    ]);

    const [spoa] = await db.query(`SELECT id FROM organisation WHERE ods_code = $1`, [COMMUNITY_TRUST.odsCode]);
    const standards: Standards = new Map(
      (await db.query(`SELECT service_code, priority, amount, unit FROM response_standard`)).map((r: any) => [`${r.service_code}:${r.priority}`, { amount: r.amount, unit: r.unit }]),
    );
    const bankHolidays = new Set<string>(
      (await db.query(`SELECT to_char(holiday_date, 'YYYY-MM-DD') AS d FROM bank_holiday`)).map((r: any) => r.d),
    );
    const members = new Map<string, SyntheticTeamMember[]>();
    for (const m of workforce.teamMembers) members.set(m.teamId, [...(members.get(m.teamId) ?? []), m]);
    // A locality's teams share its name ("Colchester Integrated Care Hub", "Colchester Adult Social Care Team").
    const teamsOfLocality = new Map<string, Map<TeamKind, SyntheticTeam>>();
    const localityTeams = (hub: SyntheticTeam) => {
      if (!teamsOfLocality.has(hub.id)) {
        const prefix = hub.name.replace(/ Integrated Care Hub$/, ' ');
        teamsOfLocality.set(hub.id, new Map(workforce.teams.filter((t) => t.name.startsWith(prefix)).map((t) => [t.kind, t])));
      }
      return teamsOfLocality.get(hub.id)!;
    };
    const pcnTeam = new Map(workforce.teams.filter((t) => t.kind === TeamKind.CARE_COORDINATION).map((t) => [t.organisationId, t]));

    const rows: { id: string; gp_practice_ods: string }[] = await db.query(SUBJECTS, [SYNTHETIC_NHS_NUMBERS.first, SYNTHETIC_NHS_NUMBERS.last]);
    const subjects = rows.map((r): ReferralSubject => {
      const staff = workforce.practice(r.gp_practice_ods);
      const teams = new Map(localityTeams(staff.locality.hub));
      const coordination = pcnTeam.get(workforce.careSystem.pcn(staff.pcn.code).id);
      if (coordination) teams.set(TeamKind.CARE_COORDINATION, coordination);
      return { personId: r.id, teams };
    });
    const { referrals, steps } = syntheticReferrals(subjects, {
      seed: options.seed,
      asAt: options.asAt,
      spoaOrganisationId: spoa.id,
      standards,
      bankHolidays,
      membersOf: (teamId) => members.get(teamId) ?? [],
    });
    context.planned(referrals.length + steps.length);
    const written = (await writeInBatches(referrals, context, insertReferrals)) + (await writeInBatches(steps, context, insertSteps));
    await db.query('VACUUM (ANALYZE) referral, referral_step, team_service, team_service_hours');
    return written;
  },
};
