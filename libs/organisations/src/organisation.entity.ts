import { Field, ID, ObjectType } from '@nestjs/graphql';
import { Column, Entity, PrimaryColumn } from 'typeorm';
import { VersionedRecord } from '@app/database';
import { OrganisationKind } from './organisation-codes';

/** A GP practice, PCN, locality, trust, council, voluntary group, care home or hospice. */
@ObjectType({ description: 'A GP practice, PCN or federation, locality, trust, council, voluntary group, care home or hospice.' })
@Entity({ name: 'organisation' })
export class Organisation extends VersionedRecord {
  @Field(() => ID)
  @PrimaryColumn('uuid')
  id: string;

  @Field(() => String, { nullable: true, description: 'ODS code, where the organisation has one; unique.' })
  @Column('text', { nullable: true })
  odsCode: string | null;

  @Field()
  @Column('text')
  name: string;

  @Field(() => OrganisationKind)
  @Column('text')
  kind: OrganisationKind;

  @Field(() => ID, {
    nullable: true,
    description: 'The organisation this one belongs to: a practice its PCN, a PCN its locality.',
  })
  @Column('uuid', { nullable: true })
  parentId: string | null;

  /** Ids from the top of the hierarchy down to this one ([locality, pcn, practice]): `path @> {X}` finds all under X. */
  @Column('uuid', { array: true })
  path: string[];
}
