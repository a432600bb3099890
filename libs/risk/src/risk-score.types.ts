import { ArgsType, Field, Float, ID, InputType, Int, ObjectType } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsEnum, IsInt, IsNumber, IsOptional, IsString, Length, Max, Min, ValidateNested } from 'class-validator';
import { PersonLevel } from '@app/access';
import { IsCalendarDate, IsNhsNumber, Trim } from '@app/validation';
import { RiskModel } from './risk-codes';

export const MAX_SCORES_A_BATCH = 5_000;

@InputType({ description: 'Model-specific detail of a score.' })
export class RiskScoreDetailInput {
  @Field(() => Int, { nullable: true, description: 'eFI: how many of the 36 deficits are present; the value must be this over 36.' })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(36)
  deficitCount?: number;

  @Field(() => [String], { nullable: true, description: 'eFI: the deficits present, in the words of the source system.' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(36)
  @IsString({ each: true })
  @Length(1, 200, { each: true })
  deficits?: string[];
}

@InputType({ description: 'One score of one person from one model.' })
export class RiskScoreInput {
  @Field()
  @IsNhsNumber()
  nhsNumber: string;

  @Field(() => RiskModel)
  @IsEnum(RiskModel)
  model: RiskModel;

  @Field(() => Float, { description: "Within the model's range (the eFI: 0 to 1)." })
  @IsNumber({ allowNaN: false, allowInfinity: false })
  value: number;

  @Field({ description: 'When the model scored the person: YYYY-MM-DD.' })
  @IsCalendarDate()
  assessedOn: string;

  @Field({ description: 'Where the score comes from: the system or extract (e.g. "SystmOne eFI extract").' })
  @Trim()
  @IsString()
  @Length(1, 200)
  source: string;

  @Field(() => RiskScoreDetailInput, { nullable: true })
  @IsOptional()
  @ValidateNested()
  @Type(() => RiskScoreDetailInput)
  detail?: RiskScoreDetailInput;
}

@InputType({ description: `Scores to load together: all or none. At most ${MAX_SCORES_A_BATCH} a call.` })
export class LoadRiskScoresInput {
  @Field(() => [RiskScoreInput])
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_SCORES_A_BATCH)
  @ValidateNested({ each: true })
  @Type(() => RiskScoreInput)
  scores: RiskScoreInput[];
}

@ObjectType()
export class LoadRiskScoresResult {
  @Field(() => Int, { description: 'Scores loaded.' })
  loaded: number;

  @Field(() => Int, { description: 'Different people they are for.' })
  people: number;
}

@ObjectType()
export class RiskScoreDetail {
  @Field(() => Int, { nullable: true })
  deficitCount: number | null;

  @Field(() => [String], { nullable: true })
  deficits: string[] | null;
}

@ObjectType({ description: 'A score of a person from a named model, as loaded. Scores are never changed: a new one is added.' })
@PersonLevel((score: RiskScore) => score.personId)
export class RiskScore {
  @Field(() => ID)
  id: string;

  personId: string;

  @Field(() => RiskModel)
  model: RiskModel;

  @Field(() => Float)
  value: number;

  @Field(() => String, { nullable: true, description: "The model's category for the value (eFI: FIT, MILD, MODERATE, SEVERE)." })
  category: string | null;

  @Field()
  assessedOn: string;

  @Field()
  source: string;

  @Field(() => RiskScoreDetail)
  detail: RiskScoreDetail;

  @Field({ description: 'Whether it is the latest score of the person from this model.' })
  latest: boolean;
}

@ArgsType()
export class RiskScoresArgs {
  @Field()
  @IsNhsNumber()
  nhsNumber: string;

  @Field(() => RiskModel, { nullable: true })
  @IsOptional()
  @IsEnum(RiskModel)
  model?: RiskModel;
}

@ObjectType({ description: "A model's category: the scores above `above` (exclusive) up to the next category's." })
export class RiskModelCategory {
  @Field()
  code: string;

  @Field()
  name: string;

  @Field(() => Float, { nullable: true })
  above: number | null;
}

@ObjectType({ description: 'A risk stratification model and its range and categories.' })
export class RiskModelInfo {
  @Field(() => RiskModel)
  code: RiskModel;

  @Field()
  name: string;

  @Field()
  description: string;

  @Field(() => Float)
  minValue: number;

  @Field(() => Float)
  maxValue: number;

  @Field(() => [RiskModelCategory])
  categories: RiskModelCategory[];
}
