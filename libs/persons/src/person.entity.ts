import { Field, ID, ObjectType } from '@nestjs/graphql';
import { PersonLevel } from '@app/access';
import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { VersionedRecord } from '@app/database';
import { CommunicationNeed, NhsNumberVerificationStatus, PersonFlag, Sex } from './person-codes';

/** A patient or citizen, known across health and social care by their NHS number. */
@ObjectType({ description: 'A patient or citizen, keyed by NHS number.' })
@PersonLevel((person: Person) => person.id)
@Entity({ name: 'person' })
export class Person extends VersionedRecord {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Field({ description: 'Ten digits, no spaces.' })
  @Column('text')
  nhsNumber: string;

  @Field(() => NhsNumberVerificationStatus)
  @Column('text')
  nhsNumberVerificationStatus: NhsNumberVerificationStatus;

  @Field()
  @Column('text')
  givenName: string;

  @Field()
  @Column('text')
  familyName: string;

  @Field({ description: 'YYYY-MM-DD' })
  @Column({ type: 'date' })
  dateOfBirth: string;

  @Field(() => Sex)
  @Column('text')
  sex: Sex;

  @Field(() => [String])
  @Column('text', { array: true })
  addressLines: string[];

  @Field(() => String, { nullable: true })
  @Column('text', { nullable: true })
  postcode: string | null;

  @Field(() => String, { nullable: true, description: "ODS code of the person's registered GP practice." })
  @Column('text', { nullable: true })
  gpPracticeOds: string | null;

  @Field(() => String, {
    nullable: true,
    description:
      'ONS code of the local authority the person lives in; it decides who funds social care and can differ from the GP practice area.',
  })
  @Column('text', { nullable: true })
  residenceLocalAuthority: string | null;

  @Field(() => String, { nullable: true, description: 'YYYY-MM-DD' })
  @Column({ type: 'date', nullable: true })
  dateOfDeath: string | null;

  @Field(() => [PersonFlag])
  @Column('text', { array: true })
  flags: PersonFlag[];

  @Field(() => [CommunicationNeed])
  @Column('text', { array: true })
  communicationNeeds: CommunicationNeed[];

  @Field(() => String, { nullable: true })
  @Column('text', { nullable: true })
  interpreterLanguage: string | null;

  @Field(() => String, { nullable: true, description: 'Reasonable adjustments in the words of the person or their carer.' })
  @Column('text', { nullable: true })
  reasonableAdjustments: string | null;
}
