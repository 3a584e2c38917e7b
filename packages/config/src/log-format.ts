import type { HeraldConfig } from './config.schema';

/** pino's transport options, as pino-http takes them. */
interface LogTransport {
  target: string;
  options: Record<string, unknown>;
}

/**
 * How the logs read: in development one coloured line per entry for the person watching `npm start`; anywhere else
 * (test, production) pino's JSON lines, which a log collector parses. pino-pretty is a dependency of the API and the worker for this.
 */
export function logTransport(config: Pick<HeraldConfig, 'NODE_ENV'>): LogTransport | undefined {
  if (config.NODE_ENV !== 'development') return undefined;
  return {
    target: 'pino-pretty',
    options: { singleLine: true, translateTime: 'SYS:HH:MM:ss', ignore: 'pid,hostname,req.headers,res.headers' },
  };
}
