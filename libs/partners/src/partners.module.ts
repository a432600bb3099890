import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { FhirModule } from '@app/fhir';
import { Organisation } from '@app/organisations';
import { PartnerCredentials } from './partner-credentials';
import { PartnerDeliveries } from './partner-deliveries.service';
import { PartnerSync } from './partner-sync.service';
import { PartnerSystem } from './partner-system.entity';
import { PartnersResolver } from './partners.resolver';
import { PartnersService } from './partners.service';

/** Partner systems and outbound FHIR sync: the registry and status (GraphQL) and the worker's loop. */
@Module({
  imports: [TypeOrmModule.forFeature([PartnerSystem, Organisation]), FhirModule],
  providers: [PartnersService, PartnersResolver, PartnerDeliveries, PartnerCredentials, PartnerSync],
  exports: [PartnersService, PartnerSync],
})
export class PartnersModule {}
