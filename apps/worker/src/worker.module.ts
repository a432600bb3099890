import { Module } from '@nestjs/common';
import { ConfigModule } from '@app/config';
import { DatabaseModule } from '@app/database';
import { PartnersModule } from '@app/partners';

/** The background worker: the database and the partner sync loop, no HTTP. */
@Module({ imports: [ConfigModule, DatabaseModule, PartnersModule] })
export class WorkerModule {}
