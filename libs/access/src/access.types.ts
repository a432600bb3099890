import { ArgsType, Field, ID, InputType } from '@nestjs/graphql';
import { IsBoolean, IsOptional, IsString, IsUUID, Length } from 'class-validator';
import { PageArgs, PageOf } from '@app/pagination';
import { IsNhsNumber, IsOdsCode, Trim } from '@app/validation';
import { AuditEvent } from './audit-event.entity';
import { BreakGlassAccess } from './break-glass.entity';

const NHS_NUMBER = { description: 'Ten digits, or grouped 3 3 4 with spaces or hyphens.' };

@InputType()
export class BreakGlassInput {
  @Field(NHS_NUMBER)
  @IsNhsNumber()
  nhsNumber: string;

  @Field({ description: 'Why you need this record now, outside your relationships. Reviewed by a privacy officer.' })
  @Trim()
  @IsString()
  @Length(10, 1000, { message: 'reason must say why, in 10 to 1000 characters' })
  reason: string;
}

@InputType()
export class ReviewBreakGlassInput {
  @Field(() => ID)
  @IsUUID()
  id: string;

  @Field()
  @Trim()
  @IsString()
  @Length(1, 2000)
  note: string;
}

@ArgsType()
export class BreakGlassAccessesArgs extends PageArgs {
  @Field({ defaultValue: true, description: 'Only those not yet reviewed.' })
  @IsBoolean()
  unreviewedOnly: boolean = true;
}

@ArgsType()
export class AuditTrailArgs extends PageArgs {
  @Field(() => String, { nullable: true, description: 'Only accesses to this person.' })
  @IsOptional()
  @IsNhsNumber()
  nhsNumber?: string;

  @Field(() => String, { nullable: true, description: "Only this user's accesses (token subject)." })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  userSubject?: string;
}

@InputType()
export class RecordSharingDissentInput {
  @Field(NHS_NUMBER)
  @IsNhsNumber()
  nhsNumber: string;

  @Field(() => String, { nullable: true, description: 'ODS code of the organisation not to share with; leave out for everyone outside their GP practice.' })
  @IsOptional()
  @IsOdsCode()
  organisationOds?: string;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @Trim()
  @IsString()
  @Length(1, 2000)
  note?: string;
}

@InputType()
export class WithdrawSharingDissentInput {
  @Field(() => ID)
  @IsUUID()
  id: string;
}

@ArgsType()
export class SharingDissentsArgs {
  @Field(NHS_NUMBER)
  @IsNhsNumber()
  nhsNumber: string;
}

export const BreakGlassAccessPage = PageOf(BreakGlassAccess, 'BreakGlassAccessPage');
export const AuditEventPage = PageOf(AuditEvent, 'AuditEventPage');
