import { Field, GraphQLISODateTime, ID, Int, ObjectType } from '@nestjs/graphql';
import { PersonLevel } from '@app/access';
import { Column, Entity, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Professional } from '@app/organisations';
import { ReviewReason } from './care-plan-codes';
import { CarePlanPart } from './care-plan-part';

/** A review of a plan: why and by whom it was started, and its outcome; what changed is the versions between. */
@ObjectType({ description: 'A review of a care plan: why, who, when, the outcome and the versions it spans.' })
@PersonLevel((review: CarePlanReview) => review.personId)
@Entity({ name: 'care_plan_review' })
export class CarePlanReview extends CarePlanPart {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Field(() => ReviewReason)
  @Column('text')
  reason: ReviewReason;

  @Field(() => String, { nullable: true })
  @Column('text', { nullable: true })
  reasonNote: string | null;

  @Column('uuid')
  startedById: string;

  @Field(() => Professional)
  @ManyToOne(() => Professional)
  @JoinColumn({ name: 'started_by_id' })
  startedBy: Professional;

  @Field(() => GraphQLISODateTime)
  @Column('timestamptz')
  startedAt: Date;

  @Field(() => Int, { description: 'The version under review (the one the review started from).' })
  @Column('int')
  fromVersion: number;

  @Column('uuid', { nullable: true })
  completedById: string | null;

  @Field(() => Professional, { nullable: true })
  @ManyToOne(() => Professional, { nullable: true })
  @JoinColumn({ name: 'completed_by_id' })
  completedBy: Professional | null;

  @Field(() => GraphQLISODateTime, { nullable: true, description: 'Null while the review is open.' })
  @Column('timestamptz', { nullable: true })
  completedAt: Date | null;

  @Field(() => Int, { nullable: true, description: 'The version the review ended with.' })
  @Column('int', { nullable: true })
  toVersion: number | null;

  @Field(() => String, { nullable: true, description: 'What the review concluded.' })
  @Column('text', { nullable: true })
  outcome: string | null;
}
