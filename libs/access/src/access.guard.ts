import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { GqlExecutionContext } from '@nestjs/graphql';
import { AppConfig } from '@app/config';
import { DomainError } from '@app/errors';
import { Activity, RelationshipBasis } from './activity';
import { AccessCheck, notAuthorised } from './access-check';
import { ACCESS_POLICY, AccessPolicy, PUBLIC } from './policy';
import { RateLimiter } from './rate-limiter';
import { RelationshipsService } from './relationships.service';
import { RolesService } from './roles.service';
import { TokenVerifier } from './tokens';
import { operationName, requestOf, User } from './user';

/** What the guard learnt about the person an operation names, for the interceptor's audit. */
export interface CheckedPerson {
  personId: string;
  basis: RelationshipBasis;
}

type AccessRequest = ReturnType<typeof requestOf> & { checkedPerson?: CheckedPerson };

const PURPOSE = /^[A-Z][A-Z_]{2,39}$/;

/**
 * The front door of every request: authenticates the bearer token, limits the rate per user,
 * and checks the operation's declared policy (the activity, the user's own organisations for
 * population queries, and a legitimate relationship to the person it names). An operation with
 * no policy is refused. Refusals that concern a person are audited. Operations that check each
 * record themselves (AuthoriseEachRecord) are only authenticated and rate-limited here.
 */
@Injectable()
export class AccessGuard implements CanActivate {
  private readonly verifier: TokenVerifier;
  private readonly limiter: RateLimiter;

  constructor(
    private readonly reflector: Reflector,
    config: AppConfig,
    private readonly roles: RolesService,
    private readonly relationships: RelationshipsService,
    private readonly access: AccessCheck,
  ) {
    this.verifier = new TokenVerifier(config);
    this.limiter = new RateLimiter(config.RATE_LIMIT_PER_MINUTE);
  }

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC, targets)) return true;
    const request: AccessRequest = requestOf(context);
    request.user ??= await this.authenticate(request.headers);
    const user = request.user;
    if (!this.limiter.take(user.subject)) {
      throw new DomainError('RATE_LIMITED', 'Too many requests: slow down and try again in a minute');
    }

    const policy = this.reflector.get<AccessPolicy | undefined>(ACCESS_POLICY, context.getHandler());
    if (!policy) throw notAuthorised('This operation has no access policy, so nobody may use it');
    const gql = context.getType<string>() === 'graphql' ? GqlExecutionContext.create(context) : null;
    const args = gql?.getArgs() ?? {};
    const action = gql ? operationName(gql.getInfo()) : context.getHandler().name;

    if ('eachRecord' in policy) return true;

    // The person and the user's relationship with them are found in one statement.
    const locator = policy.person?.(args);
    const { personId, basis: found } = locator ? await this.relationships.locateWithBasis(user, locator) : { personId: null, basis: null };
    const person = personId ? { personId, entity: 'Person' } : undefined;
    const basis = await this.access.authorise(user, policy.activity, action, person, found);
    if (personId && basis) request.checkedPerson = { personId, basis };
    const organisation = policy.organisation?.(args);
    if (typeof organisation === 'string') {
      const ods = organisation.trim().toUpperCase();
      if (!(await this.relationships.coversOrganisation(user, ods))) {
        throw notAuthorised(`${ods} is not your organisation or one under it`);
      }
    }
    return true;
  }

  private async authenticate(headers: Record<string, string | undefined>): Promise<User> {
    const claims = await this.verifier.verify(headers.authorization);
    const roles = Array.isArray(claims.roles) ? claims.roles.filter((r): r is string => typeof r === 'string') : [];
    const purpose = headers['x-purpose-of-use']?.trim().toUpperCase() || 'DIRECT_CARE';
    if (!PURPOSE.test(purpose)) {
      throw new DomainError('BAD_USER_INPUT', 'X-Purpose-Of-Use must be a code such as DIRECT_CARE');
    }
    return {
      subject: claims.sub!,
      name: typeof claims.name === 'string' ? claims.name : claims.sub!,
      professionalId: typeof claims.professional_id === 'string' ? claims.professional_id : null,
      organisationOds: typeof claims.org === 'string' ? claims.org.toUpperCase() : null,
      roles,
      activities: await this.roles.activitiesOf(roles),
      scopes: typeof claims.scope === 'string' ? claims.scope.split(' ').filter(Boolean) : [],
      purpose,
    };
  }
}

export type { Activity };
