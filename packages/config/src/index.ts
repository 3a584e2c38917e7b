export {
  configSchema,
  parseConfig,
  workerProcessCount,
  platformSmtpServer,
  isPlatformOperator,
  twilioSettings,
  faxApiSettings,
  SIMULATED_TWILIO,
  SIMULATED_FAX,
  ConfigError,
  type HeraldConfig,
  type TwilioSettings,
  type FaxApiSettings,
} from './config.schema';
export { logTransport } from './log-format';
