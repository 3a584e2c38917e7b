import { describe, expect, it } from 'vitest';
import { lookUp, resolverWithin, type DnsResolver } from './dns';

const never: DnsResolver = () => new Promise(() => undefined);

describe('resolverWithin', () => {
  it('answers as the resolver does within the budget', async () => {
    const resolve = resolverWithin(async () => [['v=spf1 -all']], 1_000);
    expect(await lookUp(resolve, 'news.example', 'TXT')).toEqual({ kind: 'found', values: ['v=spf1 -all'] });
  });

  it('fails a lookup that outlasts the budget as timed out, and every later one at once', async () => {
    const started = Date.now();
    const resolve = resolverWithin(never, 50);
    expect(await lookUp(resolve, 'news.example', 'TXT')).toEqual({ kind: 'failed', code: 'ETIMEOUT' });
    expect(await lookUp(resolve, '_dmarc.news.example', 'TXT')).toEqual({ kind: 'failed', code: 'ETIMEOUT' });
    expect(Date.now() - started).toBeLessThan(500);
  });

  it('counts the budget from its creation, not per lookup', async () => {
    let now = 0;
    const resolve = resolverWithin(
      async () => ['192.0.2.1'],
      100,
      () => now,
    );
    expect(await lookUp(resolve, 'a.example', 'A')).toEqual({ kind: 'found', values: ['192.0.2.1'] });
    now = 100;
    expect(await lookUp(resolve, 'b.example', 'A')).toEqual({ kind: 'failed', code: 'ETIMEOUT' });
  });
});
