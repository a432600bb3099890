import { Type } from '@nestjs/common';
import { ArgsType, Field, Int, ObjectType } from '@nestjs/graphql';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { encodeCursor } from './cursor';

export const MAX_PAGE_SIZE = 200;

@ObjectType()
export class PageInfo {
  @Field({ description: 'Whether another page follows this one.' })
  hasNextPage: boolean;

  @Field(() => String, { nullable: true, description: 'Pass as `after` to get the next page.' })
  endCursor: string | null;
}

/** `first` and `after`, for any list that pages forward by cursor. */
@ArgsType()
export class PageArgs {
  @Field(() => Int, { defaultValue: 50, description: `Page size, at most ${MAX_PAGE_SIZE}.` })
  @IsInt()
  @Min(1)
  @Max(MAX_PAGE_SIZE)
  first: number = 50;

  @Field(() => String, { nullable: true, description: 'The endCursor of the previous page.' })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  after?: string;
}

export interface Page<T> {
  nodes: T[];
  pageInfo: PageInfo;
}

/** A GraphQL page type for T: `{ nodes, pageInfo }`. */
export function PageOf<T>(node: Type<T>, name: string): Type<Page<T>> {
  @ObjectType(name)
  class PageType {
    @Field(() => [node])
    nodes: T[];

    @Field(() => PageInfo)
    pageInfo: PageInfo;
  }
  return PageType;
}

/**
 * Builds a page from rows fetched with LIMIT first + 1: the extra row only says whether
 * there is a next page.
 */
export function toPage<T>(rows: T[], first: number, keyOf: (row: T) => (string | number | null)[]): Page<T> {
  const nodes = rows.slice(0, first);
  const last = nodes[nodes.length - 1];
  return {
    nodes,
    pageInfo: {
      hasNextPage: rows.length > first,
      endCursor: last === undefined ? null : encodeCursor(keyOf(last)),
    },
  };
}
