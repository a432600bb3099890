import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { VersionedRecord } from '@app/database';
import { Profession, RegistrationBody } from './organisation-codes';

/** A practitioner in health or social care (FHIR Practitioner). */
@ObjectType({ description: 'A practitioner in health or social care.' })
@Entity({ name: 'professional' })
export class Professional extends VersionedRecord {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Field()
  @Column('text')
  givenName: string;

  @Field()
  @Column('text')
  familyName: string;

  @Field(() => Profession)
  @Column('text')
  profession: Profession;

  @Field(() => RegistrationBody, { nullable: true })
  @Column('text', { nullable: true })
  registrationBody: RegistrationBody | null;

  @Field(() => String, { nullable: true, description: 'Unique with its registration body.' })
  @Column('text', { nullable: true })
  registrationNumber: string | null;

  @Field(() => Int, { nullable: true, description: 'How many people this professional can lead or case-manage at once.' })
  @Column('int', { nullable: true })
  caseloadCapacity: number | null;
}
