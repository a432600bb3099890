import { applyDecorators } from '@nestjs/common';
import { ArgsType, Field, ID, InputType, Int, IntersectionType, PartialType } from '@nestjs/graphql';
import { IsEnum, IsInt, IsOptional, IsString, Length, Matches, Max, Min } from 'class-validator';
import { Transform } from 'class-transformer';
import { IsCalendarDate, IsId, Trim } from '@app/validation';
import { VersionedChange } from './common.types';
import { Profession, RegistrationBody } from './organisation-codes';

const NAME = { min: 1, max: 100 };

/** A regulator's registration number (GMC 7 digits, NMC PIN, HCPC OT12345...), stored in capitals. */
const IsRegistrationNumber = () =>
  applyDecorators(
    Transform(({ value }) => (typeof value === 'string' ? value.replace(/\s+/g, '').toUpperCase() : value)),
    Matches(/^[A-Z0-9]{3,12}$/, { message: ({ property }) => `${property} must be 3 to 12 letters and digits` }),
  );

@InputType({ description: 'A professional to add to the directory.' })
export class CreateProfessionalInput {
  @Field()
  @Trim()
  @IsString()
  @Length(NAME.min, NAME.max)
  givenName: string;

  @Field()
  @Trim()
  @IsString()
  @Length(NAME.min, NAME.max)
  familyName: string;

  @Field(() => Profession)
  @IsEnum(Profession)
  profession: Profession;

  @Field(() => RegistrationBody, { nullable: true, description: 'Given with registrationNumber, or neither.' })
  @IsOptional()
  @IsEnum(RegistrationBody)
  registrationBody?: RegistrationBody | null;

  @Field(() => String, { nullable: true, description: 'Unique with its registration body.' })
  @IsOptional()
  @IsRegistrationNumber()
  registrationNumber?: string | null;

  @Field(() => Int, { nullable: true, description: 'How many people they can lead or case-manage at once.' })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(10_000)
  caseloadCapacity?: number | null;
}

@InputType({ description: 'Changes to a professional; fields left out stay as they are, null clears an optional one.' })
export class UpdateProfessionalInput extends IntersectionType(PartialType(CreateProfessionalInput), VersionedChange) {}

@ArgsType()
export class ProfessionalByRegistrationArgs {
  @Field(() => RegistrationBody)
  @IsEnum(RegistrationBody)
  registrationBody: RegistrationBody;

  @Field()
  @IsRegistrationNumber()
  registrationNumber: string;
}

@InputType({ description: "A professional's job in an organisation." })
export class AddProfessionalRoleInput {
  @Field(() => ID)
  @IsId()
  professionalId: string;

  @Field(() => ID)
  @IsId()
  organisationId: string;

  @Field()
  @Trim()
  @IsString()
  @Length(1, 200)
  jobTitle: string;

  @Field(() => String, { nullable: true, description: 'YYYY-MM-DD; today if left out.' })
  @IsOptional()
  @IsCalendarDate()
  startDate?: string;
}
