import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig, twilioSettings, workerProcessCount } from './config.schema';

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
