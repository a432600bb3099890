import { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { AppConfig, loadConfig } from '@app/config';
import { AppModule } from '../../apps/api/src/app.module';
import { createTestDatabase } from './test-database';

export interface GraphQLResponse<T = Record<string, any>> {
  data?: T | null;
  errors?: { message: string; path?: string[]; extensions: { code: string; [key: string]: unknown } }[];
}

export interface TestApp {
  app: INestApplication;
  dataSource: DataSource;
  /** Posts one GraphQL operation over HTTP, as a client would. */
  gql<T = Record<string, any>>(query: string, variables?: Record<string, unknown>): Promise<GraphQLResponse<T>>;
  close(): Promise<void>;
}

/** The whole service, started on a database of its own, for end-to-end and service tests. */
export async function startTestApp(env: Record<string, string> = {}): Promise<TestApp> {
  const database = await createTestDatabase();
  const config = loadConfig({ NODE_ENV: 'test', ...database.env, ...env });
  const moduleRef = await Test.createTestingModule({ imports: [AppModule] })
    .overrideProvider(AppConfig)
    .useValue(config)
    .compile();
  const app = moduleRef.createNestApplication({ logger: ['error'] });
  await app.init();
  const http = app.getHttpServer();
  return {
    app,
    dataSource: app.get(DataSource),
    gql: async (query, variables) => {
      const response = await request(http).post('/graphql').send({ query, variables });
      return response.body;
    },
    close: async () => {
      await app.close();
      await database.drop();
    },
  };
}
