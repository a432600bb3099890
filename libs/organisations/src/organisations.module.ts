import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { Organisation } from './organisation.entity';
import { OrganisationsResolver } from './organisations.resolver';
import { OrganisationsService } from './organisations.service';
import { ProfessionalRole } from './professional-role.entity';
import { Professional } from './professional.entity';
import { ProfessionalsResolver } from './professionals.resolver';
import { ProfessionalsService } from './professionals.service';
import { TeamMember } from './team-member.entity';
import { Team } from './team.entity';
import { TeamsResolver } from './teams.resolver';
import { TeamsService } from './teams.service';

/** The workforce directory: organisations and their hierarchy, professionals and their roles, teams. */
@Module({
  imports: [TypeOrmModule.forFeature([Organisation, Professional, ProfessionalRole, Team, TeamMember])],
  providers: [
    OrganisationsService,
    ProfessionalsService,
    TeamsService,
    OrganisationsResolver,
    ProfessionalsResolver,
    TeamsResolver,
  ],
  exports: [OrganisationsService, ProfessionalsService, TeamsService],
})
export class OrganisationsModule {}
