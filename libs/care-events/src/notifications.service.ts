import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { User } from '@app/access';
import { DomainError } from '@app/errors';
import { decodeCursor, Page, toPage } from '@app/pagination';
import { NotificationState } from './care-event-codes';
import { Notification } from './notification.entity';
import { NotificationsArgs } from './care-event.types';

const RELATIONS = { person: true, careEvent: { organisation: true }, carePlan: true } as const;

const notificationNotFound = (id: string) =>
  new DomainError('NOTIFICATION_NOT_FOUND', `No notification with id ${id} in your worklist`, {
    fields: [{ field: 'notificationId', message: 'not in your worklist' }],
  });

/** A professional's worklist: the notifications review triggers wrote for them, newest first. */
@Injectable()
export class NotificationsService {
  constructor(private readonly db: DataSource) {}

  async worklist(user: User, { state, first, after }: NotificationsArgs): Promise<Page<Notification>> {
    const professionalId = professionalOf(user);
    const query = this.db.manager
      .createQueryBuilder(Notification, 'n')
      .leftJoinAndSelect('n.person', 'person')
      .leftJoinAndSelect('n.careEvent', 'careEvent')
      .leftJoinAndSelect('careEvent.organisation', 'eventOrganisation')
      .leftJoinAndSelect('n.carePlan', 'carePlan')
      .where('n.professional_id = :professionalId', { professionalId });
    if (state === NotificationState.UNREAD) query.andWhere('n.acknowledged_at IS NULL');
    if (state === NotificationState.ACKNOWLEDGED) query.andWhere('n.acknowledged_at IS NOT NULL');
    if (after) {
      const [at, id] = decodeCursor(after, 2);
      query.andWhere('(n.created_at, n.id) < (:at::timestamptz, :id::uuid)', { at, id });
    }
    const rows = await query.orderBy('n.created_at', 'DESC').addOrderBy('n.id', 'DESC').limit(first + 1).getMany();
    return toPage(rows, first, (n) => [n.createdAt.toISOString(), n.id]);
  }

  /** Marks it read; acknowledging again changes nothing (the first time and person stay). */
  async acknowledge(user: User, notificationId: string): Promise<Notification> {
    const professionalId = professionalOf(user);
    // A SELECT around the UPDATE, so that both drivers give back plain rows.
    const rows: { id: string }[] = await this.db.query(
      `WITH acknowledged AS (
         UPDATE notification SET acknowledged_at = coalesce(acknowledged_at, now()), acknowledged_by = coalesce(acknowledged_by, $3)
         WHERE id = $1 AND professional_id = $2 RETURNING id)
       SELECT id FROM acknowledged`,
      [notificationId, professionalId, user.subject],
    );
    if (rows.length === 0) throw notificationNotFound(notificationId);
    return this.db.manager.findOneOrFail(Notification, { where: { id: notificationId }, relations: RELATIONS });
  }
}

function professionalOf(user: User): string {
  if (!user.professionalId) {
    throw new DomainError('NOT_AUTHORISED', 'Only a professional has a worklist: your token names no professional');
  }
  return user.professionalId;
}
