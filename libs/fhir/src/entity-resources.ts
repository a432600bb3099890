import type { Resource } from '@medplum/fhirtypes';
import { EntityManager, EntityTarget, ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { Activity } from '@app/access';
import { ParsedSearch, parseReference, parseToken } from './fhir-search';
import { Found, FhirType } from './fhir-type';

export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A search parameter and how it narrows the query (`q` is the alias of the table searched). */
export interface SearchParam {
  name: string;
  type: 'token' | 'reference' | 'date' | 'string';
  documentation: string;
  /** Adds the condition for one value; `key` is a parameter name unique to this value. */
  where(query: SelectQueryBuilder<any>, value: string, key: string): void;
  /**
   * Names one person, or one record: a search with it is of that, where one without any such
   * parameter looks among the user's own people.
   */
  namesOne?: boolean;
}

/** The parameter, as one that names one person or one record. */
export const namingOne = (param: SearchParam): SearchParam => ({ ...param, namesOne: true });

/** The shape of the ids a type gives its resources, as SQL names it and as a pattern. */
export type IdType = 'uuid' | 'bigint';
export const ID_PATTERN: Record<IdType, RegExp> = { uuid: UUID, bigint: /^[1-9]\d{0,17}$/ };

/** `_id`, which every type takes: ids that are not of the type's shape match nothing. */
export const idParam = (idType: IdType): SearchParam => ({
  name: '_id',
  type: 'token',
  documentation: 'The id this service gave the resource',
  namesOne: true,
  where: (query, value, key) =>
    query.andWhere(`q.id = ANY(:${key}::${idType}[])`, { [key]: value.split(',').filter((id) => ID_PATTERN[idType].test(id)) }),
});

export const ID_PARAM = idParam('uuid');

/** A token parameter on one column, with the one identifier system it takes (or any). */
export function tokenParam(name: string, column: string, system: string | undefined, documentation: string): SearchParam {
  return {
    name,
    type: 'token',
    documentation,
    where: (query, raw, key) => {
      const token = parseToken(name, raw);
      if (system && token.system && token.system !== system) {
        query.andWhere('false');
        return;
      }
      query.andWhere(`${column} = :${key}`, { [key]: token.value });
    },
  };
}

/**
 * A FHIR type read from one table, a row a resource: read by id and searched in (lastUpdated, id)
 * order by keyset, one SQL statement a page. Subclasses give the table, the mapping and the
 * search parameters; writes and versions, where the domain allows them, are their own.
 */
export abstract class EntityResources<Row extends ObjectLiteral & { id: string }> implements Omit<FhirType, 'searchParams'> {
  abstract readonly type: string;
  abstract readonly readActivity: Activity;
  protected abstract readonly entity: EntityTarget<Row>;
  protected abstract readonly params: readonly SearchParam[];
  /** The column that says when a row last changed. */
  protected readonly changedAt: string = 'updated_at';
  /** The column naming the person whose record the row is, for tables that hold people's records. */
  protected readonly personColumn?: string;

  protected abstract toFhir(row: Row): Resource;
  /** The person whose record the row is part of, or null for directory entries. */
  protected abstract personOf(row: Row): string | null;
  /** Joins the mapping needs (an organisation's ODS code for a role...). */
  protected withJoins(query: SelectQueryBuilder<Row>): SelectQueryBuilder<Row> {
    return query;
  }

  get searchParams() {
    return [ID_PARAM, ...this.params].map(({ name, type, documentation, namesOne }) => ({ name, type, documentation, namesOne }));
  }

  protected found(row: Row, position: string): Found {
    return { resource: this.toFhir(row), personId: this.personOf(row), position };
  }

  private async rows(query: SelectQueryBuilder<Row>): Promise<Found[]> {
    const position = `to_char(q.${this.changedAt} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;
    const { entities, raw } = await this.withJoins(query).addSelect(position, 'position').getRawAndEntities<{ position: string }>();
    return entities.map((row, i) => this.found(row, raw[i].position));
  }

  async read(db: EntityManager, id: string): Promise<Found | undefined> {
    if (!UUID.test(id)) return undefined;
    return (await this.rows(db.createQueryBuilder(this.entity, 'q').where('q.id = :id', { id })))[0];
  }

  search(db: EntityManager, { params, lastUpdated, count, after, people }: ParsedSearch): Promise<Found[]> {
    const query = db.createQueryBuilder(this.entity, 'q');
    if (people && this.personColumn) query.andWhere(`q.${this.personColumn} = ANY(ARRAY(${people.sql}))`, people.parameters);
    for (const param of [ID_PARAM, ...this.params]) {
      (params[param.name] ?? []).forEach((value, i) => param.where(query, value, `${param.name.replace(/\W/g, '')}${i}`));
    }
    lastUpdated.forEach(({ op, value }, i) => query.andWhere(`q.${this.changedAt} ${op} :lu${i}::timestamptz`, { [`lu${i}`]: value }));
    if (after) query.andWhere(`(q.${this.changedAt}, q.id) > (:afterAt::timestamptz, :afterId::uuid)`, { afterAt: after[0], afterId: after[1] });
    return this.rows(query.orderBy(`q.${this.changedAt}`, 'ASC').addOrderBy('q.id', 'ASC').limit(count + 1));
  }
}

/** A reference parameter (`Type/<id>` or `<id>`) on a uuid column. */
export function referenceParam(name: string, type: string, column: string): SearchParam {
  return {
    name,
    type: 'reference',
    documentation: `${type}/<id>`,
    where: (query, raw, key) => query.andWhere(`${column} = :${key}::uuid`, { [key]: parseReference(name, type, raw) }),
  };
}
