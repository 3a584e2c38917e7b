import { describe, expect, it } from 'vitest';
import { recordFaxStatus, type FaxStatusReport, type FaxStatusStore } from './fax-status.recorder';
import { decodeStreamEntry } from './tracking-stream';

/** A store in memory: the destinations' rows, Redis's keys and the stream's entries. */
function memoryStore(rows: Map<bigint, string | null>, failPages = false) {
  const keys = new Map<string, string>();
  const stream: string[][] = [];
  const pages = new Map<bigint, number>();
  const confirmed = new Map<bigint, Date>();
  const store: FaxStatusStore = {
    prefix: 't',
    redis: {
      set: (key, value) => {
        if (keys.has(key)) return Promise.resolve(null);
        keys.set(key, value);
        return Promise.resolve('OK');
      },
      del: (key) => Promise.resolve(keys.delete(key) ? 1 : 0),
      xadd: (_key, _id, ...fields) => {
        stream.push(fields);
        return Promise.resolve('1-0');
      },
    },
    destinations: {
      sentDestination: ({ destinationId }) =>
        Promise.resolve(rows.has(destinationId) ? { providerMessageId: rows.get(destinationId)! } : null),
      storeStatus: ({ destinationId }, n, deliveredAt) => {
        if (failPages) return Promise.reject(new Error('database down'));
        pages.set(destinationId, n);
        if (deliveredAt) confirmed.set(destinationId, deliveredAt);
        return Promise.resolve();
      },
    },
  };
  return { store, keys, stream, pages, confirmed };
}

const busy: FaxStatusReport = {
  faxId: null,
  outcome: 'busy',
  pages: 2,
  errorKind: 'SOFT',
  errorCode: 'busy',
  errorText: 'Line busy',
};

describe('recordFaxStatus', () => {
  it('stores the pages and folds a failure as a bounce, once per fax', async () => {
    const { store, stream, pages, confirmed } = memoryStore(new Map([[7n, '<m1.d7@x>']]));
    expect(await recordFaxStatus(store, { mailingId: 1, destinationId: 7n }, busy)).toBe('recorded');
    expect(await recordFaxStatus(store, { mailingId: 1, destinationId: 7n }, { ...busy, outcome: 'delivered' })).toBe(
      'ignored',
    );
    expect(pages.get(7n)).toBe(2);
    expect(confirmed.has(7n)).toBe(false); // a failure, and then a delivery that comes too late
    expect(stream.map((fields) => decodeStreamEntry(fields))).toMatchObject([
      {
        kind: 'bounce',
        mailingId: 1,
        destinationId: 7n,
        errorKind: 'SOFT',
        errorCode: 'busy',
        errorText: 'Fax busy after 2 page(s): Line busy',
      },
    ]);
  });

  it('records a delivered fax with its pages, confirmed, and no bounce', async () => {
    const { store, stream, pages, confirmed } = memoryStore(new Map([[8n, null]]));
    const delivered = {
      ...busy,
      outcome: 'delivered' as const,
      pages: 3,
      errorKind: null,
      errorCode: null,
      errorText: null,
    };
    expect(await recordFaxStatus(store, { mailingId: 1, destinationId: 8n }, delivered)).toBe('recorded');
    expect(pages.get(8n)).toBe(3);
    expect(confirmed.get(8n)).toBeInstanceOf(Date);
    expect(stream).toEqual([]);
  });

  it('ignores an unknown destination and another fax id', async () => {
    const { store, stream, pages } = memoryStore(new Map([[9n, '1001']]));
    expect(await recordFaxStatus(store, { mailingId: 1, destinationId: 10n }, busy)).toBe('ignored');
    expect(await recordFaxStatus(store, { mailingId: 1, destinationId: 9n }, { ...busy, faxId: '1002' })).toBe(
      'ignored',
    );
    expect(await recordFaxStatus(store, { mailingId: 1, destinationId: 9n }, { ...busy, faxId: '1001' })).toBe(
      'recorded',
    );
    expect(stream).toHaveLength(1);
    expect(pages.size).toBe(1);
  });

  it('forgets a status it could not record, so a repeat records it', async () => {
    const failing = memoryStore(new Map([[7n, 'x']]), true);
    await expect(recordFaxStatus(failing.store, { mailingId: 1, destinationId: 7n }, busy)).rejects.toThrow(
      'database down',
    );
    expect(failing.keys.size).toBe(0);
  });
});
