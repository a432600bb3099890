import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ReferralEvent } from './referral-event.entity';
import { ReferralHoursResolver } from './referral-hours.resolver';
import { ReferralHoursService } from './referral-hours.service';
import { ReferralStandardsService } from './referral-standards.service';
import { Referral } from './referral.entity';
import { ReferralsResolver } from './referrals.resolver';
import { ReferralsService } from './referrals.service';

/** The single point of referral: intake, triage, queues, claims and response standards. */
@Module({
  imports: [TypeOrmModule.forFeature([Referral, ReferralEvent])],
  providers: [ReferralsService, ReferralHoursService, ReferralStandardsService, ReferralsResolver, ReferralHoursResolver],
  exports: [ReferralsService, ReferralHoursService],
})
export class ReferralsModule {}
