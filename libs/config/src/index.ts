export { AppConfig, ConfigError, loadConfig, replicaUrls } from './app-config';
export { ConfigModule } from './config.module';
export { databaseDescription, failedToStart, processLogger } from './process-start';
