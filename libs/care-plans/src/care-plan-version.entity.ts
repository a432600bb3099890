import { Field, GraphQLISODateTime, ID, Int, ObjectType } from '@nestjs/graphql';
import { PersonLevel } from '@app/access';
import { Column, Entity, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Professional } from '@app/organisations';
import { CarePlanStatus } from './care-plan-codes';
import { CarePlanContent } from './care-plan-content';
import type { StoredContent } from './care-plan-content';
import { CarePlanPart } from './care-plan-part';

/** One saved version of a plan: the whole content as it was, who saved it and when. Never changed. */
@ObjectType({ description: 'One saved version of a care plan, as it was then. Versions are never changed.' })
@PersonLevel((version: CarePlanVersion) => version.personId)
@Entity({ name: 'care_plan_version' })
export class CarePlanVersion extends CarePlanPart {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Field(() => Int)
  @Column('int')
  version: number;

  @Field(() => CarePlanStatus, { description: 'The status the plan had in this version.' })
  @Column('text')
  status: CarePlanStatus;

  @Field(() => CarePlanContent)
  @Column('jsonb')
  content: StoredContent;

  @Field({ description: 'What was done: "created", "updated", "activated", "review started"...' })
  @Column('text')
  change: string;

  @Column('uuid')
  authorId: string;

  @Field(() => Professional)
  @ManyToOne(() => Professional)
  @JoinColumn({ name: 'author_id' })
  author: Professional;

  @Field(() => GraphQLISODateTime)
  @Column('timestamptz')
  savedAt: Date;
}
