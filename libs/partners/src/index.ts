export { retryDelay, isPermanentRefusal } from './backoff';
export { DeliveryStatus, PartnerAuth, PartnerScope, SyncedResourceType } from './partner-codes';
export { PartnerDeliveries } from './partner-deliveries.service';
export type { ClaimedDelivery } from './partner-deliveries.service';
export { PartnerSystem } from './partner-system.entity';
export { PartnersModule } from './partners.module';
export { PartnersService } from './partners.service';
export { PartnerSync } from './partner-sync.service';
export type { SyncRound } from './partner-sync.service';
