import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { GqlExecutionContext } from '@nestjs/graphql';
import { from, mergeMap, Observable } from 'rxjs';
import { AuditOutcome } from './audit-event.entity';
import { AuditEntry, AuditService } from './audit.service';
import { CheckedPerson, notAuthorised } from './access.guard';
import { findPersonLevel } from './person-level';
import { PUBLIC } from './policy';
import { RelationshipsService } from './relationships.service';
import { User } from './user';

/**
 * Looks at what every GraphQL operation returns: each person-level value (a person, a care team
 * member, a lead...) in it is checked against the user's relationships and audited, one row per
 * person. Reads leave out of lists the people the user may not see and refuse a single record
 * outright; changes were checked before they ran (by the guard) and are audited here.
 */
@Injectable()
export class AccessInterceptor implements NestInterceptor {
  constructor(
    private readonly reflector: Reflector,
    private readonly relationships: RelationshipsService,
    private readonly audit: AuditService,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType<string>() !== 'graphql') return next.handle();
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC, [context.getHandler(), context.getClass()])) return next.handle();
    const gql = GqlExecutionContext.create(context);
    const { parentType, fieldName } = gql.getInfo();
    const request = gql.getContext().req as { user: User; checkedPerson?: CheckedPerson };
    const action = `${parentType.name}.${fieldName}`;
    const isRead = parentType.name === 'Query';
    return next
      .handle()
      .pipe(mergeMap((result) => from(this.checkAndAudit(request.user, action, isRead, request.checkedPerson, result))));
  }

  private async checkAndAudit(user: User, action: string, isRead: boolean, checked: CheckedPerson | undefined, result: unknown) {
    const found = findPersonLevel(result);
    if (found.size === 0) return result;
    const entityOf = new Map<string, string>();
    for (const [value, personId] of found) if (!entityOf.has(personId)) entityOf.set(personId, value.constructor.name);
    const personIds = [...entityOf.keys()];

    if (!isRead) {
      // A change was allowed on the relationship the guard found, or creates the record.
      await this.audit.record(
        user,
        personIds.map((personId) => ({
          personId,
          action,
          entity: entityOf.get(personId)!,
          outcome: AuditOutcome.PERMITTED,
          basis: checked?.personId === personId ? checked.basis : 'RECORDED_BY_USER',
        })),
      );
      return result;
    }

    const onlyTheCheckedPerson = checked && personIds.length === 1 && personIds[0] === checked.personId;
    const bases = onlyTheCheckedPerson
      ? new Map([[checked.personId, checked.basis]])
      : await this.relationships.basesFor(user, personIds);
    const entries: AuditEntry[] = personIds.map((personId) => ({
      personId,
      action,
      entity: entityOf.get(personId)!,
      outcome: bases.has(personId) ? AuditOutcome.PERMITTED : AuditOutcome.REFUSED,
      basis: bases.get(personId) ?? 'NO_RELATIONSHIP',
    }));
    await this.audit.record(user, entries);
    if (bases.size === personIds.length) return result;

    // A list item is shown only if every person in it may be seen.
    const visible = (item: unknown) => [...findPersonLevel(item).values()].every((personId) => bases.has(personId));
    if (Array.isArray(result)) return result.filter(visible);
    const page = result as { nodes?: unknown[] };
    if (page && Array.isArray(page.nodes)) return { ...page, nodes: page.nodes.filter(visible) };
    throw notAuthorised('You have no legitimate relationship with this person, or they have dissented to sharing');
  }
}
