import { ArgsType, Field, ID, InputType, IntersectionType, PartialType } from '@nestjs/graphql';
import { IsEnum, IsOptional, IsString, Length } from 'class-validator';
import { PageArgs, PageOf } from '@app/pagination';
import { IsId, IsOdsCode, Trim } from '@app/validation';
import { VersionedChange } from './common.types';
import { OrganisationKind } from './organisation-codes';
import { Organisation } from './organisation.entity';

@InputType({ description: 'An organisation to add to the directory.' })
export class CreateOrganisationInput {
  @Field(() => String, { nullable: true, description: 'ODS code, where the organisation has one.' })
  @IsOptional()
  @IsOdsCode()
  odsCode?: string | null;

  @Field()
  @Trim()
  @IsString()
  @Length(1, 200)
  name: string;

  @Field(() => OrganisationKind)
  @IsEnum(OrganisationKind)
  kind: OrganisationKind;

  @Field(() => ID, {
    nullable: true,
    description: 'The organisation it belongs to: for a practice its PCN, for a PCN its locality.',
  })
  @IsOptional()
  @IsId()
  parentId?: string | null;
}

@InputType({
  description:
    'Changes to an organisation; fields left out stay as they are, null clears an optional one. ' +
    'A new parentId moves the organisation and everything under it.',
})
export class UpdateOrganisationInput extends IntersectionType(PartialType(CreateOrganisationInput), VersionedChange) {}

@ArgsType()
export class OrganisationByOdsCodeArgs {
  @Field()
  @IsOdsCode()
  odsCode: string;
}

@ArgsType()
export class OrganisationsUnderArgs extends PageArgs {
  @Field(() => ID, { description: 'A locality, PCN or other organisation.' })
  @IsId()
  id: string;

  @Field(() => OrganisationKind, { nullable: true, description: 'Only these (GP_PRACTICE for "the practices under this PCN").' })
  @IsOptional()
  @IsEnum(OrganisationKind)
  kind?: OrganisationKind;
}

export const OrganisationPage = PageOf(Organisation, 'OrganisationPage');
