import { Injectable } from '@nestjs/common';
import { Prisma } from '@herald/db';
import type { MailingCounters, TimelineSources } from '@herald/statistics';
import { PrismaService } from '../../common/prisma.service';
import { COUNTERS_SELECT, countersOf } from './mailing-counters';

interface HourCount {
  hour: Date;
  count: number;
}

interface MachineRow {
  type: 'IMPRESSION' | 'CLICK';
  linkId: number | null;
  hour: Date;
  count: number;
}

/** What the reports read about mailings, beside the aggregate: a few indexed rows, whatever the size of the mailing. */
export interface MailingSources {
  counters: MailingCounters;
  timeline: TimelineSources;
  /** Machines' clicks per link id. */
  machineClicksByLink: Map<number, number>;
}

/**
 * Reads the counts every report derives its figures from (packages/statistics does the deriving).
 * Most are the aggregate's counters; three are read beside it, each over an index:
 * - impressions a click implies: people who clicked with no open registered before the click (a
 *   person's click makes the dominant result at least CLICK, so the dominant-result index finds them);
 * - machines' opens and clicks per hour and per link (a partial index holds only machine events);
 * - error events per hour: each attempt's and each bounce, the same events as errorsTotal counts.
 */
@Injectable()
export class ReportSources {
  constructor(private readonly prisma: PrismaService) {}

  async countersOf(mailingIds: number[]): Promise<Map<number, MailingCounters>> {
    if (mailingIds.length === 0) return new Map();
    const [aggregates, implied] = await Promise.all([
      this.prisma.client.mailingAggregate.findMany({ where: { mailingId: { in: mailingIds } }, select: { mailingId: true, ...COUNTERS_SELECT } }),
      this.prisma.client.$queryRaw<Array<{ mailingId: number; count: number }>>`
        SELECT d."mailingId", count(*)::int AS count FROM "Destination" d
        WHERE d."mailingId" = ANY(${mailingIds}::int[]) AND ${IMPLIED_IMPRESSION}
        GROUP BY 1`,
    ]);
    const impliedOf = new Map(implied.map((i) => [i.mailingId, i.count]));
    const aggregateOf = new Map(aggregates.map((a) => [a.mailingId, a]));
    return new Map(mailingIds.map((id) => [id, countersOf(aggregateOf.get(id), impliedOf.get(id) ?? 0)]));
  }

  async countersOfOne(mailingId: number): Promise<MailingCounters> {
    return (await this.countersOf([mailingId])).get(mailingId)!;
  }

  async sourcesOf(mailingId: number): Promise<MailingSources> {
    const [counters, results, errors, implied, machine] = await Promise.all([
      this.countersOfOne(mailingId),
      this.prisma.client.mailingTimeline.findMany({
        where: { mailingId },
        orderBy: { hour: 'asc' },
        select: { hour: true, impressions: true, clicks: true, unsubscribes: true, complaints: true },
      }),
      this.prisma.client.$queryRaw<HourCount[]>`
        SELECT date_trunc('hour', e."occurredAt") AS hour, count(*)::int AS count FROM "Event" e
        WHERE e."mailingId" = ${mailingId} AND e.type = 'ERROR' GROUP BY 1`,
      this.prisma.client.$queryRaw<HourCount[]>`
        SELECT date_trunc('hour', d."clickedAt") AS hour, count(*)::int AS count FROM "Destination" d
        WHERE d."mailingId" = ${mailingId} AND ${IMPLIED_IMPRESSION} GROUP BY 1`,
      this.prisma.client.$queryRaw<MachineRow[]>`
        SELECT e.type::text AS type, e."linkId", date_trunc('hour', e."occurredAt") AS hour, count(*)::int AS count FROM "Event" e
        WHERE e."mailingId" = ${mailingId} AND e.machine AND e.type IN ('IMPRESSION', 'CLICK') GROUP BY 1, 2, 3`,
    ]);
    const machineClicksByLink = new Map<number, number>();
    for (const m of machine) {
      if (m.type === 'CLICK' && m.linkId !== null) machineClicksByLink.set(m.linkId, (machineClicksByLink.get(m.linkId) ?? 0) + m.count);
    }
    return {
      counters,
      timeline: {
        results,
        errors,
        impliedImpressions: implied,
        machine: machine.map((m) => ({ hour: m.hour, impressions: m.type === 'IMPRESSION' ? m.count : 0, clicks: m.type === 'CLICK' ? m.count : 0 })),
      },
      machineClicksByLink,
    };
  }
}

// A person clicked and no open of theirs was registered before that click (images off). The ingestion
// keeps openedAt for opens only, so a pixel loaded after the click leaves openedAt after clickedAt.
// A person's click makes the dominant result at least CLICK, which lets the (mailingId, dominantResult)
// index find these few rows.
const IMPLIED_IMPRESSION = Prisma.sql`d."dominantResult" IN ('CLICK', 'UNSUBSCRIBE', 'COMPLAINT') AND d."clickedAt" IS NOT NULL
  AND (d."openedAt" IS NULL OR d."openedAt" > d."clickedAt")`;
