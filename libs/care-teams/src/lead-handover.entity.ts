import { Field, GraphQLISODateTime, ID, ObjectType } from '@nestjs/graphql';
import { PersonLevel } from '@app/access';
import { Column, Entity, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Professional } from '@app/organisations';
import { HandoverReason } from './care-team-codes';

/** One assignment, handover or end of a person's lead professional: from whom, to whom, why, when and by whom. */
@ObjectType({ description: "An assignment, handover or end of a person's accountable lead professional." })
@PersonLevel((handover: LeadHandover) => handover.personId)
@Entity({ name: 'lead_handover' })
export class LeadHandover {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid')
  personId: string;

  @Column('uuid', { nullable: true })
  previousLeadId: string | null;

  @Field(() => Professional, { nullable: true, description: 'Null for a first assignment.' })
  @ManyToOne(() => Professional, { nullable: true })
  @JoinColumn({ name: 'previous_lead_id' })
  previousLead: Professional | null;

  @Column('uuid', { nullable: true })
  newLeadId: string | null;

  @Field(() => Professional, { nullable: true, description: 'Null when the lead was ended with no one taking over.' })
  @ManyToOne(() => Professional, { nullable: true })
  @JoinColumn({ name: 'new_lead_id' })
  newLead: Professional | null;

  @Field(() => HandoverReason)
  @Column('text')
  reason: HandoverReason;

  @Field(() => String, { nullable: true })
  @Column('text', { nullable: true })
  reasonNote: string | null;

  @Column('uuid')
  recordedById: string;

  @Field(() => Professional, { description: 'Who recorded the change.' })
  @ManyToOne(() => Professional)
  @JoinColumn({ name: 'recorded_by_id' })
  recordedBy: Professional;

  @Field(() => GraphQLISODateTime)
  @Column('timestamptz')
  handedOverAt: Date;
}
