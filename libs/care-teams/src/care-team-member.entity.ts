import { Field, ID, ObjectType } from '@nestjs/graphql';
import { PersonLevel } from '@app/access';
import { Column, Entity, JoinColumn, ManyToOne, PrimaryGeneratedColumn, VirtualColumn } from 'typeorm';
import { VersionedRecord } from '@app/database';
import { Organisation, Professional, Team } from '@app/organisations';
import { CareTeamMemberKind } from './care-team-codes';

/**
 * One member of the care team around a person: a professional, an organisation, a team, a carer
 * or relative, or the person themself, with their role in this person's care. Ending a membership
 * sets its end date; nothing is deleted.
 */
@ObjectType({ description: "A member of the care team around one person, with their role in that person's care." })
@PersonLevel((member: CareTeamMember) => member.personId)
@Entity({ name: 'care_team_member' })
export class CareTeamMember extends VersionedRecord {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Field(() => ID)
  @Column('uuid')
  personId: string;

  @Field(() => CareTeamMemberKind)
  @Column('text')
  kind: CareTeamMemberKind;

  @Column('uuid', { nullable: true })
  professionalId: string | null;

  @Field(() => Professional, { nullable: true, description: 'For kind PROFESSIONAL.' })
  @ManyToOne(() => Professional, { nullable: true })
  @JoinColumn({ name: 'professional_id' })
  professional: Professional | null;

  @Column('uuid', { nullable: true })
  organisationId: string | null;

  @Field(() => Organisation, { nullable: true, description: 'For kind ORGANISATION.' })
  @ManyToOne(() => Organisation, { nullable: true })
  @JoinColumn({ name: 'organisation_id' })
  organisation: Organisation | null;

  @Column('uuid', { nullable: true })
  teamId: string | null;

  @Field(() => Team, { nullable: true, description: 'For kind TEAM.' })
  @ManyToOne(() => Team, { nullable: true })
  @JoinColumn({ name: 'team_id' })
  team: Team | null;

  @Field(() => String, { nullable: true, description: 'For a carer or relative: their name.' })
  @Column('text', { nullable: true })
  name: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'For a carer or relative: how they are related ("daughter", "neighbour").',
  })
  @Column('text', { nullable: true })
  relationship: string | null;

  @Field(() => String, { nullable: true, description: 'How to reach them (telephone, email) about this person.' })
  @Column('text', { nullable: true })
  contact: string | null;

  @Field({ description: 'Their role in this person\'s care ("main carer", "wound care", "social worker").' })
  @Column('text')
  roleInCare: string;

  @Field({ description: 'YYYY-MM-DD' })
  @Column('date')
  startDate: string;

  @Field(() => String, { nullable: true, description: 'YYYY-MM-DD; null while they are in the care team.' })
  @Column('date', { nullable: true })
  endDate: string | null;

  @Field(() => String, { nullable: true })
  @Column('text', { nullable: true })
  endReason: string | null;

  @Field({ description: "Whether this member is the person's accountable lead professional now." })
  @VirtualColumn({
    type: 'boolean',
    query: (alias) =>
      `SELECT EXISTS (SELECT 1 FROM lead_professional l WHERE l.care_team_member_id = ${alias}.id AND l.ended_at IS NULL)`,
  })
  isLead: boolean;
}
