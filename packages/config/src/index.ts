export { configSchema, parseConfig, workerProcessCount, ConfigError, type HeraldConfig } from './config.schema';
export { logTransport } from './log-format';
