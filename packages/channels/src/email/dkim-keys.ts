import { dkimKeyContext, dkimPrivateKey, SecretBox } from '@herald/domain';
import type { DkimKey } from './dkim-signature';

/** How long a domain's keys are kept: a new, deleted or rotated key reaches every process within it. */
const KEYS_TTL_MS = 60_000;

/** A sender domain's private keys as stored: sealed with SECRETS_KEY, the Ed25519 one optional. */
export interface SealedDkimKeys {
  dkimSelector: string;
  dkimPrivateKey: string;
  ed25519Selector: string | null;
  ed25519PrivateKey: string | null;
}

/**
 * The DKIM keys of an account's sender domain, opened and parsed once per domain and minute, so that
 * signing a message costs one lookup in a map besides the signature itself. No sender domain: no keys.
 * The worker signs every message with them and the issue checker its sample (one owner of opening keys).
 */
export function dkimKeyLookup(
  load: (accountId: number, domain: string) => Promise<SealedDkimKeys | null>,
  secretsKey: string,
  clock: () => number = Date.now,
): (accountId: number, domain: string) => Promise<readonly DkimKey[]> {
  const secrets = SecretBox.fromSecretsKey(secretsKey);
  const cache = new Map<string, { loadedAt: number; keys: Promise<readonly DkimKey[]> }>();
  const open = async (accountId: number, domain: string): Promise<readonly DkimKey[]> => {
    const row = await load(accountId, domain);
    if (!row) return [];
    const key = (selector: string, sealed: string): DkimKey => ({
      domain,
      selector,
      key: dkimPrivateKey(secrets.open(sealed, dkimKeyContext(accountId, domain, selector))),
    });
    const keys = [key(row.dkimSelector, row.dkimPrivateKey)];
    if (row.ed25519Selector && row.ed25519PrivateKey) keys.push(key(row.ed25519Selector, row.ed25519PrivateKey));
    return keys;
  };
  return (accountId, domain) => {
    const id = `${accountId}:${domain}`;
    const now = clock();
    const cached = cache.get(id);
    if (cached && now - cached.loadedAt < KEYS_TTL_MS) return cached.keys;
    const keys = open(accountId, domain);
    cache.set(id, { loadedAt: now, keys });
    // A failed load (the database away, a key that does not open) is tried again by the next message.
    keys.catch(() => cache.delete(id));
    return keys;
  };
}
