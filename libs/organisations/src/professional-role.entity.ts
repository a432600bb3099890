import { Field, ID, ObjectType } from '@nestjs/graphql';
import { Column, CreateDateColumn, Entity, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Organisation } from './organisation.entity';

/** A professional's job in an organisation, from a start date to an end date (FHIR PractitionerRole). */
@ObjectType({ description: "A professional's job in an organisation (FHIR PractitionerRole)." })
@Entity({ name: 'professional_role' })
export class ProfessionalRole {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Field(() => ID)
  @Column('uuid')
  professionalId: string;

  @Column('uuid')
  organisationId: string;

  @Field(() => Organisation)
  @ManyToOne(() => Organisation)
  @JoinColumn({ name: 'organisation_id' })
  organisation: Organisation;

  @Field({ description: 'Job title, as the organisation calls it ("Community matron, frailty").' })
  @Column('text')
  jobTitle: string;

  @Field({ description: 'YYYY-MM-DD' })
  @Column('date')
  startDate: string;

  @Field(() => String, { nullable: true, description: 'YYYY-MM-DD; null while the role lasts.' })
  @Column('date', { nullable: true })
  endDate: string | null;

  /** Orders members and roles that started on the same day by when they were recorded. */
  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
