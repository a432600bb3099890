import { countGenerated, deleteGenerated } from './generated-ids';
import { PopulationStage, StageContext, unnestInsert, writeInBatches } from './population-stage';
import { SyntheticProfessional, SyntheticRole, SyntheticTeam, SyntheticTeamMember } from './synthetic-workforce';
import { workforceOf } from './workforce-of';

const insertProfessionals = unnestInsert<SyntheticProfessional>('professional', [
  { name: 'id', type: 'uuid', value: (p) => p.id },
  { name: 'given_name', type: 'text', value: (p) => p.givenName },
  { name: 'family_name', type: 'text', value: (p) => p.familyName },
  { name: 'profession', type: 'text', value: (p) => p.profession },
  { name: 'registration_body', type: 'text', value: (p) => p.registrationBody },
  { name: 'registration_number', type: 'text', value: (p) => p.registrationNumber },
  { name: 'caseload_capacity', type: 'int', value: (p) => p.caseloadCapacity },
]);

const insertRoles = unnestInsert<SyntheticRole>('professional_role', [
  { name: 'id', type: 'uuid', value: (r) => r.id },
  { name: 'professional_id', type: 'uuid', value: (r) => r.professionalId },
  { name: 'organisation_id', type: 'uuid', value: (r) => r.organisationId },
  { name: 'job_title', type: 'text', value: (r) => r.jobTitle },
  { name: 'start_date', type: 'date', value: (r) => r.startDate },
]);

const insertTeams = unnestInsert<SyntheticTeam>('team', [
  { name: 'id', type: 'uuid', value: (t) => t.id },
  { name: 'name', type: 'text', value: (t) => t.name },
  { name: 'kind', type: 'text', value: (t) => t.kind },
  { name: 'organisation_id', type: 'uuid', value: (t) => t.organisationId },
  { name: 'start_date', type: 'date', value: (t) => t.startDate },
]);

const insertTeamMembers = unnestInsert<SyntheticTeamMember>('team_member', [
  { name: 'id', type: 'uuid', value: (m) => m.id },
  { name: 'team_id', type: 'uuid', value: (m) => m.teamId },
  { name: 'professional_id', type: 'uuid', value: (m) => m.professionalId },
  { name: 'role', type: 'text', value: (m) => m.role },
  { name: 'start_date', type: 'date', value: (m) => m.startDate },
]);

const tablesOf = (context: Pick<StageContext, 'hierarchy' | 'options'>) => {
  const { professionals, roles, teams, teamMembers } = workforceOf(context);
  return [professionals, roles, teams, teamMembers] as const;
};

/**
 * The workforce directory: professionals with their registrations and caseload capacity, their roles
 * in the organisations that employ them, and teams with their members.
 */
export const workforceStage: PopulationStage = {
  name: 'workforce',
  plannedRows: (context) => tablesOf(context).reduce((n, rows) => n + rows.length, 0),
  existingRows: (db) => countGenerated(db, 'professional'),
  reset: (db) => deleteGenerated(db, ['team_member', 'team', 'professional_role', 'professional']),
  run: async (context) => {
    const [professionals, roles, teams, teamMembers] = tablesOf(context);
    // Table by table, each after those it refers to.
    return (
      (await writeInBatches(professionals, context, insertProfessionals)) +
      (await writeInBatches(roles, context, insertRoles)) +
      (await writeInBatches(teams, context, insertTeams)) +
      (await writeInBatches(teamMembers, context, insertTeamMembers))
    );
  },
};
