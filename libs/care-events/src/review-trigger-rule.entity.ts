import { Field, GraphQLISODateTime, ID, Int, ObjectType } from '@nestjs/graphql';
import { Column, Entity, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Organisation } from '@app/organisations';
import { ReviewTriggerKind } from './care-event-codes';

/**
 * Whether a trigger notifies the lead and puts the plan under review, and within how many days,
 * for the whole care system (no organisation) or an organisation and everything under it. The rule
 * nearest the person's practice applies (the database function raise_review_triggers reads these).
 */
@ObjectType({ description: 'A review trigger rule: for the whole care system, or a locality, PCN or practice and below.' })
@Entity({ name: 'review_trigger_rule' })
export class ReviewTriggerRule {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid', { nullable: true })
  organisationId: string | null;

  @Field(() => Organisation, { nullable: true, description: 'Null: the default for the whole care system.' })
  @ManyToOne(() => Organisation)
  @JoinColumn({ name: 'organisation_id' })
  organisation: Organisation | null;

  @Field(() => ReviewTriggerKind)
  @Column('text')
  triggerKind: ReviewTriggerKind;

  @Field({ description: 'False switches the trigger off here (overriding a rule above).' })
  @Column('boolean')
  enabled: boolean;

  @Field(() => Int, { nullable: true, description: 'The plan goes under review, due within this many days; null: notify the lead only.' })
  @Column('integer', { nullable: true })
  reviewWithinDays: number | null;

  @Field()
  @Column('text')
  updatedBy: string;

  @Field(() => GraphQLISODateTime)
  @Column('timestamptz')
  updatedAt: Date;
}
