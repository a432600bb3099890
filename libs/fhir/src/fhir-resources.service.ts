import { Injectable } from '@nestjs/common';
import type { Resource } from '@medplum/fhirtypes';
import { DataSource, EntityManager } from 'typeorm';
import { Person } from '@app/persons';
import { toFhirPatient } from './patient.fhir';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** How the current version of one resource type is read from the domain's rows. */
type CurrentReader = (db: EntityManager, id: string) => Promise<Resource | undefined>;

const readers: Record<string, CurrentReader> = {
  Patient: async (db, id) => {
    const person = await db.findOneBy(Person, { id });
    return person ? toFhirPatient(person) : undefined;
  },
};

/**
 * The domain's records as FHIR resources, for whatever needs them without a user in the loop
 * (outbound sync builds what it pushes from here). No access check: callers that serve a user go
 * through the FHIR API, which checks.
 */
@Injectable()
export class FhirResources {
  constructor(private readonly dataSource: DataSource) {}

  /** The resource types this service can give as FHIR. */
  static readonly types: readonly string[] = Object.keys(readers);

  /**
   * The current version of the resource (with meta.versionId and meta.lastUpdated), or undefined
   * when there is none (unknown type, unknown id). Pass `db` to read inside a transaction.
   */
  async current(resourceType: string, id: string, db: EntityManager = this.dataSource.manager): Promise<Resource | undefined> {
    const read = readers[resourceType];
    if (!read || !UUID.test(id)) return undefined;
    return read(db, id);
  }
}
