import { Injectable } from '@nestjs/common';
import type { PrismaClient } from '@herald/db';
import type { HeraldConfig } from '@herald/config';
import { parseTrackedDestination, type PageViewStreamEntry } from '@herald/queue';
import { verifyVisitToken } from '@herald/templating';
import { InjectConfig, InjectPrisma } from '../common/config';

/** A page view read from the stream, with the entry id that makes storing it idempotent. */
export interface IncomingPageView extends PageViewStreamEntry {
  streamId: string;
}

/**
 * Stores a batch of page views: each website resolved by its public key (views of unknown keys are
 * dropped), and a view with a valid visit token tied to its destination's profile and mailing when
 * the destination is of the website's own account. One insert per batch; a redelivered entry is
 * skipped by its stream id.
 */
@Injectable()
export class PageViewIngestionHandler {
  constructor(
    @InjectPrisma() private readonly prisma: PrismaClient,
    @InjectConfig() private readonly config: HeraldConfig,
  ) {}

  async ingest(views: readonly IncomingPageView[]): Promise<number> {
    if (views.length === 0) return 0;
    const websites = await this.prisma.website.findMany({
      where: { publicKey: { in: [...new Set(views.map((v) => v.websiteKey))] } },
      select: { id: true, accountId: true, publicKey: true },
    });
    const websiteOf = new Map(websites.map((w) => [w.publicKey, w]));
    const targets = new Map<string, { mailingId: number; destinationId: bigint }>();
    for (const view of views) {
      if (!view.visit || targets.has(view.visit)) continue;
      const destination = verifyVisitToken(view.visit, this.config.TRACKING_SECRET);
      const target = destination ? parseTrackedDestination(destination) : null;
      if (target) targets.set(view.visit, target);
    }
    const destinations = targets.size
      ? await this.prisma.destination.findMany({
          where: { id: { in: [...targets.values()].map((t) => t.destinationId) } },
          select: { id: true, mailingId: true, profileId: true, accountId: true, erasedAt: true },
        })
      : [];
    const destinationOf = new Map(destinations.map((d) => [d.id, d]));
    const rows = views.flatMap((view) => {
      const website = websiteOf.get(view.websiteKey);
      if (!website) return [];
      const target = view.visit ? targets.get(view.visit) : undefined;
      const destination = target ? destinationOf.get(target.destinationId) : undefined;
      // Only a destination of this mailing, of the site's account, whose profile still exists.
      const tied =
        destination &&
        destination.mailingId === target!.mailingId &&
        destination.accountId === website.accountId &&
        destination.erasedAt === null
          ? destination
          : null;
      return [
        {
          accountId: website.accountId,
          websiteId: website.id,
          url: view.url,
          path: view.path,
          referrer: view.referrer,
          visitorId: view.visitorId,
          utmSource: view.utmSource,
          utmMedium: view.utmMedium,
          utmCampaign: view.utmCampaign,
          userAgent: view.userAgent,
          ipHash: view.ipHash,
          occurredAt: view.at,
          profileId: tied?.profileId ?? null,
          mailingId: tied?.mailingId ?? null,
          destinationId: tied?.id ?? null,
          streamId: view.streamId,
        },
      ];
    });
    if (rows.length === 0) return 0;
    const { count } = await this.prisma.pageView.createMany({ data: rows, skipDuplicates: true });
    return count;
  }
}
