import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { User } from '@app/access';
import { DomainError } from '@app/errors';
import { ReviewTriggerRule } from './review-trigger-rule.entity';
import { SetReviewTriggerRuleInput } from './care-event.types';

const NO_ORGANISATION = '00000000-0000-0000-0000-000000000000';

/** Review trigger rules: data, read by the database's trigger function. */
@Injectable()
export class ReviewTriggerRulesService {
  constructor(private readonly db: DataSource) {}

  /** The care system's defaults first, then each organisation's, by ODS code. */
  rules(): Promise<ReviewTriggerRule[]> {
    return this.db.manager
      .createQueryBuilder(ReviewTriggerRule, 'r')
      .leftJoinAndSelect('r.organisation', 'organisation')
      .orderBy('organisation.ods_code', 'ASC', 'NULLS FIRST')
      .addOrderBy('r.trigger_kind')
      .getMany();
  }

  /** Creates or replaces the rule for the organisation (or the whole care system) and trigger. */
  async set(input: SetReviewTriggerRuleInput, user: User): Promise<ReviewTriggerRule> {
    let organisationId: string | null = null;
    if (input.organisationOds) {
      const [organisation] = await this.db.query(`SELECT id FROM organisation WHERE ods_code = $1`, [input.organisationOds]);
      if (!organisation) {
        throw new DomainError('ORGANISATION_NOT_FOUND', `No organisation with ODS code ${input.organisationOds}`, {
          fields: [{ field: 'organisationOds', message: 'unknown organisation' }],
        });
      }
      organisationId = organisation.id;
    }
    const [row] = await this.db.query(
      `INSERT INTO review_trigger_rule (organisation_id, trigger_kind, enabled, review_within_days, updated_by)
       VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT ((coalesce(organisation_id, '${NO_ORGANISATION}'::uuid)), trigger_kind)
       DO UPDATE SET enabled = EXCLUDED.enabled, review_within_days = EXCLUDED.review_within_days,
                     updated_by = EXCLUDED.updated_by, updated_at = now()
       RETURNING id`,
      [organisationId, input.triggerKind, input.enabled, input.reviewWithinDays ?? null, user.subject],
    );
    return this.db.manager.findOneOrFail(ReviewTriggerRule, { where: { id: row.id }, relations: { organisation: true } });
  }
}
