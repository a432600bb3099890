import { Field, GraphQLISODateTime, Int, ObjectType } from '@nestjs/graphql';
import { Column, CreateDateColumn, UpdateDateColumn } from 'typeorm';

/** What every record changed by `update…(expectedVersion)` carries: its version and when it was made and changed. */
@ObjectType({ isAbstract: true })
export abstract class VersionedRecord {
  @Field(() => Int, { description: 'Increases with every change; updates name the version they read.' })
  @Column('int')
  version: number;

  @Field(() => GraphQLISODateTime)
  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @Field(() => GraphQLISODateTime)
  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
