import type { ApolloDriverConfig } from '@nestjs/apollo';
import type { OperationDefinitionNode } from 'graphql';
import { Metrics } from './metrics';

type ApolloPlugin = NonNullable<ApolloDriverConfig['plugins']>[number];

interface ErrorLike {
  extensions?: Record<string, unknown>;
}

/** What the plugin reads of Apollo's request context as the answer is sent. */
interface AnsweredRequest {
  operation?: OperationDefinitionNode | null;
  errors?: readonly ErrorLike[];
  response: { body: { kind: string; singleResult?: { errors?: readonly ErrorLike[] } } };
}

/** The root fields an operation asks for, e.g. "person" or "me+person". */
function rootFields(operation: OperationDefinitionNode | null | undefined): string {
  const names = (operation?.selectionSet.selections ?? []).flatMap((s) => (s.kind === 'Field' ? [s.name.value] : []));
  return names.length === 0 ? 'unknown' : [...new Set(names)].sort().join('+');
}

/** Counts and times every GraphQL operation, labelled by its root fields and the outcome's error code. */
export function graphqlMetrics(metrics: Metrics): ApolloPlugin {
  return {
    async requestDidStart() {
      const started = process.hrtime.bigint();
      return {
        async willSendResponse({ operation, errors, response }: AnsweredRequest) {
          const labels = { operation: rootFields(operation), kind: operation?.operation ?? 'unknown' };
          // The answer's errors are the formatted ones, carrying the service's error code.
          const firstError = response.body.singleResult?.errors?.[0] ?? errors?.[0];
          const outcome = firstError ? String(firstError.extensions?.code ?? 'INTERNAL_SERVER_ERROR') : 'ok';
          metrics.graphqlOperations.inc({ ...labels, outcome });
          metrics.graphqlDuration.observe(labels, Number(process.hrtime.bigint() - started) / 1e9);
        },
      };
    },
  };
}
