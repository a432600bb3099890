import { GraphQLError, GraphQLFormattedError } from 'graphql';
import { isDomainError } from './domain-error';

/**
 * The single place where errors become GraphQL errors. Domain errors keep their code and details;
 * GraphQL's own errors (syntax, unknown fields, bad variables) pass through with Apollo's codes;
 * anything else is a fault of ours, answered without internals (Nest has logged it in full).
 */
export function formatGraphQLError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  const original = error instanceof GraphQLError ? error.originalError : error;
  if (isDomainError(original)) {
    return {
      message: original.message,
      locations: formatted.locations,
      path: formatted.path,
      extensions: { ...original.details, code: original.code },
    };
  }
  if (original === undefined || formatted.extensions?.code !== 'INTERNAL_SERVER_ERROR') {
    const { stacktrace: _stacktrace, ...extensions } = formatted.extensions ?? {};
    return { ...formatted, extensions };
  }
  return {
    message: 'Internal server error',
    locations: formatted.locations,
    path: formatted.path,
    extensions: { code: 'INTERNAL_SERVER_ERROR' },
  };
}
