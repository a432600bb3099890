import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { PersonsModule } from '@app/persons';
import { CarePlanAction } from './care-plan-action.entity';
import { CarePlanReview } from './care-plan-review.entity';
import { CarePlanSignOff } from './care-plan-sign-off.entity';
import { CarePlanVersion } from './care-plan-version.entity';
import { CarePlan } from './care-plan.entity';
import { CarePlansResolver } from './care-plans.resolver';
import { CarePlansService } from './care-plans.service';

/** Joint health and social care plans: versions, sign-off, lifecycle, reviews and actions. */
@Module({
  imports: [
    TypeOrmModule.forFeature([CarePlan, CarePlanVersion, CarePlanAction, CarePlanSignOff, CarePlanReview]),
    PersonsModule,
  ],
  providers: [CarePlansService, CarePlansResolver],
  exports: [CarePlansService],
})
export class CarePlansModule {}
