import { Field, GraphQLISODateTime, ID, ObjectType } from '@nestjs/graphql';
import { PersonLevel } from '@app/access';
import { Column, Entity, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Professional } from '@app/organisations';
import { Person } from '@app/persons';

/**
 * A period in which one professional was a person's accountable lead. At most one period per person
 * is open (ended_at null): a partial unique index guarantees it.
 */
@ObjectType({ description: "A period in which a professional is or was a person's accountable lead professional." })
@PersonLevel((lead: LeadProfessional) => lead.personId)
@Entity({ name: 'lead_professional' })
export class LeadProfessional {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid')
  personId: string;

  @Field(() => Person)
  @ManyToOne(() => Person)
  @JoinColumn({ name: 'person_id' })
  person: Person;

  @Column('uuid')
  professionalId: string;

  @Field(() => Professional)
  @ManyToOne(() => Professional)
  @JoinColumn({ name: 'professional_id' })
  professional: Professional;

  @Field(() => ID, { description: "The lead's membership of the person's care team." })
  @Column('uuid')
  careTeamMemberId: string;

  @Field(() => GraphQLISODateTime)
  @Column('timestamptz')
  startedAt: Date;

  @Field(() => GraphQLISODateTime, { nullable: true, description: 'Null while they lead.' })
  @Column('timestamptz', { nullable: true })
  endedAt: Date | null;
}
