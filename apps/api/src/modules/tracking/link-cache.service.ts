import { Injectable } from '@nestjs/common';
import { leadsToWebsite } from '@herald/domain';
import { redirectTarget } from '@herald/templating';
import { PrismaService } from '../../common/prisma.service';

const MAX_MAILINGS = 500;
/**
 * How long loaded links are used before they are read again in the background: a website the account
 * adds afterwards (whose links then carry the visit token) reaches every API process within this time.
 */
export const LINKS_REFRESH_AFTER_MS = 60_000;

/** Where a click on a mailing's link goes. */
export interface RedirectLink {
  /** The link's URL as a Location header (see `redirectTarget`). */
  location: string;
  /** It leads to one of the account's websites: the redirect adds the visit token (`leadsToWebsite`). */
  toWebsite: boolean;
}

/**
 * The links of recently clicked mailings, in memory: a redirect then needs no database round trip,
 * and a burst of clicks keeps working while PostgreSQL is briefly slow. Links older than
 * `LINKS_REFRESH_AFTER_MS` are still used while a fresh copy is read.
 */
@Injectable()
export class LinkCacheService {
  private readonly byMailing = new Map<number, Promise<Map<number, RedirectLink>>>();
  // The same links once loaded, for a click to use without waiting on a promise.
  private readonly loadedByMailing = new Map<number, Map<number, RedirectLink>>();
  private readonly loadedAt = new Map<number, number>();
  private readonly refreshing = new Set<number>();

  constructor(private readonly prisma: PrismaService) {}

  /** Where the link at `position` goes; undefined for no such link or one that is no redirect target. */
  async redirectTarget(mailingId: number, position: number): Promise<RedirectLink | undefined> {
    let links = this.byMailing.get(mailingId);
    if (!links) {
      // Serialised once per mailing rather than per click.
      links = this.load(mailingId);
      links.then(
        (loaded) => {
          // Only while it is still the cached lookup: an evicted mailing is read again when next clicked.
          if (this.byMailing.get(mailingId) === links) this.keep(mailingId, loaded);
        },
        () => this.byMailing.delete(mailingId),
      );
      if (this.byMailing.size >= MAX_MAILINGS) {
        const oldest = this.byMailing.keys().next().value!;
        this.byMailing.delete(oldest);
        this.loadedByMailing.delete(oldest);
        this.loadedAt.delete(oldest);
      }
      this.byMailing.set(mailingId, links);
    }
    return (await links).get(position);
  }

  /** The mailing's links by position if they are already in memory (see `redirectTarget`), else undefined. */
  loaded(mailingId: number): ReadonlyMap<number, RedirectLink> | undefined {
    const loaded = this.loadedByMailing.get(mailingId);
    if (loaded && Date.now() - this.loadedAt.get(mailingId)! >= LINKS_REFRESH_AFTER_MS) this.refresh(mailingId);
    return loaded;
  }

  private keep(mailingId: number, loaded: Map<number, RedirectLink>): void {
    this.loadedByMailing.set(mailingId, loaded);
    this.loadedAt.set(mailingId, Date.now());
  }

  /** Reads the mailing's links again, one read at a time; a failed read keeps the links it has. */
  private refresh(mailingId: number): void {
    if (this.refreshing.has(mailingId)) return;
    this.refreshing.add(mailingId);
    this.load(mailingId)
      .then(
        (loaded) => {
          if (!this.loadedByMailing.has(mailingId)) return; // evicted meanwhile
          this.byMailing.set(mailingId, Promise.resolve(loaded));
          this.keep(mailingId, loaded);
        },
        () => undefined,
      )
      .finally(() => this.refreshing.delete(mailingId));
  }

  private async load(mailingId: number): Promise<Map<number, RedirectLink>> {
    const rows = await this.prisma.client.link.findMany({
      where: { mailingId },
      select: { position: true, url: true, accountId: true },
    });
    // The websites of the mailing's own account: its links there carry the visit token.
    const domains =
      rows.length === 0
        ? []
        : (
            await this.prisma.client.website.findMany({
              where: { accountId: rows[0]!.accountId },
              select: { domain: true },
            })
          ).map((w) => w.domain);
    return new Map(
      rows.flatMap((r) => {
        const location = redirectTarget(r.url);
        return location === null ? [] : [[r.position, { location, toWebsite: leadsToWebsite(location, domains) }]];
      }),
    );
  }
}
