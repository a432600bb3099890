import { Field, GraphQLISODateTime, ID, ObjectType, registerEnumType } from '@nestjs/graphql';
import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

export enum AuditOutcome {
  PERMITTED = 'PERMITTED',
  REFUSED = 'REFUSED',
}
registerEnumType(AuditOutcome, { name: 'AuditOutcome' });

/** One access to, or attempt at, a person's record: who, as what, which person, what, why, when, and the outcome. */
@ObjectType()
@Entity({ name: 'audit_event' })
export class AuditEvent {
  @Field(() => ID)
  @PrimaryGeneratedColumn('identity', { type: 'bigint' })
  id: string;

  @Field(() => GraphQLISODateTime)
  @Column('timestamptz')
  occurredAt: Date;

  @Field({ description: "The user's token subject." })
  @Column('text')
  userSubject: string;

  @Field()
  @Column('text')
  userName: string;

  @Field(() => String, { nullable: true })
  @Column('uuid', { nullable: true })
  professionalId: string | null;

  @Field(() => String, { nullable: true, description: 'ODS code of the organisation they acted for.' })
  @Column('text', { nullable: true })
  organisationOds: string | null;

  @Field(() => [String])
  @Column('text', { array: true })
  roles: string[];

  @Field(() => String, { nullable: true })
  @Column('uuid', { nullable: true })
  personId: string | null;

  @Field({ description: 'The operation, such as Query.person or Mutation.updatePerson.' })
  @Column('text')
  action: string;

  @Field({ description: 'What was read or changed: Person, CareTeamMember, LeadProfessional...' })
  @Column('text')
  entity: string;

  @Field({ description: 'Purpose of use: DIRECT_CARE unless stated (X-Purpose-Of-Use), BREAK_GLASS with its reason.' })
  @Column('text')
  purpose: string;

  @Field(() => AuditOutcome)
  @Column('text')
  outcome: AuditOutcome;

  @Field(() => String, { nullable: true, description: 'The relationship that allowed it, or why it was refused.' })
  @Column('text', { nullable: true })
  basis: string | null;
}
