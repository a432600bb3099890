import { Field, GraphQLISODateTime, ID, ObjectType } from '@nestjs/graphql';
import { Column, Entity, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { PersonLevel } from '@app/access';
import { CarePlan } from '@app/care-plans';
import { Person } from '@app/persons';
import { ReviewTriggerKind } from './care-event-codes';
import { CareEvent } from './care-event.entity';

/**
 * A line in a lead professional's worklist, written by the review trigger in the transaction of
 * the event, referral or tier change that raised it: one per lead and source (unique constraints).
 */
@ObjectType({ description: "Something the lead professional should know about their patient, and the review it put the plan under." })
@PersonLevel((notification: Notification) => notification.personId)
@Entity({ name: 'notification' })
export class Notification {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid')
  professionalId: string;

  @Column('uuid')
  personId: string;

  @Field(() => Person)
  @ManyToOne(() => Person)
  @JoinColumn({ name: 'person_id' })
  person: Person;

  @Field(() => ReviewTriggerKind, { description: 'What raised it.' })
  @Column('text')
  reason: ReviewTriggerKind;

  @Column('uuid', { nullable: true })
  careEventId: string | null;

  @Field(() => CareEvent, { nullable: true, description: 'The admission, attendance or discharge, when an event raised it.' })
  @ManyToOne(() => CareEvent)
  @JoinColumn({ name: 'care_event_id' })
  careEvent: CareEvent | null;

  @Field(() => ID, { nullable: true, description: 'The new referral, when one raised it.' })
  @Column('uuid', { nullable: true })
  referralId: string | null;

  @Field(() => ID, { nullable: true, description: 'The tier change (see tierHistory), when one raised it.' })
  @Column('uuid', { nullable: true })
  tierChangeId: string | null;

  @Field(() => GraphQLISODateTime, { description: 'When what raised it happened.' })
  @Column('timestamptz')
  occurredAt: Date;

  @Column('uuid', { nullable: true })
  carePlanId: string | null;

  @Field(() => CarePlan, { nullable: true, description: "The person's current plan at the time, if they had one." })
  @ManyToOne(() => CarePlan)
  @JoinColumn({ name: 'care_plan_id' })
  carePlan: CarePlan | null;

  @Field(() => String, { nullable: true, description: 'YYYY-MM-DD: the review the rule asked for is due by then.' })
  @Column('date', { nullable: true })
  reviewDueDate: string | null;

  @Field(() => GraphQLISODateTime)
  @Column('timestamptz')
  createdAt: Date;

  @Field(() => GraphQLISODateTime, { nullable: true })
  @Column('timestamptz', { nullable: true })
  acknowledgedAt: Date | null;

  @Column('text', { nullable: true })
  acknowledgedBy: string | null;
}
