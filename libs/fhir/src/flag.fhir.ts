import type { Flag } from '@medplum/fhirtypes';
import type { TierRow } from '@app/risk';
import { explain } from '@app/risk';
import { FLAG_CATEGORY_SYSTEM, FLAG_SYSTEM, NHS_NUMBER_SYSTEM, STRATIFICATION_TIER_SYSTEM } from './uk-core';

/** A person's tier under a policy as the Flag source reads it (the explanation's inputs). */
export type FlagTier = Omit<TierRow, 'person_id' | 'assigned_at'>;

/** One flag as the Flag source reads it: a tier (current, or the last one before leaving a policy) or a dissent. */
export interface FlagRow {
  id: string;
  personId: string;
  nhsNumber: string;
  lastUpdated: Date;
  kind: 'TIER' | 'SHARING_DISSENT';
  status: 'active' | 'inactive';
  periodStart: Date | null;
  periodEnd: Date | null;
  tier: FlagTier | null;
  dissent: { organisationOds: string | null; note: string | null } | null;
}

/**
 * A tier flag's id: one per person and policy, so that a partner's flag is updated as the person
 * steps up and down (and ends when they leave the policy), never duplicated. SQL expressions.
 */
export const tierFlagIdSql = (person: string, policy: string) => `md5('tier|' || ${person} || '|' || ${policy})::uuid`;

const escape = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const narrative = (text: string): Flag['text'] => ({ status: 'generated', div: `<div xmlns="http://www.w3.org/1999/xhtml">${escape(text)}</div>` });
const instant = (at: Date | null) => (at ? new Date(at).toISOString() : undefined);

function describe(row: FlagRow): { code: Flag['code']; text: string } {
  if (row.kind === 'TIER') {
    const tier = row.tier!;
    const tierName = `${tier.tier_name}${tier.case_managed ? ' (case managed)' : ''}`;
    return {
      code: {
        coding: [{ system: STRATIFICATION_TIER_SYSTEM, code: tier.tier_code, display: tier.tier_name }],
        text: `${tierName}: ${tier.policy_name}`,
      },
      text:
        row.status === 'active'
          ? explain(tier)
          : `No longer placed by ${tier.policy_name}: was ${tier.tier_name} until ${instant(row.periodEnd)?.slice(0, 10)} ` +
            '(no longer registered in its area, or died)',
    };
  }
  const { organisationOds, note } = row.dissent!;
  const withWhom = organisationOds ? `with ${organisationOds}` : 'outside their GP practice';
  return {
    code: { coding: [{ system: FLAG_SYSTEM, code: 'SHARING_DISSENT', display: 'Has declined sharing their record' }], text: `Has declined sharing their record ${withWhom}` },
    text: `Has declined sharing their record ${withWhom}${note ? `: ${note}` : ''}`,
  };
}

/**
 * What a care team should see before anything else about a person, as Flags: their tier under
 * each stratification policy (the explanation, the model's score and the share of the population
 * scoring higher, in the text; inactive once no longer placed by the policy), and their dissent from
 * sharing (inactive once withdrawn). The period starts when they entered the tier, or dissented.
 */
export function toFhirFlag(row: FlagRow): Flag {
  const { code, text } = describe(row);
  const start = instant(row.periodStart);
  const end = instant(row.periodEnd);
  return {
    resourceType: 'Flag',
    id: row.id,
    meta: { lastUpdated: new Date(row.lastUpdated).toISOString() },
    text: narrative(text),
    status: row.status,
    // About the person's dealings with the services, not a clinical finding.
    category: [{ coding: [{ system: FLAG_CATEGORY_SYSTEM, code: 'admin', display: 'Administrative' }] }],
    code,
    subject: { reference: `Patient/${row.personId}`, identifier: { system: NHS_NUMBER_SYSTEM, value: row.nhsNumber } },
    ...(start || end ? { period: { ...(start ? { start } : {}), ...(end ? { end } : {}) } } : {}),
  };
}
