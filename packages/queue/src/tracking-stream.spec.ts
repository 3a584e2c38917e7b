import { describe, expect, it } from 'vitest';
import { decodeStreamEntry, encodeStreamEntry } from './tracking-stream';

describe('tracking stream entries', () => {
  it('round-trips', () => {
    const entry = {
      kind: 'click' as const,
      mailingId: 7,
      destinationId: 123456789012n,
      at: new Date(1_700_000_000_000),
      method: 'GET',
      userAgent: 'UA',
      linkPosition: 3,
      url: 'https://x.example/?a=1',
    };
    expect(decodeStreamEntry(encodeStreamEntry(entry))).toEqual({
      ...entry,
      ipHash: undefined,
      errorKind: undefined,
      errorCode: undefined,
      errorText: undefined,
    });
  });
  it('writes one packed field, and still reads entries written a field per pair by an earlier version', () => {
    const entry = {
      kind: 'open' as const,
      mailingId: 7,
      destinationId: 9n,
      at: new Date(1_700_000_000_000),
      method: 'GET',
      userAgent: 'UA "quoted", \u001f',
    };
    const fields = encodeStreamEntry(entry);
    expect(fields).toHaveLength(2);
    expect(fields[0]).toBe('e');
    expect(
      decodeStreamEntry(['k', 'o', 'd', '7.9', 't', '1700000000000', 'm', 'GET', 'ua', 'UA "quoted", \u001f']),
    ).toEqual(decodeStreamEntry(fields));
  });
  it('rejects a packed field that is no JSON array of strings in order', () => {
    expect(decodeStreamEntry(['e', 'not json'])).toBeNull();
    expect(decodeStreamEntry(['e', '{"k":"o"}'])).toBeNull();
    expect(decodeStreamEntry(['e', '["o","1.1",1700000000000]'])).toBeNull();
    expect(
      decodeStreamEntry([
        'e',
        JSON.stringify(['o', '1.1', '1', null, null, null, null, null, null, null, null, null, 'extra']),
      ]),
    ).toBeNull();
    expect(decodeStreamEntry(['e', '["o","1.1","1"]'])).toMatchObject({
      kind: 'open',
      mailingId: 1,
      destinationId: 1n,
    });
  });
  it("carries a bounce's reason, and only a word as one", () => {
    const bounce = {
      kind: 'bounce' as const,
      mailingId: 3,
      destinationId: 4n,
      at: new Date(1_700_000_000_000),
      errorKind: 'HARD' as const,
      errorCode: '5.1.1',
      errorText: 'user unknown',
      errorReason: 'userunknown',
    };
    expect(decodeStreamEntry(encodeStreamEntry(bounce))).toMatchObject({ errorReason: 'userunknown' });
    expect(decodeStreamEntry(encodeStreamEntry({ ...bounce, errorReason: "x'; DROP" }))?.errorReason).toBeUndefined();
  });
  it('rejects malformed entries', () => {
    expect(decodeStreamEntry(['k', 'o', 'd', 'x.1', 't', '1'])).toBeNull();
    expect(decodeStreamEntry(['k', 'z', 'd', '1.1', 't', '1'])).toBeNull();
    expect(decodeStreamEntry(['k', 'c', 'd', '1.1', 't', '1', 'p', 'abc'])).toBeNull();
    expect(decodeStreamEntry([])).toBeNull();
  });
});
