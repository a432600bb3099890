import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { PersonsModule } from '@app/persons';
import { CareEvent } from './care-event.entity';
import { CareEventsResolver } from './care-events.resolver';
import { CareEventsService } from './care-events.service';
import { Notification } from './notification.entity';
import { NotificationsService } from './notifications.service';
import { ReviewTriggerRule } from './review-trigger-rule.entity';
import { ReviewTriggerRulesService } from './review-trigger-rules.service';

/** Care events from partners, the review triggers they raise (rules as data) and the lead's worklist. */
@Module({
  imports: [TypeOrmModule.forFeature([CareEvent, Notification, ReviewTriggerRule]), PersonsModule],
  providers: [CareEventsService, NotificationsService, ReviewTriggerRulesService, CareEventsResolver],
  exports: [CareEventsService],
})
export class CareEventsModule {}
