import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DataSource, DataSourceOptions } from 'typeorm';
import { AppConfig, replicaUrls } from '@app/config';
import { DatabaseSettings, dataSourceOptions, runMigrations } from './data-source';
import { DatabaseHealth } from './database-health';
import { ReplicaReads } from './replica-reads';

export function databaseSettings(config: AppConfig): DatabaseSettings {
  return {
    databaseUrl: config.DATABASE_URL,
    pgliteDataDir: config.PGLITE_DATA_DIR,
    poolSize: config.DATABASE_POOL_SIZE,
    replicaUrls: replicaUrls(config),
  };
}

/** The data source (PostgreSQL when DATABASE_URL is set, PGlite otherwise), migrated before use. */
@Global()
@Module({
  imports: [
    TypeOrmModule.forRootAsync({
      inject: [AppConfig],
      useFactory: (config: AppConfig) => ({
        ...(dataSourceOptions(databaseSettings(config)) as DataSourceOptions),
        autoLoadEntities: true,
      }),
      dataSourceFactory: async (options) => {
        const dataSource = await new DataSource(options!).initialize();
        await runMigrations(dataSource);
        return dataSource;
      },
    }),
  ],
  providers: [DatabaseHealth, ReplicaReads],
  exports: [DatabaseHealth, ReplicaReads],
})
export class DatabaseModule {}
