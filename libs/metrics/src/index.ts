export { graphqlMetrics } from './graphql-metrics.plugin';
export { Metrics } from './metrics';
export type { GaugeReading } from './metrics';
export { MetricsModule } from './metrics.module';
