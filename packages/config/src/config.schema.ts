import { isIP } from 'node:net';
import { availableParallelism } from 'node:os';
import { z } from 'zod';

const url = (protocols: string[]) =>
  z.string().refine(
    (value) => {
      try {
        return protocols.includes(new URL(value).protocol);
      } catch {
        return false;
      }
    },
    `must be a URL starting with ${protocols.join(' or ')}//`,
  );

const port = z.coerce.number().int().min(0).max(65535);
const bool = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');

/** Every environment variable Herald reads, with its default. Nothing else reads process.env. */
export const configSchema = z
  .object({
    NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    DATABASE_URL: url(['postgresql:', 'postgres:']),
    DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
    REDIS_URL: url(['redis:', 'rediss:']).default('redis://127.0.0.1:6379'),
    /** Prefix of every Redis key, so that test runs and tenants of one Redis never meet. */
    REDIS_PREFIX: z
      .string()
      .regex(/^[A-Za-z0-9_-]+$/, 'letters, digits, _ and - only')
      .default('herald'),
    API_HOST: z.string().default('127.0.0.1'),
    API_PORT: port.default(3000),
    /** Where recipients reach the API: tracking links, pixels and unsubscribe links point here. */
    PUBLIC_URL: url(['http:', 'https:']).default('http://127.0.0.1:3000'),
    ADMIN_URL: url(['http:', 'https:']).default('http://127.0.0.1:5173'),
    JWT_SECRET: z.string().min(32, 'must be at least 32 characters'),
    JWT_TTL_SECONDS: z.coerce
      .number()
      .int()
      .min(60)
      .default(8 * 3600),
    /** Key of the HMAC that signs tracking links, VERP return paths and unsubscribe tokens. */
    TRACKING_SECRET: z.string().min(32, 'must be at least 32 characters'),
    /**
     * Key that encrypts secrets at rest (account SMTP passwords, later DKIM keys and provider tokens):
     * 32+ characters; AES-256-GCM with a key derived from it.
     */
    SECRETS_KEY: z.string().min(32, 'must be at least 32 characters'),
    /**
     * Who runs the platform: the ids (comma-separated) of the users who may open the queue dashboard at
     * /queues, which shows and acts on every account's jobs. Ids, not e-mail addresses: an account's ADMIN
     * can create a user with any address not taken yet, but not with a given id. Empty: nobody may.
     */
    PLATFORM_OPERATORS: z
      .string()
      .transform((value) =>
        value
          .split(',')
          .map((id) => id.trim())
          .filter(Boolean),
      )
      .pipe(
        z.array(
          z
            .string()
            .regex(/^[1-9]\d{0,9}$/, 'must be a user id (the list is separated by commas)')
            .transform(Number)
            .refine((id) => id <= 2_147_483_647, 'must be a user id (at most 2147483647)'),
        ),
      )
      .default([]),
    /** Failed logins per IP and e-mail address within the window. */
    LOGIN_RATE_LIMIT: z.coerce.number().int().min(1).default(10),
    LOGIN_RATE_WINDOW_SECONDS: z.coerce.number().int().min(1).default(60),
    /** Failed logins per IP (any accounts) within the window: one address cannot try unlimited accounts. */
    LOGIN_IP_RATE_LIMIT: z.coerce.number().int().min(1).default(50),
    /** Failed logins on one account (from any IP) before it is locked for LOGIN_LOCKOUT_SECONDS. */
    LOGIN_ACCOUNT_FAILURE_LIMIT: z.coerce.number().int().min(1).default(10),
    LOGIN_LOCKOUT_SECONDS: z.coerce
      .number()
      .int()
      .min(1)
      .default(15 * 60),
    /** Largest JSON or form body the API accepts; larger ones get 413. Documents are saved as JSON. */
    API_BODY_LIMIT_BYTES: z.coerce
      .number()
      .int()
      .min(1024)
      .max(64 * 1024 * 1024)
      .default(5 * 1024 * 1024),
    /**
     * Outbound connections a tenant configures (its SMTP server, later webhooks) may not reach private,
     * loopback or link-local addresses unless the operator allows it: a tenant must not scan the
     * operator's network. The operator's own defaults (SMTP_HOST) are not subject to it.
     */
    OUTBOUND_ALLOW_PRIVATE: bool.default(false),
    /** Default outgoing SMTP server when an account has none of its own (the local mail catcher). */
    SMTP_HOST: z.string().default('127.0.0.1'),
    SMTP_PORT: port.default(1025),
    SMTP_SECURE: bool.default(false),
    /**
     * The name Herald greets every SMTP server with (EHLO), for the platform's server and tenants' own.
     * Receivers compare it with the sending address's reverse DNS, so set it to that name; unset, it is
     * nodemailer's: this host's name when it is fully qualified, else the address in brackets.
     */
    SMTP_EHLO_NAME: z
      .hostname({ error: 'must be a host name such as mail.example.com' })
      .refine((name) => name.includes('.') && isIP(name) === 0, 'must be a fully qualified host name, not an address')
      .optional(),
    /** Herald's inbound SMTP server for bounces and complaints (VERP return paths). */
    INBOUND_SMTP_HOST: z.string().default('127.0.0.1'),
    INBOUND_SMTP_PORT: port.default(2525),
    BOUNCE_DOMAIN: z.string().default('bounces.herald.localhost'),
    /**
     * The domain whose SPF record lists Herald's sending addresses: each sender domain's SPF record
     * includes it (`include:<SPF_INCLUDE>`), and verification looks for that include.
     */
    SPF_INCLUDE: z
      .string()
      .regex(/^[a-z0-9.-]+\.[a-z0-9-]+$/i, 'must be a domain name')
      .default('spf.herald.localhost'),
    /**
     * DNS servers for verifying sender domains and the sender checks, comma-separated `host` or
     * `host:port` (IPv4); empty uses the system's. Tests point it at a DNS server on loopback.
     */
    DNS_SERVERS: z
      .string()
      .regex(
        /^(\d{1,3}(\.\d{1,3}){3}(:\d{1,5})?)(,\s*\d{1,3}(\.\d{1,3}){3}(:\d{1,5})?)*$/,
        'must be IPv4 addresses, host:port, comma-separated',
      )
      .optional(),
    /**
     * The IP address Herald's mail leaves from, as receivers see it: the sender checks evaluate SPF for it
     * and look it up on DNS blocklists. Unset, neither is checked (and the checks say so).
     */
    SENDING_IP: z.union([z.ipv4(), z.ipv6()], { error: 'must be an IPv4 or IPv6 address' }).optional(),
    UPLOAD_DIR: z.string().default('.herald/uploads'),
    /** Destinations per send job. */
    SEND_BATCH_SIZE: z.coerce.number().int().min(1).max(10_000).default(500),
    /** Send jobs one worker process runs at once. */
    SEND_JOB_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(4),
    /** Attempts per message on a temporary (4xx) SMTP reply before it counts as a soft error. */
    SEND_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(50).default(5),
    /** First retry delay; doubles each attempt (RFC 5321 asks for at least 30 minutes between tries on a real MTA). */
    SEND_RETRY_DELAY_MS: z.coerce.number().int().min(0).default(60_000),
    /** Worker processes on this host (node:cluster); each runs every processor. 0 = one per CPU core. */
    WORKER_PROCESSES: z.coerce.number().int().min(0).max(64).default(1),
    WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(256).default(8),
    SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().min(100).default(10_000),
    /**
     * SpamAssassin's spamd, which rates a mailing for the issue checker (scripts/services.sh starts it);
     * unreachable or slower than the timeout, Herald's built-in heuristic rates it instead and says so.
     */
    SPAMD_HOST: z.string().default('127.0.0.1'),
    SPAMD_PORT: port.default(783),
    SPAMD_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(10_000),
    /** Twilio's account and token; unset outside production, SMS goes to the local Twilio simulator (twilioSettings). */
    TWILIO_ACCOUNT_SID: z
      .string()
      .regex(/^AC[0-9a-f]{32}$/, 'must be AC and 32 hex digits')
      .optional(),
    TWILIO_AUTH_TOKEN: z.string().min(1).optional(),
    /** The SMS sender: a number in E.164 or an alphanumeric sender id of up to 11 characters. */
    TWILIO_FROM: z
      .string()
      .regex(/^(\+[1-9]\d{6,14}|[A-Za-z0-9 ]{1,11})$/, 'must be a number in E.164 or a sender id of up to 11 letters')
      .default('+15005550006'),
    /** Base URL of Twilio's REST API; the simulator's when no credentials are set. */
    TWILIO_API_URL: url(['http:', 'https:']).optional(),
    /** Port of the local Twilio simulator that development and tests send SMS to. */
    TWILIO_SIMULATOR_PORT: port.default(4010),
    /** What one SMS segment costs, for the segments-and-cost figures (USD). */
    SMS_PRICE_PER_SEGMENT: z.coerce.number().min(0).default(0.0079),
    /** SMS messages one worker process has in flight (Twilio queues per sender; 429s slow it further). */
    SMS_CONCURRENCY: z.coerce.number().int().min(1).max(256).default(16),
    /**
     * The email-to-fax gateway faxes go to as PDFs through the platform's SMTP server (SMTP_HOST):
     * a fax to +31 20 123 4567 is mailed to 31201234567@<FAX_GATEWAY_DOMAIN> (Sinch Fax: sinchfax.com).
     * The default is caught by the local mail catcher.
     */
    FAX_GATEWAY_DOMAIN: z
      .string()
      .regex(/^[a-z0-9.-]+\.[a-z0-9-]+$/i, 'must be a domain name')
      .default('fax.herald.localhost'),
    /** The sender address the gateway knows Herald by. */
    FAX_FROM: z.email('must be an email address').default('fax@herald.localhost'),
    /**
     * An HTTP fax API in the shape of Phaxio's v2 (Sinch Fax) instead of the gateway: its base URL, key
     * and secret, and the callback token that signs its status callbacks. All four, or none.
     */
    FAX_API_URL: url(['http:', 'https:']).optional(),
    FAX_API_KEY: z.string().min(1).optional(),
    FAX_API_SECRET: z.string().min(1).optional(),
    FAX_CALLBACK_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
    /**
     * Without FAX_API_*: fax through the local fax API simulator on FAX_SIMULATOR_PORT instead of the
     * email-to-fax gateway, so that statuses come back (`npm start` sets it; never in production).
     */
    FAX_SIMULATED: bool.default(false),
    /** Port of the local fax API simulator (packages/twilio-simulator). */
    FAX_SIMULATOR_PORT: port.default(4011),
  })
  .superRefine((config, ctx) => {
    // One without the other would send with the simulator's token to a real account, or the reverse.
    if (Boolean(config.TWILIO_ACCOUNT_SID) !== Boolean(config.TWILIO_AUTH_TOKEN)) {
      const missing = config.TWILIO_ACCOUNT_SID ? 'TWILIO_AUTH_TOKEN' : 'TWILIO_ACCOUNT_SID';
      ctx.addIssue({ code: 'custom', path: [missing], message: 'must be set with the other Twilio credential' });
    }
    // A fax API without its callback token would take callbacks it cannot check, or the reverse.
    const faxApi = ['FAX_API_URL', 'FAX_API_KEY', 'FAX_API_SECRET', 'FAX_CALLBACK_TOKEN'] as const;
    if (faxApi.some((name) => config[name] !== undefined)) {
      for (const name of faxApi.filter((n) => config[n] === undefined))
        ctx.addIssue({ code: 'custom', path: [name], message: 'must be set with the other FAX_API_* settings' });
    }
  });

export type HeraldConfig = z.infer<typeof configSchema>;

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Parses the environment; lists every invalid or missing variable at once. */
export function parseConfig(env: Record<string, string | undefined>): HeraldConfig {
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const result = configSchema.safeParse(cleaned);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => {
    const name = issue.path.join('.');
    const missing = issue.code === 'invalid_type' && cleaned[name] === undefined;
    return missing ? `${name} is required but not set` : `${name} ${issue.message}`;
  });
  throw new ConfigError(problems);
}

/** The Twilio account the SMS channel uses and checks webhook signatures with. */
export interface TwilioSettings {
  accountSid: string;
  authToken: string;
  apiUrl: string;
  from: string;
  /** True when these are the local simulator's, not a real account's. */
  simulated: boolean;
}

/** Credentials of the local Twilio simulator (packages/twilio-simulator); never valid at Twilio. */
export const SIMULATED_TWILIO = { accountSid: `AC${'0'.repeat(32)}`, authToken: 'herald-twilio-simulator' } as const;

/**
 * Twilio's settings: the configured account, or the local simulator's outside production; null in
 * production without credentials (no SMS channel then).
 */
export function twilioSettings(config: HeraldConfig): TwilioSettings | null {
  if (config.TWILIO_ACCOUNT_SID && config.TWILIO_AUTH_TOKEN) {
    return {
      accountSid: config.TWILIO_ACCOUNT_SID,
      authToken: config.TWILIO_AUTH_TOKEN,
      apiUrl: config.TWILIO_API_URL ?? 'https://api.twilio.com',
      from: config.TWILIO_FROM,
      simulated: false,
    };
  }
  if (config.NODE_ENV === 'production') return null;
  return {
    ...SIMULATED_TWILIO,
    apiUrl: config.TWILIO_API_URL ?? `http://127.0.0.1:${config.TWILIO_SIMULATOR_PORT}`,
    from: config.TWILIO_FROM,
    simulated: true,
  };
}

/** The HTTP fax API faxes go through instead of the email-to-fax gateway, when it is configured. */
export interface FaxApiSettings {
  apiUrl: string;
  apiKey: string;
  apiSecret: string;
  callbackToken: string;
}

/** Credentials of the local fax API simulator (packages/twilio-simulator); never valid at a fax provider. */
export const SIMULATED_FAX = {
  apiKey: 'herald-fax-simulator',
  apiSecret: 'herald-fax-simulator-secret',
  callbackToken: 'herald-fax-simulator-callbacks',
} as const;

/** The configured fax API, else the local simulator when FAX_SIMULATED (outside production), else none: the gateway. */
export function faxApiSettings(config: HeraldConfig): FaxApiSettings | null {
  const { FAX_API_URL: apiUrl, FAX_API_KEY: apiKey, FAX_API_SECRET: apiSecret, FAX_CALLBACK_TOKEN: token } = config;
  if (apiUrl && apiKey && apiSecret && token) return { apiUrl, apiKey, apiSecret, callbackToken: token };
  if (!config.FAX_SIMULATED || config.NODE_ENV === 'production') return null;
  return { ...SIMULATED_FAX, apiUrl: `http://127.0.0.1:${config.FAX_SIMULATOR_PORT}` };
}

/**
 * Whether the user with this id runs the platform (PLATFORM_OPERATORS): what shows every account's data
 * at once, such as the queue dashboard, is theirs alone.
 */
export function isPlatformOperator(config: Pick<HeraldConfig, 'PLATFORM_OPERATORS'>, userId: number): boolean {
  return config.PLATFORM_OPERATORS.includes(userId);
}

/** The platform's own SMTP server, for accounts without one of their own and for faxes to a gateway. */
export function platformSmtpServer(
  config: Pick<HeraldConfig, 'SMTP_HOST' | 'SMTP_PORT' | 'SMTP_SECURE' | 'SMTP_EHLO_NAME'>,
): { host: string; port: number; secure: boolean; ehloName: string | undefined } {
  return {
    host: config.SMTP_HOST,
    port: config.SMTP_PORT,
    secure: config.SMTP_SECURE,
    ehloName: config.SMTP_EHLO_NAME,
  };
}

/** How many worker processes run on this host: `WORKER_PROCESSES`, with 0 meaning one per CPU core. */
export function workerProcessCount(
  config: Pick<HeraldConfig, 'WORKER_PROCESSES'>,
  cores: number = availableParallelism(),
): number {
  return config.WORKER_PROCESSES === 0 ? cores : config.WORKER_PROCESSES;
}
