import { Injectable } from '@nestjs/common';
import { IMPLIED_IMPRESSION, mailingCountersRepository } from '@herald/db';
import type { MailingCounters, TimelineSources } from '@herald/statistics';
import { PrismaService } from '../../common/prisma.service';
import { countersOf } from './mailing-counters';

interface HourCount {
  hour: Date;
  count: number;
}

/** What the reports read about mailings, beside the aggregate: a few indexed rows, whatever the size of the mailing. */
export interface MailingSources {
  counters: MailingCounters;
  timeline: TimelineSources;
}

/**
 * Reads the counts every report derives its figures from (packages/statistics does the deriving).
 * Most are the aggregate's and the hourly timeline's counters (machines' opens and clicks among them);
 * two are read beside them, each over a partial index that holds only the rows it needs, so a report
 * stays a handful of small reads:
 * - impressions a click implies: people who clicked with no open registered before the click;
 * - errors recorded at send time, which the timeline does not hold (ingestion counts bounces into it,
 *   the send-outcome recorder does not): read only when the timeline's errors fall short of errorsTotal.
 */
@Injectable()
export class ReportSources {
  constructor(private readonly prisma: PrismaService) {}

  async countersOf(mailingIds: number[]): Promise<Map<number, MailingCounters>> {
    const stored = await mailingCountersRepository.read(this.prisma.client, mailingIds);
    return new Map([...stored].map(([id, s]) => [id, countersOf(s.aggregate, s.impressionsImplied)]));
  }

  async countersOfOne(mailingId: number): Promise<MailingCounters> {
    return (await this.countersOf([mailingId])).get(mailingId)!;
  }

  async sourcesOf(mailingId: number): Promise<MailingSources> {
    const [counters, hours, implied] = await Promise.all([
      this.countersOfOne(mailingId),
      this.prisma.client.mailingTimeline.findMany({
        where: { mailingId },
        orderBy: { hour: 'asc' },
        select: {
          hour: true,
          impressions: true,
          clicks: true,
          unsubscribes: true,
          complaints: true,
          errors: true,
          machineImpressions: true,
          machineClicks: true,
        },
      }),
      this.prisma.client.$queryRaw<HourCount[]>`
        SELECT date_trunc('hour', d."clickedAt") AS hour, count(*)::int AS count FROM "Destination" d
        WHERE d."mailingId" = ${mailingId} AND ${IMPLIED_IMPRESSION} GROUP BY 1`,
    ]);
    const errors: HourCount[] = hours.map((h) => ({ hour: h.hour, count: h.errors }));
    // Every attempt's error counts in errorsTotal; those the timeline lacks were recorded at send time
    // (no dedupe key: only ingested results carry one). Nothing is read when none are missing.
    if (errors.reduce((sum, e) => sum + e.count, 0) < counters.errorsTotal) {
      errors.push(
        ...(await this.prisma.client.$queryRaw<HourCount[]>`
          SELECT date_trunc('hour', e."occurredAt") AS hour, count(*)::int AS count FROM "Event" e
          WHERE e."mailingId" = ${mailingId} AND e.type = 'ERROR' AND e."dedupeKey" IS NULL GROUP BY 1`),
      );
    }
    return {
      counters,
      timeline: {
        results: hours,
        errors,
        impliedImpressions: implied,
        machine: hours.map((h) => ({ hour: h.hour, impressions: h.machineImpressions, clicks: h.machineClicks })),
      },
    };
  }
}

// A person clicked and no open of theirs was registered before that click (images off). The fold keeps
// openedAt for a person's opens only, so a pixel loaded after the click leaves openedAt after clickedAt.
// Written as the predicate of the partial index "Destination_implied_impression_idx", so it is used.
