import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { FindOptionsWhere, In, IsNull, Repository } from 'typeorm';
import { findOrRefuse, lockAtVersion, refusingDuplicate } from '@app/database';
import { DomainError } from '@app/errors';
import { assertDatesInOrder, assertNotInFuture, definedOnly, endDateFor, refuseCleared, today } from '@app/validation';
import { EndInput } from './common.types';
import { Organisation } from './organisation.entity';
import { organisationNotFound } from './organisations.service';
import { professionalNotFound } from './professionals.service';
import { Professional } from './professional.entity';
import { TeamMember } from './team-member.entity';
import { Team } from './team.entity';
import { AddTeamMemberInput, CreateTeamInput, TeamsOfArgs, UpdateTeamInput } from './team.types';

export const teamNotFound = (id: string, field = 'id') =>
  new DomainError('TEAM_NOT_FOUND', `No team with id ${id}`, { id, fields: [{ field, message: 'unknown team' }] });

const WITH_TEAM_AND_PROFESSIONAL = { team: true, professional: true } as const;

/** Teams (MDTs, hubs, community and social care teams) and who is in them. */
@Injectable()
export class TeamsService {
  constructor(
    @InjectRepository(Team) private readonly teams: Repository<Team>,
    @InjectRepository(TeamMember) private readonly members: Repository<TeamMember>,
  ) {}

  create(input: CreateTeamInput): Promise<Team> {
    return this.teams.manager.transaction(async (tx) => {
      await findOrRefuse(tx, Organisation, input.organisationId, () =>
        organisationNotFound(input.organisationId, 'organisationId'),
      );
      const { identifiers } = await tx.insert(Team, {
        ...input,
        startDate: input.startDate ?? today(),
        endDate: null,
        version: 1,
      });
      return tx.findOneByOrFail(Team, { id: identifiers[0].id });
    });
  }

  async update(input: UpdateTeamInput): Promise<Team> {
    const { id, expectedVersion, ...changes } = input;
    refuseCleared(changes, ['name', 'kind', 'organisationId', 'startDate']);
    return this.teams.manager.transaction(async (tx) => {
      const current = await lockAtVersion(tx, Team, id, expectedVersion, () => teamNotFound(id));
      const changed = definedOnly(changes);
      if (changed.organisationId) {
        await findOrRefuse(tx, Organisation, changed.organisationId, () =>
          organisationNotFound(changed.organisationId!, 'organisationId'),
        );
      }
      const next = { ...current, ...changed };
      assertNotInFuture(changed.endDate, 'endDate');
      assertDatesInOrder(next.startDate, next.endDate);
      await tx.update(Team, { id }, { ...changed, version: current.version + 1 });
      return tx.findOneByOrFail(Team, { id });
    });
  }

  findById(id: string): Promise<Team | null> {
    return this.teams.findOneBy({ id });
  }

  findByIds(ids: string[]): Promise<Team[]> {
    return this.teams.findBy({ id: In(ids) });
  }

  /** The teams an organisation runs, by name. */
  async teamsOf({ organisationId, includeEnded }: TeamsOfArgs): Promise<Team[]> {
    const teams = await this.teams.find({
      where: { organisationId, ...(includeEnded ? {} : { endDate: IsNull() }) },
      order: { name: 'ASC', id: 'ASC' },
    });
    if (teams.length === 0 && !(await this.teams.manager.existsBy(Organisation, { id: organisationId }))) {
      throw organisationNotFound(organisationId, 'organisationId');
    }
    return teams;
  }

  /** Adds a professional to a team; one who is already an active member is refused (ALREADY_A_MEMBER). */
  addMember(input: AddTeamMemberInput): Promise<TeamMember> {
    return refusingDuplicate(
      'team_member_active_once',
      () =>
        this.members.manager.transaction(async (tx) => {
          await findOrRefuse(tx, Team, input.teamId, () => teamNotFound(input.teamId, 'teamId'));
          await findOrRefuse(tx, Professional, input.professionalId, () =>
            professionalNotFound(input.professionalId, 'professionalId'),
          );
          const { identifiers } = await tx.insert(TeamMember, {
            ...input,
            role: input.role ?? null,
            startDate: input.startDate ?? today(),
            endDate: null,
          });
          return tx.findOneOrFail(TeamMember, { where: { id: identifiers[0].id }, relations: WITH_TEAM_AND_PROFESSIONAL });
        }),
      async () => {
        const existing = await this.members.findOneBy({
          teamId: input.teamId,
          professionalId: input.professionalId,
          endDate: IsNull(),
        });
        return new DomainError('ALREADY_A_MEMBER', 'The professional is already a member of this team', {
          existingMemberId: existing?.id,
        });
      },
    );
  }

  /** Ends a team membership on the date given (today if none); it stays as history. */
  endMembership(input: EndInput): Promise<TeamMember> {
    return this.members.manager.transaction(async (tx) => {
      const member = await findOrRefuse(tx, TeamMember, input.id, () => membershipNotFound(input.id), true);
      const endDate = endDateFor(member, input.endDate, () => membershipAlreadyEnded(member.endDate!));
      await tx.update(TeamMember, { id: member.id }, { endDate });
      return tx.findOneOrFail(TeamMember, { where: { id: member.id }, relations: WITH_TEAM_AND_PROFESSIONAL });
    });
  }

  /** Members of these teams (for Team.members over a list of teams). */
  membersOf(teamIds: string[], includeEnded: boolean): Promise<TeamMember[]> {
    return this.membershipsWhere({ teamId: In(teamIds) }, includeEnded);
  }

  /** Team memberships of these professionals (for Professional.teamMemberships over a list). */
  membershipsOf(professionalIds: string[], includeEnded: boolean): Promise<TeamMember[]> {
    return this.membershipsWhere({ professionalId: In(professionalIds) }, includeEnded);
  }

  private membershipsWhere(where: FindOptionsWhere<TeamMember>, includeEnded: boolean): Promise<TeamMember[]> {
    return this.members.find({
      where: { ...where, ...(includeEnded ? {} : { endDate: IsNull() }) },
      relations: WITH_TEAM_AND_PROFESSIONAL,
      order: { startDate: 'ASC', createdAt: 'ASC', id: 'ASC' },
    });
  }
}

export const membershipNotFound = (id: string) =>
  new DomainError('MEMBERSHIP_NOT_FOUND', `No membership with id ${id}`, {
    id,
    fields: [{ field: 'id', message: 'unknown membership' }],
  });

export const membershipAlreadyEnded = (endDate: string) =>
  new DomainError('MEMBERSHIP_ALREADY_ENDED', `The membership ended on ${endDate}`, { endDate });
