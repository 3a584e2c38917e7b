import { afterEach, describe, expect, it, vi } from 'vitest';
import type { PrismaService } from '../../common/prisma.service';
import { LINKS_REFRESH_AFTER_MS, LinkCacheService } from './link-cache.service';

type LinkRow = { position: number; url: string; accountId?: number };

/**
 * A PrismaService whose link.findMany answers from `rows` (or fails), counting the reads, and whose
 * website.findMany answers each account's website domains from `websites`.
 */
function prismaWith(
  rows: (mailingId: number) => LinkRow[] | Error,
  websites: Record<number, string[]> = {},
): { prisma: PrismaService; reads: number[] } {
  const reads: number[] = [];
  const findMany = ({ where }: { where: { mailingId: number } }): Promise<Required<LinkRow>[]> => {
    reads.push(where.mailingId);
    const result = rows(where.mailingId);
    return result instanceof Error
      ? Promise.reject(result)
      : Promise.resolve(result.map((r) => ({ accountId: 1, ...r })));
  };
  const website = {
    findMany: ({ where }: { where: { accountId: number } }) =>
      Promise.resolve((websites[where.accountId] ?? []).map((domain) => ({ domain }))),
  };
  return { prisma: { client: { link: { findMany }, website } } as unknown as PrismaService, reads };
}

const to = (location: string, toWebsite = false) => ({ location, toWebsite });

describe('LinkCacheService', () => {
  it('has nothing loaded before a mailing is clicked, then its redirect targets without a read', async () => {
    const { prisma, reads } = prismaWith(() => [
      { position: 1, url: 'https://example.com/a' },
      { position: 2, url: 'javascript:alert(1)' },
    ]);
    const links = new LinkCacheService(prisma);
    expect(links.loaded(7)).toBeUndefined();
    expect(await links.redirectTarget(7, 1)).toEqual(to('https://example.com/a'));
    const loaded = links.loaded(7)!;
    expect(loaded.get(1)).toEqual(to('https://example.com/a'));
    expect(loaded.has(2)).toBe(false); // no redirect target
    expect(links.loaded(8)).toBeUndefined();
    expect(reads).toEqual([7]);
  });

  it('keeps nothing loaded for a lookup that failed, and reads it again', async () => {
    let fail = true;
    const { prisma, reads } = prismaWith(() =>
      fail ? new Error('database down') : [{ position: 1, url: 'https://example.com/' }],
    );
    const links = new LinkCacheService(prisma);
    await expect(links.redirectTarget(7, 1)).rejects.toThrow('database down');
    expect(links.loaded(7)).toBeUndefined();
    fail = false;
    expect(await links.redirectTarget(7, 1)).toEqual(to('https://example.com/'));
    expect(links.loaded(7)?.get(1)).toEqual(to('https://example.com/'));
    expect(reads).toEqual([7, 7]);
  });

  it("marks the links to the websites of the mailing's own account, for the visit token", async () => {
    const { prisma } = prismaWith(
      (mailingId) => [
        { position: 1, url: 'https://www.shop.example/sale', accountId: mailingId },
        { position: 2, url: 'https://elsewhere.example/', accountId: mailingId },
      ],
      { 7: ['shop.example'], 8: ['elsewhere.example'] },
    );
    const links = new LinkCacheService(prisma);
    expect(await links.redirectTarget(7, 1)).toEqual(to('https://www.shop.example/sale', true));
    expect(await links.redirectTarget(7, 2)).toEqual(to('https://elsewhere.example/'));
    // Another account's mailing: its own website only.
    expect(await links.redirectTarget(8, 1)).toEqual(to('https://www.shop.example/sale'));
    expect(await links.redirectTarget(8, 2)).toEqual(to('https://elsewhere.example/', true));
  });

  it('forgets the loaded links of the mailing it evicts', async () => {
    const { prisma } = prismaWith((mailingId) => [{ position: 1, url: `https://example.com/${mailingId}` }]);
    const links = new LinkCacheService(prisma);
    for (let mailingId = 1; mailingId <= 501; mailingId++) await links.redirectTarget(mailingId, 1);
    expect(links.loaded(1)).toBeUndefined();
    expect(links.loaded(2)?.get(1)).toEqual(to('https://example.com/2'));
    expect(links.loaded(501)?.get(1)).toEqual(to('https://example.com/501'));
  });

  describe('after LINKS_REFRESH_AFTER_MS', () => {
    afterEach(() => vi.useRealTimers());
    const settle = () => new Promise((resolve) => setImmediate(resolve));

    it('reads the links again in the background, so a website added meanwhile gets the visit token', async () => {
      vi.useFakeTimers({ toFake: ['Date'] });
      const websites: Record<number, string[]> = {};
      const { prisma, reads } = prismaWith(() => [{ position: 1, url: 'https://shop.example/' }], websites);
      const links = new LinkCacheService(prisma);
      await links.redirectTarget(7, 1);
      websites[1] = ['shop.example'];
      vi.advanceTimersByTime(LINKS_REFRESH_AFTER_MS - 1);
      expect(links.loaded(7)?.get(1)).toEqual(to('https://shop.example/'));
      await settle();
      expect(reads).toEqual([7]); // still fresh: no read
      vi.advanceTimersByTime(1);
      // The click that finds them stale is served at once from what is loaded; the next one sees the website.
      expect(links.loaded(7)?.get(1)).toEqual(to('https://shop.example/'));
      expect(links.loaded(7)?.get(1)).toEqual(to('https://shop.example/')); // one read in flight, not two
      await settle();
      expect(reads).toEqual([7, 7]);
      expect(links.loaded(7)?.get(1)).toEqual(to('https://shop.example/', true));
      expect(await links.redirectTarget(7, 1)).toEqual(to('https://shop.example/', true));
      await settle();
      expect(reads).toEqual([7, 7]); // fresh again
    });

    it('keeps the links it has when the fresh read fails, and tries again on the next click', async () => {
      vi.useFakeTimers({ toFake: ['Date'] });
      let fail = false;
      const { prisma, reads } = prismaWith(() =>
        fail ? new Error('database down') : [{ position: 1, url: 'https://example.com/' }],
      );
      const links = new LinkCacheService(prisma);
      await links.redirectTarget(7, 1);
      fail = true;
      vi.advanceTimersByTime(LINKS_REFRESH_AFTER_MS);
      expect(links.loaded(7)?.get(1)).toEqual(to('https://example.com/'));
      await settle();
      expect(links.loaded(7)?.get(1)).toEqual(to('https://example.com/'));
      await settle();
      expect(reads).toEqual([7, 7, 7]);
    });
  });
});
