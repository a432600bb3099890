export { DomainError, isDomainError } from './domain-error';
export { DomainErrorFilter } from './domain-error.filter';
export { ErrorCode, httpStatusOf } from './error-code';
export { createValidationPipe, validationErrorToDomainError } from './validation';
export { formatGraphQLError } from './graphql-errors';
