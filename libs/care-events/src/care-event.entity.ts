import { Field, GraphQLISODateTime, ID, Int, ObjectType } from '@nestjs/graphql';
import { Column, Entity, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { PersonLevel } from '@app/access';
import { PlaceOfDeath } from '@app/care-plans';
import { Organisation } from '@app/organisations';
import { Person } from '@app/persons';
import { CareEventKind, CareHomeSetting, DischargeDestination } from './care-event-codes';

/**
 * Something that happened to a person, reported by a partner or a professional: the review
 * triggers and the outcome measures read these. Never changed once recorded; a partner's retry
 * with the same source identifier is the same event. CHECKs tie each kind to its details.
 */
@ObjectType({ description: 'An admission, A&E attendance, discharge, reablement, care home admission, delayed transfer or death.' })
@PersonLevel((event: CareEvent) => event.personId)
@Entity({ name: 'care_event' })
export class CareEvent {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid')
  personId: string;

  @Field(() => Person)
  @ManyToOne(() => Person)
  @JoinColumn({ name: 'person_id' })
  person: Person;

  @Field(() => CareEventKind)
  @Column('text')
  kind: CareEventKind;

  @Field(() => GraphQLISODateTime, { description: 'When it happened (never in the future).' })
  @Column('timestamptz')
  occurredAt: Date;

  @Column('uuid', { nullable: true })
  organisationId: string | null;

  @Field(() => Organisation, { nullable: true, description: 'Where: the hospital trust, care home, reablement service or hospice.' })
  @ManyToOne(() => Organisation)
  @JoinColumn({ name: 'organisation_id' })
  organisation: Organisation | null;

  @Field(() => ID, { nullable: true, description: 'For a discharge or a delayed transfer: the emergency admission it ends or delays.' })
  @Column('uuid', { nullable: true })
  admissionId: string | null;

  @Column('timestamptz', { nullable: true })
  admittedAt: Date | null;

  @Column('text', { nullable: true })
  admissionKind: string | null;

  @Field(() => DischargeDestination, { nullable: true })
  @Column('text', { nullable: true })
  dischargeDestination: DischargeDestination | null;

  @Field(() => CareHomeSetting, { nullable: true })
  @Column('text', { nullable: true })
  careHomeSetting: CareHomeSetting | null;

  @Field(() => Int, { nullable: true })
  @Column('integer', { nullable: true })
  delayedDays: number | null;

  @Field(() => PlaceOfDeath, { nullable: true })
  @Column('text', { nullable: true })
  placeOfDeath: PlaceOfDeath | null;

  @Field(() => String, { nullable: true })
  @Column('text', { nullable: true })
  note: string | null;

  @Field({ description: 'The system that reported it (a partner system, or "care-coordination" for people using this service).' })
  @Column('text')
  sourceSystem: string;

  @Field({ description: "The event's identifier in that system: a retry with the same one is the same event." })
  @Column('text')
  sourceIdentifier: string;

  @Field({ description: 'Who recorded it (token subject).' })
  @Column('text')
  recordedBy: string;

  @Field(() => GraphQLISODateTime)
  @Column('timestamptz')
  recordedAt: Date;
}
