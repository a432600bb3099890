import express, { NextFunction, Request, Response } from 'express';
import { outcome } from './operation-outcome';

/** Big enough for a transaction bundle of a few thousand resources. */
const LIMIT = '25mb';
const parse = express.json({ type: ['application/fhir+json', 'application/json'], limit: LIMIT });

/**
 * Parses FHIR JSON bodies (application/fhir+json, which the default parser ignores), answering a
 * body that is not JSON, or too big, with an OperationOutcome.
 */
export function fhirJsonBody(req: Request, res: Response, next: NextFunction): void {
  parse(req, res, (error?: { status?: number; message?: string }) => {
    if (!error) return next();
    const status = error.status === 413 ? 413 : 400;
    const { outcome: body } = outcome(status, 'BAD_USER_INPUT', status === 413 ? `The body is larger than ${LIMIT}` : 'The body is not JSON');
    res.status(status).type('application/fhir+json').send(JSON.stringify(body));
  });
}
