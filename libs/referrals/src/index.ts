export { dueAt, londonInstant } from './due-time';
export type { ResponseStandardRule, ServiceHours } from './due-time';
export { ReferralEvent } from './referral-event.entity';
export { ReferralHoursService } from './referral-hours.service';
export { FINAL_STATUSES, ReferralPriority, ReferralSource, ReferralStatus, ReferralStep, TRANSITIONS } from './referral-states';
export { Referral } from './referral.entity';
export { ReferralsModule } from './referrals.module';
export { CLAIM_NEXT_SQL, ReferralsService } from './referrals.service';
export { SendReferralInput } from './referral.types';
