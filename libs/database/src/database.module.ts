import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DataSource, DataSourceOptions } from 'typeorm';
import { AppConfig } from '@app/config';
import { DatabaseSettings, dataSourceOptions, runMigrations } from './data-source';
import { DatabaseHealth } from './database-health';

export function databaseSettings(config: AppConfig): DatabaseSettings {
  return {
    databaseUrl: config.DATABASE_URL,
    pgliteDataDir: config.PGLITE_DATA_DIR,
    poolSize: config.DATABASE_POOL_SIZE,
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
  providers: [DatabaseHealth],
  exports: [DatabaseHealth],
})
export class DatabaseModule {}
