import { Field, GraphQLISODateTime, ID, Int, ObjectType } from '@nestjs/graphql';
import { PersonLevel } from '@app/access';
import { Column, Entity, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { VersionedRecord } from '@app/database';
import { Professional } from '@app/organisations';
import { Person } from '@app/persons';
import { CarePlanStatus } from './care-plan-codes';
import { CarePlanContent } from './care-plan-content';
import type { StoredContent } from './care-plan-content';

/**
 * A person's joint health and social care plan. The row holds the current version (its content as
 * jsonb, its status and review dates); every version is kept in care_plan_version, and the actions
 * of the current version are rows in care_plan_action. At most one plan per person is current
 * (ACTIVE or UNDER_REVIEW): a partial unique index guarantees it.
 */
@ObjectType({ description: "A person's joint health and social care plan (personalised care and support plan)." })
@PersonLevel((plan: CarePlan) => plan.personId)
@Entity({ name: 'care_plan' })
export class CarePlan extends VersionedRecord {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid')
  personId: string;

  @Field(() => Person)
  @ManyToOne(() => Person)
  @JoinColumn({ name: 'person_id' })
  person: Person;

  @Field(() => CarePlanStatus)
  @Column('text')
  status: CarePlanStatus;

  @Field({ description: 'YYYY-MM-DD: when the plan starts; no action is due before it.' })
  @Column('date')
  startDate: string;

  @Field(() => CarePlanContent, { description: 'What the current version says.' })
  @Column('jsonb')
  content: StoredContent;

  @Field(() => Int)
  @Column('int')
  reviewIntervalDays: number;

  @Field(() => String, { nullable: true, description: 'YYYY-MM-DD; null until the plan is first activated.' })
  @Column('date', { nullable: true })
  nextReviewDate: string | null;

  @Field({ description: 'Whether actions are owned by both health and social care, so that each side signs off.' })
  @Column('boolean')
  isJoint: boolean;

  @Column('uuid')
  createdById: string;

  @Field(() => Professional, { description: 'Who wrote the first version.' })
  @ManyToOne(() => Professional)
  @JoinColumn({ name: 'created_by_id' })
  createdBy: Professional;

  @Field(() => GraphQLISODateTime, { nullable: true, description: 'When it was first activated.' })
  @Column('timestamptz', { nullable: true })
  activatedAt: Date | null;

  @Field(() => GraphQLISODateTime, { nullable: true })
  @Column('timestamptz', { nullable: true })
  closedAt: Date | null;

  @Field(() => String, { nullable: true })
  @Column('text', { nullable: true })
  closeReason: string | null;
}
