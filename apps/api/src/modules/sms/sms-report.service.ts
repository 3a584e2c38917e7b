import { Injectable } from '@nestjs/common';
import type { HeraldConfig } from '@herald/config';
import { smsCost, type SmsReportResponse } from '@herald/contracts';
import { DomainError } from '@herald/domain';
import { InjectConfig } from '../../common/config';
import type { Principal } from '../../common/auth/principal';
import { PrismaService } from '../../common/prisma.service';
import { providerDeliveryFigures } from '../../common/provider-results';

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
    const [figures, segments] = await Promise.all([
      providerDeliveryFigures(db, mailingId),
      db.destination.aggregate({ where: { mailingId }, _sum: { smsSegments: true } }),
    ]);
    const segmentCount = segments._sum.smsSegments ?? 0;
    return {
      mailingId,
      ...figures,
      segments: segmentCount,
      pricePerSegment: this.config.SMS_PRICE_PER_SEGMENT,
      cost: smsCost(segmentCount, this.config.SMS_PRICE_PER_SEGMENT),
      currency: 'USD',
    };
  }
}
