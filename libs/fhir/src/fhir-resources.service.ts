import { Injectable } from '@nestjs/common';
import type { Resource } from '@medplum/fhirtypes';
import { DataSource, EntityManager } from 'typeorm';
import { FhirTypes } from './fhir-types';

/**
 * The domain's records as FHIR resources, for whatever needs them without a user in the loop
 * (outbound sync builds what it pushes from here). No access check: callers that serve a user go
 * through the FHIR API, which checks.
 */
@Injectable()
export class FhirResources {
  constructor(
    private readonly dataSource: DataSource,
    private readonly types: FhirTypes,
  ) {}

  /** The resource types this service can give as FHIR. */
  resourceTypes(): string[] {
    return this.types.all().map((t) => t.type);
  }

  /**
   * The current version of the resource (with meta.versionId and meta.lastUpdated), or undefined
   * when there is none (unknown type, unknown or malformed id). Pass `db` to read inside a transaction.
   */
  async current(resourceType: string, id: string, db: EntityManager = this.dataSource.manager): Promise<Resource | undefined> {
    const type = this.types.find(resourceType);
    return type ? (await type.read(db, id))?.resource : undefined;
  }
}
