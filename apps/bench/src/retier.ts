import { Pool } from 'pg';
import { DEFAULT_POLICY_NAME } from '@app/population';
import { currentPolicyToRetier, retierPolicy } from '@app/risk';
import { Machine } from './benchmarks-doc';
import { median } from './latency';

/** A pass's time over the rounds: the median, and the fastest and slowest. */
export interface PassSeconds {
  median: number;
  min: number;
  max: number;
}

export interface RetierFigures {
  people: number;
  rounds: number;
  /** A new version of the policy whose every tier reads differently: every person's tier is written again. */
  newVersion: PassSeconds;
  rewritten: number;
  /** A new version whose tiers read the same: tiers keep the version that placed them, nothing is written. */
  sameTiers: PassSeconds;
  /** The same again with nothing new: nothing is written. */
  unchanged: PassSeconds;
  /**
   * After a day's changes: deaths, and new eFI scores for one person in 30 (a monthly extract's share of a day).
   * Everyone's share above moves a little, but only the people rescored, and any whose tier changes, are written.
   */
  day: PassSeconds;
  dayWritten: number;
  dayRescored: number;
  dayDeaths: number;
  /** After a new score for every person, each a little different: every tier is rewritten, and some people change tier. */
  newScores: PassSeconds;
  newScoresWritten: number;
  newScoresChangedTier: number;
}

const secondsOf = (values: number[]): PassSeconds => ({ median: median(values), min: Math.min(...values), max: Math.max(...values) });

/** A new score within 5% of the last, as a continuous model moves: every score changes, ties are broken. */
const CONTINUOUS_MOVE = 'round(value * (0.95 + (hashtext(person_id::text) & 1023) / 10240.0), 4)';
/** A new eFI a month on: one deficit more for one person in ten, the same count for the rest. */
const A_DEFICIT_FOR_ONE_IN_TEN = `round(least(36, round(value * 36) + (abs(hashtext(person_id::text || 'deficit')) % 10 = 0)::int) / 36.0, 4)`;

/**
 * A day's changes: deaths at about 1% a year (30 a day in a million), and new eFI scores for one
 * person in 30, as many as a day brings when each practice's extract comes in once a month.
 */
export const DAY_OF_CHANGES = { oneIn: 30, deathsPerMillion: 30, value: A_DEFICIT_FOR_ONE_IN_TEN };

/**
 * Times the service's re-tiering statement on the generated area's default policy, as
 * `retier(policyId)` runs it: after saving a new version of the policy whose tiers are renamed (the
 * heaviest pass short of the first: every tier is rewritten, naming the new version), after a new
 * version whose tiers read the same, with nothing new, after a day's changes, and after a new score
 * for everyone (the last two undone). Each round saves two versions of the policy; the times are
 * medians over the rounds, as a pass of a million moves by a second or two from run to run.
 */
export async function measureRetier(pool: Pool, rounds = 1): Promise<RetierFigures> {
  const policy = await currentPolicyToRetier(pool, DEFAULT_POLICY_NAME);
  if (!policy) throw new Error(`No policy called ${DEFAULT_POLICY_NAME}: run npm run seed first`);
  const client = await pool.connect();
  const toRetier = (version: number) => ({ ...policy, version });
  const retier = async (version: number) => {
    const started = performance.now();
    await client.query('BEGIN');
    const counts = await retierPolicy(client, toRetier(version));
    await client.query('COMMIT');
    return { seconds: (performance.now() - started) / 1000, counts };
  };
  // Saves the next version of the policy with the current one's tiers, renamed or not.
  const saveVersion = async (version: number, renamed: boolean) => {
    await client.query('BEGIN');
    await client.query(
      `INSERT INTO stratification_policy_version (policy_id, version, scope_organisation_ids, model_code, basis, unscored_tier, saved_by)
       SELECT policy_id, $2, scope_organisation_ids, model_code, basis, unscored_tier, 'benchmark' FROM stratification_policy_version
       WHERE policy_id = $1 AND version = $2 - 1`,
      [policy.id, version],
    );
    await client.query(
      `INSERT INTO stratification_tier (policy_id, version, code, name, rank, top_percent, categories, case_managed, lead_professions, lead_team_kind)
       SELECT policy_id, $2::int, code, CASE WHEN $3 THEN regexp_replace(name, ' \\(revised [0-9]+\\)$', '') || ' (revised ' || $2::int || ')' ELSE name END,
              rank, top_percent, categories, case_managed, lead_professions, lead_team_kind
       FROM stratification_tier WHERE policy_id = $1 AND version = $2::int - 1`,
      [policy.id, version, renamed],
    );
    await client.query('UPDATE stratification_policy SET version = $2 WHERE id = $1', [policy.id, version]);
    await client.query('COMMIT');
  };
  // New scores (`value` from the last) for one person in `oneIn` (by a hash of their id), and `deaths`
  // people dying, then the pass after them, timed to the end of the statement and then undone, so
  // the population stays as it was: neither the changes nor a commit is timed.
  const afterChanges = async (version: number, { oneIn, deaths, value }: { oneIn: number; deaths: number; value: string }) => {
    await client.query('BEGIN');
    try {
      const { rowCount: rescored } = await client.query(
        `INSERT INTO risk_score (person_id, model_code, value, category, assessed_on, source, detail, loaded_by)
         SELECT DISTINCT ON (person_id) person_id, model_code, ${value}, category, assessed_on + 30, source, detail, 'benchmark'
         FROM risk_score WHERE model_code = $1 AND abs(hashtext(person_id::text)) % $2 = 0 ORDER BY person_id, assessed_on DESC`,
        [policy.model, oneIn],
      );
      await client.query(
        `UPDATE person SET date_of_death = current_date WHERE id IN (
           SELECT id FROM person WHERE date_of_death IS NULL ORDER BY hashtext(id::text) LIMIT $1)`,
        [deaths],
      );
      const started = performance.now();
      const counts = await retierPolicy(client, toRetier(version));
      return { seconds: (performance.now() - started) / 1000, counts, rescored: rescored ?? 0 };
    } finally {
      await client.query('ROLLBACK');
    }
  };
  // One round: the passes in the order a policy meets them, from its current version.
  const round = async (version: number) => {
    await saveVersion(version + 1, true);
    const full = await retier(version + 1);
    await saveVersion(version + 2, false);
    const sameTiers = await retier(version + 2);
    const unchanged = await retier(version + 2);
    // Autovacuum clears the renaming's dead rows within minutes; a day's changes come long after.
    await client.query('VACUUM person_tier');
    const deaths = Math.round((full.counts.tiered * DAY_OF_CHANGES.deathsPerMillion) / 1e6);
    const day = await afterChanges(version + 2, { ...DAY_OF_CHANGES, deaths });
    await client.query('VACUUM person_tier');
    const newScores = await afterChanges(version + 2, { oneIn: 1, deaths: 0, value: CONTINUOUS_MOVE });
    await client.query('VACUUM (ANALYZE) person, person_tier, risk_score');
    return { full, sameTiers, unchanged, deaths, day, newScores };
  };
  try {
    const runs: Awaited<ReturnType<typeof round>>[] = [];
    for (let i = 0; i < rounds; i++) runs.push(await round(policy.version + 2 * i));
    const { full, deaths, day, newScores } = runs[0];
    const seconds = (pass: (run: (typeof runs)[number]) => { seconds: number }) => secondsOf(runs.map((run) => pass(run).seconds));
    return {
      people: full.counts.tiered,
      rounds,
      newVersion: seconds((run) => run.full),
      rewritten: full.counts.written,
      sameTiers: seconds((run) => run.sameTiers),
      unchanged: seconds((run) => run.unchanged),
      day: seconds((run) => run.day),
      dayWritten: day.counts.written,
      dayRescored: day.rescored,
      dayDeaths: deaths,
      newScores: seconds((run) => run.newScores),
      newScoresWritten: newScores.counts.written,
      newScoresChangedTier: newScores.counts.stepped_up + newScores.counts.stepped_down,
    };
  } finally {
    client.release();
  }
}

const whole = (n: number) => Math.round(n).toLocaleString('en-GB');

export function retierSection(f: RetierFigures, machine: Machine, note: string | undefined, when = new Date()): string {
  // "**14.2 s** (13.4–15.6 s)": the median, and the range when there was more than one round.
  const time = (p: PassSeconds) => `**${p.median.toFixed(1)} s**${f.rounds > 1 ? ` (${p.min.toFixed(1)}–${p.max.toFixed(1)} s)` : ''}`;
  return [
    '## Re-tiering the whole population',
    '',
    `\`npm run bench -- --retier\`: the area's default policy (the eFI, by percentile) over **${whole(f.people)} people**, ` +
      `medians of ${f.rounds} round${f.rounds === 1 ? '' : 's'}${f.rounds > 1 ? ' (fastest–slowest)' : ''}: ` +
      `${time(f.newVersion)} for a pass after a new version of the policy that renames its tiers (${whole(f.rewritten)} tiers rewritten; ` +
      `target 20 s or less), ${time(f.sameTiers)} after a new version whose tiers read the same (tiers keep the version ` +
      `that placed them: nothing written), ${time(f.unchanged)} for a pass with nothing new, ${time(f.day)} after a day's changes ` +
      `(${whole(f.dayDeaths)} deaths and ${whole(f.dayRescored)} new scores: ${whole(f.dayWritten)} tiers written), and ` +
      `${time(f.newScores)} after a new score for every person, each within 5% of their last (${whole(f.newScoresWritten)} tiers rewritten, ` +
      `${whole(f.newScoresChangedTier)} people changing tier). The day's changes and the new scores are made and the pass run in a transaction then rolled back, so those two are timed without a commit. One statement works out ` +
      `the tiers: the latest score of each person, ranked by a window function, joined to the tier bands, compared with the current ` +
      `tiers in one join, the differences kept and a change row written for each change of tier. Then the differences are written: ` +
      `row by row (updates, inserts, deletes), or, when they are 40% of the table or more, by filling a copy of the table, ` +
      `building its indexes in one sort each and swapping it in. Measured ${when.toISOString().slice(0, 16).replace('T', ' ')} UTC on ${machine.cpuModel}, ` +
      `${machine.cores} cores; ${machine.database}.${note ? ` ${note}` : ''}`,
  ].join('\n');
}
