import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { organisationAndBelow } from '@app/access';
import type { User } from '@app/access';
import { HandoverReason, LeadProfessionalsService } from '@app/care-teams';
import { refusingDuplicate } from '@app/database';
import { DomainError } from '@app/errors';
import { decodeCursor, Page, toPage } from '@app/pagination';
import { MdtDecision, NominationStatus } from './risk-codes';
import { DecideMdtNominationInput, MdtNomination, MdtNominationsArgs, NominateForMdtInput } from './mdt-nomination.types';

const COLUMNS = `n.id, n.person_id, p.nhs_number, p.given_name, p.family_name, n.policy_id, n.tier_code, n.reason, n.nominated_by,
  n.nominated_at, n.status, n.decided_by, n.decided_at, n.decision_note, n.review_on::text AS review_on, n.lead_professional_id, n.version`;

const toNomination = (r: any): MdtNomination =>
  Object.assign(new MdtNomination(), {
  id: r.id,
  personId: r.person_id,
  nhsNumber: r.nhs_number,
  givenName: r.given_name,
  familyName: r.family_name,
  policyId: r.policy_id,
  tier: r.tier_code,
  reason: r.reason,
  nominatedBy: r.nominated_by,
  nominatedAt: r.nominated_at,
  status: r.status,
  decidedBy: r.decided_by,
  decidedAt: r.decided_at,
  decisionNote: r.decision_note,
  reviewOn: r.review_on,
  leadProfessionalId: r.lead_professional_id,
  version: r.version,
  });

/** What each decision makes of a nomination; decided ones (TAKEN_ON, DECLINED) are final. */
const NEXT: Record<MdtDecision, NominationStatus> = {
  [MdtDecision.TAKE_ON]: NominationStatus.TAKEN_ON,
  [MdtDecision.DECLINE]: NominationStatus.DECLINED,
  [MdtDecision.DEFER]: NominationStatus.DEFERRED,
};
const OPEN = [NominationStatus.NOMINATED, NominationStatus.DEFERRED];

/**
 * Case finding: people with no lead professional (usually the top tier) are nominated for MDT
 * review, at most one open nomination each (a partial unique index guarantees it); the MDT takes
 * them on with a lead (assigned through the lead professionals service, in the same transaction),
 * declines with a reason, or defers.
 */
@Injectable()
export class MdtNominationsService {
  constructor(
    private readonly db: DataSource,
    private readonly leads: LeadProfessionalsService,
  ) {}

  nominate(input: NominateForMdtInput, user: User): Promise<MdtNomination> {
    return refusingDuplicate(
      'mdt_nomination_one_open',
      () =>
        this.db.transaction(async (tx) => {
          const [person] = await tx.query(
            `SELECT p.id, l.professional_id AS lead_id,
               (SELECT n.id FROM mdt_nomination n WHERE n.person_id = p.id AND n.status IN ('NOMINATED','DEFERRED')) AS open_id
             FROM person p LEFT JOIN lead_professional l ON l.person_id = p.id AND l.ended_at IS NULL
             WHERE p.nhs_number = $1 FOR UPDATE OF p`,
            [input.nhsNumber],
          );
          if (!person) throw new DomainError('PERSON_NOT_FOUND', `No person with NHS number ${input.nhsNumber} is registered`);
          if (person.open_id) throw alreadyNominated(person.open_id);
          if (person.lead_id) {
            throw new DomainError('NOT_AN_MDT_CANDIDATE', 'The person has a lead professional already: their lead coordinates their care', {
              currentLeadId: person.lead_id,
            });
          }
          let tier: string | null = null;
          if (input.policyId) {
            const [row] = await tx.query('SELECT tier_code FROM person_tier WHERE policy_id = $1 AND person_id = $2', [input.policyId, person.id]);
            if (!row) {
              throw new DomainError('POLICY_NOT_FOUND', 'The person has no tier under that policy', {
                fields: [{ field: 'policyId', message: 'no tier for this person under this policy' }],
              });
            }
            tier = row.tier_code;
          }
          const [{ id }] = await tx.query(
            `INSERT INTO mdt_nomination (person_id, policy_id, tier_code, reason, nominated_by, nominated_at, status)
             VALUES ($1, $2, $3, $4, $5, date_trunc('milliseconds', clock_timestamp()), 'NOMINATED') RETURNING id`,
            [person.id, input.policyId ?? null, tier, input.reason, user.subject],
          );
          return this.read(tx, id);
        }),
      async () => {
        const [open] = await this.db.query(
          `SELECT n.id FROM mdt_nomination n JOIN person p ON p.id = n.person_id WHERE p.nhs_number = $1 AND n.status IN ('NOMINATED','DEFERRED')`,
          [input.nhsNumber],
        );
        return alreadyNominated(open?.id ?? null);
      },
    );
  }

  decide(input: DecideMdtNominationInput, user: User): Promise<MdtNomination> {
    return this.db.transaction(async (tx) => {
      const [current] = await tx.query(
        `SELECT n.status, n.version, p.nhs_number FROM mdt_nomination n JOIN person p ON p.id = n.person_id WHERE n.id = $1 FOR UPDATE OF n`,
        [input.nominationId],
      );
      if (!current) throw new DomainError('NOMINATION_NOT_FOUND', `No MDT nomination has id ${input.nominationId}`);
      if (current.version !== input.expectedVersion) {
        throw new DomainError('VERSION_CONFLICT', `The nomination is at version ${current.version}, not ${input.expectedVersion}`, {
          currentVersion: current.version,
        });
      }
      if (!OPEN.includes(current.status)) {
        throw new DomainError('NOMINATION_INVALID_TRANSITION', `The nomination was ${current.status.toLowerCase().replace('_', ' ')}: that decision is final`, {
          status: current.status,
        });
      }
      const next = NEXT[input.decision];
      if (input.decision === MdtDecision.TAKE_ON) {
        await this.leads.assignWithin(
          tx,
          {
            nhsNumber: current.nhs_number,
            professionalId: input.leadProfessionalId!,
            expectedCurrentLeadId: null,
            reason: HandoverReason.ASSIGNED,
            reasonNote: `Taken on by the MDT${input.note ? `: ${input.note}` : ''}`,
          },
          user.professionalId,
        );
      }
      await tx.query(
        `UPDATE mdt_nomination SET status = $2, decided_by = $3, decided_at = clock_timestamp(), decision_note = $4,
           review_on = $5, lead_professional_id = $6, version = version + 1
         WHERE id = $1`,
        [
          input.nominationId,
          next,
          user.subject,
          input.note ?? null,
          input.decision === MdtDecision.DEFER ? (input.reviewOn ?? null) : null,
          input.decision === MdtDecision.TAKE_ON ? input.leadProfessionalId : null,
        ],
      );
      return this.read(tx, input.nominationId);
    });
  }

  /** Nominations of people registered under the organisation, oldest first. */
  async page({ organisationOds, statuses, first, after }: MdtNominationsArgs): Promise<Page<MdtNomination>> {
    const parameters: unknown[] = [organisationOds, statuses?.length ? statuses : OPEN, first + 1];
    let cursor = '';
    if (after) {
      const [at, id] = decodeCursor(after, 2);
      parameters.push(at, id);
      cursor = 'AND (n.nominated_at, n.id) > ($4::timestamptz, $5::uuid)';
    }
    const rows = await this.db.query(
      `SELECT ${COLUMNS} FROM mdt_nomination n JOIN person p ON p.id = n.person_id
       WHERE p.gp_practice_ods IN (${organisationAndBelow('$1')}) AND n.status = ANY ($2::text[]) ${cursor}
       ORDER BY n.nominated_at, n.id LIMIT $3`,
      parameters,
    );
    return toPage(rows.map(toNomination), first, (n) => [n.nominatedAt.toISOString(), n.id]);
  }

  private async read(tx: EntityManager, id: string): Promise<MdtNomination> {
    const [row] = await tx.query(`SELECT ${COLUMNS} FROM mdt_nomination n JOIN person p ON p.id = n.person_id WHERE n.id = $1`, [id]);
    return toNomination(row);
  }
}

const alreadyNominated = (openNominationId: string | null) =>
  new DomainError('ALREADY_NOMINATED', 'The person is awaiting the MDT already', { openNominationId });
