import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, FindOptionsWhere, IsNull, Repository } from 'typeorm';
import { findOrRefuse, lockAtVersion } from '@app/database';
import { DomainError } from '@app/errors';
import {
  membershipAlreadyEnded,
  membershipNotFound,
  Organisation,
  organisationNotFound,
  Professional,
  professionalNotFound,
  Team,
  teamNotFound,
} from '@app/organisations';
import { Person, PersonsService } from '@app/persons';
import { assertDatesInOrder, definedOnly, endDateFor, refuseCleared, today } from '@app/validation';
import { CareTeamMemberKind } from './care-team-codes';
import { CareTeamMember } from './care-team-member.entity';
import { AddCareTeamMemberInput, CareTeamArgs, EndCareTeamMembershipInput, UpdateCareTeamMemberInput } from './care-team.types';

const WITH_WHO = { professional: true, organisation: true, team: true } as const;

const WHO_FIELDS = ['professionalId', 'organisationId', 'teamId', 'name', 'relationship'] as const;
type Who = Partial<Record<(typeof WHO_FIELDS)[number], string | null>>;

/** The fields that say who a member of each kind is; the others stay empty (as the table's CHECK insists). */
const IDENTIFIED_BY: Record<CareTeamMemberKind, readonly (typeof WHO_FIELDS)[number][]> = {
  PROFESSIONAL: ['professionalId'],
  ORGANISATION: ['organisationId'],
  TEAM: ['teamId'],
  CARER: ['name', 'relationship'],
  RELATIVE: ['name', 'relationship'],
  THE_PERSON: [],
};

function assertIdentifiedByKind(kind: CareTeamMemberKind, who: Who): void {
  const needed = IDENTIFIED_BY[kind];
  const problems = WHO_FIELDS.flatMap((field) => {
    const given = who[field] !== undefined && who[field] !== null;
    if (needed.includes(field) === given) return [];
    return [{ field, message: given ? `not for a ${kind} member` : `needed for a ${kind} member` }];
  });
  if (problems.length > 0) {
    throw new DomainError('BAD_USER_INPUT', problems.map((p) => `${p.field} is ${p.message}`).join('; '), { fields: problems });
  }
}

/** The care team around each person: who is involved, in what role, from when to when. */
@Injectable()
export class CareTeamsService {
  constructor(
    @InjectRepository(CareTeamMember) private readonly members: Repository<CareTeamMember>,
    private readonly persons: PersonsService,
  ) {}

  /** Adds a member; one already in the team (the same professional, organisation or team) is refused. */
  async addMember(input: AddCareTeamMemberInput): Promise<CareTeamMember> {
    const { nhsNumber, ...member } = input;
    assertIdentifiedByKind(member.kind, member);
    return this.members.manager.transaction(async (tx) => {
      const person = await this.persons.lockByNhsNumber(tx, nhsNumber);
      if (member.professionalId) {
        await findOrRefuse(tx, Professional, member.professionalId, () =>
          professionalNotFound(member.professionalId!, 'professionalId'),
        );
      }
      if (member.organisationId) {
        await findOrRefuse(tx, Organisation, member.organisationId, () =>
          organisationNotFound(member.organisationId!, 'organisationId'),
        );
      }
      if (member.teamId) await findOrRefuse(tx, Team, member.teamId, () => teamNotFound(member.teamId!, 'teamId'));
      return this.insert(tx, { ...member, personId: person.id });
    });
  }

  async updateMember(input: UpdateCareTeamMemberInput): Promise<CareTeamMember> {
    const { id, expectedVersion, ...changes } = input;
    refuseCleared(changes, ['roleInCare', 'startDate']);
    return this.members.manager.transaction(async (tx) => {
      const current = await lockAtVersion(tx, CareTeamMember, id, expectedVersion, () => membershipNotFound(id));
      const changed = definedOnly(changes);
      const next = { ...current, ...changed };
      assertIdentifiedByKind(next.kind, next);
      assertDatesInOrder(next.startDate, next.endDate);
      await tx.update(CareTeamMember, { id }, { ...changed, version: current.version + 1 });
      return this.load(tx, id);
    });
  }

  /** Ends a membership on the date given (today if none). The lead cannot leave while they lead. */
  endMembership(input: EndCareTeamMembershipInput): Promise<CareTeamMember> {
    return this.members.manager.transaction(async (tx) => {
      const { personId } = await findOrRefuse(tx, CareTeamMember, input.id, () => membershipNotFound(input.id));
      // The person first, as lead changes lock them: so ending and handing over take turns.
      await findOrRefuse(tx, Person, personId, () => membershipNotFound(input.id), true);
      const member = await findOrRefuse(tx, CareTeamMember, input.id, () => membershipNotFound(input.id), true);
      const endDate = endDateFor(member, input.endDate, () => membershipAlreadyEnded(member.endDate!));
      if (member.isLead) {
        throw new DomainError('MEMBER_IS_LEAD', 'They are the accountable lead: hand the lead over or end it first', {
          memberId: member.id,
        });
      }
      await tx.update(
        CareTeamMember,
        { id: member.id },
        { endDate, endReason: input.endReason ?? null, version: member.version + 1 },
      );
      return this.load(tx, member.id);
    });
  }

  /** A person's care team, current members first, then (if asked) those who have left, latest first. One query. */
  async careTeam({ nhsNumber, includeEnded }: CareTeamArgs): Promise<CareTeamMember[]> {
    const query = this.members
      .createQueryBuilder('m')
      .innerJoin(Person, 'p', 'p.id = m.person_id')
      .leftJoinAndSelect('m.professional', 'professional')
      .leftJoinAndSelect('m.organisation', 'organisation')
      .leftJoinAndSelect('m.team', 'team')
      .where('p.nhs_number = :nhsNumber', { nhsNumber });
    if (!includeEnded) query.andWhere('m.end_date IS NULL');
    const members = await query
      .orderBy('m.endDate', 'DESC', 'NULLS FIRST')
      .addOrderBy('m.startDate', 'ASC')
      .addOrderBy('m.createdAt', 'ASC')
      .addOrderBy('m.id', 'ASC')
      .getMany();
    if (members.length === 0 && !(await this.persons.findByNhsNumber(nhsNumber))) {
      throw new DomainError('PERSON_NOT_FOUND', `No person with NHS number ${nhsNumber} is registered`, { nhsNumber });
    }
    return members;
  }

  /**
   * The professional's active membership of the person's care team, added if they have none (a lead
   * is always in the care team). The caller holds the person's lock.
   */
  async ensureProfessional(tx: EntityManager, personId: string, professionalId: string): Promise<CareTeamMember> {
    const existing = await tx.findOneBy(CareTeamMember, { personId, professionalId, endDate: IsNull() });
    return (
      existing ??
      this.insert(tx, { personId, kind: CareTeamMemberKind.PROFESSIONAL, professionalId, roleInCare: 'Lead professional' })
    );
  }

  private async insert(
    tx: EntityManager,
    member: Pick<CareTeamMember, 'personId' | 'kind' | 'roleInCare'> & Who & { contact?: string | null; startDate?: string },
  ): Promise<CareTeamMember> {
    const sameMember = this.activeSameMember(member);
    const existing = sameMember && (await tx.findOneBy(CareTeamMember, sameMember));
    if (existing) {
      throw new DomainError('ALREADY_A_MEMBER', `They are already in this person's care team (since ${existing.startDate})`, {
        existingMemberId: existing.id,
      });
    }
    const { identifiers } = await tx.insert(CareTeamMember, {
      professionalId: null,
      organisationId: null,
      teamId: null,
      name: null,
      relationship: null,
      contact: null,
      ...definedOnly(member),
      startDate: member.startDate ?? today(),
      endDate: null,
      endReason: null,
      version: 1,
    });
    return this.load(tx, identifiers[0].id);
  }

  /** What finds the member's current membership, if they are one whom the team holds only once at a time. */
  private activeSameMember(
    member: { personId: string; kind: CareTeamMemberKind } & Who,
  ): FindOptionsWhere<CareTeamMember> | null {
    const active = { personId: member.personId, kind: member.kind, endDate: IsNull() };
    switch (member.kind) {
      case CareTeamMemberKind.PROFESSIONAL:
        return { ...active, professionalId: member.professionalId! };
      case CareTeamMemberKind.ORGANISATION:
        return { ...active, organisationId: member.organisationId! };
      case CareTeamMemberKind.TEAM:
        return { ...active, teamId: member.teamId! };
      case CareTeamMemberKind.THE_PERSON:
        return active;
      default:
        return null; // carers and relatives are told apart by name
    }
  }

  private load(tx: EntityManager, id: string): Promise<CareTeamMember> {
    return tx.findOneOrFail(CareTeamMember, { where: { id }, relations: WITH_WHO });
  }
}
