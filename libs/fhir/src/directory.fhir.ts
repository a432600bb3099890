import type { Organization, Practitioner, PractitionerRole } from '@medplum/fhirtypes';
import type { Organisation, Professional } from '@app/organisations';
import { ODS_ORGANISATION_SYSTEM, ORGANISATION_KIND_SYSTEM, PROFESSION_SYSTEM, REGISTRATION_SYSTEMS } from './uk-core';
import { metaOf } from './versioned.fhir';

const words = (code: string) => code.charAt(0) + code.slice(1).toLowerCase().replace(/_/g, ' ');

/** An organisation as an Organization, identified by its ODS code where it has one, under its parent. */
export function toFhirOrganization(organisation: Organisation): Organization {
  return {
    resourceType: 'Organization',
    id: organisation.id,
    meta: metaOf(organisation),
    ...(organisation.odsCode ? { identifier: [{ system: ODS_ORGANISATION_SYSTEM, value: organisation.odsCode }] } : {}),
    active: true,
    type: [{ coding: [{ system: ORGANISATION_KIND_SYSTEM, code: organisation.kind, display: words(organisation.kind) }] }],
    name: organisation.name,
    ...(organisation.parentId ? { partOf: { reference: `Organization/${organisation.parentId}` } } : {}),
  };
}

/** A professional as a Practitioner, identified by their professional registration, with their profession. */
export function toFhirPractitioner(professional: Professional): Practitioner {
  const system = professional.registrationBody ? REGISTRATION_SYSTEMS[professional.registrationBody] : undefined;
  return {
    resourceType: 'Practitioner',
    id: professional.id,
    meta: metaOf(professional),
    ...(system && professional.registrationNumber ? { identifier: [{ system, value: professional.registrationNumber }] } : {}),
    active: true,
    name: [{ use: 'official', family: professional.familyName, given: [professional.givenName] }],
    qualification: [
      { code: { coding: [{ system: PROFESSION_SYSTEM, code: professional.profession, display: words(professional.profession) }] } },
    ],
  };
}

/** What a PractitionerRole is made from: the role, with its organisation's ODS code. */
export interface RoleRow {
  id: string;
  professionalId: string;
  organisationId: string;
  organisation?: { odsCode: string | null };
  jobTitle: string;
  startDate: string;
  endDate: string | null;
  createdAt: Date;
}

/**
 * A professional's job in an organisation as a PractitionerRole. Roles are not versioned (they
 * start and end), so meta has no versionId. `today` decides whether it is active.
 */
export function toFhirPractitionerRole(role: RoleRow, today: string): PractitionerRole {
  const ods = role.organisation?.odsCode;
  return {
    resourceType: 'PractitionerRole',
    id: role.id,
    meta: { lastUpdated: new Date(role.createdAt).toISOString() },
    active: role.startDate <= today && (role.endDate === null || role.endDate > today),
    period: { start: role.startDate, ...(role.endDate ? { end: role.endDate } : {}) },
    practitioner: { reference: `Practitioner/${role.professionalId}` },
    organization: {
      reference: `Organization/${role.organisationId}`,
      ...(ods ? { identifier: { system: ODS_ORGANISATION_SYSTEM, value: ods } } : {}),
    },
    code: [{ text: role.jobTitle }],
  };
}
