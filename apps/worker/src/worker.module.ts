import { Module } from '@nestjs/common';
import { AccessModule } from '@app/access';
import { ConfigModule } from '@app/config';
import { DatabaseModule } from '@app/database';
import { PartnersModule } from '@app/partners';

/**
 * The background worker: the database and the partner sync loop, no HTTP. AccessModule is here
 * because the FHIR module (which builds what is pushed) depends on its services.
 */
@Module({ imports: [ConfigModule, DatabaseModule, AccessModule, PartnersModule] })
export class WorkerModule {}
