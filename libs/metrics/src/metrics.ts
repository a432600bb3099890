import { Injectable } from '@nestjs/common';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

/** Seconds; from a fast look-up to a slow population page. */
const LATENCY_BUCKETS = [0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/** A gauge read when Prometheus scrapes, from whatever holds the figure (a pool, a query). */
export type GaugeReading = () => Promise<{ labels?: Record<string, string>; value: number }[]> | { labels?: Record<string, string>; value: number }[];

/**
 * The service's Prometheus metrics, in a registry of its own (prom-client's default registry is
 * global to the process, and tests start several apps in one process). Labels are bounded: a
 * GraphQL operation is named by its root field, never by the client's free-text operation name.
 */
@Injectable()
export class Metrics {
  readonly registry = new Registry();

  readonly graphqlOperations = new Counter({
    name: 'graphql_operations_total',
    help: 'GraphQL operations by root field, kind and outcome (ok, or the error code)',
    labelNames: ['operation', 'kind', 'outcome'] as const,
    registers: [this.registry],
  });

  readonly graphqlDuration = new Histogram({
    name: 'graphql_operation_duration_seconds',
    help: 'Time from receiving a GraphQL operation to sending its answer, by root field',
    labelNames: ['operation', 'kind'] as const,
    buckets: LATENCY_BUCKETS,
    registers: [this.registry],
  });

  readonly httpRequests = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'HTTP requests by route pattern (FHIR interactions among them), method and status',
    labelNames: ['route', 'method', 'status'] as const,
    buckets: LATENCY_BUCKETS,
    registers: [this.registry],
  });

  readonly fhirInteractions = new Counter({
    name: 'fhir_interactions_total',
    help: 'FHIR REST interactions (read, vread, search-type, create, update, history-instance, batch, capabilities) by resource type and HTTP status',
    labelNames: ['interaction', 'type', 'status'] as const,
    registers: [this.registry],
  });

  readonly fhirDuration = new Histogram({
    name: 'fhir_interaction_duration_seconds',
    help: 'Time to answer a FHIR REST interaction, by interaction and resource type',
    labelNames: ['interaction', 'type'] as const,
    buckets: LATENCY_BUCKETS,
    registers: [this.registry],
  });

  readonly partnerDeliveries = new Counter({
    name: 'partner_deliveries_total',
    help: "Messages this worker pushed to partner systems, by partner and outcome (delivered, failed, parked, released at shutdown)",
    labelNames: ['partner', 'outcome'] as const,
    registers: [this.registry],
  });

  readonly partnerPushDuration = new Histogram({
    name: 'partner_push_duration_seconds',
    help: "Time for a partner system to answer one pushed resource, by partner",
    labelNames: ['partner'] as const,
    buckets: LATENCY_BUCKETS,
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry });
  }

  /** A gauge whose value is read at scrape time; a reading that fails is left out rather than failing the scrape. */
  gauge(name: string, help: string, labelNames: string[], read: GaugeReading): void {
    new Gauge({
      name,
      help,
      labelNames,
      registers: [this.registry],
      async collect() {
        this.reset();
        await fill(read, (labels, value) => this.set(labels, value));
      },
    });
  }

  /** The same for a figure that only grows (a database sequence), which Prometheus's rate() reads as a counter. */
  counterReading(name: string, help: string, read: () => Promise<number>): void {
    new Counter({
      name,
      help,
      registers: [this.registry],
      async collect() {
        this.reset();
        await fill(async () => [{ value: await read() }], (labels, value) => this.inc(labels, value));
      },
    });
  }

  text(): Promise<string> {
    return this.registry.metrics();
  }
}

async function fill(read: GaugeReading, set: (labels: Record<string, string>, value: number) => void): Promise<void> {
  try {
    for (const { labels = {}, value } of await read()) set(labels, value);
  } catch {
    // The figure is missing from this scrape; Prometheus shows the gap.
  }
}
