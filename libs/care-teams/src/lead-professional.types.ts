import { ArgsType, Field, ID, InputType, ObjectType } from '@nestjs/graphql';
import { IsDefined, IsEnum, IsString, Length, ValidateIf } from 'class-validator';
import { PageArgs, PageOf } from '@app/pagination';
import { IsNhsNumber } from '@app/persons';
import { IsId, Trim } from '@app/validation';
import { HandoverReason } from './care-team-codes';
import { LeadHandover } from './lead-handover.entity';
import { LeadProfessional } from './lead-professional.entity';

/** What every change of lead says: whose and why. Who records it is the signed-in professional. */
@InputType({ isAbstract: true })
class LeadChange {
  @Field({ description: 'The NHS number of the person whose lead changes.' })
  @IsNhsNumber()
  nhsNumber: string;

  @Field(() => HandoverReason)
  @IsEnum(HandoverReason)
  reason: HandoverReason;

  @Field(() => String, { nullable: true, description: 'Free text; required when the reason is OTHER.' })
  @ValidateIf(
    (change: LeadChange, note: unknown) => change.reason === HandoverReason.OTHER || (note !== undefined && note !== null),
  )
  @Trim()
  @IsString({ message: 'reasonNote must say why when the reason is OTHER' })
  @Length(1, 2000)
  reasonNote?: string | null;
}

@InputType({
  description:
    'Makes a professional the accountable lead, handing over from the current one if there is one. ' +
    'They are added to the care team if they are not in it.',
})
export class AssignLeadProfessionalInput extends LeadChange {
  @Field(() => ID, { description: 'The professional who leads from now.' })
  @IsId()
  professionalId: string;

  @Field(() => ID, {
    nullable: true,
    description:
      'The professional you believe leads now, or null for nobody. If someone else changed the lead first, ' +
      'nothing is written (LEAD_CHANGED). Must be given.',
  })
  @ValidateIf((_: unknown, value: unknown) => value !== null)
  @IsDefined({ message: 'expectedCurrentLeadId must be given: the lead you believe is current, or null for none' })
  @IsId()
  expectedCurrentLeadId: string | null;
}

@InputType({ description: 'Ends the lead with no one taking over (say, no longer case-managed).' })
export class EndLeadProfessionalInput extends LeadChange {
  @Field(() => ID, {
    description: 'The professional you believe leads now; if the lead changed since, nothing is written (LEAD_CHANGED).',
  })
  @IsId()
  expectedCurrentLeadId: string;
}

@ArgsType()
export class LeadHistoryArgs {
  @Field()
  @IsNhsNumber()
  nhsNumber: string;
}

@ArgsType()
export class PersonsLedByArgs extends PageArgs {
  @Field(() => ID)
  @IsId()
  professionalId: string;
}

@ObjectType({ description: "Who leads a person's care now, and every change of lead before." })
export class LeadHistory {
  @Field(() => LeadProfessional, { nullable: true, description: 'Null when nobody leads.' })
  current: LeadProfessional | null;

  @Field(() => [LeadHandover], { description: 'Newest first.' })
  handovers: LeadHandover[];
}

export const LeadProfessionalPage = PageOf(LeadProfessional, 'LeadProfessionalPage');
