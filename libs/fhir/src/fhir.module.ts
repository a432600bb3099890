import { Module } from '@nestjs/common';
import { FhirResources } from './fhir-resources.service';

/** FHIR R4 exchange: the domain as UK Core resources. */
@Module({
  providers: [FhirResources],
  exports: [FhirResources],
})
export class FhirModule {}
