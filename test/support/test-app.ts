import { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { randomBytes } from 'node:crypto';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { signLocalToken } from '@app/access';
import { AppConfig, loadConfig } from '@app/config';
import { AppModule } from '../../apps/api/src/app.module';
import { createTestDatabase } from './test-database';

export interface GraphQLResponse<T = Record<string, any>> {
  data?: T | null;
  errors?: { message: string; path?: string[]; extensions: { code: string; [key: string]: unknown } }[];
}

/** Who a test acts as: the claims of the token it is given. */
export interface TestUser {
  sub?: string;
  name?: string;
  /** ODS code of the organisation they work for. */
  org?: string | null;
  roles?: string[];
  professionalId?: string;
  /** Space-separated SMART scopes, for a partner system's client-credentials token. */
  scope?: string;
}

/**
 * Unless a test says otherwise it acts as a GP at practice F81001 (where the builders register
 * people) who also coordinates care and keeps the directory.
 */
export const DEFAULT_TEST_USER: TestUser = {
  sub: 'test-gp',
  name: 'Test GP',
  org: 'F81001',
  roles: ['GP', 'CARE_COORDINATOR', 'DIRECTORY_ADMINISTRATOR'],
};

export interface TestApp {
  app: INestApplication;
  dataSource: DataSource;
  config: AppConfig;
  /** Posts one GraphQL operation over HTTP, as a client would, with a token for `as`. */
  gql<T = Record<string, any>>(query: string, variables?: Record<string, unknown>, as?: TestUser): Promise<GraphQLResponse<T>>;
  /** A bearer token for the user, signed as the service expects. */
  tokenFor(user: TestUser): Promise<string>;
  close(): Promise<void>;
}

/**
 * The whole service, started on a database of its own, for end-to-end and service tests. `env` may
 * be a function of the database's own settings (to name it again, e.g. as a read replica).
 */
export async function startTestApp(
  env: Record<string, string> | ((database: Record<string, string>) => Record<string, string>) = {},
): Promise<TestApp> {
  const database = await createTestDatabase();
  const config = loadConfig({
    NODE_ENV: 'test',
    AUTH_SECRET: randomBytes(32).toString('base64url'),
    ...database.env,
    ...(typeof env === 'function' ? env(database.env) : env),
  });
  const moduleRef = await Test.createTestingModule({ imports: [AppModule] })
    .overrideProvider(AppConfig)
    .useValue(config)
    .compile();
  const app = moduleRef.createNestApplication({ logger: ['error'] });
  await app.init();
  const http = app.getHttpServer();
  const tokenFor = (user: TestUser) => {
    const { sub = 'test-user', name, org, roles = [], professionalId, scope } = user;
    return signLocalToken(config, {
      sub,
      name: name ?? sub,
      roles,
      ...(org ? { org } : {}),
      ...(professionalId ? { professional_id: professionalId } : {}),
      ...(scope ? { scope } : {}),
    });
  };
  return {
    app,
    dataSource: app.get(DataSource),
    config,
    tokenFor,
    gql: async (query, variables, as = DEFAULT_TEST_USER) => {
      const response = await request(http)
        .post('/graphql')
        .set('authorization', `Bearer ${await tokenFor(as)}`)
        .send({ query, variables });
      return response.body;
    },
    close: async () => {
      await app.close();
      await database.drop();
    },
  };
}
