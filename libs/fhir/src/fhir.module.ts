import { MiddlewareConsumer, Module, NestModule } from '@nestjs/common';
import { CareEventsModule } from '@app/care-events';
import { PersonsModule } from '@app/persons';
import { ReferralsModule } from '@app/referrals';
import { RiskModule } from '@app/risk';
import { AuditEventResources } from './audit-event.resources';
import { CommunicationResources, EncounterResources, EpisodeOfCareResources } from './care-events.resources';
import { OrganizationResources, PractitionerResources, PractitionerRoleResources } from './directory.resources';
import { FhirApi } from './fhir-api.service';
import { fhirJsonBody } from './fhir-json-body';
import { FhirController } from './fhir.controller';
import { FhirResources } from './fhir-resources.service';
import { FhirTypes } from './fhir-types';
import { PatientResources } from './patient.resources';
import {
  CarePlanResources,
  CareTeamResources,
  ConsentResources,
  FlagResources,
  GoalResources,
  RiskAssessmentResources,
  ServiceRequestResources,
  TaskResources,
} from './person-record.resources';

/** FHIR R4 exchange: the domain as UK Core resources, over REST under /fhir. */
@Module({
  imports: [PersonsModule, ReferralsModule, RiskModule, CareEventsModule],
  controllers: [FhirController],
  providers: [
    FhirResources,
    FhirTypes,
    FhirApi,
    PatientResources,
    OrganizationResources,
    PractitionerResources,
    PractitionerRoleResources,
    CareTeamResources,
    CarePlanResources,
    GoalResources,
    ServiceRequestResources,
    RiskAssessmentResources,
    TaskResources,
    ConsentResources,
    FlagResources,
    EncounterResources,
    EpisodeOfCareResources,
    CommunicationResources,
    AuditEventResources,
  ],
  exports: [FhirResources],
})
export class FhirModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(fhirJsonBody).forRoutes(FhirController);
  }
}
