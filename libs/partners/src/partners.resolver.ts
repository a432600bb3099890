import { Args, Mutation, Query, Resolver } from '@nestjs/graphql';
import { Activity, Authorise, CurrentUser } from '@app/access';
import type { User } from '@app/access';
import { Page } from '@app/pagination';
import { PartnerSystem } from './partner-system.entity';
import {
  DeliveryArgs,
  ParkedDeliveriesArgs,
  PartnerArgs,
  PartnerDelivery,
  PartnerDeliveryPage,
  PartnerDeliveryStatus,
  RegisterPartnerSystemInput,
  ReplayResult,
  UpdatePartnerSystemInput,
} from './partner.types';
import { PartnersService } from './partners.service';

const MANAGE = { activity: Activity.MANAGE_PARTNER_SYSTEMS };

@Resolver(() => PartnerSystem)
export class PartnersResolver {
  constructor(private readonly partners: PartnersService) {}

  @Query(() => [PartnerSystem], { description: 'Every registered partner system, by name.' })
  @Authorise(MANAGE)
  partnerSystems(): Promise<PartnerSystem[]> {
    return this.partners.list();
  }

  @Query(() => PartnerDeliveryStatus, {
    description: 'How far behind a partner is: undelivered and parked messages, the age of the oldest. Errors: PARTNER_NOT_FOUND.',
  })
  @Authorise(MANAGE)
  partnerDeliveryStatus(@Args() { partnerId }: PartnerArgs): Promise<PartnerDeliveryStatus> {
    return this.partners.status(partnerId);
  }

  @Query(() => PartnerDeliveryPage, {
    description: "A partner's parked messages, oldest first, a page at a time. Errors: PARTNER_NOT_FOUND.",
  })
  @Authorise(MANAGE)
  parkedDeliveries(@Args() args: ParkedDeliveriesArgs): Promise<Page<PartnerDelivery>> {
    return this.partners.parked(args);
  }

  @Mutation(() => PartnerSystem, {
    description:
      'Registers a partner system to push changes to. Errors: PARTNER_NAME_TAKEN, PARTNER_SETTINGS_INCOMPLETE, ' +
      'RESOURCE_TYPE_NOT_SUPPORTED, ORGANISATION_NOT_FOUND, BAD_USER_INPUT.',
  })
  @Authorise(MANAGE)
  registerPartnerSystem(@Args('input') input: RegisterPartnerSystemInput): Promise<PartnerSystem> {
    return this.partners.register(input);
  }

  @Mutation(() => PartnerSystem, {
    description: 'Changes a partner system, or stops (active: false) and resumes its deliveries. Errors: PARTNER_NOT_FOUND, VERSION_CONFLICT and those of registerPartnerSystem.',
  })
  @Authorise(MANAGE)
  updatePartnerSystem(@Args('input') input: UpdatePartnerSystemInput): Promise<PartnerSystem> {
    return this.partners.update(input);
  }

  @Mutation(() => PartnerDelivery, {
    description:
      'Puts a parked message back in the queue, to be sent at once. Like parkedDeliveries, it needs a relationship with the ' +
      'person the message is about. Errors: NOT_AUTHORISED, DELIVERY_NOT_FOUND, DELIVERY_NOT_PARKED.',
  })
  // The message names a person and what changed in their record: as parkedDeliveries shows only those of people one may see.
  @Authorise({ ...MANAGE, person: (args) => ({ partnerDeliveryId: args.deliveryId }) })
  replayParkedDelivery(@Args() { deliveryId }: DeliveryArgs, @CurrentUser() user: User): Promise<PartnerDelivery> {
    return this.partners.replay(deliveryId, user.subject);
  }

  @Mutation(() => ReplayResult, { description: "Replays all of a partner's parked messages. Errors: PARTNER_NOT_FOUND." })
  @Authorise(MANAGE)
  replayParkedDeliveries(@Args() { partnerId }: PartnerArgs, @CurrentUser() user: User): Promise<ReplayResult> {
    return this.partners.replayAll(partnerId, user.subject);
  }
}
