import { fhirProblems } from '@app/fhir';

/**
 * Fails the test with the validator's own words when the resource is not valid FHIR R4 (the
 * definitions are loaded once per test file, on first use).
 */
export function expectValidFhir(resource: unknown): void {
  const problems = fhirProblems(resource).map((i) => `${i.expression?.join(', ') ?? ''}: ${i.details?.text ?? i.diagnostics ?? ''}`);
  expect(problems).toEqual([]);
}
