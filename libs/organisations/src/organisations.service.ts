import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { EntityManager, In, Repository } from 'typeorm';
import { findOrRefuse, lockAtVersion, refusingDuplicate } from '@app/database';
import { DomainError } from '@app/errors';
import { decodeCursor, Page, toPage } from '@app/pagination';
import { definedOnly, refuseCleared } from '@app/validation';
import { Organisation } from './organisation.entity';
import { CreateOrganisationInput, OrganisationsUnderArgs, UpdateOrganisationInput } from './organisation.types';

/**
 * Creating under a parent takes this lock shared and moving takes it exclusive, so a path is never
 * read while a move is rewriting it, and two moves cannot together make a loop.
 */
const HIERARCHY_LOCK = 7_301_947;

export const organisationNotFound = (id: string, field = 'id') =>
  new DomainError('ORGANISATION_NOT_FOUND', `No organisation with id ${id}`, {
    id,
    fields: [{ field, message: 'unknown organisation' }],
  });

/** The directory of organisations and their hierarchy: locality, PCN, practice. */
@Injectable()
export class OrganisationsService {
  constructor(@InjectRepository(Organisation) private readonly organisations: Repository<Organisation>) {}

  create(input: CreateOrganisationInput): Promise<Organisation> {
    return this.refusingTakenOdsCode(input.odsCode, () =>
      this.organisations.manager.transaction(async (tx) => {
        const id = randomUUID(); // chosen here because the path ends with it
        let parentPath: string[] = [];
        if (input.parentId) {
          await tx.query('SELECT pg_advisory_xact_lock_shared($1)', [HIERARCHY_LOCK]);
          parentPath = (
            await findOrRefuse(tx, Organisation, input.parentId, () => organisationNotFound(input.parentId!, 'parentId'))
          ).path;
        }
        await tx.insert(Organisation, {
          id,
          odsCode: input.odsCode ?? null,
          name: input.name,
          kind: input.kind,
          parentId: input.parentId ?? null,
          path: [...parentPath, id],
          version: 1,
        });
        return tx.findOneByOrFail(Organisation, { id });
      }),
    );
  }

  async update(input: UpdateOrganisationInput): Promise<Organisation> {
    const { id, expectedVersion, ...changes } = input;
    refuseCleared(changes, ['name', 'kind']);
    return this.refusingTakenOdsCode(changes.odsCode, () =>
      this.organisations.manager.transaction(async (tx) => {
        const moving = changes.parentId !== undefined;
        if (moving) await tx.query('SELECT pg_advisory_xact_lock($1)', [HIERARCHY_LOCK]); // before any row lock
        const current = await lockAtVersion(tx, Organisation, id, expectedVersion, () => organisationNotFound(id));
        if (moving && changes.parentId !== current.parentId) await this.move(tx, current, changes.parentId ?? null);
        await tx.update(Organisation, { id }, { ...definedOnly(changes), version: current.version + 1 });
        return tx.findOneByOrFail(Organisation, { id });
      }),
    );
  }

  findById(id: string): Promise<Organisation | null> {
    return this.organisations.findOneBy({ id });
  }

  findByOdsCode(odsCode: string): Promise<Organisation | null> {
    return this.organisations.findOneBy({ odsCode });
  }

  /** The organisations with these ids, for GraphQL fields that name an organisation. */
  findByIds(ids: string[]): Promise<Organisation[]> {
    return this.organisations.findBy({ id: In(ids) });
  }

  /**
   * Everything under an organisation at any depth (the practices of a locality's PCNs too), in name
   * order, one indexed query per page.
   */
  async pageUnder({ id, kind, first, after }: OrganisationsUnderArgs): Promise<Page<Organisation>> {
    const query = this.organisations
      .createQueryBuilder('o')
      .where('o.path @> ARRAY[CAST(:id AS uuid)]', { id })
      .andWhere('o.id <> :id', { id });
    if (kind) query.andWhere('o.kind = :kind', { kind });
    if (after) {
      const [name, lastId] = decodeCursor(after, 2);
      query.andWhere('(o.name, o.id) > (:name, :lastId)', { name, lastId });
    }
    const rows = await query
      .orderBy({ 'o.name': 'ASC', 'o.id': 'ASC' })
      .limit(first + 1)
      .getMany();
    if (rows.length === 0 && !after && !(await this.findById(id))) throw organisationNotFound(id);
    return toPage(rows, first, (o) => [o.name, o.id]);
  }

  /** Puts the organisation, and everything under it, under a new parent (or at the top). */
  private async move(tx: EntityManager, organisation: Organisation, parentId: string | null): Promise<void> {
    const parent = parentId
      ? await findOrRefuse(tx, Organisation, parentId, () => organisationNotFound(parentId, 'parentId'))
      : null;
    if (parent?.path.includes(organisation.id)) {
      throw new DomainError(
        'ORGANISATION_HIERARCHY_CYCLE',
        `${parent.name} is ${parent.id === organisation.id ? 'the organisation itself' : `under ${organisation.name}`}: it cannot be its parent`,
        { fields: [{ field: 'parentId', message: 'the organisation itself or under it' }] },
      );
    }
    await tx.query(
      `UPDATE organisation
          SET path = $1::uuid[] || path[array_position(path, $2::uuid):],
              parent_id = CASE WHEN id = $2::uuid THEN $3::uuid ELSE parent_id END
        WHERE path @> ARRAY[$2::uuid]`,
      [parent?.path ?? [], organisation.id, parent?.id ?? null],
    );
  }

  /** A taken ODS code is refused naming the organisation that has it; the unique index decides races. */
  private refusingTakenOdsCode<T>(odsCode: string | null | undefined, work: () => Promise<T>): Promise<T> {
    return refusingDuplicate('organisation_ods_code_key', work, async () => {
      const existing = await this.findByOdsCode(odsCode!);
      return new DomainError('ODS_CODE_TAKEN', `ODS code ${odsCode} belongs to ${existing?.name ?? 'another organisation'}`, {
        odsCode,
        existingOrganisationId: existing?.id,
        fields: [{ field: 'odsCode', message: 'taken' }],
      });
    });
  }
}
