import { encodeCursor } from '@app/pagination';
import { dataOf, samplePeople, Scenario } from '../scenario';

const PAGE_SIZE = 50;

const QUERY = /* GraphQL */ `
  query Page($ods: String!, $after: String) {
    personsAtPractice(gpPracticeOds: $ods, first: ${PAGE_SIZE}, after: $after) {
      nodes { nhsNumber givenName familyName dateOfBirth sex postcode flags }
      pageInfo { hasNextPage endCursor }
    }
  }`;

const COLUMNS = 'nhs_number, given_name, family_name, date_of_birth, sex, postcode, flags';
const ORDER = `ORDER BY family_name, given_name, id LIMIT ${PAGE_SIZE + 1}`;
const FIRST_PAGE = `SELECT ${COLUMNS} FROM person WHERE gp_practice_ods = $1 ${ORDER}`;
const NEXT_PAGE = `SELECT ${COLUMNS} FROM person
WHERE gp_practice_ods = $1 AND (family_name, given_name, id) > ($2, $3, $4)
${ORDER}`;

interface PageInput {
  ods: string;
  /** The sort key of the row a client's previous page ended on, or null for the first page. */
  after: [string, string, string] | null;
}

/**
 * A practice's list a page at a time, as a GP or PCN reviews it: half the requests are first pages,
 * half follow a cursor to a random depth in the list (the key of a random person on it, which is
 * what the endCursor of the page ending with them holds).
 */
export const practicePage: Scenario<PageInput> = {
  id: 'practice-page',
  title: 'A page of people in one practice',
  description: `\`personsAtPractice(first: ${PAGE_SIZE})\`: half first pages of a random practice, half later pages reached by following a cursor (a random depth in the list). Practices are drawn in proportion to their list size; a GP at the practice asks, and every person on the page is checked and audited.`,
  sqlText: `${NEXT_PAGE}\n-- first pages: the same without the cursor condition`,
  inputs: async (sql, count, prng) => {
    const people = await samplePeople<{ ods: string; family_name: string; given_name: string; id: string }>(
      sql,
      'gp_practice_ods AS ods, family_name, given_name, id',
      count,
      prng,
    );
    return people.map((p) => ({ ods: p.ods, after: prng.chance(0.5) ? [p.family_name, p.given_name, p.id] : null }));
  },
  api: async (api, { ods, after }) => {
    const variables = { ods, after: after && encodeCursor(after) };
    const response = await api.graphql<{ personsAtPractice: { nodes: { nhsNumber: string }[] } }>(QUERY, variables, {
      practiceOds: ods,
    });
    return dataOf(response, 'personsAtPractice').personsAtPractice.nodes.map((n) => n.nhsNumber);
  },
  sql: async (sql, { ods, after }) => {
    const rows = await sql.query<{ nhs_number: string }>(after ? NEXT_PAGE : FIRST_PAGE, after ? [ods, ...after] : [ods]);
    return rows.slice(0, PAGE_SIZE).map((row) => row.nhs_number);
  },
};
