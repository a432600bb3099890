import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { PersonsModule } from '@app/persons';
import { CareTeamMember } from './care-team-member.entity';
import { CareTeamsResolver } from './care-teams.resolver';
import { CareTeamsService } from './care-teams.service';
import { LeadHandover } from './lead-handover.entity';
import { LeadProfessional } from './lead-professional.entity';
import { LeadProfessionalsResolver } from './lead-professionals.resolver';
import { LeadProfessionalsService } from './lead-professionals.service';

/** The care team around each person and their accountable lead professional. */
@Module({
  imports: [TypeOrmModule.forFeature([CareTeamMember, LeadProfessional, LeadHandover]), PersonsModule],
  providers: [CareTeamsService, LeadProfessionalsService, CareTeamsResolver, LeadProfessionalsResolver],
  exports: [CareTeamsService, LeadProfessionalsService],
})
export class CareTeamsModule {}
