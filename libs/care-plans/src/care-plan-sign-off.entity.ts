import { Field, GraphQLISODateTime, ID, Int, ObjectType } from '@nestjs/graphql';
import { PersonLevel } from '@app/access';
import { Column, Entity, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Professional } from '@app/organisations';
import { CareSector } from './care-plan-codes';
import { CarePlanPart } from './care-plan-part';

/** A professional's sign-off of one version of a plan, for health or social care. */
@ObjectType({ description: 'A sign-off of one version of a care plan by a professional, for one side of the plan.' })
@PersonLevel((signOff: CarePlanSignOff) => signOff.personId)
@Entity({ name: 'care_plan_sign_off' })
export class CarePlanSignOff extends CarePlanPart {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Field(() => Int, { description: 'The version signed off.' })
  @Column('int')
  planVersion: number;

  @Column('uuid')
  professionalId: string;

  @Field(() => Professional)
  @ManyToOne(() => Professional)
  @JoinColumn({ name: 'professional_id' })
  professional: Professional;

  @Field(() => CareSector, { description: 'The side they sign for.' })
  @Column('text')
  sector: CareSector;

  @Field({ description: "Whether they were the person's accountable lead professional when they signed." })
  @Column('boolean')
  asLead: boolean;

  @Field(() => GraphQLISODateTime)
  @Column('timestamptz')
  signedAt: Date;
}
