import { Field, GraphQLISODateTime, ID, ObjectType } from '@nestjs/graphql';
import { PersonLevel } from '@app/access';
import { Column, Entity, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Professional, Team } from '@app/organisations';
import { ReferralStatus, ReferralStep } from './referral-states';

/** One step in a referral's history: what was done, from which status to which, by whom, when and why. */
@ObjectType('ReferralEvent', { description: "One step in a referral's history." })
@PersonLevel((event: ReferralEvent) => event.personId)
@Entity({ name: 'referral_step' })
export class ReferralEvent {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Field(() => ID)
  @Column('uuid')
  referralId: string;

  @Column('uuid')
  personId: string;

  @Field(() => ReferralStep)
  @Column('text')
  step: ReferralStep;

  @Field(() => ReferralStatus, { nullable: true, description: 'Null for the step that recorded the referral.' })
  @Column('text', { nullable: true })
  fromStatus: ReferralStatus | null;

  @Field(() => ReferralStatus)
  @Column('text')
  toStatus: ReferralStatus;

  @Column('uuid', { nullable: true })
  teamId: string | null;

  @Field(() => Team, { nullable: true, description: 'The team whose queue it was in after the step.' })
  @ManyToOne(() => Team, { nullable: true })
  @JoinColumn({ name: 'team_id' })
  team: Team | null;

  @Field({ description: 'Who took the step: a user or partner system, as their token names them.' })
  @Column('text')
  bySubject: string;

  @Column('uuid', { nullable: true })
  byProfessionalId: string | null;

  @Field(() => Professional, { nullable: true })
  @ManyToOne(() => Professional, { nullable: true })
  @JoinColumn({ name: 'by_professional_id' })
  byProfessional: Professional | null;

  @Field(() => GraphQLISODateTime)
  @Column('timestamptz')
  at: Date;

  @Field(() => String, { nullable: true, description: 'The reason, outcome or note given with the step.' })
  @Column('text', { nullable: true })
  reason: string | null;
}
