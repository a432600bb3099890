import { careEventsStage } from './care-events.stage';
import { carePlansStage } from './care-plans.stage';
import { careTeamsStage } from './care-teams.stage';
import { organisationsStage } from './organisations.stage';
import { peopleStage } from './people.stage';
import { PopulationStage, SqlRunner, StageContext } from './population-stage';
import { practiceHierarchy } from './practice-hierarchy';
import { referralsStage } from './referrals.stage';
import { riskStage } from './risk.stage';
import { DEFAULT_AS_AT, PeopleOptions } from './synthetic-people';
import { workforceStage } from './workforce.stage';

/**
 * The generator's stages, in the order they run (and reset in the reverse order). A later capability
 * adds its stage here: it reads the hierarchy and what earlier stages wrote, and writes its own tables.
 */
export const POPULATION_STAGES: readonly PopulationStage[] = [
  peopleStage,
  organisationsStage,
  workforceStage,
  careTeamsStage,
  carePlansStage,
  riskStage,
  referralsStage,
  careEventsStage,
];

export interface PopulationOptions extends PeopleOptions {
  /** Rows a statement (5,000 by default). */
  batchSize?: number;
  /** Batches written at once (2 by default; PGlite takes them one at a time anyway). */
  concurrency?: number;
  /** Remove an earlier generated population first; without it, one is refused. */
  reset?: boolean;
}

export interface ProgressEvent {
  stage: string;
  done: number;
  total: number;
}

export interface PopulationReport {
  people: number;
  seed: number;
  asAt: string;
  localities: number;
  pcns: number;
  practices: number;
  stages: { name: string; rows: number; seconds: number }[];
  /** Writing only: resetting an earlier population is not counted. */
  seconds: number;
}

export class PopulationExistsError extends Error {}

/** Fills the database with a synthetic population, stage by stage; the same seed gives the same rows. */
export async function generatePopulation(
  db: SqlRunner,
  options: PopulationOptions,
  { stages = POPULATION_STAGES, onProgress = () => undefined }: { stages?: readonly PopulationStage[]; onProgress?: (event: ProgressEvent) => void } = {},
): Promise<PopulationReport> {
  const settings: StageContext['options'] = {
    people: options.people,
    seed: options.seed,
    asAt: options.asAt ?? DEFAULT_AS_AT,
    batchSize: options.batchSize ?? 5_000,
    concurrency: options.concurrency ?? 2,
  };
  const hierarchy = practiceHierarchy(settings);
  if (options.reset) {
    for (const stage of [...stages].reverse()) await stage.reset(db);
  } else {
    for (const stage of stages) {
      const existing = await stage.existingRows(db);
      if (existing > 0) {
        throw new PopulationExistsError(
          `The database already holds a generated population (${existing.toLocaleString('en-GB')} rows written by its ${stage.name} stage)`,
        );
      }
    }
  }
  const report: PopulationReport = {
    people: settings.people,
    seed: settings.seed,
    asAt: settings.asAt,
    localities: hierarchy.localities.length,
    pcns: hierarchy.pcns.length,
    practices: hierarchy.practices.length,
    stages: [],
    seconds: 0,
  };
  const started = performance.now();
  for (const stage of stages) {
    const stageStarted = performance.now();
    let total = stage.plannedRows({ options: settings, hierarchy });
    let done = 0;
    onProgress({ stage: stage.name, done, total });
    const rows = await stage.run({
      db,
      options: settings,
      hierarchy,
      written: (n) => onProgress({ stage: stage.name, done: (done += n), total }),
      planned: (rows) => onProgress({ stage: stage.name, done, total: (total = rows) }),
    });
    report.stages.push({ name: stage.name, rows, seconds: (performance.now() - stageStarted) / 1000 });
  }
  report.seconds = (performance.now() - started) / 1000;
  return report;
}
