export { CareTeamMemberKind, HandoverReason } from './care-team-codes';
export { CareTeamMember } from './care-team-member.entity';
export { CareTeamsModule } from './care-teams.module';
export { CareTeamsService } from './care-teams.service';
export { LeadHandover } from './lead-handover.entity';
export { LeadProfessional } from './lead-professional.entity';
export { LeadProfessionalsService } from './lead-professionals.service';
