export { graphqlMetrics } from './graphql-metrics.plugin';
export { Metrics } from './metrics';
export type { GaugeReading } from './metrics';
export { MetricsModule } from './metrics.module';
export { Readiness } from './readiness';
export type { ReadinessCheck } from './readiness';
