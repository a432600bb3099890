import { Logger } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';

const logger = new Logger('Request');

/**
 * One structured log line per request, written when the response is finished: method, path,
 * status, duration and, for GraphQL, the operation name. Never the body: it holds patient data.
 */
export function logRequests(req: Request, res: Response, next: NextFunction): void {
  const started = process.hrtime.bigint();
  res.on('finish', () => {
    const durationMs = Number(process.hrtime.bigint() - started) / 1e6;
    const operation = typeof req.body?.operationName === 'string' ? req.body.operationName : undefined;
    const path = req.originalUrl.split('?')[0];
    const line = { method: req.method, path, status: res.statusCode, durationMs: Math.round(durationMs * 10) / 10, operation };
    if (res.statusCode >= 500) logger.error(line);
    else logger.log(line);
  });
  next();
}
