import { describe, expect, it } from 'vitest';
import {
  ConfigError,
  faxApiSettings,
  SIMULATED_FAX,
  isPlatformOperator,
  parseConfig,
  platformSmtpServer,
  twilioSettings,
  workerProcessCount,
} from './config.schema';

const valid = {
  DATABASE_URL: 'postgresql://postgres@127.0.0.1:5432/herald',
  JWT_SECRET: 'x'.repeat(32),
  TRACKING_SECRET: 'y'.repeat(32),
  SECRETS_KEY: 'z'.repeat(32),
};

describe('parseConfig', () => {
  it('fills defaults', () => {
    const config = parseConfig(valid);
    expect(config.API_PORT).toBe(3000);
    expect(config.REDIS_URL).toBe('redis://127.0.0.1:6379');
  });

  it('names every wrong or missing variable at once', () => {
    try {
      parseConfig({ API_PORT: 'abc', REDIS_URL: 'http://x' });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      const message = (error as ConfigError).message;
      expect(message).toContain('DATABASE_URL is required');
      expect(message).toContain('JWT_SECRET is required');
      expect(message).toContain('API_PORT');
      expect(message).toContain('REDIS_URL must be a URL');
    }
  });
});

describe('SMTP_EHLO_NAME', () => {
  it("is the platform server's and every tenant server's greeting, unset by default", () => {
    expect(platformSmtpServer(parseConfig(valid))).toEqual({
      host: '127.0.0.1',
      port: 1025,
      secure: false,
      ehloName: undefined,
    });
    expect(platformSmtpServer(parseConfig({ ...valid, SMTP_EHLO_NAME: 'mta1.herald.example' })).ehloName).toBe(
      'mta1.herald.example',
    );
  });

  it('refuses what a receiver would not take for the name of the sending host', () => {
    for (const wrong of ['localhost', '192.0.2.1', 'mail example.com', '-mail.example.com', 'mail.exa_mple.com'])
      expect(() => parseConfig({ ...valid, SMTP_EHLO_NAME: wrong }), wrong).toThrow(/SMTP_EHLO_NAME must be/);
  });
});

describe('PLATFORM_OPERATORS', () => {
  it('is a list of user ids, empty by default', () => {
    expect(parseConfig(valid).PLATFORM_OPERATORS).toEqual([]);
    expect(parseConfig({ ...valid, PLATFORM_OPERATORS: ' 7, ,12' }).PLATFORM_OPERATORS).toEqual([7, 12]);
  });

  it('names who runs the platform by id; nobody when it is empty', () => {
    const config = parseConfig({ ...valid, PLATFORM_OPERATORS: '7' });
    expect(isPlatformOperator(config, 7)).toBe(true);
    expect(isPlatformOperator(config, 8)).toBe(false);
    expect(isPlatformOperator(parseConfig(valid), 7)).toBe(false);
  });

  it('refuses what is not a user id, naming its place in the list', () => {
    for (const wrong of ['ops@herald.example', '0', '-3', '1.5', '2147483648'])
      expect(() => parseConfig({ ...valid, PLATFORM_OPERATORS: `7,${wrong}` })).toThrow(
        /PLATFORM_OPERATORS.1 must be a user id/,
      );
  });
});

describe('workerProcessCount', () => {
  it('is WORKER_PROCESSES, or one per core when it is 0', () => {
    expect(workerProcessCount({ WORKER_PROCESSES: 3 }, 8)).toBe(3);
    expect(workerProcessCount({ WORKER_PROCESSES: 0 }, 8)).toBe(8);
  });
});

describe('twilioSettings', () => {
  const sid = `AC${'a'.repeat(32)}`;

  it('uses the configured account, at Twilio unless another API URL is given', () => {
    expect(twilioSettings(parseConfig({ ...valid, TWILIO_ACCOUNT_SID: sid, TWILIO_AUTH_TOKEN: 't' }))).toMatchObject({
      accountSid: sid,
      authToken: 't',
      apiUrl: 'https://api.twilio.com',
      simulated: false,
    });
  });

  it('falls back to the local simulator outside production, and to no SMS channel in production', () => {
    expect(twilioSettings(parseConfig(valid))).toMatchObject({ apiUrl: 'http://127.0.0.1:4010', simulated: true });
    expect(twilioSettings(parseConfig({ ...valid, NODE_ENV: 'production' }))).toBeNull();
  });

  it('refuses one credential without the other, and a malformed sender', () => {
    expect(() => parseConfig({ ...valid, TWILIO_ACCOUNT_SID: sid })).toThrow(
      'TWILIO_AUTH_TOKEN must be set with the other Twilio credential',
    );
    expect(() => parseConfig({ ...valid, TWILIO_FROM: 'not a sender id' })).toThrow(/TWILIO_FROM must be a number/);
  });
});

describe('faxApiSettings', () => {
  const api = {
    FAX_API_URL: 'https://api.phaxio.example',
    FAX_API_KEY: 'key',
    FAX_API_SECRET: 'secret',
    FAX_CALLBACK_TOKEN: 'c'.repeat(16),
  };

  it('is the fax API when all four are set, else none (the email gateway)', () => {
    expect(faxApiSettings(parseConfig({ ...valid, ...api }))).toEqual({
      apiUrl: 'https://api.phaxio.example',
      apiKey: 'key',
      apiSecret: 'secret',
      callbackToken: 'c'.repeat(16),
    });
    expect(faxApiSettings(parseConfig(valid))).toBeNull();
  });

  it('is the local simulator with FAX_SIMULATED outside production, and a configured API wins over it', () => {
    expect(faxApiSettings(parseConfig({ ...valid, FAX_SIMULATED: 'true', FAX_SIMULATOR_PORT: '4999' }))).toEqual({
      ...SIMULATED_FAX,
      apiUrl: 'http://127.0.0.1:4999',
    });
    expect(faxApiSettings(parseConfig({ ...valid, ...api, FAX_SIMULATED: 'true' }))?.apiUrl).toBe(api.FAX_API_URL);
    expect(faxApiSettings(parseConfig({ ...valid, FAX_SIMULATED: 'false' }))).toBeNull();
    expect(() => parseConfig({ ...valid, FAX_SIMULATED: 'yes' })).toThrow(/FAX_SIMULATED/);
    expect(faxApiSettings({ ...parseConfig({ ...valid, FAX_SIMULATED: 'true' }), NODE_ENV: 'production' })).toBeNull();
  });

  it('names every missing one when only some are set', () => {
    expect(() => parseConfig({ ...valid, FAX_API_URL: api.FAX_API_URL })).toThrow(
      /FAX_API_KEY must be set with the other FAX_API_\* settings[\s\S]*FAX_CALLBACK_TOKEN must be set/,
    );
  });
});

describe('SENDING_IP', () => {
  it('is unset by default, and takes an IPv4 or IPv6 address', () => {
    expect(parseConfig(valid).SENDING_IP).toBeUndefined();
    expect(parseConfig({ ...valid, SENDING_IP: '192.0.2.10' }).SENDING_IP).toBe('192.0.2.10');
    expect(parseConfig({ ...valid, SENDING_IP: '2001:db8::10' }).SENDING_IP).toBe('2001:db8::10');
  });

  it.each(['mta.herald.example', '192.0.2.300', '192.0.2.10:25'])('refuses %s, naming the variable', (value) => {
    expect(() => parseConfig({ ...valid, SENDING_IP: value })).toThrow(/SENDING_IP must be an IPv4 or IPv6 address/);
  });
});
