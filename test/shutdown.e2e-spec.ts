import { setTimeout as sleep } from 'node:timers/promises';
import { aPerson } from './support/builders';
import { startTestApp } from './support/test-app';

describe('shutting down', () => {
  it('finishes the requests in flight, refuses new connections, then closes the database', async () => {
    const t = await startTestApp();
    const person = aPerson();
    await t.gql(`mutation ($input: RegisterPersonInput!) { registerPerson(input: $input) { id } }`, { input: person });
    await t.app.listen(0, '127.0.0.1');
    const url = await t.app.getUrl();
    const token = await t.tokenFor({ sub: 'test-gp', org: 'F81001', roles: ['GP'] });
    const ask = () =>
      fetch(`${url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ query: `query ($n: String!) { person(nhsNumber: $n) { familyName } }`, variables: { n: person.nhsNumber } }),
      });

    // Hold the person table so that a request is still running when the shutdown begins.
    const blocker = t.dataSource.createQueryRunner();
    await blocker.connect();
    await blocker.startTransaction();
    await blocker.query('LOCK TABLE person IN ACCESS EXCLUSIVE MODE');
    const inFlight = ask();
    await sleep(300);
    const closing = t.close();
    await sleep(300);
    await expect(ask()).rejects.toThrow();
    await blocker.commitTransaction();
    await blocker.release();

    const answer = await inFlight;
    expect(answer.status).toBe(200);
    expect(await answer.json()).toEqual({ data: { person: { familyName: person.familyName } } });
    await closing;
    expect(t.dataSource.isInitialized).toBe(false);
  });
});
