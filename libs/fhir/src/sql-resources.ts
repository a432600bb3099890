import type { Resource } from '@medplum/fhirtypes';
import { EntityManager, SelectQueryBuilder } from 'typeorm';
import { Activity } from '@app/access';
import { ID_PARAM, SearchParam, UUID } from './entity-resources';
import { ParsedSearch } from './fhir-search';
import { Found, FhirType } from './fhir-type';

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

  protected abstract toFhir(row: Row): Resource;

  get searchParams() {
    return [ID_PARAM, ...this.params].map(({ name, type, documentation }) => ({ name, type, documentation }));
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
    if (!UUID.test(id)) return undefined;
    return (await this.rows(this.query(db).where('q.id = :id', { id })))[0];
  }

  search(db: EntityManager, { params, lastUpdated, count, after }: ParsedSearch): Promise<Found[]> {
    const query = this.query(db).where('true');
    for (const param of [ID_PARAM, ...this.params]) {
      (params[param.name] ?? []).forEach((value, i) => param.where(query, value, `${param.name.replace(/\W/g, '')}${i}`));
    }
    lastUpdated.forEach(({ op, value }, i) => query.andWhere(`q."lastUpdated" ${op} :lu${i}::timestamptz`, { [`lu${i}`]: value }));
    if (after) query.andWhere(`(q."lastUpdated", q.id) > (:afterAt::timestamptz, :afterId::uuid)`, { afterAt: after[0], afterId: after[1] });
    return this.rows(query.orderBy('q."lastUpdated"', 'ASC').addOrderBy('q.id', 'ASC').limit(count + 1));
  }
}
