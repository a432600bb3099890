import type { Resource } from '@medplum/fhirtypes';
import type { EntityManager } from 'typeorm';
import type { Activity, User } from '@app/access';
import type { ParsedSearch } from './fhir-search';

/** One resource as the store holds it: the resource, whose record it is part of, and its keyset position. */
export interface Found {
  resource: Resource;
  /** The person whose record this is part of (for access and audit), or null (directory entries). */
  personId: string | null;
  /** updated_at to the microsecond, as text, for the search cursor. */
  position: string;
}

/** A write the FHIR API asks of a resource type, inside the caller's transaction. */
export interface Written {
  found: Found;
  /** False when a conditional create found the resource already there. */
  created: boolean;
}

/**
 * What a resource type offers the FHIR API, over the domain's own services and tables. Reads and
 * searches are one SQL statement each; writes go through the domain's services, so that the same
 * rules apply as over GraphQL. Access is checked by the caller (FhirApi), not here.
 */
export interface FhirType {
  readonly type: string;
  /** The activity that reading it needs. */
  readonly readActivity: Activity;
  /**
   * Search parameters beyond _lastUpdated and _count, as the CapabilityStatement declares them, and
   * whether each names one person or record (a search with none looks among the user's own people).
   */
  readonly searchParams: readonly { name: string; type: 'token' | 'reference' | 'date' | 'string'; documentation: string; namesOne?: boolean }[];
  read(db: EntityManager, id: string): Promise<Found | undefined>;
  /** A past (or the current) version, if it keeps them. */
  version?(db: EntityManager, id: string, version: number): Promise<Found | undefined>;
  /** Every version, newest first. */
  history?(db: EntityManager, id: string): Promise<Found[]>;
  /** Up to search.count + 1 matches in (lastUpdated, id) order: the extra one says that another page follows. */
  search(db: EntityManager, search: ParsedSearch): Promise<Found[]>;
  /** Writes, where the domain allows them through FHIR. */
  readonly writes?: {
    createActivity: Activity;
    updateActivity: Activity;
    /**
     * The domain's input for creating the resource, mapped and checked (refusing what the domain
     * would refuse), before any transaction starts.
     */
    prepare(resource: Resource): unknown;
    /**
     * Creates them all, in as few statements as it can, with the ids given where the domain lets
     * the caller choose them (else the resources found say which ids they were given). `user` is
     * who sends them, for services that record the sender (a referral's referrer).
     */
    createMany(db: EntityManager, prepared: unknown[], ids: string[], user: User): Promise<Found[]>;
    /** Gives the one resource that matches the search (If-None-Exist), or creates it. */
    createIfNoneExist(db: EntityManager, prepared: unknown, ifNoneExist: ParsedSearch, user: User): Promise<Written>;
    /**
     * Replaces it; with `ifMatch`, only if it is still at that version (else PRECONDITION_FAILED).
     * Absent where the domain changes the record only by its own steps (a referral's workflow).
     * `user` is who sends it, for changes that record their sender (a discharge's reporter).
     */
    update?(db: EntityManager, id: string, resource: Resource, ifMatch: number | undefined, user: User): Promise<Found>;
    /** The person a resource to be created or updated belongs to, before it is written (for access). */
    personOf(db: EntityManager, resource: Resource, id?: string): Promise<string | null>;
    /**
     * Whether creating one needs a legitimate relationship with its person, as changing it does
     * (recording a dissent does; a referral's sender need not know the person yet).
     */
    createNeedsRelationship?: boolean;
  };
}
