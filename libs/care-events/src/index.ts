export { CareEventKind, CareHomeSetting, DischargeDestination, ReviewTriggerKind } from './care-event-codes';
export { CareEvent } from './care-event.entity';
export { RecordCareEventInput } from './care-event.types';
export { CareEventsModule } from './care-events.module';
export { CareEventsService, checkEventDetails } from './care-events.service';
export { Notification } from './notification.entity';
