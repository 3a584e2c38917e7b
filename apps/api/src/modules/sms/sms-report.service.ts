import { Injectable } from '@nestjs/common';
import type { HeraldConfig } from '@herald/config';
import { smsCost } from '@herald/channels';
import { unmarkedCode, type SmsReportResponse } from '@herald/contracts';
import { DomainError } from '@herald/domain';
import { InjectConfig } from '../../common/config';
import type { Principal } from '../../common/auth/principal';
import { PrismaService } from '../../common/prisma.service';

type FailureRow = { code: string | null; kind: 'HARD' | 'SOFT' | 'COMPOSE' | null; count: bigint };

/** The SMS figures of a mailing: the mailing's counters (the statistics fold's) plus segments, cost and codes. */
@Injectable()
export class SmsReportService {
  constructor(
    @InjectConfig() private readonly config: HeraldConfig,
    private readonly prisma: PrismaService,
  ) {}

  async report(principal: Principal, mailingId: number): Promise<SmsReportResponse> {
    const db = this.prisma.client;
    const mailing = await db.mailing.findFirst({
      where: { id: mailingId, accountId: principal.accountId, channel: 'SMS' },
      select: { id: true },
    });
    if (!mailing) throw DomainError.notFound('SMS mailing', mailingId);
    const [aggregate, segments, undelivered, failures] = await Promise.all([
      db.mailingAggregate.findUnique({
        where: { mailingId },
        select: { destinations: true, sent: true, delivered: true, failed: true },
      }),
      db.destination.aggregate({ where: { mailingId }, _sum: { smsSegments: true } }),
      db.destination.count({ where: { mailingId, status: 'SENT', dominantResult: 'ERROR' } }),
      db.$queryRaw<FailureRow[]>`
        SELECT "lastErrorCode" AS code, "lastErrorKind"::text AS kind, count(*) AS count
        FROM "Destination"
        WHERE "mailingId" = ${mailingId} AND (status = 'FAILED' OR (status = 'SENT' AND "dominantResult" = 'ERROR'))
        GROUP BY 1, 2 ORDER BY 3 DESC, 1`,
    ]);
    const figures = aggregate ?? { destinations: 0, sent: 0, delivered: 0, failed: 0 };
    const segmentCount = segments._sum.smsSegments ?? 0;
    return {
      mailingId,
      destinations: figures.destinations,
      sent: figures.sent,
      delivered: figures.delivered,
      failed: figures.failed,
      undelivered,
      pending: Math.max(0, figures.destinations - figures.sent - figures.failed),
      failures: failures.map((f) => ({
        // The ingestion keeps a sender-side code as `sender:<code>`; the report shows Twilio's code.
        code: unmarkedCode(f.code ?? 'unknown'),
        kind: f.kind,
        count: Number(f.count),
      })),
      segments: segmentCount,
      pricePerSegment: this.config.SMS_PRICE_PER_SEGMENT,
      cost: smsCost(segmentCount, this.config.SMS_PRICE_PER_SEGMENT),
      currency: 'USD',
    };
  }
}
