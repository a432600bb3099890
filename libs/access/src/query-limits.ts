import type { ApolloDriverConfig } from '@nestjs/apollo';
import { DocumentNode, FragmentDefinitionNode, GraphQLError, Kind, OperationDefinitionNode, SelectionSetNode, ValueNode } from 'graphql';

interface Measure {
  depth: number;
  cost: number;
}

/** Page-size arguments: a list field costs its page size times what each item asks for. */
const PAGE_SIZE_ARGUMENTS = ['first', 'limit'];

function numberOf(value: ValueNode, variables: Record<string, unknown>): number | undefined {
  if (value.kind === Kind.INT) return Number(value.value);
  if (value.kind === Kind.VARIABLE) {
    const v = variables[value.name.value];
    return typeof v === 'number' ? v : undefined;
  }
  return undefined;
}

function measure(
  set: SelectionSetNode,
  fragments: Map<string, FragmentDefinitionNode>,
  variables: Record<string, unknown>,
): Measure {
  let depth = 0;
  let cost = 0;
  for (const selection of set.selections) {
    let inner: Measure;
    if (selection.kind === Kind.FIELD) {
      if (selection.name.value.startsWith('__')) continue; // introspection and __typename are free
      const child = selection.selectionSet ? measure(selection.selectionSet, fragments, variables) : { depth: 0, cost: 0 };
      const size = selection.arguments
        ?.filter((a) => PAGE_SIZE_ARGUMENTS.includes(a.name.value))
        .map((a) => numberOf(a.value, variables))
        .find((n) => n !== undefined);
      inner = { depth: 1 + child.depth, cost: 1 + (size ?? 1) * child.cost };
    } else {
      const fragment = selection.kind === Kind.INLINE_FRAGMENT ? selection : fragments.get(selection.name.value);
      if (!fragment) continue;
      inner = measure(fragment.selectionSet, fragments, variables);
    }
    depth = Math.max(depth, inner.depth);
    cost += inner.cost;
  }
  return { depth, cost };
}

/**
 * Refuses operations nested deeper than maxDepth or asking for more than maxCost fields in all
 * (a list counts its page size times its items' fields), before anything is resolved.
 */
export function queryLimits(maxDepth: number, maxCost: number): NonNullable<ApolloDriverConfig['plugins']>[number] {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ operation, document, request }: { operation?: OperationDefinitionNode; document: DocumentNode; request: { variables?: Record<string, unknown> } }) {
          if (!operation) return;
          const fragments = new Map(
            document.definitions
              .filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION)
              .map((d) => [d.name.value, d]),
          );
          const { depth, cost } = measure(operation.selectionSet, fragments, request.variables ?? {});
          if (depth > maxDepth) {
            throw new GraphQLError(`The operation is ${depth} levels deep; at most ${maxDepth} are allowed`, {
              extensions: { code: 'QUERY_TOO_DEEP', http: { status: 400 } },
            });
          }
          if (cost > maxCost) {
            throw new GraphQLError(`The operation could return ${cost} fields; at most ${maxCost} are allowed: ask for smaller pages`, {
              extensions: { code: 'QUERY_TOO_COMPLEX', http: { status: 400 } },
            });
          }
        },
      };
    },
  };
}
