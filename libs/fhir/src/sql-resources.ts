import type { Resource } from '@medplum/fhirtypes';
import type { User } from '@app/access';
import { EntityManager, SelectQueryBuilder } from 'typeorm';
import { Activity } from '@app/access';
import { DomainError } from '@app/errors';
import { ID_PATTERN, IdType, idParam, SearchParam, UUID } from './entity-resources';
import { ParsedSearch } from './fhir-search';
import { Found, FhirType, Written } from './fhir-type';

/** What every row of a SqlResources source has: its id, whose record it is, and when it last changed. */
export interface SourceRow {
  id: string;
  personId: string;
  lastUpdated: Date;
}

/**
 * A FHIR type whose resource is made from several tables (a care team from its members and its
 * lead, a plan from its version and that version's sign-offs): `source` is one SELECT giving a row
 * per resource, with columns named as the mapper reads them ("personId", "lastUpdated"...). Reads
 * and searches wrap it (as a CTE, which PostgreSQL inlines, so `patient=` narrows the source and
 * not the result), in ("lastUpdated", id) order by keyset: one SQL statement a page.
 */
export abstract class SqlResources<Row extends SourceRow> implements Omit<FhirType, 'searchParams'> {
  abstract readonly type: string;
  readonly readActivity: Activity = Activity.VIEW_PERSON_RECORD;
  /** One row per resource; `q` in search parameters is this row. */
  protected abstract readonly source: string;
  protected abstract readonly params: readonly SearchParam[];
  /** The SQL type of the source's ids. */
  protected readonly idType: IdType = 'uuid';

  protected abstract toFhir(row: Row): Resource;

  private get allParams(): SearchParam[] {
    return [idParam(this.idType), ...this.params];
  }

  get searchParams() {
    return this.allParams.map(({ name, type, documentation, namesOne }) => ({ name, type, documentation, namesOne }));
  }

  protected found(row: Row): Found {
    return { resource: this.toFhir(row), personId: row.personId, position: new Date(row.lastUpdated).toISOString() };
  }

  protected query(db: EntityManager, source = this.source): SelectQueryBuilder<Row> {
    return db
      .createQueryBuilder()
      .addCommonTableExpression(source, 'fhir_source')
      .select('q.*')
      .addSelect(`to_char(q."lastUpdated" AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`, 'position')
      .from('fhir_source', 'q') as SelectQueryBuilder<Row>;
  }

  protected async rows(query: SelectQueryBuilder<Row>): Promise<Found[]> {
    const rows = await query.getRawMany<Row & { position: string }>();
    return rows.map((row) => ({ ...this.found(row), position: row.position }));
  }

  async read(db: EntityManager, id: string): Promise<Found | undefined> {
    if (!ID_PATTERN[this.idType].test(id)) return undefined;
    return (await this.rows(this.query(db).where(`q.id = :id::${this.idType}`, { id })))[0];
  }

  search(db: EntityManager, { params, lastUpdated, count, after, people }: ParsedSearch): Promise<Found[]> {
    const query = this.query(db).where('true');
    // As an array, so that it narrows each table of the source by its person index, inside unions and groups.
    if (people) query.andWhere(`q."personId" = ANY(ARRAY(${people.sql}))`, people.parameters);
    for (const param of this.allParams) {
      (params[param.name] ?? []).forEach((value, i) => param.where(query, value, `${param.name.replace(/\W/g, '')}${i}`));
    }
    lastUpdated.forEach(({ op, value }, i) => query.andWhere(`q."lastUpdated" ${op} :lu${i}::timestamptz`, { [`lu${i}`]: value }));
    if (after) query.andWhere(`(q."lastUpdated", q.id) > (:afterAt::timestamptz, :afterId::${this.idType})`, { afterAt: after[0], afterId: after[1] });
    return this.rows(query.orderBy('q."lastUpdated"', 'ASC').addOrderBy('q.id', 'ASC').limit(count + 1));
  }

  /**
   * The one resource matching If-None-Exist, or the one `create` makes. Two creates racing past the
   * search are decided by the domain's own constraints (a second open referral for a service is
   * linked to the first; a second score for a day is refused).
   */
  protected async findOrCreate(db: EntityManager, ifNoneExist: ParsedSearch, create: () => Promise<Found>): Promise<Written> {
    const matches = await this.search(db, { ...ifNoneExist, count: 1, after: undefined });
    if (matches.length > 1) throw new DomainError('PRECONDITION_FAILED', `If-None-Exist matches more than one ${this.type}`);
    return matches[0] ? { found: matches[0], created: false } : { found: await create(), created: true };
  }

  /**
   * The writes of a type that FHIR creates (plainly or with If-None-Exist) and the domain then
   * changes by its own workflow, not by update: `create` makes the prepared resources in order.
   */
  protected createOnly<Prepared>(
    activity: Activity,
    prepare: (resource: Resource) => Prepared,
    create: (db: EntityManager, prepared: Prepared[], user: User) => Promise<Found[]>,
  ): NonNullable<FhirType['writes']> {
    return {
      createActivity: activity,
      updateActivity: activity,
      prepare,
      createMany: (db, prepared, _ids, user) => create(db, prepared as Prepared[], user),
      createIfNoneExist: (db, prepared, ifNoneExist, user) =>
        this.findOrCreate(db, ifNoneExist, async () => (await create(db, [prepared as Prepared], user))[0]),
      personOf: async () => null,
    };
  }

  /** Many resources by id, in the order of `ids`, in one statement. */
  protected async readMany(db: EntityManager, ids: string[]): Promise<Found[]> {
    const rows = await this.rows(this.query(db).where('q.id = ANY(:ids::uuid[])', { ids }));
    const byId = new Map(rows.map((f) => [f.resource.id, f]));
    return ids.map((id) => byId.get(id)!);
  }
}

/**
 * A SqlResources type whose resources are versioned by a version column of their source
 * (`version`): read and search give the current versions, vread and history every one kept.
 */
export abstract class VersionedSqlResources<Row extends SourceRow & { version: number }> extends SqlResources<Row> {
  /** One row per resource version; with `current`, only each resource's current version. */
  protected abstract sourceOf(current: boolean): string;

  protected get source(): string {
    return this.sourceOf(true);
  }

  private versions(db: EntityManager, id: string, version?: number): Promise<Found[]> {
    if (!UUID.test(id)) return Promise.resolve([]);
    const query = this.query(db, this.sourceOf(false)).where('q.id = :id', { id });
    if (version !== undefined) query.andWhere('q.version = :version', { version });
    return this.rows(query.orderBy('q.version', 'DESC'));
  }

  async version(db: EntityManager, id: string, version: number): Promise<Found | undefined> {
    return (await this.versions(db, id, version))[0];
  }

  history(db: EntityManager, id: string): Promise<Found[]> {
    return this.versions(db, id);
  }
}
