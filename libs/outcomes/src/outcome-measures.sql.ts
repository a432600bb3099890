/** The ODS codes of the practices in an area (an organisation, by ODS code, and everything under it). */
export const AREA_PRACTICES_SQL = `
  SELECT coalesce(array_agg(d.ods_code ORDER BY d.ods_code), '{}') AS practices
  FROM organisation o JOIN organisation d ON d.path @> ARRAY[o.id]
  WHERE o.ods_code = $1 AND d.kind = 'GP_PRACTICE' AND d.ods_code IS NOT NULL`;

/**
 * Every outcome measure for the people registered in an area ($1: the ODS codes of its practices,
 * from AREA_PRACTICES_SQL, as values so that the planner knows how many people they hold: it then
 * hashes the area's people and tiers rather than looking them up one by one) and a period ($2 to
 * $3, dates in England, inclusive), by the tiers of a stratification policy ($4), in one statement:
 * each measure is a set over the area's people and the period's events, never a query per person.
 * Each row is (measure, breakdown, position, numerator, denominator).
 *
 * The population of a rate is the area's registered people born by the end of the period and alive
 * at its start; "65 and over" and "18 and over" are ages at the end of the period, or at the event.
 */
export const OUTCOME_MEASURES_SQL = `
WITH
period AS (
  SELECT ($2::date)::timestamp AT TIME ZONE 'Europe/London' AS starts,
         ($3::date + 1)::timestamp AT TIME ZONE 'Europe/London' AS ends
),
area AS MATERIALIZED (
  SELECT p.id, p.date_of_birth, p.date_of_death FROM person p WHERE p.gp_practice_ods = ANY ($1::text[])
),
living AS MATERIALIZED (
  SELECT a.id, a.date_of_birth, coalesce(pt.tier_code, 'NOT_TIERED') AS tier, coalesce(pt.tier_rank, 2147483647) AS tier_rank
  -- person_tier keeps the practice: only the area's tiers are hashed
  FROM area a LEFT JOIN person_tier pt ON pt.person_id = a.id AND pt.policy_id = $4 AND pt.gp_practice_ods = ANY ($1::text[])
  WHERE a.date_of_birth <= $3::date AND (a.date_of_death IS NULL OR a.date_of_death >= $2::date)
),
events AS MATERIALIZED (
  SELECT e.id, e.person_id, e.kind, e.occurred_at, e.discharge_destination, e.care_home_setting, e.delayed_days,
         e.place_of_death, a.date_of_birth, (e.occurred_at AT TIME ZONE 'Europe/London')::date AS on_date
  FROM care_event e JOIN area a ON a.id = e.person_id CROSS JOIN period
  WHERE e.occurred_at >= period.starts AND e.occurred_at < period.ends
),
people_by_tier AS (
  SELECT tier, min(tier_rank) AS tier_rank, count(*) AS people FROM living GROUP BY tier
),
admissions_by_tier AS (
  SELECT l.tier, count(*) AS admissions
  FROM events e JOIN living l ON l.id = e.person_id
  WHERE e.kind = 'EMERGENCY_ADMISSION' GROUP BY l.tier
)
SELECT 'EMERGENCY_ADMISSIONS' AS measure, p.tier AS breakdown, p.tier_rank AS position,
       coalesce(a.admissions, 0) AS numerator, p.people AS denominator
FROM people_by_tier p LEFT JOIN admissions_by_tier a ON a.tier = p.tier
UNION ALL
SELECT 'EMERGENCY_ADMISSIONS', NULL, 0, (SELECT coalesce(sum(admissions), 0) FROM admissions_by_tier),
       (SELECT count(*) FROM living)
UNION ALL
-- Discharges in the period followed by an emergency admission within 30 days.
SELECT 'READMISSIONS_WITHIN_30_DAYS', NULL, 0,
       count(*) FILTER (WHERE EXISTS (
         SELECT 1 FROM care_event r WHERE r.person_id = d.person_id AND r.kind = 'EMERGENCY_ADMISSION'
           AND r.occurred_at > d.occurred_at AND r.occurred_at <= d.occurred_at + interval '30 days')),
       count(*)
FROM events d WHERE d.kind = 'DISCHARGE'
UNION ALL
-- ASCOF 2A part 2: people 65 and over permanently admitted to residential or nursing care.
SELECT 'CARE_HOME_ADMISSIONS_65_AND_OVER', s.setting, s.position,
       (SELECT count(DISTINCT e.person_id) FROM events e
        WHERE e.kind = 'CARE_HOME_ADMISSION' AND e.on_date >= e.date_of_birth + interval '65 years'
          AND (s.setting IS NULL OR e.care_home_setting = s.setting)),
       (SELECT count(*) FROM living l WHERE l.date_of_birth <= $3::date - interval '65 years')
FROM (VALUES (NULL, 0), ('RESIDENTIAL', 1), ('NURSING', 2)) AS s (setting, position)
UNION ALL
-- ASCOF 2B: people 65 and over discharged into reablement in the period whose 91 days have passed:
-- how many were at home on the 91st day (not dead, not in a care home, not in hospital).
SELECT 'AT_HOME_91_DAYS_AFTER_REABLEMENT', NULL, 0,
       count(*) FILTER (WHERE NOT EXISTS (
           SELECT 1 FROM care_event x WHERE x.person_id = d.person_id AND x.kind IN ('DEATH','CARE_HOME_ADMISSION')
             AND x.occurred_at > d.occurred_at AND x.occurred_at <= d.occurred_at + interval '91 days')
         AND NOT EXISTS (
           SELECT 1 FROM care_event a WHERE a.person_id = d.person_id AND a.kind = 'EMERGENCY_ADMISSION'
             AND a.occurred_at > d.occurred_at AND a.occurred_at <= d.occurred_at + interval '91 days'
             AND NOT EXISTS (SELECT 1 FROM care_event z WHERE z.admission_id = a.id AND z.kind = 'DISCHARGE'
                               AND z.occurred_at <= d.occurred_at + interval '91 days'))),
       count(*)
FROM events d
WHERE d.kind = 'DISCHARGE' AND d.discharge_destination = 'REABLEMENT'
  AND d.on_date >= d.date_of_birth + interval '65 years' AND d.occurred_at + interval '91 days' <= now()
UNION ALL
-- Days people waited in hospital for a transfer of care, per adult.
SELECT 'DELAYED_TRANSFER_DAYS', NULL, 0,
       (SELECT coalesce(sum(e.delayed_days), 0) FROM events e WHERE e.kind = 'DELAYED_TRANSFER'),
       (SELECT count(*) FROM living l WHERE l.date_of_birth <= $3::date - interval '18 years')
UNION ALL
-- Deaths in the period of people whose plan (the latest activated) records a preferred place.
SELECT 'DEATHS_IN_PREFERRED_PLACE', NULL, 0, count(*) FILTER (WHERE d.place_of_death = preferred.place), count(*)
FROM events d
CROSS JOIN LATERAL (
  SELECT cp.preferred_place_of_death AS place FROM care_plan cp
  WHERE cp.person_id = d.person_id AND cp.status <> 'DRAFT' AND cp.preferred_place_of_death IS NOT NULL
  ORDER BY cp.activated_at DESC NULLS LAST, cp.created_at DESC LIMIT 1) preferred
WHERE d.kind = 'DEATH'
UNION ALL
-- Now, not over the period: the living people of the policy's top tier with a lead and a current plan.
SELECT 'TOP_TIER_WITH_LEAD_AND_PLAN', min(l.tier), 0,
       count(*) FILTER (WHERE EXISTS (SELECT 1 FROM lead_professional lp WHERE lp.person_id = l.id AND lp.ended_at IS NULL)
                          AND EXISTS (SELECT 1 FROM care_plan cp WHERE cp.person_id = l.id AND cp.status IN ('ACTIVE','UNDER_REVIEW'))),
       count(*)
FROM living l JOIN area a ON a.id = l.id
WHERE l.tier_rank = 1 AND a.date_of_death IS NULL
UNION ALL
-- Referrals received in the period, accepted by their due time, of those accepted or past due
-- (as the referral performance figures count them), by priority and in all.
SELECT 'REFERRAL_RESPONSE_STANDARDS_MET', r.priority,
       CASE WHEN GROUPING(r.priority) = 1 THEN 0 WHEN r.priority = 'URGENT' THEN 1 WHEN r.priority = 'SOON' THEN 2 ELSE 3 END,
       count(*) FILTER (WHERE r.accepted_at <= r.due_at),
       count(*) FILTER (WHERE r.accepted_at IS NOT NULL OR r.due_at < coalesce(r.closed_at, now()))
FROM referral r JOIN area a ON a.id = r.person_id CROSS JOIN period
WHERE r.received_at >= period.starts AND r.received_at < period.ends AND r.due_at IS NOT NULL
GROUP BY GROUPING SETS ((r.priority), ())
`;
