import { ArgsType, Field, ID, InputType, Int } from '@nestjs/graphql';
import { IsBoolean, IsInt, IsOptional, Min } from 'class-validator';
import { IsCalendarDate, IsId } from '@app/validation';

/** What every change to a versioned record names: the record, and the version the caller read. */
@InputType({ isAbstract: true })
export class VersionedChange {
  @Field(() => ID)
  @IsId()
  id: string;

  @Field(() => Int, {
    description: 'The version you read: if the record changed since, nothing is written (VERSION_CONFLICT).',
  })
  @IsInt()
  @Min(1)
  expectedVersion: number;
}

@ArgsType()
export class IdArgs {
  @Field(() => ID)
  @IsId()
  id: string;
}

@ArgsType()
export class IncludeEndedArgs {
  @Field({ defaultValue: false, description: 'Include the ones that have ended (the history), not only the current ones.' })
  @IsBoolean()
  includeEnded: boolean = false;
}

@InputType({ description: 'Ends a role or membership; it is kept as history.' })
export class EndInput {
  @Field(() => ID)
  @IsId()
  id: string;

  @Field(() => String, { nullable: true, description: 'YYYY-MM-DD, today or earlier; today if left out.' })
  @IsOptional()
  @IsCalendarDate()
  endDate?: string;
}
