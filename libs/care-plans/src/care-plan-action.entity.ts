import { Field, ID, ObjectType } from '@nestjs/graphql';
import { PersonLevel } from '@app/access';
import { Column, Entity, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { Organisation, Professional, Team } from '@app/organisations';
import { Person } from '@app/persons';
import { CareSector, PlanActionStatus } from './care-plan-codes';
import { CarePlanPart } from './care-plan-part';

/**
 * An action of a plan's current version, as a row, so that "open actions an organisation owns,
 * by due date" is one indexed query across every plan. Rewritten with each version.
 */
@ObjectType({ description: 'An action in the current version of a care plan, with who owns it.' })
@PersonLevel((action: CarePlanAction) => action.personId)
@Entity({ name: 'care_plan_action' })
export class CarePlanAction extends CarePlanPart {
  @Field(() => ID)
  @PrimaryColumn('uuid')
  id: string;

  @Field(() => Person)
  @ManyToOne(() => Person)
  @JoinColumn({ name: 'person_id' })
  person: Person;

  @Column('int')
  position: number;

  @Field()
  @Column('text')
  description: string;

  @Field(() => CareSector)
  @Column('text')
  sector: CareSector;

  @Column('uuid', { nullable: true })
  professionalId: string | null;

  @Field(() => Professional, { nullable: true })
  @ManyToOne(() => Professional, { nullable: true })
  @JoinColumn({ name: 'professional_id' })
  professional: Professional | null;

  @Column('uuid', { nullable: true })
  teamId: string | null;

  @Field(() => Team, { nullable: true })
  @ManyToOne(() => Team, { nullable: true })
  @JoinColumn({ name: 'team_id' })
  team: Team | null;

  @Column('uuid', { nullable: true })
  organisationId: string | null;

  @Field(() => Organisation, { nullable: true })
  @ManyToOne(() => Organisation, { nullable: true })
  @JoinColumn({ name: 'organisation_id' })
  organisation: Organisation | null;

  /** The organisation answerable for it: the owning organisation, or the one that runs the owning team. */
  @Column('uuid', { nullable: true })
  responsibleOrganisationId: string | null;

  @Field({ description: 'YYYY-MM-DD' })
  @Column('date')
  dueDate: string;

  @Field(() => PlanActionStatus)
  @Column('text')
  status: PlanActionStatus;
}
