import { Args, Mutation, Query, Resolver } from '@nestjs/graphql';
import { Activity, Authorise, CurrentUser } from '@app/access';
import type { User } from '@app/access';
import { Page } from '@app/pagination';
import { CareEvent } from './care-event.entity';
import {
  AcknowledgeNotificationInput,
  CareEventPage,
  CareEventReceipt,
  CareEventsArgs,
  NotificationPage,
  NotificationsArgs,
  RecordCareEventInput,
  SetReviewTriggerRuleInput,
} from './care-event.types';
import { CareEventsService } from './care-events.service';
import { Notification } from './notification.entity';
import { NotificationsService } from './notifications.service';
import { ReviewTriggerRule } from './review-trigger-rule.entity';
import { ReviewTriggerRulesService } from './review-trigger-rules.service';

/**
 * Care events, the lead's worklist and the rules between them. Recording needs no relationship to
 * the person (a hospital discharge team may not have one) and gives back only a receipt; reading a
 * person's events does, as any part of their record.
 */
@Resolver()
export class CareEventsResolver {
  constructor(
    private readonly events: CareEventsService,
    private readonly notifications: NotificationsService,
    private readonly rules: ReviewTriggerRulesService,
  ) {}

  @Mutation(() => CareEventReceipt, {
    description:
      "Records a care event; an admission, A&E attendance or discharge of someone with a lead notifies the lead and puts the plan " +
      'under review as the rules say, in the same transaction. Errors: PERSON_NOT_FOUND, ORGANISATION_NOT_FOUND, CARE_EVENT_NOT_FOUND, ' +
      'DATE_IN_FUTURE, DATES_OUT_OF_ORDER, DEATH_ALREADY_RECORDED, ALREADY_DISCHARGED, SOURCE_IDENTIFIER_REUSED, BAD_USER_INPUT.',
  })
  @Authorise({ activity: Activity.RECORD_CARE_EVENT })
  recordCareEvent(@CurrentUser() user: User, @Args('input') input: RecordCareEventInput): Promise<CareEventReceipt> {
    return this.events.record(input, user);
  }

  @Query(() => CareEventPage, { description: "A person's care events, newest first. Errors: PERSON_NOT_FOUND, NOT_AUTHORISED." })
  @Authorise({ activity: Activity.VIEW_PERSON_RECORD, person: (args) => ({ nhsNumber: args.nhsNumber }) })
  careEvents(@Args() args: CareEventsArgs): Promise<Page<CareEvent>> {
    return this.events.history(args);
  }

  @Query(() => NotificationPage, {
    description: "The signed-in professional's worklist: unread notifications by default, newest first (people they still may see).",
  })
  @Authorise({ activity: Activity.VIEW_PERSON_RECORD })
  myNotifications(@CurrentUser() user: User, @Args() args: NotificationsArgs): Promise<Page<Notification>> {
    return this.notifications.worklist(user, args);
  }

  @Mutation(() => Notification, { description: 'Marks a notification read; again changes nothing. Errors: NOTIFICATION_NOT_FOUND.' })
  @Authorise({ activity: Activity.VIEW_PERSON_RECORD })
  acknowledgeNotification(@CurrentUser() user: User, @Args('input') input: AcknowledgeNotificationInput): Promise<Notification> {
    return this.notifications.acknowledge(user, input.notificationId);
  }

  @Query(() => [ReviewTriggerRule], { description: 'The review trigger rules: the care system defaults, then per organisation.' })
  @Authorise({ activity: Activity.VIEW_DIRECTORY })
  reviewTriggerRules(): Promise<ReviewTriggerRule[]> {
    return this.rules.rules();
  }

  @Mutation(() => ReviewTriggerRule, {
    description: 'Sets a review trigger rule for your organisation (or one under it), or for the whole care system. Errors: ORGANISATION_NOT_FOUND.',
  })
  @Authorise({ activity: Activity.MANAGE_DIRECTORY, organisation: (args) => args.input?.organisationOds })
  setReviewTriggerRule(@CurrentUser() user: User, @Args('input') input: SetReviewTriggerRuleInput): Promise<ReviewTriggerRule> {
    return this.rules.set(input, user);
  }
}
