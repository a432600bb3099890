import { Field, ID, ObjectType } from '@nestjs/graphql';
import { Column } from 'typeorm';

/** What every row that belongs to one plan carries: the plan, and (for access checks and audit) its person. */
@ObjectType({ isAbstract: true })
export abstract class CarePlanPart {
  @Field(() => ID)
  @Column('uuid')
  carePlanId: string;

  @Column('uuid')
  personId: string;
}
