import { Injectable } from '@nestjs/common';
import { DomainError } from '@app/errors';
import { FhirType } from './fhir-type';
import { OrganizationResources, PractitionerResources, PractitionerRoleResources } from './directory.resources';
import { PatientResources } from './patient.resources';
import * as personRecord from './person-record.resources';
import { CommunicationResources, EncounterResources, EpisodeOfCareResources } from './care-events.resources';
import { AuditEventResources } from './audit-event.resources';

/**
 * The resource types the FHIR API serves. A new type (ServiceRequest and Task for referrals,
 * RiskAssessment for risk scores) is a FhirType added here; the CapabilityStatement, the routes,
 * bundles and FhirResources.current follow from it.
 */
@Injectable()
export class FhirTypes {
  private readonly byName: Map<string, FhirType>;

  constructor(
    patients: PatientResources,
    organizations: OrganizationResources,
    practitioners: PractitionerResources,
    practitionerRoles: PractitionerRoleResources,
    careTeams: personRecord.CareTeamResources,
    carePlans: personRecord.CarePlanResources,
    goals: personRecord.GoalResources,
    serviceRequests: personRecord.ServiceRequestResources,
    riskAssessments: personRecord.RiskAssessmentResources,
    tasks: personRecord.TaskResources,
    consents: personRecord.ConsentResources,
    flags: personRecord.FlagResources,
    encounters: EncounterResources,
    episodesOfCare: EpisodeOfCareResources,
    communications: CommunicationResources,
    auditEvents: AuditEventResources,
  ) {
    const types: FhirType[] = [
      patients, organizations, practitioners, practitionerRoles, careTeams, carePlans, goals, serviceRequests, tasks,
      riskAssessments, consents, flags, encounters, episodesOfCare, communications, auditEvents,
    ];
    this.byName = new Map(types.map((t) => [t.type, t]));
  }

  all(): FhirType[] {
    return [...this.byName.values()];
  }

  find(type: string): FhirType | undefined {
    return this.byName.get(type);
  }

  get(type: string): FhirType {
    const found = this.byName.get(type);
    if (!found) {
      throw new DomainError('NOT_FOUND', `This service does not serve ${type} resources (see /fhir/metadata)`, {
        expression: ['resourceType'],
      });
    }
    return found;
  }
}
