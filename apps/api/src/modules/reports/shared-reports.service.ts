import { createHash, randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { HeraldConfig } from '@herald/config';
import { DomainError } from '@herald/domain';
import { InjectConfig } from '../../common/config';
import { iso } from '../../common/iso';
import { PrismaService } from '../../common/prisma.service';
import type { Principal } from '../../common/auth/principal';
import { MailingReportService } from './mailing-report.service';
import type { CreateShareDto, CreatedShareResponse, ShareResponse, SharedReportResponse } from './reports.dto';

/** 32 random bytes in base64url: 43 characters. Anything else is not a token of ours. */
const TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

const SHARE_SELECT = { id: true, title: true, expiresAt: true, revokedAt: true, createdAt: true } as const;

/**
 * Live, read-only links to one mailing's report. The token is shown once; only its sha256 is kept,
 * so a leaked database does not open the links.
 */
@Injectable()
export class SharedReportsService {
  constructor(
    private readonly prisma: PrismaService,
    private readonly reports: MailingReportService,
    @InjectConfig() private readonly config: HeraldConfig,
  ) {}

  async create(principal: Principal, mailingId: number, input: CreateShareDto): Promise<CreatedShareResponse> {
    await this.reports.mailingOf(principal, mailingId);
    const token = randomBytes(32).toString('base64url');
    const share = await this.prisma.client.sharedReport.create({
      data: {
        accountId: principal.accountId,
        mailingId,
        title: input.title,
        tokenHash: hashToken(token),
        expiresAt: input.expiresAt ?? null,
      },
      select: SHARE_SELECT,
    });
    return {
      id: share.id,
      title: share.title,
      token,
      url: `${this.config.PUBLIC_URL.replace(/\/+$/, '')}/shared/${token}`,
      expiresAt: iso(share.expiresAt),
    };
  }

  async list(principal: Principal, mailingId: number): Promise<ShareResponse[]> {
    await this.reports.mailingOf(principal, mailingId);
    const rows = await this.prisma.client.sharedReport.findMany({
      where: { mailingId, accountId: principal.accountId },
      orderBy: { id: 'asc' },
      select: SHARE_SELECT,
    });
    const now = Date.now();
    return rows.map((r) => ({
      id: r.id,
      title: r.title,
      expiresAt: iso(r.expiresAt),
      revokedAt: iso(r.revokedAt),
      createdAt: r.createdAt.toISOString(),
      active: r.revokedAt === null && (r.expiresAt === null || r.expiresAt.getTime() > now),
    }));
  }

  /** Revoking twice is fine; the first moment stays. */
  async revoke(principal: Principal, id: number): Promise<void> {
    const share = await this.prisma.client.sharedReport.findFirst({
      where: { id, accountId: principal.accountId },
      select: { id: true, revokedAt: true },
    });
    if (!share) throw DomainError.notFound('Shared report', id);
    if (!share.revokedAt)
      await this.prisma.client.sharedReport.update({
        where: { id },
        data: { revokedAt: new Date() },
        select: { id: true },
      });
  }

  /** The public view. A bad, revoked or expired token all give the same 404, so none can be told apart. */
  async view(token: string): Promise<SharedReportResponse> {
    const notFound = DomainError.notFound('Shared report', 'behind this link');
    if (!TOKEN_PATTERN.test(token)) throw notFound;
    const share = await this.prisma.client.sharedReport.findUnique({
      where: { tokenHash: hashToken(token) },
      select: { title: true, mailingId: true, accountId: true, expiresAt: true, revokedAt: true },
    });
    if (!share || share.revokedAt || (share.expiresAt && share.expiresAt.getTime() <= Date.now())) throw notFound;
    const mailing = await this.reports
      .mailingOf({ accountId: share.accountId, role: 'VIEWER', userId: null, apiKeyId: null }, share.mailingId)
      .catch(() => {
        throw notFound;
      });
    const { mailing: shown, ...report } = await this.reports.reportOf(mailing);
    // Field by field: the mailing's own id and anything pointing elsewhere stay out.
    return {
      title: share.title,
      expiresAt: iso(share.expiresAt),
      report: {
        mailing: {
          name: shown.name,
          channel: shown.channel,
          status: shown.status,
          sentAt: shown.sentAt,
          finishedAt: shown.finishedAt,
          // A public link does not name the account's users.
          ended: shown.ended ? { ...shown.ended, by: null } : null,
        },
        ...report,
      },
    };
  }
}
