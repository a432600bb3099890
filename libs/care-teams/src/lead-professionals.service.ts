import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, IsNull, Repository } from 'typeorm';
import { refusingDuplicate } from '@app/database';
import { DomainError } from '@app/errors';
import { decodeCursor, Page, toPage } from '@app/pagination';
import { Professional, professionalNotFound } from '@app/organisations';
import { PersonsService } from '@app/persons';
import { CareTeamsService } from './care-teams.service';
import { LeadHandover } from './lead-handover.entity';
import { LeadProfessional } from './lead-professional.entity';
import { AssignLeadProfessionalInput, EndLeadProfessionalInput, LeadHistory, PersonsLedByArgs } from './lead-professional.types';

const WITH_WHO = { previousLead: true, newLead: true, recordedBy: true } as const;

const fullName = (p: Professional) => `${p.givenName} ${p.familyName}`;

/**
 * The accountable lead professional: at most one per person at a time (the database's partial
 * unique index guarantees it), every change recorded as a handover. Changes to one person's lead
 * take turns on the person's row, and each names the lead it expects to replace, so of two
 * handovers racing from the same lead one wins and the other is told LEAD_CHANGED.
 */
@Injectable()
export class LeadProfessionalsService {
  constructor(
    @InjectRepository(LeadProfessional) private readonly leads: Repository<LeadProfessional>,
    @InjectRepository(LeadHandover) private readonly handovers: Repository<LeadHandover>,
    private readonly persons: PersonsService,
    private readonly careTeams: CareTeamsService,
  ) {}

  /** Makes a professional the person's lead, handing over from the current lead if there is one. */
  assign(input: AssignLeadProfessionalInput, recordedBy: string | null): Promise<LeadHandover> {
    return this.refusingSecondActiveLead(input.nhsNumber, () =>
      this.leads.manager.transaction((tx) => this.assignWithin(tx, input, recordedBy)),
    );
  }

  /** The same, inside the caller's transaction (an MDT taking someone on records its decision with the lead). */
  async assignWithin(tx: EntityManager, input: AssignLeadProfessionalInput, recordedBy: string | null): Promise<LeadHandover> {
    const person = await this.persons.lockByNhsNumber(tx, input.nhsNumber);
    const recordedById = await this.recorder(tx, recordedBy);
    await this.assertIsProfessional(tx, input.professionalId);
    const current = await this.currentLead(tx, person.id, input.expectedCurrentLeadId);
    if (current?.professionalId === input.professionalId) {
      throw new DomainError('ALREADY_THE_LEAD', `${fullName(current.professional)} already leads this person's care`, {
        currentLeadId: current.professionalId,
      });
    }
    const at = await now(tx);
    if (current) await tx.update(LeadProfessional, { id: current.id }, { endedAt: at });
    const member = await this.careTeams.ensureProfessional(tx, person.id, input.professionalId);
    await tx.insert(LeadProfessional, {
      personId: person.id,
      professionalId: input.professionalId,
      careTeamMemberId: member.id,
      startedAt: at,
      endedAt: null,
    });
    return this.recordHandover(tx, person.id, current?.professionalId ?? null, input.professionalId, input, recordedById, at);
  }

  /**
   * Ends the person's lead with no one taking over; the professional stays in the care team. A person whose tier is case-managed keeps a lead: the database refuses at commit to leave them
   * with none (CASE_MANAGED_NEEDS_LEAD); hand over to a successor, or re-tier them first.
   */
  async end(input: EndLeadProfessionalInput, recordedBy: string | null): Promise<LeadHandover> {
    try {
      return await this.endLead(input, recordedBy);
    } catch (error) {
      if (violates(error, 'case_managed_person_keeps_a_lead')) {
        throw new DomainError(
          'CASE_MANAGED_NEEDS_LEAD',
          "The person's tier is case-managed, so they always have a lead: hand over to a successor instead of ending the lead",
        );
      }
      throw error;
    }
  }

  private endLead(input: EndLeadProfessionalInput, recordedBy: string | null): Promise<LeadHandover> {
    return this.leads.manager.transaction(async (tx) => {
      const person = await this.persons.lockByNhsNumber(tx, input.nhsNumber);
      const recordedById = await this.recorder(tx, recordedBy);
      const current = (await this.currentLead(tx, person.id, input.expectedCurrentLeadId))!;
      const at = await now(tx);
      await tx.update(LeadProfessional, { id: current.id }, { endedAt: at });
      return this.recordHandover(tx, person.id, current.professionalId, null, input, recordedById, at);
    });
  }

  /** Who leads the person's care now, and every assignment, handover and end before, newest first. */
  async history(nhsNumber: string): Promise<LeadHistory> {
    const person = await this.persons.findByNhsNumber(nhsNumber);
    if (!person) throw new DomainError('PERSON_NOT_FOUND', `No person with NHS number ${nhsNumber} is registered`, { nhsNumber });
    const [current, handovers] = await Promise.all([
      this.leads.findOne({ where: { personId: person.id, endedAt: IsNull() }, relations: { person: true, professional: true } }),
      this.handovers.find({ where: { personId: person.id }, relations: WITH_WHO, order: { handedOverAt: 'DESC', id: 'ASC' } }),
    ]);
    return { current, handovers };
  }

  /** Everyone the professional leads now, in name order, one query per page. */
  async pageLedBy({ professionalId, first, after }: PersonsLedByArgs): Promise<Page<LeadProfessional>> {
    const query = this.leads
      .createQueryBuilder('lead')
      .innerJoinAndSelect('lead.person', 'person')
      .innerJoinAndSelect('lead.professional', 'professional')
      .where('lead.professional_id = :professionalId', { professionalId })
      .andWhere('lead.ended_at IS NULL');
    if (after) {
      const [familyName, givenName, id] = decodeCursor(after, 3);
      query.andWhere('(person.family_name, person.given_name, person.id) > (:familyName, :givenName, :id)', {
        familyName,
        givenName,
        id,
      });
    }
    const rows = await query
      .orderBy({ 'person.family_name': 'ASC', 'person.given_name': 'ASC', 'person.id': 'ASC' })
      .limit(first + 1)
      .getMany();
    // An empty first page costs a second query, to tell an unknown professional from one who leads nobody.
    if (rows.length === 0 && !after && !(await this.leads.manager.existsBy(Professional, { id: professionalId }))) {
      throw professionalNotFound(professionalId, 'professionalId');
    }
    return toPage(rows, first, (lead) => [lead.person.familyName, lead.person.givenName, lead.person.id]);
  }

  /** Who is recording the change: the signed-in user, who must be a professional in the directory. */
  private async recorder(tx: EntityManager, professionalId: string | null): Promise<string> {
    if (professionalId && (await tx.existsBy(Professional, { id: professionalId }))) return professionalId;
    throw new DomainError('NOT_AUTHORISED', 'Only a professional in the directory can record a change of lead', {
      professionalId,
    });
  }

  /** The accountable lead must be a named professional: an id of anything else is refused as such. */
  private async assertIsProfessional(tx: EntityManager, id: string): Promise<void> {
    if (await tx.existsBy(Professional, { id })) return;
    const [other] = await tx.query(
      `SELECT 'an organisation' AS what FROM organisation WHERE id = $1
       UNION ALL SELECT 'a team' FROM team WHERE id = $1
       UNION ALL SELECT 'a care team membership (' || lower(kind) || ')' FROM care_team_member WHERE id = $1
       UNION ALL SELECT 'a person' FROM person WHERE id = $1`,
      [id],
    );
    if (!other) throw professionalNotFound(id, 'professionalId');
    throw new DomainError('LEAD_NOT_A_PROFESSIONAL', `The lead must be a named professional; ${id} is ${other.what}`, {
      fields: [{ field: 'professionalId', message: `${other.what}, not a professional` }],
    });
  }

  /** The person's current lead, if it is the one the caller expects (null: nobody); LEAD_CHANGED if not. */
  private async currentLead(tx: EntityManager, personId: string, expected: string | null): Promise<LeadProfessional | null> {
    const current = await tx.findOne(LeadProfessional, {
      where: { personId, endedAt: IsNull() },
      relations: { professional: true },
    });
    if ((current?.professionalId ?? null) !== expected) {
      throw new DomainError(
        'LEAD_CHANGED',
        current
          ? `${fullName(current.professional)} leads this person's care now, not the lead you named: read the lead again`
          : "Nobody leads this person's care now: read the lead again",
        { currentLeadId: current?.professionalId ?? null },
      );
    }
    return current;
  }

  private async recordHandover(
    tx: EntityManager,
    personId: string,
    previousLeadId: string | null,
    newLeadId: string | null,
    { reason, reasonNote }: Pick<LeadHandover, 'reason'> & { reasonNote?: string | null },
    recordedById: string,
    handedOverAt: Date,
  ): Promise<LeadHandover> {
    const { identifiers } = await tx.insert(LeadHandover, {
      personId,
      previousLeadId,
      newLeadId,
      reason,
      reasonNote: reasonNote ?? null,
      recordedById,
      handedOverAt,
    });
    return tx.findOneOrFail(LeadHandover, { where: { id: identifiers[0].id }, relations: WITH_WHO });
  }

  /**
   * The partial unique index refuses a second active lead even if something skipped the person's
   * lock; that is answered as the lost race it is.
   */
  private refusingSecondActiveLead<T>(nhsNumber: string, work: () => Promise<T>): Promise<T> {
    return refusingDuplicate('lead_professional_one_active', work, async () => {
      const person = await this.persons.findByNhsNumber(nhsNumber);
      const current = person && (await this.leads.findOneBy({ personId: person.id, endedAt: IsNull() }));
      return new DomainError('LEAD_CHANGED', "Someone else changed this person's lead first: read the lead again", {
        currentLeadId: current?.professionalId ?? null,
      });
    });
  }
}

/** Whether the error is the named constraint (or constraint trigger) refusing a change. */
function violates(error: unknown, constraint: string): boolean {
  const e = error as { constraint?: string; driverError?: { constraint?: string } };
  return (e?.driverError ?? e)?.constraint === constraint;
}

/** The time of a change, read once the person's lock is held, so that handovers are in the order they happened. */
async function now(tx: EntityManager): Promise<Date> {
  const [{ at }] = await tx.query('SELECT clock_timestamp() AS at');
  return new Date(at);
}
