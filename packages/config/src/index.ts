export { configSchema, parseConfig, ConfigError, type HeraldConfig } from './config.schema';
