export { configSchema, parseConfig, workerProcessCount, ConfigError, type HeraldConfig } from './config.schema';
