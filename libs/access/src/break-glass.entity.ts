import { Field, GraphQLISODateTime, ID, ObjectType } from '@nestjs/graphql';
import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** An emergency opening of a record outside the user's relationships: why, by whom, until when, and its review. */
@ObjectType()
@Entity({ name: 'break_glass' })
export class BreakGlassAccess {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Field(() => ID)
  @Column('uuid')
  personId: string;

  @Field()
  @Column('text')
  userSubject: string;

  @Field()
  @Column('text')
  userName: string;

  @Field(() => String, { nullable: true })
  @Column('text', { nullable: true })
  organisationOds: string | null;

  @Field()
  @Column('text')
  reason: string;

  @Field(() => GraphQLISODateTime)
  @Column('timestamptz')
  openedAt: Date;

  @Field(() => GraphQLISODateTime)
  @Column('timestamptz')
  expiresAt: Date;

  @Field(() => GraphQLISODateTime, { nullable: true })
  @Column('timestamptz', { nullable: true })
  reviewedAt: Date | null;

  @Field(() => String, { nullable: true })
  @Column('text', { nullable: true })
  reviewedBy: string | null;

  @Field(() => String, { nullable: true })
  @Column('text', { nullable: true })
  reviewNote: string | null;
}
