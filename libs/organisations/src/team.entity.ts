import { Field, ID, ObjectType } from '@nestjs/graphql';
import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { VersionedRecord } from '@app/database';
import { TeamKind } from './organisation-codes';

/** A multidisciplinary team, locality hub, community or social care team, owned by an organisation. */
@ObjectType({ description: 'A multidisciplinary team, locality hub, community or social care team, owned by an organisation.' })
@Entity({ name: 'team' })
export class Team extends VersionedRecord {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Field()
  @Column('text')
  name: string;

  @Field(() => TeamKind)
  @Column('text')
  kind: TeamKind;

  @Field(() => ID, { description: 'The organisation that runs the team.' })
  @Column('uuid')
  organisationId: string;

  @Field({ description: 'YYYY-MM-DD' })
  @Column('date')
  startDate: string;

  @Field(() => String, { nullable: true, description: 'YYYY-MM-DD; null while the team runs.' })
  @Column('date', { nullable: true })
  endDate: string | null;
}
