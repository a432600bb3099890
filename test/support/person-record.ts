import type { User } from '@app/access';
import { CarePlansService } from '@app/care-plans';
import { CareTeamMemberKind, CareTeamsService, HandoverReason, LeadProfessionalsService } from '@app/care-teams';
import { PersonsService } from '@app/persons';
import type { RegisterPersonInput } from '@app/persons';
import { ReferralPriority, ReferralSource, ReferralsService } from '@app/referrals';
import { RiskModel, RiskScoresService } from '@app/risk';
import { anOrganisation, aPerson, aProfessional } from './builders';
import type { TestApp } from './test-app';

/** Someone acting for the practice F81001 (where aPerson registers people), as the services take a user. */
const clinician = (professionalId: string): User => ({
  subject: 'record-builder',
  name: 'Record builder',
  professionalId,
  organisationOds: 'F81001',
  roles: [],
  activities: new Set(),
  scopes: [],
  purpose: 'DIRECT_CARE',
});

export interface PersonRecordIds {
  personId: string;
  nhsNumber: string;
  professionalId: string;
  carePlanId: string;
  referralId: string;
  riskScoreId: string;
}

const directoryOf = new WeakMap<TestApp, Promise<{ professionalId: string; spoaOds: string }>>();

async function makeDirectory(t: TestApp) {
  const ok = async (query: string, input: Record<string, unknown>) => {
    const result = await t.gql(query, { input });
    if (result.errors) throw new Error(JSON.stringify(result.errors));
    return Object.values(result.data!)[0] as { id: string };
  };
  const trust = anOrganisation({ name: 'East Coast Community Healthcare', kind: 'NHS_TRUST' });
  await ok(`mutation ($input: CreateOrganisationInput!) { createOrganisation(input: $input) { id } }`, trust);
  const professional = await ok(`mutation ($input: CreateProfessionalInput!) { createProfessional(input: $input) { id } }`, aProfessional());
  return { professionalId: professional.id, spoaOds: trust.odsCode };
}

/**
 * A person with a whole record, made through the domain's own services: a community matron in
 * their care team as lead professional, a joint plan with a goal and an action, a referral to the
 * single point of referral and an eFI score.
 */
export async function aPersonWithARecord(t: TestApp, overrides: Record<string, unknown> = {}): Promise<PersonRecordIds> {
  const { professionalId, spoaOds } = await directoryOfRecords(t);
  const person = await t.app.get(PersonsService).register(aPerson(overrides) as unknown as RegisterPersonInput);
  const { nhsNumber } = person;
  await t.app.get(CareTeamsService).addMember({ nhsNumber, kind: CareTeamMemberKind.PROFESSIONAL, professionalId, roleInCare: 'Community matron' });
  await t.app.get(LeadProfessionalsService).assign({ nhsNumber, professionalId, expectedCurrentLeadId: null, reason: HandoverReason.ASSIGNED }, professionalId);
  const plan = await t.app.get(CarePlansService).create(
    {
      nhsNumber,
      content: {
        whatMattersToMe: 'Staying in my own home with my cat',
        goals: ['Walk to the post office on my own by the spring'],
        needs: [{ description: 'Falls at night', sector: 'HEALTH' }],
        actions: [{ description: 'Falls assessment at home', sector: 'HEALTH', professionalId, dueDate: '2030-01-31', status: 'OPEN' }],
      },
    } as never,
    professionalId,
  );
  const receipt = await t.app.get(ReferralsService).send(
    {
      nhsNumber,
      serviceCode: 'URGENT_COMMUNITY_RESPONSE',
      spoaOds,
      source: ReferralSource.GP,
      requestedUrgency: ReferralPriority.URGENT,
      reason: 'Two falls overnight, not injured, struggling to stand',
      referrerName: 'Dr Okafor',
      attachments: [{ title: 'GP summary', reference: 'https://documents.example.nhs.uk/gp-summary/1', contentType: 'application/pdf' }],
    } as never,
    clinician(professionalId),
  );
  await t.app.get(RiskScoresService).load(
    [{ nhsNumber, model: RiskModel.EFI, value: 10 / 36, assessedOn: '2025-06-30', source: 'SystmOne eFI extract', detail: { deficitCount: 10 } }] as never,
    clinician(professionalId),
  );
  const [score] = await t.dataSource.query(`SELECT id FROM risk_score WHERE person_id = $1`, [person.id]);
  return { personId: person.id, nhsNumber, professionalId, carePlanId: plan.id, referralId: receipt.referral.id, riskScoreId: score.id };
}

/** The referrer withdraws the referral (the person was admitted, moved away...). */
export async function withdrawReferral(t: TestApp, record: PersonRecordIds, reason: string): Promise<void> {
  await t.app.get(ReferralsService).withdraw({ referralId: record.referralId, reason }, clinician(record.professionalId));
}

/** The trust whose single point of referral aPersonWithARecord refers to, and the matron who leads. */
export async function directoryOfRecords(t: TestApp): Promise<{ professionalId: string; spoaOds: string }> {
  if (!directoryOf.has(t)) directoryOf.set(t, makeDirectory(t));
  return directoryOf.get(t)!;
}

/**
 * A frailty policy over the practice F81001 (moderate or severe frailty is case-managed), set by a
 * population analyst; `retier` places everyone registered there by their latest eFI score.
 */
export async function aFrailtyPolicy(t: TestApp): Promise<{ policyId: string; retier: () => Promise<void> }> {
  const analyst = { sub: 'frailty-analyst', org: 'F81001', roles: ['POPULATION_ANALYST'] };
  const ok = async (query: string, variables: Record<string, unknown>, as?: typeof analyst) => {
    const result = await t.gql(query, variables, as);
    if (result.errors) throw new Error(JSON.stringify(result.errors));
    return Object.values(result.data!)[0] as { id: string };
  };
  const [practice] = await t.dataSource.query(`SELECT id FROM organisation WHERE ods_code = 'F81001'`);
  if (!practice) {
    await ok(`mutation ($input: CreateOrganisationInput!) { createOrganisation(input: $input) { id } }`, {
      input: { odsCode: 'F81001', name: 'Colne Surgery', kind: 'GP_PRACTICE' },
    });
  }
  const policy = await ok(
    `mutation ($input: SetStratificationPolicyInput!) { setStratificationPolicy(input: $input) { id } }`,
    {
      input: {
        name: `Colne frailty ${Math.random().toString(36).slice(2, 8)}`,
        scopeOdsCodes: ['F81001'],
        model: 'EFI',
        basis: 'CATEGORY',
        tiers: [
          { code: 'FRAIL', name: 'Moderate or severe frailty', categories: ['MODERATE', 'SEVERE'], caseManaged: true, leadProfessions: ['COMMUNITY_MATRON'] },
          { code: 'WELL', name: 'Fit or mildly frail', categories: ['FIT', 'MILD'], caseManaged: false },
        ],
      },
    },
    analyst,
  );
  const retier = async () => {
    await ok(`mutation ($p: ID!) { retier(policyId: $p) { tiered } }`, { p: policy.id }, analyst);
  };
  return { policyId: policy.id, retier };
}
