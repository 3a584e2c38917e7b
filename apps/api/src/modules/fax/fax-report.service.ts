import { Injectable } from '@nestjs/common';
import type { FaxReportResponse } from '@herald/contracts';
import { DomainError } from '@herald/domain';
import type { Principal } from '../../common/auth/principal';
import { PrismaService } from '../../common/prisma.service';
import { providerDeliveryFigures } from '../../common/provider-results';

/** The fax figures of a mailing: the mailing's counters (the statistics fold's) plus reasons and pages. */
@Injectable()
export class FaxReportService {
  constructor(private readonly prisma: PrismaService) {}

  async report(principal: Principal, mailingId: number): Promise<FaxReportResponse> {
    const db = this.prisma.client;
    const mailing = await db.mailing.findFirst({
      where: { id: mailingId, accountId: principal.accountId, channel: 'FAX' },
      select: { id: true },
    });
    if (!mailing) throw DomainError.notFound('Fax mailing', mailingId);
    const [figures, pages] = await Promise.all([
      providerDeliveryFigures(db, mailingId),
      db.destination.aggregate({ where: { mailingId }, _sum: { faxPages: true } }),
    ]);
    return { mailingId, ...figures, pages: pages._sum.faxPages ?? 0 };
  }
}
