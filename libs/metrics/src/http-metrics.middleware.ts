import { Injectable, NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { Metrics } from './metrics';

/** FHIR's names for the REST interactions, by route pattern and method. */
const FHIR_INTERACTIONS: Record<string, string> = {
  'GET /fhir/metadata': 'capabilities',
  'POST /fhir': 'batch',
  'GET /fhir/:type': 'search-type',
  'POST /fhir/:type': 'create',
  'GET /fhir/:type/:id': 'read',
  'PUT /fhir/:type/:id': 'update',
  'GET /fhir/:type/:id/_history': 'history-instance',
  'GET /fhir/:type/:id/_history/:version': 'vread',
};

/**
 * Times every HTTP request by its route pattern (`/fhir/:type/:id`, not the id itself, so the labels
 * stay few); a path no route matched is counted as "unmatched". FHIR interactions are counted again
 * by interaction and resource type.
 */
@Injectable()
export class HttpMetricsMiddleware implements NestMiddleware {
  /** Resource types the service has answered for: a type in a URL is a label only once it is known to be real. */
  private readonly fhirTypes = new Set<string>();

  constructor(private readonly metrics: Metrics) {}

  use(req: Request, res: Response, next: NextFunction): void {
    const started = process.hrtime.bigint();
    res.on('finish', () => {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      const route = req.route?.path ? `${req.baseUrl}${req.route.path}` : 'unmatched';
      const status = String(res.statusCode);
      this.metrics.httpRequests.observe({ route, method: req.method, status }, seconds);
      const interaction = FHIR_INTERACTIONS[`${req.method} ${route}`];
      if (interaction) {
        const type = this.fhirType(req, res.statusCode);
        this.metrics.fhirInteractions.inc({ interaction, type, status });
        this.metrics.fhirDuration.observe({ interaction, type }, seconds);
      }
    });
    next();
  }

  /** The resource type in the path (`/fhir/Patient/…`), or "other" for one the service has not answered for. */
  private fhirType(req: Request, status: number): string {
    const segment = (req.originalUrl.split('?')[0] ?? '').split('/')[2];
    if (!segment || segment === 'metadata') return 'none';
    if (status < 400 && /^[A-Z][A-Za-z]{1,63}$/.test(segment)) this.fhirTypes.add(segment);
    return this.fhirTypes.has(segment) ? segment : 'other';
  }
}
