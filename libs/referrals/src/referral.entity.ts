import { Field, GraphQLISODateTime, ID, Int, ObjectType } from '@nestjs/graphql';
import { PersonLevel } from '@app/access';
import { Column, Entity, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Organisation, Professional, Team } from '@app/organisations';
import { Person } from '@app/persons';
import { ReferralPriority, ReferralSource, ReferralStatus } from './referral-states';

/**
 * A referral into the single point of referral. Open while closed_at is null (other libraries count
 * open referrals that way); at most one open referral per person and service (a partial unique
 * index); a claimed or accepted referral has exactly one holder (a CHECK).
 */
@ObjectType({ description: 'A referral into the single point of referral (SPoA), and where it is now.' })
@PersonLevel((referral: Referral) => referral.personId)
@Entity({ name: 'referral' })
export class Referral {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid')
  personId: string;

  @Field(() => Person, { description: 'Who the referral is for.' })
  @ManyToOne(() => Person)
  @JoinColumn({ name: 'person_id' })
  person: Person;

  @Field({ description: 'The service asked for (a code from referralServices).' })
  @Column('text')
  serviceCode: string;

  @Field(() => ReferralStatus)
  @Column('text')
  status: ReferralStatus;

  @Field(() => ReferralSource, { description: 'Who refers: GP, hospital discharge team, ambulance, social care, self or carer…' })
  @Column('text')
  source: ReferralSource;

  @Field(() => ReferralPriority, { description: 'The urgency the referrer asked for.' })
  @Column('text')
  requestedUrgency: ReferralPriority;

  @Field()
  @Column('text')
  reason: string;

  @Field({ description: 'The referrer, as they named themselves.' })
  @Column('text')
  referrerName: string;

  @Field(() => String, { nullable: true, description: 'How to reach the referrer (telephone, nhs.net address).' })
  @Column('text', { nullable: true })
  referrerContact: string | null;

  @Column('uuid', { nullable: true })
  referringOrganisationId: string | null;

  @Field(() => Organisation, { nullable: true, description: 'The organisation the referrer works for, if known.' })
  @ManyToOne(() => Organisation, { nullable: true })
  @JoinColumn({ name: 'referring_organisation_id' })
  referringOrganisation: Organisation | null;

  @Column('uuid')
  spoaOrganisationId: string;

  @Field(() => Organisation, { description: 'The organisation whose single point of referral received it and triages it.' })
  @ManyToOne(() => Organisation)
  @JoinColumn({ name: 'spoa_organisation_id' })
  spoaOrganisation: Organisation;

  /** The token subject of whoever sent it (a professional, or a partner system). */
  @Column('text')
  sentBy: string;

  @Column('uuid', { nullable: true })
  sentByProfessionalId: string | null;

  @Field(() => [ReferralAttachment], { description: 'Documents by reference (letters, discharge summaries): never copies.' })
  @Column('jsonb')
  attachments: ReferralAttachment[];

  @Field(() => ID, { nullable: true, description: 'For a LINKED referral: the open referral it was recorded against.' })
  @Column('uuid', { nullable: true })
  linkedToId: string | null;

  @Field(() => GraphQLISODateTime)
  @Column('timestamptz')
  receivedAt: Date;

  @Field(() => ReferralPriority, { nullable: true, description: 'Set at triage.' })
  @Column('text', { nullable: true })
  priority: ReferralPriority | null;

  @Column('uuid', { nullable: true })
  teamId: string | null;

  @Field(() => Team, { nullable: true, description: 'The team whose queue it is in; null before triage.' })
  @ManyToOne(() => Team, { nullable: true })
  @JoinColumn({ name: 'team_id' })
  team: Team | null;

  @Field(() => GraphQLISODateTime, { nullable: true })
  @Column('timestamptz', { nullable: true })
  triagedAt: Date | null;

  @Field(() => GraphQLISODateTime, { nullable: true, description: 'When the response standard says the team must have accepted it, from its hours.' })
  @Column('timestamptz', { nullable: true })
  dueAt: Date | null;

  @Column('uuid', { nullable: true })
  heldById: string | null;

  @Field(() => Professional, { nullable: true, description: 'Who holds it while it is claimed or accepted.' })
  @ManyToOne(() => Professional, { nullable: true })
  @JoinColumn({ name: 'held_by_id' })
  heldBy: Professional | null;

  @Field(() => GraphQLISODateTime, { nullable: true })
  @Column('timestamptz', { nullable: true })
  claimedAt: Date | null;

  @Field(() => GraphQLISODateTime, { nullable: true })
  @Column('timestamptz', { nullable: true })
  acceptedAt: Date | null;

  @Column('uuid', { nullable: true })
  acceptedById: string | null;

  @Field(() => String, { nullable: true, description: 'What came of it, when completed.' })
  @Column('text', { nullable: true })
  outcome: string | null;

  @Field(() => String, { nullable: true, description: 'Why it was declined or withdrawn.' })
  @Column('text', { nullable: true })
  closeReason: string | null;

  @Field(() => GraphQLISODateTime, { nullable: true, description: 'Null while the referral is open work.' })
  @Column('timestamptz', { nullable: true })
  closedAt: Date | null;

  @Field(() => Int, { description: 'Increases with every step.' })
  @Column('int')
  version: number;
}

@ObjectType({ description: 'A document held elsewhere, by reference.' })
export class ReferralAttachment {
  @Field()
  title: string;

  @Field({ description: 'Where the document is (a URL or a document reference id).' })
  reference: string;

  @Field(() => String, { nullable: true, description: 'MIME type, e.g. application/pdf.' })
  contentType?: string | null;
}

