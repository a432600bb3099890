import { ApolloServerPluginCacheControlDisabled } from '@apollo/server/plugin/disabled';
import { ApolloDriver, ApolloDriverConfig } from '@nestjs/apollo';
import { Module } from '@nestjs/common';
import { APP_FILTER, APP_PIPE } from '@nestjs/core';
import { GraphQLModule } from '@nestjs/graphql';
import { AccessModule, queryLimits } from '@app/access';
import { CareEventsModule } from '@app/care-events';
import { CarePlansModule } from '@app/care-plans';
import { CareTeamsModule } from '@app/care-teams';
import { CaseloadsModule } from '@app/caseloads';
import { AppConfig, ConfigModule } from '@app/config';
import { DatabaseModule } from '@app/database';
import { createValidationPipe, DomainErrorFilter, formatGraphQLError } from '@app/errors';
import { FhirModule } from '@app/fhir';
import { graphqlMetrics, Metrics, MetricsModule } from '@app/metrics';
import { OrganisationsModule } from '@app/organisations';
import { OutcomesModule } from '@app/outcomes';
import { PartnersModule } from '@app/partners';
import { PersonsModule } from '@app/persons';
import { ReferralsModule } from '@app/referrals';
import { RiskModule } from '@app/risk';

@Module({
  imports: [
    ConfigModule,
    DatabaseModule,
    MetricsModule,
    AccessModule,
    GraphQLModule.forRootAsync<ApolloDriverConfig>({
      driver: ApolloDriver,
      inject: [AppConfig, Metrics],
      useFactory: (config: AppConfig, metrics: Metrics) => ({
        path: '/graphql',
        // Built in memory; `npm run schema` writes it to SCHEMA_FILE and a test keeps the two equal.
        autoSchemaFile: true,
        sortSchema: true,
        introspection: config.NODE_ENV !== 'production',
        includeStacktraceInErrorResponses: false,
        formatError: formatGraphQLError,
        // One operation per request: Apollo refuses batched (array) requests unless told otherwise.
        allowBatchedHttpRequests: false,
        // Apollo's default cache-control plugin wraps every field's resolver to gather cache hints, a
        // cost on each field of every page; answers about people are never for shared caches anyway.
        plugins: [
          // (the ESM and CommonJS typings of @apollo/server differ; the plugin is the same object)
          ApolloServerPluginCacheControlDisabled() as NonNullable<ApolloDriverConfig['plugins']>[number],
          queryLimits(config.GRAPHQL_MAX_DEPTH, config.GRAPHQL_MAX_COST),
          graphqlMetrics(metrics),
        ],
      }),
    }),
    PersonsModule,
    OrganisationsModule,
    CareTeamsModule,
    CarePlansModule,
    RiskModule,
    CaseloadsModule,
    ReferralsModule,
    CareEventsModule,
    OutcomesModule,
    FhirModule,
    PartnersModule,
  ],
  providers: [
    { provide: APP_PIPE, useFactory: createValidationPipe },
    { provide: APP_FILTER, useClass: DomainErrorFilter },
  ],
})
export class AppModule {}
