import type { DataSource } from 'typeorm';

/** How many SQL statements the service sends while `work` runs (each through a query runner, as TypeORM sends them). */
export async function statementsDuring(dataSource: DataSource, work: () => Promise<unknown>): Promise<number> {
  let count = 0;
  const original = dataSource.createQueryRunner.bind(dataSource);
  dataSource.createQueryRunner = (mode) => {
    const runner = original(mode);
    const query = runner.query.bind(runner);
    runner.query = ((...args: Parameters<typeof query>) => {
      count += 1;
      return query(...args);
    }) as typeof runner.query;
    return runner;
  };
  try {
    await work();
  } finally {
    dataSource.createQueryRunner = original;
  }
  return count;
}
