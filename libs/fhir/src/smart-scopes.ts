import type { User } from '@app/access';
import { DomainError } from '@app/errors';

/** The SMART interactions a FHIR request needs: read, search, create, update. */
export type Interaction = 'r' | 's' | 'c' | 'u';

/** SMART v1 (`read`, `write`, `*`) and v2 (`cruds` letters) permissions, as letters. */
const LETTERS: Record<string, string> = { read: 'rs', write: 'cud', '*': 'cruds' };
const SCOPE = /^(system|user)\/([A-Za-z]+|\*)\.(read|write|\*|[cruds]+)(\?.*)?$/;

/**
 * A partner's system is limited by the SMART scopes its client-credentials token carries
 * (`system/Patient.read`, `system/*.write`, `system/Patient.cruds`...): a FHIR request needs one
 * that covers its resource type and interaction. Tokens without SMART scopes (people signed in
 * to an app) are limited by their roles alone.
 */
export function requireScope(user: User, resourceType: string, interaction: Interaction): void {
  const scopes = user.scopes.map((s) => SCOPE.exec(s)).filter((m): m is RegExpExecArray => m !== null);
  if (scopes.length === 0) return;
  const covered = scopes.some(([, , type, permission]) => (type === '*' || type === resourceType) && (LETTERS[permission] ?? permission).includes(interaction));
  if (!covered) {
    const wanted = { r: 'read', s: 'read', c: 'write', u: 'write' }[interaction];
    throw new DomainError('NOT_AUTHORISED', `Your token's scopes do not cover ${resourceType} (system/${resourceType}.${wanted} would)`);
  }
}
