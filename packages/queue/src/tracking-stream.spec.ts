import { describe, expect, it } from 'vitest';
import { decodeStreamEntry, encodeStreamEntry } from './tracking-stream';

describe('tracking stream entries', () => {
  it('round-trips', () => {
    const entry = { kind: 'click' as const, mailingId: 7, destinationId: 123456789012n, at: new Date(1_700_000_000_000), method: 'GET', userAgent: 'UA', linkPosition: 3, url: 'https://x.example/?a=1' };
    expect(decodeStreamEntry(encodeStreamEntry(entry))).toEqual({ ...entry, ipHash: undefined, errorKind: undefined, errorCode: undefined, errorText: undefined });
  });
  it('rejects malformed entries', () => {
    expect(decodeStreamEntry(['k', 'o', 'd', 'x.1', 't', '1'])).toBeNull();
    expect(decodeStreamEntry(['k', 'z', 'd', '1.1', 't', '1'])).toBeNull();
    expect(decodeStreamEntry(['k', 'c', 'd', '1.1', 't', '1', 'p', 'abc'])).toBeNull();
    expect(decodeStreamEntry([])).toBeNull();
  });
});
