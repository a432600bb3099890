import { Field, ID, ObjectType } from '@nestjs/graphql';
import { Column, CreateDateColumn, Entity, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Professional } from './professional.entity';
import { Team } from './team.entity';

/** A professional's membership of a team, from a start date to an end date. */
@ObjectType({ description: "A professional's membership of a team." })
@Entity({ name: 'team_member' })
export class TeamMember {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid')
  teamId: string;

  @Field(() => Team)
  @ManyToOne(() => Team)
  @JoinColumn({ name: 'team_id' })
  team: Team;

  @Column('uuid')
  professionalId: string;

  @Field(() => Professional)
  @ManyToOne(() => Professional)
  @JoinColumn({ name: 'professional_id' })
  professional: Professional;

  @Field(() => String, { nullable: true, description: 'Their part in the team ("Chair", "Social worker").' })
  @Column('text', { nullable: true })
  role: string | null;

  @Field({ description: 'YYYY-MM-DD' })
  @Column('date')
  startDate: string;

  @Field(() => String, { nullable: true, description: 'YYYY-MM-DD; null while they are a member.' })
  @Column('date', { nullable: true })
  endDate: string | null;

  /** Orders members and roles that started on the same day by when they were recorded. */
  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
