import { Args, Field, Mutation, ObjectType, Query, Resolver } from '@nestjs/graphql';
import { Page } from '@app/pagination';
import { Activity } from './activity';
import { AccessService } from './access.service';
import {
  AuditEventPage,
  AuditTrailArgs,
  BreakGlassAccessesArgs,
  BreakGlassAccessPage,
  BreakGlassInput,
  RecordSharingDissentInput,
  ReviewBreakGlassInput,
  SharingDissentsArgs,
  WithdrawSharingDissentInput,
} from './access.types';
import { AuditEvent } from './audit-event.entity';
import { BreakGlassAccess } from './break-glass.entity';
import { Authorise } from './policy';
import { SharingDissent } from './sharing-dissent.entity';
import { CurrentUser } from './user';
import type { User } from './user';

@ObjectType({ description: 'The signed-in user, as the service sees them.' })
class Me {
  @Field() subject: string;
  @Field() name: string;
  @Field(() => String, { nullable: true }) professionalId: string | null;
  @Field(() => String, { nullable: true }) organisationOds: string | null;
  @Field(() => [String]) roles: string[];
  @Field(() => [Activity]) activities: Activity[];
  @Field(() => [String], { description: 'For partner systems: their SMART-style scopes, such as system/Patient.read.' })
  scopes: string[];
  @Field() purpose: string;
}

@Resolver()
export class AccessResolver {
  constructor(private readonly access: AccessService) {}

  @Query(() => Me, { description: 'Who you are signed in as, and what your roles let you do.' })
  @Authorise({ activity: Activity.VIEW_DIRECTORY })
  me(@CurrentUser() user: User): Me {
    return { ...user, activities: [...user.activities].sort() };
  }

  @Mutation(() => BreakGlassAccess, {
    description: `Opens a person's record outside your relationships for a limited time, stating why. Audited and reviewed.`,
  })
  @Authorise({ activity: Activity.BREAK_GLASS })
  breakGlass(@CurrentUser() user: User, @Args('input') { nhsNumber, reason }: BreakGlassInput): Promise<BreakGlassAccess> {
    return this.access.breakGlass(user, nhsNumber, reason);
  }

  @Query(() => BreakGlassAccessPage, { description: 'Break-glass accesses by users of your organisation, newest first.' })
  @Authorise({ activity: Activity.REVIEW_ACCESS })
  breakGlassAccesses(@CurrentUser() user: User, @Args() args: BreakGlassAccessesArgs): Promise<Page<BreakGlassAccess>> {
    return this.access.breakGlassAccesses(user, args);
  }

  @Mutation(() => BreakGlassAccess, { description: 'Records a privacy officer’s review of a break-glass access.' })
  @Authorise({ activity: Activity.REVIEW_ACCESS })
  reviewBreakGlass(@CurrentUser() user: User, @Args('input') { id, note }: ReviewBreakGlassInput): Promise<BreakGlassAccess> {
    return this.access.reviewBreakGlass(user, id, note);
  }

  @Query(() => AuditEventPage, {
    description: 'Who read or changed what: accesses by your organisation’s users or to its registered people, newest first.',
  })
  @Authorise({ activity: Activity.REVIEW_ACCESS })
  auditTrail(@CurrentUser() user: User, @Args() args: AuditTrailArgs): Promise<Page<AuditEvent>> {
    return this.access.auditTrail(user, args);
  }

  @Mutation(() => SharingDissent, { description: "Records a person's dissent to sharing their record with an organisation, or with everyone outside their GP practice." })
  @Authorise({ activity: Activity.RECORD_SHARING_DISSENT, person: (args) => ({ nhsNumber: args.input?.nhsNumber }) })
  recordSharingDissent(@CurrentUser() user: User, @Args('input') input: RecordSharingDissentInput): Promise<SharingDissent> {
    return this.access.recordDissent(user, input);
  }

  @Mutation(() => SharingDissent)
  @Authorise({ activity: Activity.RECORD_SHARING_DISSENT, person: (args) => ({ sharingDissentId: args.input?.id }) })
  withdrawSharingDissent(@CurrentUser() user: User, @Args('input') { id }: WithdrawSharingDissentInput): Promise<SharingDissent> {
    return this.access.withdrawDissent(user, id);
  }

  @Query(() => [SharingDissent], { description: "A person's dissents to sharing, withdrawn ones included." })
  @Authorise({ activity: Activity.VIEW_PERSON_RECORD, person: (args) => ({ nhsNumber: args.nhsNumber }) })
  sharingDissents(@Args() { nhsNumber }: SharingDissentsArgs): Promise<SharingDissent[]> {
    return this.access.dissentsOf(nhsNumber);
  }
}
