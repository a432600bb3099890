import { countGenerated, GENERATED_IDS } from './generated-ids';
import { PopulationStage, StageContext, unnestInsert, writeInBatches } from './population-stage';
import { Candidate, SyntheticCareTeamMember, syntheticCareTeams, SyntheticHandover, SyntheticLead } from './synthetic-care-teams';
import { SYNTHETIC_NHS_NUMBERS } from './synthetic-nhs-numbers';
import { workforceOf } from './workforce-of';

const insertMembers = unnestInsert<SyntheticCareTeamMember>('care_team_member', [
  { name: 'id', type: 'uuid', value: (m) => m.id },
  { name: 'person_id', type: 'uuid', value: (m) => m.personId },
  { name: 'kind', type: 'text', value: (m) => m.kind },
  { name: 'professional_id', type: 'uuid', value: (m) => m.professionalId },
  { name: 'organisation_id', type: 'uuid', value: (m) => m.organisationId },
  { name: 'team_id', type: 'uuid', value: (m) => m.teamId },
  { name: 'name', type: 'text', value: (m) => m.name },
  { name: 'relationship', type: 'text', value: (m) => m.relationship },
  { name: 'contact', type: 'text', value: (m) => m.contact },
  { name: 'role_in_care', type: 'text', value: (m) => m.roleInCare },
  { name: 'start_date', type: 'date', value: (m) => m.startDate },
  { name: 'end_date', type: 'date', value: (m) => m.endDate },
  { name: 'end_reason', type: 'text', value: (m) => m.endReason },
]);

const insertLeads = unnestInsert<SyntheticLead>('lead_professional', [
  { name: 'id', type: 'uuid', value: (l) => l.id },
  { name: 'person_id', type: 'uuid', value: (l) => l.personId },
  { name: 'professional_id', type: 'uuid', value: (l) => l.professionalId },
  { name: 'care_team_member_id', type: 'uuid', value: (l) => l.careTeamMemberId },
  { name: 'started_at', type: 'timestamptz', value: (l) => l.startedAt },
  { name: 'ended_at', type: 'timestamptz', value: (l) => l.endedAt },
]);

const insertHandovers = unnestInsert<SyntheticHandover>('lead_handover', [
  { name: 'id', type: 'uuid', value: (h) => h.id },
  { name: 'person_id', type: 'uuid', value: (h) => h.personId },
  { name: 'previous_lead_id', type: 'uuid', value: (h) => h.previousLeadId },
  { name: 'new_lead_id', type: 'uuid', value: (h) => h.newLeadId },
  { name: 'reason', type: 'text', value: (h) => h.reason },
  { name: 'reason_note', type: 'text', value: (h) => h.reasonNote },
  { name: 'recorded_by_id', type: 'uuid', value: (h) => h.recordedById },
  { name: 'handed_over_at', type: 'timestamptz', value: (h) => h.handedOverAt },
]);

/**
 * The people who may be in the top tier (75 and over, or flagged: mayBeInTopTier, with a year to
 * spare), in NHS number order: about a tenth of the population, so the rest is never read back.
 */
const CANDIDATES = `
  SELECT id, gp_practice_ods, date_of_birth::text AS date_of_birth, sex, family_name, flags,
         residence_local_authority, address_lines[1] AS first_address_line
  FROM person
  WHERE nhs_number BETWEEN $1 AND $2 AND (cardinality(flags) > 0 OR date_of_birth < $3::date)
  ORDER BY nhs_number`;

/** The generated people who may be in the top tier, as the care teams and risk stages read them. */
export async function readCandidates({ db, options }: Pick<StageContext, 'db' | 'options'>): Promise<Candidate[]> {
  const rows: Record<string, any>[] = await db.query(CANDIDATES, [
    SYNTHETIC_NHS_NUMBERS.first,
    SYNTHETIC_NHS_NUMBERS.last,
    candidatesBornBefore(options.asAt),
  ]);
  return rows.map(
    (r): Candidate => ({
      id: r.id,
      gpPracticeOds: r.gp_practice_ods,
      dateOfBirth: r.date_of_birth,
      sex: r.sex,
      familyName: r.family_name,
      flags: r.flags,
      residenceLocalAuthority: r.residence_local_authority,
      firstAddressLine: r.first_address_line,
    }),
  );
}

/** Candidates are born before this day (or flagged): 74 or over by the as-at year, a year to spare. */
export const candidatesBornBefore = (asAt: string) => `${Number(asAt.slice(0, 4)) - 74}-01-01`;

/** Rows of the stage's tables: those the generator wrote, and any others of the generated people. */
const OURS = `id BETWEEN $1::uuid AND $2::uuid OR person_id IN (SELECT id FROM person WHERE nhs_number BETWEEN $3 AND $4)`;
const OURS_PARAMETERS = [GENERATED_IDS.first, GENERATED_IDS.last, SYNTHETIC_NHS_NUMBERS.first, SYNTHETIC_NHS_NUMBERS.last];

/** Rows a person of the population brings on average (about 3.3% in the top tier, 6 or 7 rows each), until the stage knows. */
const ROWS_A_PERSON = 0.22;

/** Care teams, accountable lead professionals and their handovers, for the top tier. */
export const careTeamsStage: PopulationStage = {
  name: 'care teams and leads',
  plannedRows: ({ options }) => Math.round(options.people * ROWS_A_PERSON),
  existingRows: (db) => countGenerated(db, 'care_team_member'),
  reset: async (db) => {
    for (const table of ['lead_handover', 'lead_professional', 'care_team_member']) {
      await db.query(`DELETE FROM ${table} WHERE ${OURS}`, OURS_PARAMETERS);
    }
  },
  run: async (context) => {
    const { db, options } = context;
    const candidates = await readCandidates(context);
    const { members, leads, handovers } = syntheticCareTeams(candidates, workforceOf(context), options);
    context.planned(members.length + leads.length + handovers.length);
    // Memberships before the leads whose foreign key names them.
    const written =
      (await writeInBatches(members, context, insertMembers)) +
      (await writeInBatches(leads, context, insertLeads)) +
      (await writeInBatches(handovers, context, insertHandovers));
    await db.query('VACUUM (ANALYZE) care_team_member, lead_professional, lead_handover');
    return written;
  },
};
