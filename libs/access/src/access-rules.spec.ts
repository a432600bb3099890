import { parse } from 'graphql';
import { findPersonLevel, PersonLevel } from './person-level';
import { queryLimits } from './query-limits';
import { RateLimiter } from './rate-limiter';

@PersonLevel((p: Patient) => p.id)
class Patient {
  constructor(readonly id: string) {}
}

@PersonLevel((m: Member) => m.personId)
class Member {
  constructor(
    readonly personId: string,
    readonly patient?: Patient,
  ) {}
}

describe('finding the people in what an operation returns', () => {
  it('finds them in lists, pages and wrappers, and nothing in plain data', () => {
    const a = new Patient('a');
    const b = new Member('b', new Patient('b'));
    const found = findPersonLevel({ current: a, nodes: [b], pageInfo: { hasNextPage: false }, when: new Date() });
    expect([...found.values()].sort()).toEqual(['a', 'b', 'b']);
    expect(findPersonLevel({ name: 'Colne Surgery', odsCode: 'F81001' }).size).toBe(0);
  });
});

describe('the rate limit', () => {
  it("allows a minute's allowance at once, then one more as each share of the minute passes", () => {
    const limiter = new RateLimiter(60);
    const t0 = 1_000_000;
    expect(Array.from({ length: 61 }, () => limiter.take('u', t0)).filter(Boolean)).toHaveLength(60);
    expect(limiter.take('u', t0 + 500)).toBe(false);
    expect(limiter.take('u', t0 + 1000)).toBe(true);
    expect(limiter.take('someone else', t0)).toBe(true);
  });
});

describe('the GraphQL limits', () => {
  const check = async (query: string, variables: Record<string, unknown> = {}, depth = 4, cost = 100) => {
    const document = parse(query);
    const listener = await (queryLimits(depth, cost) as any).requestDidStart();
    const operation = document.definitions.find((d) => d.kind === 'OperationDefinition');
    return listener.didResolveOperation({ operation, document, request: { variables } }).then(
      () => 'ok',
      (e: { extensions: { code: string } }) => e.extensions.code,
    );
  };

  it('counts depth through fragments, and ignores introspection', async () => {
    expect(await check('{ a { b { c { d } } } }')).toBe('ok');
    expect(await check('{ a { ...F } } fragment F on A { b { c { d { e } } } }')).toBe('QUERY_TOO_DEEP');
    expect(await check('{ __schema { types { fields { type { ofType { ofType { name } } } } } } }')).toBe('ok');
  });

  it('multiplies by page sizes, from literals or variables', async () => {
    expect(await check('{ list(first: 20) { nodes { a b c } } }')).toBe('ok'); // 1 + 20 × (1 + 3) = 81
    expect(await check('query ($n: Int) { list(first: $n) { nodes { a b c } } }', { n: 40 })).toBe('QUERY_TOO_COMPLEX');
  });
});
