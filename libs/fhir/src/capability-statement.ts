import type { CapabilityStatement, CapabilityStatementRestResource } from '@medplum/fhirtypes';
import { FhirType } from './fhir-type';

/**
 * What the service does, and nothing it does not: built from the resource types it serves, so
 * that a type or an interaction is declared exactly when its route works.
 */
export function capabilityStatement(types: FhirType[], base: string): CapabilityStatement {
  const resource = types.map(
    (t): CapabilityStatementRestResource => ({
      type: t.type as CapabilityStatementRestResource['type'],
      profile: t.type === 'Patient' ? 'https://fhir.hl7.org.uk/StructureDefinition/UKCore-Patient' : undefined,
      interaction: [
        { code: 'read' },
        { code: 'search-type' },
        ...(t.version ? [{ code: 'vread' as const }] : []),
        ...(t.history ? [{ code: 'history-instance' as const }] : []),
        ...(t.writes ? [{ code: 'create' as const }] : []),
        ...(t.writes?.update ? [{ code: 'update' as const }] : []),
      ],
      versioning: t.version ? 'versioned-update' : 'no-version',
      readHistory: Boolean(t.history),
      updateCreate: false,
      conditionalCreate: Boolean(t.writes),
      conditionalUpdate: false,
      conditionalDelete: 'not-supported',
      searchParam: [
        ...t.searchParams.map(({ name, type, documentation }) => ({ name, type, documentation })),
        { name: '_lastUpdated', type: 'date', documentation: 'ge, gt, le, lt or eq, with a date or an instant' },
      ],
    }),
  ).map((r) => (r.profile ? r : (({ profile: _p, ...rest }) => rest)(r)));
  return {
    resourceType: 'CapabilityStatement',
    status: 'active',
    date: '2026-11-24',
    kind: 'instance',
    software: { name: 'care-coordination' },
    implementation: { description: 'Integrated health and social care coordination', url: base },
    fhirVersion: '4.0.1',
    format: ['application/fhir+json'],
    rest: [
      {
        mode: 'server',
        documentation:
          'Search results are paged with _count (at most 200) and the next link; _cursor is opaque. A search that names ' +
          "no one (no patient, subject, patient.identifier, identifier, _id, a Task's focus or an AuditEvent's entity) looks among the people the user " +
          'has a relationship with.',
        security: {
          cors: false,
          description:
            'Bearer tokens (JWT) from the configured identity provider. People act by their roles and their legitimate ' +
            'relationships with each person; partner systems use client-credentials tokens with SMART scopes ' +
            '(system/Patient.read, system/*.write) and their organisation (org claim). Every read and change of a ' +
            "person's record is audited.",
        },
        resource,
        interaction: [{ code: 'transaction' }, { code: 'batch' }],
      },
    ],
  };
}
