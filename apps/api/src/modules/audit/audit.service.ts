import { Injectable } from '@nestjs/common';
import type { AuditAction, AuditEntryResponse, AuditLogQuery, AuditSubjectType } from '@herald/contracts';
import type { Prisma } from '@herald/db';
import { iso } from '../../common/iso';
import type { Page } from '../../common/paging';
import { PrismaService } from '../../common/prisma.service';
import type { Principal } from '../../common/auth/principal';

/** A database client or an open transaction: an entry written inside a change commits with it. */
type Writer = Pick<Prisma.TransactionClient, 'auditEntry'>;

/**
 * The audit log: who scheduled, changed, approved, rejected, cancelled or stopped what, and when.
 * The one writer other modules call; entries are never changed or deleted through the API.
 */
@Injectable()
export class AuditService {
  constructor(private readonly prisma: PrismaService) {}

  async record(
    principal: Pick<Principal, 'accountId' | 'userId'>,
    action: AuditAction,
    subject: { type: AuditSubjectType; id: number },
    detail: Record<string, string | number | boolean | null> = {},
    writer: Writer = this.prisma.client,
  ): Promise<void> {
    await writer.auditEntry.create({
      data: {
        accountId: principal.accountId,
        userId: principal.userId,
        action,
        subjectType: subject.type,
        subjectId: subject.id,
        detail,
      },
      select: { id: true },
    });
  }

  async list(principal: Principal, query: AuditLogQuery): Promise<Page<AuditEntryResponse>> {
    const where: Prisma.AuditEntryWhereInput = {
      accountId: principal.accountId,
      ...(query.action ? { action: query.action } : {}),
      ...(query.subjectType ? { subjectType: query.subjectType } : {}),
      ...(query.subjectId ? { subjectId: query.subjectId } : {}),
      ...(query.userId ? { userId: query.userId } : {}),
      ...(query.from || query.to
        ? {
            createdAt: {
              ...(query.from ? { gte: new Date(query.from) } : {}),
              ...(query.to ? { lt: new Date(query.to) } : {}),
            },
          }
        : {}),
    };
    const [total, rows] = await Promise.all([
      this.prisma.client.auditEntry.count({ where }),
      this.prisma.client.auditEntry.findMany({
        where,
        orderBy: { id: 'desc' },
        skip: (query.page - 1) * query.pageSize,
        take: query.pageSize,
        select: {
          id: true,
          createdAt: true,
          userId: true,
          action: true,
          subjectType: true,
          subjectId: true,
          detail: true,
        },
      }),
    ]);
    const userIds = [...new Set(rows.flatMap((r) => (r.userId ? [r.userId] : [])))];
    const users = await this.prisma.client.user.findMany({
      where: { id: { in: userIds }, accountId: principal.accountId },
      select: { id: true, name: true },
    });
    const names = new Map(users.map((u) => [u.id, u.name]));
    return {
      items: rows.map((r) => ({
        id: r.id,
        at: iso(r.createdAt),
        user: r.userId && names.has(r.userId) ? { id: r.userId, name: names.get(r.userId)! } : null,
        action: r.action as AuditAction,
        subjectType: r.subjectType as AuditSubjectType,
        subjectId: r.subjectId,
        detail: (r.detail ?? {}) as Record<string, unknown>,
      })),
      total,
      page: query.page,
      pageSize: query.pageSize,
    };
  }
}
