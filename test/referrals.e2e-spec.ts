import { startTestApp, TestApp } from './support/test-app';

describe('The single point of referral', () => {
  let t: TestApp;
  beforeAll(async () => (t = await startTestApp()));
  afterAll(() => t.close());

  it('starts with services, response standards and bank holidays to route referrals by', async () => {
    const [row] = await t.dataSource.query(
      `SELECT (SELECT count(*) FROM referral_service)::int AS services, (SELECT count(*) FROM response_standard)::int AS standards,
              (SELECT count(*) FROM bank_holiday)::int AS holidays, (SELECT count(*) FROM referral WHERE closed_at IS NULL)::int AS open`,
    );
    expect(row).toEqual({ services: 8, standards: 24, holidays: 24, open: 0 });
  });
});
