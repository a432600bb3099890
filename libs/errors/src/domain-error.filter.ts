import { ArgumentsHost, Catch, ExceptionFilter } from '@nestjs/common';
import { DomainError } from './domain-error';

/**
 * Domain errors are answers, not faults: hand them to GraphQL's formatter (formatGraphQLError)
 * as they are, without Nest logging them as unhandled exceptions.
 */
@Catch(DomainError)
export class DomainErrorFilter implements ExceptionFilter {
  catch(error: DomainError, host: ArgumentsHost) {
    if (host.getType<string>() === 'graphql') return error;
    throw error;
  }
}
