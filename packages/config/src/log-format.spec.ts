import { describe, expect, it } from 'vitest';
import { logTransport } from './log-format';

describe('logTransport', () => {
  it('prints human-readable lines in development', () => {
    expect(logTransport({ NODE_ENV: 'development' })?.target).toBe('pino-pretty');
  });

  it('keeps JSON lines in test and production', () => {
    expect(logTransport({ NODE_ENV: 'production' })).toBeUndefined();
    expect(logTransport({ NODE_ENV: 'test' })).toBeUndefined();
  });
});
