import { SetMetadata } from '@nestjs/common';
import { Activity } from './activity';

/** How an operation names the one person it reads or changes, from its (unvalidated) arguments. */
export type PersonLocator =
  | { nhsNumber: unknown }
  | { personId: unknown }
  | { careTeamMemberId: unknown }
  | { sharingDissentId: unknown }
  | { carePlanId: unknown }
  | { mdtNominationId: unknown }
  | { referralId: unknown }
  | { partnerDeliveryId: unknown };

export interface ActivityPolicy {
  /** The activity the user's roles must grant. */
  activity: Activity;
  /** The person the operation is about; the user needs a legitimate relationship to them. */
  person?: (args: Record<string, any>) => PersonLocator | undefined;
  /** The organisation (ODS code) a population query covers; it must be one of the user's own. */
  organisation?: (args: Record<string, any>) => unknown;
}

/** The operation checks each record it reads or writes with AccessCheck (see AuthoriseEachRecord). */
export interface EachRecordPolicy {
  eachRecord: true;
}

export type AccessPolicy = ActivityPolicy | EachRecordPolicy;

export const ACCESS_POLICY = 'access:policy';
export const PUBLIC = 'access:public';

/**
 * Every GraphQL operation declares who may run it; one that does not is refused (fail closed).
 * Person-level results are then checked and audited centrally, whatever the resolver returns.
 */
export const Authorise = (policy: ActivityPolicy) => SetMetadata(ACCESS_POLICY, policy);

/**
 * For operations whose records are of many kinds and people at once (the FHIR API's searches and
 * bundles): the guard authenticates, and the operation checks the activity and relationship of
 * each record with AccessCheck, which also audits them.
 */
export const AuthoriseEachRecord = () => SetMetadata(ACCESS_POLICY, { eachRecord: true } satisfies EachRecordPolicy);

/** Reachable without a token (health checks, the FHIR capability statement). */
export const Public = () => SetMetadata(PUBLIC, true);
