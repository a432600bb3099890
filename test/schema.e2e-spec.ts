import { GraphQLSchemaHost } from '@nestjs/graphql';
import { lexicographicSortSchema, printSchema } from 'graphql';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startTestApp, TestApp } from './support/test-app';

/** The schema is committed so that every API change shows in review; `npm run schema` rewrites it. */
const SCHEMA_FILE = join(process.cwd(), 'apps', 'api', 'schema.graphql');
const HEADER = '# Generated from the code by `npm run schema`: do not edit by hand.\n\n';

describe('The committed GraphQL schema', () => {
  let t: TestApp;
  beforeAll(async () => (t = await startTestApp()));
  afterAll(() => t.close());

  it('is the schema the service serves', () => {
    const served = HEADER + printSchema(lexicographicSortSchema(t.app.get(GraphQLSchemaHost).schema)) + '\n';
    if (process.env.UPDATE_SCHEMA === '1') writeFileSync(SCHEMA_FILE, served);
    const committed = existsSync(SCHEMA_FILE) ? readFileSync(SCHEMA_FILE, 'utf8') : '';
    if (committed !== served) {
      throw new Error(`${SCHEMA_FILE} is out of date: run \`npm run schema\` and commit the result`);
    }
  });
});
