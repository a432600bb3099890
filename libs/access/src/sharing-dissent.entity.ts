import { Field, GraphQLISODateTime, ID, ObjectType } from '@nestjs/graphql';
import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { PersonLevel } from './person-level';

/** A person's recorded objection to their record being shared with an organisation, or with everyone outside their GP practice. */
@ObjectType()
@PersonLevel((dissent: SharingDissent) => dissent.personId)
@Entity({ name: 'sharing_dissent' })
export class SharingDissent {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Field(() => ID)
  @Column('uuid')
  personId: string;

  @Field(() => String, { nullable: true, description: 'The organisation (ODS code) not to share with; null means everyone outside their GP practice.' })
  @Column('text', { nullable: true })
  organisationOds: string | null;

  @Field(() => String, { nullable: true })
  @Column('text', { nullable: true })
  note: string | null;

  @Field()
  @Column('text')
  recordedBy: string;

  @Field(() => GraphQLISODateTime)
  @Column('timestamptz')
  recordedAt: Date;

  @Field(() => GraphQLISODateTime, { nullable: true })
  @Column('timestamptz', { nullable: true })
  withdrawnAt: Date | null;

  @Field(() => String, { nullable: true })
  @Column('text', { nullable: true })
  withdrawnBy: string | null;
}
