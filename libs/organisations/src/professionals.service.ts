import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, IsNull, Repository } from 'typeorm';
import { findOrRefuse, lockAtVersion, refusingDuplicate } from '@app/database';
import { DomainError } from '@app/errors';
import { definedOnly, endDateFor, refuseCleared, today } from '@app/validation';
import { EndInput } from './common.types';
import { RegistrationBody } from './organisation-codes';
import { Organisation } from './organisation.entity';
import { organisationNotFound } from './organisations.service';
import { ProfessionalRole } from './professional-role.entity';
import { Professional } from './professional.entity';
import { AddProfessionalRoleInput, CreateProfessionalInput, UpdateProfessionalInput } from './professional.types';

export const professionalNotFound = (id: string, field = 'id') =>
  new DomainError('PROFESSIONAL_NOT_FOUND', `No professional with id ${id}`, {
    id,
    fields: [{ field, message: 'unknown professional' }],
  });

type Registration = Pick<Professional, 'registrationBody' | 'registrationNumber'>;

/** A registration is a body and a number together, or neither. */
function assertWholeRegistration({ registrationBody, registrationNumber }: Registration): void {
  if (Boolean(registrationBody) !== Boolean(registrationNumber)) {
    const missing = registrationBody ? 'registrationNumber' : 'registrationBody';
    throw new DomainError('BAD_USER_INPUT', 'A registration needs both its body and its number', {
      fields: [{ field: missing, message: 'needed with the other half of the registration' }],
    });
  }
}

/** Professionals and their roles in organisations. */
@Injectable()
export class ProfessionalsService {
  constructor(
    @InjectRepository(Professional) private readonly professionals: Repository<Professional>,
    @InjectRepository(ProfessionalRole) private readonly roles: Repository<ProfessionalRole>,
  ) {}

  async create(input: CreateProfessionalInput): Promise<Professional> {
    const professional = this.professionals.create({
      registrationBody: null,
      registrationNumber: null,
      caseloadCapacity: null,
      ...definedOnly(input),
      version: 1,
    });
    assertWholeRegistration(professional);
    return this.refusingTakenRegistration(
      () => professional,
      async () => {
        await this.professionals.insert(professional);
        return professional;
      },
    );
  }

  async update(input: UpdateProfessionalInput): Promise<Professional> {
    const { id, expectedVersion, ...changes } = input;
    refuseCleared(changes, ['givenName', 'familyName', 'profession']);
    let next: Registration | undefined;
    return this.refusingTakenRegistration(
      () => next!,
      () =>
        this.professionals.manager.transaction(async (tx) => {
          const current = await lockAtVersion(tx, Professional, id, expectedVersion, () => professionalNotFound(id));
          const changed = definedOnly(changes);
          next = { ...current, ...changed };
          assertWholeRegistration(next);
          await tx.update(Professional, { id }, { ...changed, version: current.version + 1 });
          return tx.findOneByOrFail(Professional, { id });
        }),
    );
  }

  findById(id: string): Promise<Professional | null> {
    return this.professionals.findOneBy({ id });
  }

  findByRegistration(registrationBody: RegistrationBody, registrationNumber: string): Promise<Professional | null> {
    return this.professionals.findOneBy({ registrationBody, registrationNumber });
  }

  /** Adds a role in an organisation; the professional and the organisation must exist. */
  addRole(input: AddProfessionalRoleInput): Promise<ProfessionalRole> {
    return this.roles.manager.transaction(async (tx) => {
      await findOrRefuse(tx, Professional, input.professionalId, () =>
        professionalNotFound(input.professionalId, 'professionalId'),
      );
      await findOrRefuse(tx, Organisation, input.organisationId, () =>
        organisationNotFound(input.organisationId, 'organisationId'),
      );
      const { identifiers } = await tx.insert(ProfessionalRole, {
        ...input,
        startDate: input.startDate ?? today(),
        endDate: null,
      });
      return tx.findOneOrFail(ProfessionalRole, { where: { id: identifiers[0].id }, relations: { organisation: true } });
    });
  }

  /** Ends a role on the date given (today if none); it stays in the professional's history. */
  endRole(input: EndInput): Promise<ProfessionalRole> {
    return this.roles.manager.transaction(async (tx) => {
      const role = await findOrRefuse(tx, ProfessionalRole, input.id, () => roleNotFound(input.id), true);
      const endDate = endDateFor(
        role,
        input.endDate,
        () => new DomainError('ROLE_ALREADY_ENDED', `The role ended on ${role.endDate}`, { endDate: role.endDate }),
      );
      await tx.update(ProfessionalRole, { id: role.id }, { endDate });
      return tx.findOneOrFail(ProfessionalRole, { where: { id: role.id }, relations: { organisation: true } });
    });
  }

  /** The roles of these professionals, oldest first, for the `roles` field of a list of professionals. */
  rolesOf(professionalIds: string[], includeEnded: boolean): Promise<ProfessionalRole[]> {
    return this.roles.find({
      where: { professionalId: In(professionalIds), ...(includeEnded ? {} : { endDate: IsNull() }) },
      relations: { organisation: true },
      order: { startDate: 'ASC', createdAt: 'ASC', id: 'ASC' },
    });
  }

  /**
   * A taken registration is refused naming the professional who has it; the unique index decides
   * races. The registration is read once the work has failed, when an update knows what it wrote.
   */
  private refusingTakenRegistration<T>(registration: () => Registration, work: () => Promise<T>): Promise<T> {
    return refusingDuplicate('professional_registration_key', work, async () => {
      const { registrationBody, registrationNumber } = registration();
      const existing = await this.findByRegistration(registrationBody!, registrationNumber!);
      return new DomainError(
        'REGISTRATION_TAKEN',
        `${registrationBody} ${registrationNumber} is registered to another professional`,
        {
          existingProfessionalId: existing?.id,
          fields: [{ field: 'registrationNumber', message: 'taken' }],
        },
      );
    });
  }
}

const roleNotFound = (id: string) =>
  new DomainError('ROLE_NOT_FOUND', `No role with id ${id}`, { id, fields: [{ field: 'id', message: 'unknown role' }] });
