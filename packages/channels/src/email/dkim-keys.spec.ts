import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { SecretBox, dkimKeyContext, generateSenderDomainKeys } from '@herald/domain';
import { dkimKeyLookup } from './dkim-keys';

const config = { SECRETS_KEY: randomBytes(32).toString('hex') };

async function storedDomain(accountId: number, domain: string, secretsKey = config.SECRETS_KEY) {
  const keys = await generateSenderDomainKeys(new Date('2026-12-04T00:00:00Z'), true);
  const box = SecretBox.fromSecretsKey(secretsKey);
  return {
    dkimSelector: keys.rsa.selector,
    dkimPrivateKey: box.seal(keys.rsa.privateKeyPem, dkimKeyContext(accountId, domain, keys.rsa.selector)),
    ed25519Selector: keys.ed25519!.selector,
    ed25519PrivateKey: box.seal(keys.ed25519!.privateKeyPem, dkimKeyContext(accountId, domain, keys.ed25519!.selector)),
  };
}

/** A database of one sender domain (account 7, news.example), counting its reads. */
function storeOf(row: Awaited<ReturnType<typeof storedDomain>> | null) {
  const reads: unknown[] = [];
  const load = async (accountId: number, domain: string) => {
    reads.push({ accountId, domain });
    return accountId === 7 && domain === 'news.example' ? row : null;
  };
  return { load, reads };
}

describe('dkimKeyLookup', () => {
  it('opens and parses a domain’s keys once, and again after a minute', async () => {
    const { load, reads } = storeOf(await storedDomain(7, 'news.example'));
    let now = 0;
    const keysFor = dkimKeyLookup(load, config.SECRETS_KEY, () => now);
    const keys = await keysFor(7, 'news.example');
    expect(keys.map((k) => [k.domain, k.selector, k.key.asymmetricKeyType])).toEqual([
      ['news.example', 'herald202612', 'rsa'],
      ['news.example', 'herald202612e', 'ed25519'],
    ]);
    await Promise.all([keysFor(7, 'news.example'), keysFor(7, 'news.example')]);
    now = 59_999;
    await keysFor(7, 'news.example');
    expect(reads).toHaveLength(1);
    now = 60_000;
    await keysFor(7, 'news.example');
    expect(reads).toHaveLength(2);
  });

  it('gives no keys for a domain the account has not added, nor for another account’s', async () => {
    const { load } = storeOf(await storedDomain(7, 'news.example'));
    const keysFor = dkimKeyLookup(load, config.SECRETS_KEY);
    expect(await keysFor(7, 'other.example')).toEqual([]);
    expect(await keysFor(8, 'news.example')).toEqual([]);
  });

  it('fails (naming SECRETS_KEY) rather than signing with nothing when a key does not open, and tries again next time', async () => {
    const { load, reads } = storeOf(
      await storedDomain(7, 'news.example', 'another key of at least thirty-two characters'),
    );
    const keysFor = dkimKeyLookup(load, config.SECRETS_KEY);
    await expect(keysFor(7, 'news.example')).rejects.toThrow(/SECRETS_KEY/);
    await expect(keysFor(7, 'news.example')).rejects.toThrow(/SECRETS_KEY/);
    expect(reads).toHaveLength(2);
  });
});
