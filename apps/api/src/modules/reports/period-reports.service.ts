import { Injectable } from '@nestjs/common';
import { DomainError } from '@herald/domain';
import {
  clicksOf,
  compareMailings,
  impressionsOf,
  marketoPerformance,
  type MarketoSendFacts,
} from '@herald/statistics';
import { iso } from '../../common/iso';
import { PrismaService } from '../../common/prisma.service';
import type { Principal } from '../../common/auth/principal';
import { ReportSources } from './report-sources';
import type { CampaignEmailPerformanceResponse, CompareResponse } from './reports.dto';

/** One combination of Marketo facts and how many sends of a mailing have it. */
interface SendFactsGroup {
  mailingId: number;
  delivered: boolean;
  hardBounced: boolean;
  softBounced: boolean;
  opened: boolean;
  clicked: boolean;
  unsubscribed: boolean;
  sends: number;
}

/** Reports over several mailings: Marketo's campaign email performance and side-by-side comparison. */
@Injectable()
export class PeriodReportsService {
  constructor(
    private readonly prisma: PrismaService,
    private readonly sources: ReportSources,
  ) {}

  /**
   * One row per email mailing that started sending in [from, to). The facts per send come from one
   * GROUP BY over the mailings' destinations (the aggregates count events, not which send ended how,
   * and Marketo's rules need the latter: a click or unsubscribe implies an open, once opened a bounce
   * is ignored). At most 64 combinations per mailing come back; the pure Marketo fold
   * (marketoPerformance) then runs over them, each repeated as often as it occurs, so the rules live in one place.
   *
   * Per destination (suppressed ones are not sends): opened = a person's open or click (the mailing
   * report's messages with impression; marketoOpened); delivered = accepted by the receiving server
   * (status SENT); bounced = only errors are known (dominant result ERROR), hard or soft by the last
   * error; a message that could not be composed is neither, so it stays pending.
   */
  async campaignEmailPerformance(
    principal: Principal,
    from: Date,
    to: Date,
  ): Promise<CampaignEmailPerformanceResponse> {
    const mailings = await this.prisma.client.mailing.findMany({
      where: { accountId: principal.accountId, channel: 'EMAIL', startedAt: { gte: from, lt: to } },
      orderBy: [{ startedAt: 'asc' }, { id: 'asc' }],
      select: { id: true, name: true, startedAt: true, documentId: true, documentVersionId: true },
    });
    const ids = mailings.map((m) => m.id);
    const groups = ids.length
      ? await this.prisma.client.$queryRaw<SendFactsGroup[]>`
          SELECT d."mailingId",
                 d.status = 'SENT' AS delivered,
                 d."dominantResult" = 'ERROR' AND d."lastErrorKind" = 'HARD' AS "hardBounced",
                 d."dominantResult" = 'ERROR' AND d."lastErrorKind" = 'SOFT' AS "softBounced",
                 d."openedAt" IS NOT NULL AS opened,
                 d."clickedAt" IS NOT NULL AS clicked,
                 d."unsubscribedAt" IS NOT NULL AS unsubscribed,
                 count(*)::int AS sends
          FROM "Destination" d
          WHERE d."mailingId" = ANY(${ids}::int[]) AND d.status <> 'SUPPRESSED'
          GROUP BY 1, 2, 3, 4, 5, 6, 7`
      : [];
    const groupsOf = new Map<number, SendFactsGroup[]>();
    for (const g of groups) groupsOf.set(g.mailingId, [...(groupsOf.get(g.mailingId) ?? []), g]);
    const countersById = await this.sources.countersOf(ids);
    return {
      from: from.toISOString(),
      to: to.toISOString(),
      source: 'destinations',
      // Campaign and email are one here: each mailing sends one frozen document version.
      rows: mailings.map((m) => ({
        mailing: { id: m.id, name: m.name, sentAt: iso(m.startedAt) },
        email: { documentId: m.documentId, documentVersionId: m.documentVersionId },
        ...marketoPerformance(repeated(groupsOf.get(m.id) ?? [])),
        // Opened and clicked count people only; machines' opens and clicks are shown apart.
        machine: {
          impressions: impressionsOf(countersById.get(m.id)!).machine,
          clicks: clicksOf(countersById.get(m.id)!).machine,
        },
      })),
    };
  }

  /** 2 to 10 mailings of the caller's account side by side, from their aggregates; any other id is a 404. */
  async compare(principal: Principal, mailingIds: number[]): Promise<CompareResponse> {
    const mailings = await this.prisma.client.mailing.findMany({
      where: { id: { in: mailingIds }, accountId: principal.accountId },
      select: { id: true, name: true, status: true, startedAt: true },
    });
    const byId = new Map(mailings.map((m) => [m.id, m]));
    const missing = mailingIds.find((id) => !byId.has(id));
    if (missing !== undefined) throw DomainError.notFound('Mailing', missing);
    const countersById = await this.sources.countersOf(mailingIds);
    const comparison = compareMailings(mailingIds.map((id) => ({ mailing: id, counters: countersById.get(id)! })));
    return {
      mailings: comparison.mailings.map(({ mailing, figures, metrics }) => {
        const m = byId.get(mailing as number)!;
        return { mailing: { id: m.id, name: m.name, status: m.status, sentAt: iso(m.startedAt) }, figures, metrics };
      }),
      best: Object.fromEntries(
        Object.entries(comparison.best).map(([metric, ids]) => [metric, ids.map(Number)]),
      ) as CompareResponse['best'],
      ranking: Object.fromEntries(
        Object.entries(comparison.ranking).map(([metric, ids]) => [metric, ids.map(Number)]),
      ) as CompareResponse['ranking'],
      bases: comparison.bases,
    };
  }
}

/** Each group's facts as many times as it has sends: the same object each time, so a million sends allocate nothing. */
function* repeated(groups: SendFactsGroup[]): Generator<MarketoSendFacts> {
  for (const g of groups) {
    const send: MarketoSendFacts = {
      delivered: g.delivered,
      hardBounced: g.hardBounced,
      softBounced: g.softBounced,
      opened: g.opened,
      clicked: g.clicked,
      unsubscribed: g.unsubscribed,
    };
    for (let i = 0; i < g.sends; i++) yield send;
  }
}
