export { EndInput, IdArgs, IncludeEndedArgs, VersionedChange } from './common.types';
export { OrganisationKind, Profession, RegistrationBody, TeamKind } from './organisation-codes';
export { Organisation } from './organisation.entity';
export { OrganisationsModule } from './organisations.module';
export { organisationNotFound, OrganisationsService } from './organisations.service';
export { Professional } from './professional.entity';
export { professionalNotFound, ProfessionalsService } from './professionals.service';
export { Team } from './team.entity';
export { membershipAlreadyEnded, membershipNotFound, teamNotFound, TeamsService } from './teams.service';
