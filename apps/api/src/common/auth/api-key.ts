import { createHash, randomBytes } from 'node:crypto';

export const API_KEY_PREFIX = 'hrld_';

export function generateApiKey(): string {
  return API_KEY_PREFIX + randomBytes(24).toString('base64url');
}

/** API keys are long random secrets, so a fast hash is enough (no password stretching needed). */
export function hashApiKey(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}
