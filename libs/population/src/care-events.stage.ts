import { PopulationStage, SqlRunner } from './population-stage';
import { DEFAULT_POLICY_NAME } from './risk.stage';
import { SYNTHETIC_NHS_NUMBERS } from './synthetic-nhs-numbers';

const SOURCE = 'population generator';

/**
 * A repeatable number in [0, 1) for a row and a purpose, computed by the database from the
 * person's id, the purpose and the seed ($3): the same seed gives the same events.
 */
const uniformOf = (purpose: string, row: string) => `((hashtext(${row}::text || ${purpose} || $3) & 2147483647)::float8 / 2147483648)`;
const u = (purpose: string, row = 'p.id') => uniformOf(`'${purpose}'`, row);

/** An id in the generator's block (5eed0000-), from the person, what it is and the seed. */
const idOf = (person: string, what: string) => `('5eed0000' || substr(md5(${person}::text || ${what} || $3), 9))::uuid`;

/**
 * Quiet: past events must not notify anyone or put plans under review now. Transaction-local, and
 * joined into each statement, so that it is set before the statement's triggers run.
 */
const QUIET = `quiet AS (SELECT set_config('care_events.loading_history', 'on', true) AS on)`;

/**
 * The people of the generated population ($1-$2 their NHS numbers), alive on the as-at day ($4),
 * with their age and their tier under the generator's policy ($5: its name; rank 9 if none).
 */
const PEOPLE = `
  people AS MATERIALIZED (
    SELECT p.id, p.flags, date_part('year', age($4::date, p.date_of_birth))::int AS age, coalesce(pt.tier_rank, 9) AS tier_rank
    FROM person p
    LEFT JOIN stratification_policy sp ON sp.name = $5
    LEFT JOIN person_tier pt ON pt.person_id = p.id AND pt.policy_id = sp.id
    WHERE p.nhs_number BETWEEN $1 AND $2 AND p.date_of_death IS NULL
  )`;

/** A time in the year before the as-at day: `days` days back, at a minute of the day from `purpose`. */
const inTheYear = (days: string, purpose: string, row = 'p.id') =>
  `(($4::date - (${days})::int)::timestamp + interval '1 minute' * floor(${u(purpose, row)} * 1440)) AT TIME ZONE 'Europe/London'`;

const AS_AT_END = `(($4::date)::timestamp AT TIME ZONE 'Europe/London')`;

/**
 * Emergency admissions over the year before the as-at day: about 4% of people under 65, 10% of
 * 65-79, 20% of 80 and over, 30% of the case management tier and 45% of intensive case management;
 * a third of them a second time after their discharge (readmissions). Stays of 1 to 5 days, or 1 to
 * 14 at 65 and over; each discharged (unless still in) to their usual residence, reablement,
 * residential or nursing care or elsewhere as age makes likely; delayed transfers for 1 in 10 at 65
 * and over; reablement starting on discharge and ending 2 to 6 weeks later; a care home admission
 * on a discharge into one. One statement.
 */
const HOSPITAL_SPELLS = `
  WITH ${QUIET}, ${PEOPLE},
  rated AS (
    SELECT p.*, CASE WHEN p.tier_rank = 1 THEN 0.45 WHEN p.tier_rank = 2 THEN 0.30 WHEN p.age >= 80 THEN 0.20
                     WHEN p.age >= 65 THEN 0.10 ELSE 0.04 END AS rate
    FROM people p
  ),
  first_spell AS (
    SELECT p.id AS person_id, p.age, 1 AS n, ${inTheYear(`2 + floor(${u('admitted')} * 360)`, 'admitted-at')} AS admitted_at,
           1 + floor(${u('stay')} * CASE WHEN p.age >= 65 THEN 14 ELSE 5 END)::int AS stay, p.rate
    FROM rated p WHERE ${u('admission')} < p.rate
  ),
  second_spell AS (
    SELECT s.person_id, s.age, 2 AS n,
           s.admitted_at + interval '1 day' * (s.stay + 1 + floor(${u('gap', 's.person_id')} * 120)) AS admitted_at,
           1 + floor(${u('stay-2', 's.person_id')} * CASE WHEN s.age >= 65 THEN 14 ELSE 5 END)::int AS stay, s.rate
    FROM first_spell s WHERE ${u('readmission', 's.person_id')} < 0.35
  ),
  spells AS MATERIALIZED (
    SELECT s.*, ${idOf('s.person_id', "'admission' || s.n")} AS id,
           s.admitted_at + interval '1 day' * s.stay AS discharged_at,
           ${uniformOf("'destination' || s.n", 's.person_id')} AS d
    FROM (SELECT * FROM first_spell UNION ALL SELECT * FROM second_spell) s
    WHERE s.admitted_at < ${AS_AT_END} - interval '1 hour'
  ),
  discharged AS MATERIALIZED (
    SELECT s.*, CASE
        WHEN s.age < 65 THEN CASE WHEN s.d < 0.95 THEN 'USUAL_RESIDENCE' ELSE 'OTHER' END
        WHEN s.d < 0.70 THEN 'USUAL_RESIDENCE' WHEN s.d < 0.85 THEN 'REABLEMENT' WHEN s.d < 0.90 THEN 'RESIDENTIAL_CARE'
        WHEN s.d < 0.93 THEN 'NURSING_CARE' ELSE 'OTHER' END AS destination
    FROM spells s WHERE s.discharged_at < ${AS_AT_END} - interval '1 hour'
  ),
  events (id, person_id, kind, occurred_at, admission_id, admitted_at, admission_kind, discharge_destination, care_home_setting, delayed_days) AS (
    SELECT id, person_id, 'EMERGENCY_ADMISSION', admitted_at, NULL::uuid, NULL::timestamptz, NULL, NULL, NULL, NULL::int FROM spells
    UNION ALL
    SELECT ${idOf('person_id', "'discharge' || n")}, person_id, 'DISCHARGE', discharged_at, id, admitted_at, 'EMERGENCY_ADMISSION',
           destination, NULL, NULL FROM discharged
    UNION ALL
    SELECT ${idOf('person_id', "'delay' || n")}, person_id, 'DELAYED_TRANSFER', discharged_at, id, admitted_at, 'EMERGENCY_ADMISSION',
           NULL, NULL, least(stay, 1 + floor(d * 1000)::int % 10) FROM discharged WHERE age >= 65 AND (d * 10000)::int % 10 = 0
    UNION ALL
    SELECT ${idOf('person_id', "'reablement' || n")}, person_id, 'REABLEMENT_START', discharged_at + interval '2 hours', NULL, NULL, NULL,
           NULL, NULL, NULL FROM discharged WHERE destination = 'REABLEMENT' AND discharged_at + interval '2 hours' < ${AS_AT_END}
    UNION ALL
    SELECT ${idOf('person_id', "'reablement-end' || n")}, person_id, 'REABLEMENT_END', discharged_at + interval '1 day' * (14 + (d * 1000)::int % 29),
           NULL, NULL, NULL, NULL, NULL, NULL
    FROM discharged WHERE destination = 'REABLEMENT' AND discharged_at + interval '1 day' * (14 + (d * 1000)::int % 29) < ${AS_AT_END}
    UNION ALL
    SELECT ${idOf('person_id', "'care-home' || n")}, person_id, 'CARE_HOME_ADMISSION', discharged_at, NULL, NULL, NULL, NULL,
           CASE destination WHEN 'NURSING_CARE' THEN 'NURSING' ELSE 'RESIDENTIAL' END, NULL
    FROM discharged WHERE destination IN ('RESIDENTIAL_CARE', 'NURSING_CARE')
  ),
  written AS (
    INSERT INTO care_event (id, person_id, kind, occurred_at, admission_id, admitted_at, admission_kind, discharge_destination,
                            care_home_setting, delayed_days, source_system, source_identifier, recorded_by, recorded_at)
    SELECT e.id, e.person_id, e.kind, e.occurred_at, e.admission_id, e.admitted_at, e.admission_kind, e.discharge_destination,
           e.care_home_setting, e.delayed_days, '${SOURCE}', e.id::text, '${SOURCE}', e.occurred_at + interval '2 hours'
    FROM events e CROSS JOIN quiet
    RETURNING 1
  )
  SELECT count(*)::int AS n FROM written`;

/**
 * A&E attendances without admission (one in the year for 12% of people, 25% at 65 and over, 40% of
 * the top tiers); permanent care home admissions from the community (0.4% at 65 to 79, 1.2% at 80
 * and over); one statement.
 */
const ATTENDANCES_AND_CARE_HOMES = `
  WITH ${QUIET}, ${PEOPLE},
  events (id, person_id, kind, occurred_at, care_home_setting) AS (
    SELECT ${idOf('p.id', "'attendance'")}, p.id, 'AE_ATTENDANCE', ${inTheYear(`1 + floor(${u('ae-day')} * 364)`, 'ae-at')}, NULL
    FROM people p
    WHERE ${u('ae')} < CASE WHEN p.tier_rank <= 2 THEN 0.40 WHEN p.age >= 65 THEN 0.25 ELSE 0.12 END
    UNION ALL
    SELECT ${idOf('p.id', "'care-home-direct'")}, p.id, 'CARE_HOME_ADMISSION', ${inTheYear(`1 + floor(${u('ch-day')} * 364)`, 'ch-at')},
           CASE WHEN ${u('ch-setting')} < 0.6 THEN 'RESIDENTIAL' ELSE 'NURSING' END
    FROM people p
    WHERE p.age >= 65 AND ${u('ch')} < CASE WHEN p.age >= 80 THEN 0.012 ELSE 0.004 END
      AND NOT EXISTS (SELECT 1 FROM care_event c WHERE c.person_id = p.id AND c.kind = 'CARE_HOME_ADMISSION')
  ),
  written AS (
    INSERT INTO care_event (id, person_id, kind, occurred_at, care_home_setting, source_system, source_identifier, recorded_by, recorded_at)
    SELECT e.id, e.person_id, e.kind, e.occurred_at, e.care_home_setting, '${SOURCE}', e.id::text, '${SOURCE}', e.occurred_at + interval '2 hours'
    FROM events e CROSS JOIN quiet
    WHERE e.occurred_at < ${AS_AT_END}
    RETURNING 1
  )
  SELECT count(*)::int AS n FROM written`;

/**
 * Deaths in the year, after the person's last other event: 40% of those flagged end of life, 12%
 * of intensive case management, 6% of case management, 5% at 80 and over, 1.5% at 65 and over,
 * 0.1% otherwise; two in three where their plan prefers, else home, hospital, care home, hospice
 * as England's shares go. The register's date of death is left alone (that would be a person
 * version and a partner push each): the measures read deaths from the events.
 */
const DEATHS = `
  WITH ${QUIET}, ${PEOPLE},
  dying AS (
    SELECT p.id, ${inTheYear(`1 + floor(${u('death-day')} * 364)`, 'death-at')} AS at,
           (SELECT max(c.occurred_at) FROM care_event c WHERE c.person_id = p.id) AS last_event,
           (SELECT cp.preferred_place_of_death FROM care_plan cp WHERE cp.person_id = p.id AND cp.status <> 'DRAFT'
            ORDER BY cp.activated_at DESC NULLS LAST LIMIT 1) AS preferred
    FROM people p
    WHERE ${u('death')} < CASE WHEN 'END_OF_LIFE' = ANY (p.flags) THEN 0.40 WHEN p.tier_rank = 1 THEN 0.12 WHEN p.tier_rank = 2 THEN 0.06
                               WHEN p.age >= 80 THEN 0.05 WHEN p.age >= 65 THEN 0.015 ELSE 0.001 END
  ),
  written AS (
    INSERT INTO care_event (id, person_id, kind, occurred_at, place_of_death, source_system, source_identifier, recorded_by, recorded_at)
    SELECT ${idOf('d.id', "'death'")}, d.id, 'DEATH', greatest(d.at, d.last_event + interval '1 day'),
           CASE WHEN d.preferred IS NOT NULL AND ${u('preferred', 'd.id')} < 0.67 THEN d.preferred
                ELSE (ARRAY['HOME','HOME','HOME','HOSPITAL','HOSPITAL','HOSPITAL','HOSPITAL','CARE_HOME','CARE_HOME','HOSPICE'])
                       [1 + floor(${u('place', 'd.id')} * 10)::int] END,
           '${SOURCE}', ${idOf('d.id', "'death'")}::text, '${SOURCE}', greatest(d.at, d.last_event + interval '1 day') + interval '2 hours'
    FROM dying d CROSS JOIN quiet
    WHERE greatest(d.at, d.last_event + interval '1 day') < ${AS_AT_END}
    RETURNING 1
  )
  SELECT count(*)::int AS n FROM written`;

const OURS = `source_system = '${SOURCE}'`;

/**
 * Care events over the year before the as-at day, set-based in the database (a statement for
 * hospital spells, one for A&E attendances and care home admissions, one for deaths), loaded as
 * history: they raise no notifications and put no plan under review.
 */
export const careEventsStage: PopulationStage = {
  name: 'care events',
  plannedRows: ({ options }) => Math.round(options.people * 0.3),
  existingRows: async (db: SqlRunner) => {
    const [row] = await db.query(`SELECT count(*)::int AS n FROM care_event WHERE ${OURS}`);
    return Number(row.n);
  },
  reset: async (db) => {
    await db.query(`DELETE FROM notification WHERE care_event_id IN (SELECT id FROM care_event WHERE ${OURS})`);
    await db.query(`DELETE FROM care_event WHERE ${OURS}`);
  },
  run: async (context) => {
    const { db, options } = context;
    const parameters = [SYNTHETIC_NHS_NUMBERS.first, SYNTHETIC_NHS_NUMBERS.last, String(options.seed), options.asAt, DEFAULT_POLICY_NAME];
    let written = 0;
    for (const sql of [HOSPITAL_SPELLS, ATTENDANCES_AND_CARE_HOMES, DEATHS]) {
      const [row] = await db.query(sql, parameters);
      written += Number(row.n);
      context.written(Number(row.n));
    }
    await db.query('ANALYZE care_event');
    return written;
  },
};
