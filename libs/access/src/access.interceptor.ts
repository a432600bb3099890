import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { GqlExecutionContext } from '@nestjs/graphql';
import { from, mergeMap, Observable } from 'rxjs';
import { AccessCheck, isAlreadyAudited, notAuthorised } from './access-check';
import { CheckedPerson } from './access.guard';
import { findPersonLevel } from './person-level';
import { PUBLIC } from './policy';
import { operationName, User } from './user';

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
    private readonly access: AccessCheck,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType<string>() !== 'graphql') return next.handle();
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC, [context.getHandler(), context.getClass()])) return next.handle();
    const gql = GqlExecutionContext.create(context);
    const info = gql.getInfo();
    const request = gql.getContext().req as { user: User; checkedPerson?: CheckedPerson };
    const action = operationName(info);
    const isRead = info.parentType.name === 'Query';
    return next
      .handle()
      .pipe(mergeMap((result) => from(this.checkAndAudit(request.user, action, isRead, request.checkedPerson, result))));
  }

  private async checkAndAudit(user: User, action: string, isRead: boolean, checked: CheckedPerson | undefined, result: unknown) {
    // A service may have checked and audited what it returns already: a change in its own
    // transaction, a read in the statement that read it.
    const found = [...findPersonLevel(result)].filter(([value]) => !isAlreadyAudited(value));
    if (found.length === 0) return result;
    const records = found.map(([value, personId]) => ({ personId, entity: value.constructor.name }));

    if (!isRead) {
      // A change was allowed on the relationship the guard found, or creates the record.
      const basisOf = (personId: string) => (checked?.personId === personId ? checked.basis : undefined);
      await this.access.recordChanges(user, action, records.map((r) => ({ ...r, basis: basisOf(r.personId) })));
      return result;
    }

    const bases = await this.access.screenReads(user, action, records, checked);
    if (records.every((r) => bases.has(r.personId))) return result;

    // A list item is shown only if every person in it may be seen.
    const visible = (item: unknown) => [...findPersonLevel(item).values()].every((personId) => bases.has(personId));
    if (Array.isArray(result)) return result.filter(visible);
    const page = result as { nodes?: unknown[] };
    if (page && Array.isArray(page.nodes)) return { ...page, nodes: page.nodes.filter(visible) };
    throw notAuthorised('You have no legitimate relationship with this person, or they have dissented to sharing');
  }
}
