import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import { GqlExecutionContext } from '@nestjs/graphql';
import { Activity } from './activity';

/** Who is making a request, from their verified token. */
export interface User {
  /** The token's subject: a professional's id, or a partner system's client id. */
  subject: string;
  name: string;
  /** The professional this user is, when they are one (people act; systems have no caseload). */
  professionalId: string | null;
  /** ODS code of the organisation they are working for in this session. */
  organisationOds: string | null;
  roles: string[];
  activities: ReadonlySet<Activity>;
  /** For partner systems: SMART-style scopes such as `system/Patient.read`. */
  scopes: string[];
  /** Why they are looking: direct care unless they say otherwise (X-Purpose-Of-Use). */
  purpose: string;
}

export function requestOf(context: ExecutionContext): { headers: Record<string, string | undefined>; user?: User } {
  return context.getType<string>() === 'graphql'
    ? GqlExecutionContext.create(context).getContext().req
    : context.switchToHttp().getRequest();
}

/** The signed-in user, for resolvers that record who did something. */
export const CurrentUser = createParamDecorator((_data: unknown, context: ExecutionContext): User => {
  const user = requestOf(context).user;
  if (!user) throw new Error('CurrentUser used on an operation that is not authenticated');
  return user;
});

/** How the audit trail names a GraphQL operation: Query.atRiskPeople. */
export const operationName = (info: { parentType: { name: string }; fieldName: string }) => `${info.parentType.name}.${info.fieldName}`;

/** The operation being resolved, as the audit trail names it, for a service that audits what it reads itself. */
export const CurrentOperation = createParamDecorator((_data: unknown, context: ExecutionContext): string =>
  operationName(GqlExecutionContext.create(context).getInfo()),
);
