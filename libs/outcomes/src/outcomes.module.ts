import { Module } from '@nestjs/common';
import { OutcomeMeasuresResolver } from './outcome-measures.resolver';
import { OutcomeMeasuresService } from './outcome-measures.service';

/** Outcome measures for commissioners and federations, set-based over care events, tiers, plans and referrals. */
@Module({
  providers: [OutcomeMeasuresService, OutcomeMeasuresResolver],
  exports: [OutcomeMeasuresService],
})
export class OutcomesModule {}
