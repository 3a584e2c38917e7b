export {
  configSchema,
  parseConfig,
  workerProcessCount,
  twilioSettings,
  SIMULATED_TWILIO,
  ConfigError,
  type HeraldConfig,
  type TwilioSettings,
} from './config.schema';
export { logTransport } from './log-format';
