import { ArgsType, Field, InputType, Int, OmitType, PartialType } from '@nestjs/graphql';
import {
  ArrayMaxSize,
  ArrayUnique,
  IsArray,
  IsEnum,
  IsInt,
  IsOptional,
  IsString,
  Length,
  Max,
  MaxLength,
  Min,
} from 'class-validator';
import { PageArgs, PageOf } from '@app/pagination';
import { IsCalendarDate, IsOdsCode, IsOnsAreaCode, IsUkPostcode, Trim } from '@app/validation';
import { IsNhsNumber } from '@app/validation';
import { CommunicationNeed, NhsNumberVerificationStatus, PersonFlag, Sex } from './person-codes';
import { Person } from './person.entity';

const NAME = { min: 1, max: 100 };

@InputType({ description: 'A person to add to the register.' })
export class RegisterPersonInput {
  @Field({ description: 'Ten digits, or grouped 3 3 4 with spaces or hyphens.' })
  @IsNhsNumber()
  nhsNumber: string;

  @Field(() => NhsNumberVerificationStatus, {
    nullable: true,
    description: 'Defaults to NUMBER_PRESENT_BUT_NOT_TRACED: only a trace against PDS verifies a number.',
  })
  @IsOptional()
  @IsEnum(NhsNumberVerificationStatus)
  nhsNumberVerificationStatus?: NhsNumberVerificationStatus;

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

  @Field({ description: 'YYYY-MM-DD' })
  @IsCalendarDate()
  dateOfBirth: string;

  @Field(() => Sex)
  @IsEnum(Sex)
  sex: Sex;

  @Field(() => [String], { nullable: true })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(5)
  @IsString({ each: true })
  @MaxLength(100, { each: true })
  addressLines?: string[];

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsUkPostcode()
  postcode?: string | null;

  @Field(() => String, { nullable: true, description: "ODS code of the person's registered GP practice." })
  @IsOptional()
  @IsOdsCode()
  gpPracticeOds?: string | null;

  @Field(() => String, { nullable: true, description: 'ONS code of the local authority the person lives in.' })
  @IsOptional()
  @IsOnsAreaCode()
  residenceLocalAuthority?: string | null;

  @Field(() => String, { nullable: true, description: 'YYYY-MM-DD' })
  @IsOptional()
  @IsCalendarDate()
  dateOfDeath?: string | null;

  @Field(() => [PersonFlag], { nullable: true })
  @IsOptional()
  @IsArray()
  @ArrayUnique()
  @IsEnum(PersonFlag, { each: true })
  flags?: PersonFlag[];

  @Field(() => [CommunicationNeed], { nullable: true })
  @IsOptional()
  @IsArray()
  @ArrayUnique()
  @IsEnum(CommunicationNeed, { each: true })
  communicationNeeds?: CommunicationNeed[];

  @Field(() => String, { nullable: true })
  @IsOptional()
  @Trim()
  @IsString()
  @Length(1, 60)
  interpreterLanguage?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @Trim()
  @IsString()
  @Length(1, 2000)
  reasonableAdjustments?: string | null;
}

@InputType({
  description:
    'Changes to a registered person. Fields left out stay as they are; null clears an optional field. ' +
    'expectedVersion is the version you read: if the person changed since, nothing is written (VERSION_CONFLICT).',
})
export class UpdatePersonInput extends PartialType(OmitType(RegisterPersonInput, ['nhsNumber'] as const)) {
  @Field()
  @IsNhsNumber()
  nhsNumber: string;

  @Field(() => Int)
  @IsInt()
  @Min(1)
  expectedVersion: number;
}

@ArgsType()
export class PersonByNhsNumberArgs {
  @Field()
  @IsNhsNumber()
  nhsNumber: string;
}

@ArgsType()
export class FindPersonsArgs {
  @Field({ description: 'Matched without regard to case.' })
  @Trim()
  @IsString()
  @Length(NAME.min, NAME.max)
  familyName: string;

  @Field({ description: 'YYYY-MM-DD' })
  @IsCalendarDate()
  dateOfBirth: string;

  @Field(() => String, { nullable: true, description: 'Matched without regard to case, as a prefix ("Jo" finds "John").' })
  @IsOptional()
  @Trim()
  @IsString()
  @Length(NAME.min, NAME.max)
  givenName?: string;

  @Field(() => Int, { defaultValue: 20 })
  @IsInt()
  @Min(1)
  @Max(100)
  limit: number = 20;
}

@ArgsType()
export class PersonsAtPracticeArgs extends PageArgs {
  @Field({ description: 'ODS code of the GP practice.' })
  @IsOdsCode()
  gpPracticeOds: string;
}

export const PersonPage = PageOf(Person, 'PersonPage');
