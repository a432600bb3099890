export { FhirModule } from './fhir.module';
export { FhirResources } from './fhir-resources.service';
export { fhirProblems, loadR4Definitions } from './fhir-validator';
export { fromFhirPatient, toFhirPatient } from './patient.fhir';
export type { PatientDetails, PersonDetails } from './patient.fhir';
export * from './uk-core';
