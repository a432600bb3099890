import { resolve } from 'node:path';
import { loadConfig } from '@app/config';
import { openDatabase } from '@app/database';
import { generatePopulation, POPULATION_STAGES, PopulationExistsError } from '@app/population';
import { UsageError } from '../../bench/src/bench-options';
import { describeMachine, recordSection, seedSection } from '../../bench/src/benchmarks-doc';
import { progressBar } from './progress-bar';
import { SEED_USAGE, seedOptions } from './seed-options';

// Built to dist/apps/seed/src: the record is in the repository's docs/.
const RECORD = resolve(__dirname, '../../../../docs/BENCHMARKS.md');

/** A stage's name as --only takes it: "care events" is care-events. */
const kebab = (name: string) => name.toLowerCase().replace(/[^a-z0-9]+/g, '-');

async function seed(): Promise<void> {
  const options = seedOptions(process.argv.slice(2));
  const config = loadConfig();
  const embedded = !config.DATABASE_URL;
  const db = await openDatabase({
    databaseUrl: config.DATABASE_URL,
    pgliteDataDir: config.PGLITE_DATA_DIR,
    poolSize: Math.max(2, options.concurrency),
  });
  try {
    const where = embedded ? `the embedded database in ${config.PGLITE_DATA_DIR}` : 'the PostgreSQL server';
    console.log(`Generating ${options.people.toLocaleString('en-GB')} people (seed ${options.seed}, as at ${options.asAt}) in ${where}`);
    const stages = options.only ? POPULATION_STAGES.filter((s) => kebab(s.name) === options.only) : POPULATION_STAGES;
    if (stages.length === 0) {
      throw new UsageError(`--only names a stage: ${POPULATION_STAGES.map((s) => kebab(s.name)).join(', ')}`);
    }
    const report = await generatePopulation(db, options, { stages, onProgress: progressBar() });
    const rows = report.stages.reduce((n, s) => n + s.rows, 0);
    const count = (n: number, one: string, many: string) => `${n.toLocaleString('en-GB')} ${n === 1 ? one : many}`;
    console.log(
      `${count(report.people, 'person', 'people')} in ${count(report.practices, 'practice', 'practices')}, ` +
        `${count(report.pcns, 'PCN', 'PCNs')} and ${count(report.localities, 'locality', 'localities')}, ` +
        `in ${report.seconds.toFixed(1)} s (${Math.round(rows / report.seconds).toLocaleString('en-GB')} rows/s)`,
    );
    for (const stage of report.stages) console.log(`  ${stage.name}: ${count(stage.rows, 'row', 'rows')} in ${stage.seconds.toFixed(1)} s`);
    if (options.record && !embedded) {
      recordSection(RECORD, 'seed', seedSection(report, await describeMachine(db), options.batchSize, options.concurrency, options.note));
      console.log(`Recorded in ${RECORD}`);
    }
  } finally {
    await db.destroy();
  }
}

if (process.argv.includes('--help')) {
  console.log(SEED_USAGE);
} else {
  seed().catch((error: unknown) => {
    const expected = error instanceof UsageError || error instanceof PopulationExistsError;
    console.error(expected ? (error as Error).message : error instanceof Error ? (error.stack ?? error.message) : String(error));
    if (error instanceof UsageError) console.error(`\n${SEED_USAGE}`);
    if (error instanceof PopulationExistsError) console.error('Run again with --reset to replace it.');
    process.exitCode = expected ? 2 : 1;
  });
}
