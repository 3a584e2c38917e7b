import { Injectable } from '@nestjs/common';
import {
  approvalRequired,
  approvalStateOf,
  assertApprovedIfRequired,
  assertMayDecide,
  DomainError,
  type ApprovalState,
} from '@herald/domain';
import type {
  ApprovalResponse,
  ApprovalSettingRequest,
  ApprovalSettingResponse,
  DecideApprovalRequest,
  MailingApprovalResponse,
  PendingApprovalsResponse,
} from '@herald/contracts';
import { iso } from '../../common/iso';
import { PrismaService } from '../../common/prisma.service';
import type { Principal } from '../../common/auth/principal';
import { AuditService } from '../audit/audit.service';

const APPROVAL_SELECT = {
  id: true,
  requestedBy: true,
  requestedAt: true,
  decision: true,
  decidedBy: true,
  decidedAt: true,
  comment: true,
  supersededAt: true,
} as const;

/**
 * Approval of a mailing (and so of its schedule, which belongs to it) by an ADMIN other than its
 * author, when the account requires it (docs/rules/scheduling.md, Approval). The rules are in
 * `@herald/domain` (approval.ts); this reads, calls them and writes.
 */
@Injectable()
export class ApprovalsService {
  constructor(
    private readonly prisma: PrismaService,
    private readonly audit: AuditService,
  ) {}

  async setting(principal: Principal): Promise<ApprovalSettingResponse> {
    const account = await this.prisma.client.account.findUniqueOrThrow({
      where: { id: principal.accountId },
      select: { approvalRequired: true },
    });
    return { approvalRequired: account.approvalRequired };
  }

  async changeSetting(principal: Principal, input: ApprovalSettingRequest): Promise<ApprovalSettingResponse> {
    await this.prisma.client.account.update({
      where: { id: principal.accountId },
      data: { approvalRequired: input.approvalRequired },
      select: { id: true },
    });
    await this.audit.record(
      principal,
      'approval.setting-changed',
      { type: 'account', id: principal.accountId },
      { approvalRequired: input.approvalRequired },
    );
    return this.setting(principal);
  }

  async ofMailing(principal: Principal, mailingId: number): Promise<MailingApprovalResponse> {
    const mailing = await this.mailing(principal, mailingId);
    const history = await this.prisma.client.approval.findMany({
      where: { accountId: principal.accountId, mailingId },
      orderBy: { id: 'desc' },
      take: 50,
      select: APPROVAL_SELECT,
    });
    return {
      required: await this.required(principal.accountId, mailing),
      state: approvalStateOf(history[0] ?? null),
      history: history.map((a) => this.toResponse(a)),
    };
  }

  /** The open requests of the account, oldest first: what waits for an ADMIN's decision. */
  async pending(principal: Principal): Promise<PendingApprovalsResponse> {
    const open = await this.prisma.client.approval.findMany({
      where: { accountId: principal.accountId, decision: null, supersededAt: null, mailingId: { not: null } },
      orderBy: { id: 'asc' },
      take: 200,
      select: { mailingId: true, requestedBy: true, requestedAt: true },
    });
    const ids = open.map((a) => a.mailingId!);
    const [mailings, users] = await Promise.all([
      this.prisma.client.mailing.findMany({
        where: { id: { in: ids }, accountId: principal.accountId },
        select: { id: true, name: true, status: true, createdBy: true },
      }),
      this.prisma.client.user.findMany({
        where: { id: { in: open.map((a) => a.requestedBy) }, accountId: principal.accountId },
        select: { id: true, name: true },
      }),
    ]);
    const mailingOf = new Map(mailings.map((m) => [m.id, m]));
    const userOf = new Map(users.map((u) => [u.id, u]));
    return {
      items: open.flatMap((a) => {
        const mailing = mailingOf.get(a.mailingId!);
        if (!mailing) return [];
        return [
          {
            mailing: { id: mailing.id, name: mailing.name, status: mailing.status },
            authorId: mailing.createdBy,
            requestedBy: userOf.get(a.requestedBy) ?? null,
            requestedAt: iso(a.requestedAt),
          },
        ];
      }),
    };
  }

  /** Opens a request; an open or decided request before it is superseded. */
  async request(principal: Principal, mailingId: number): Promise<MailingApprovalResponse> {
    const mailing = await this.mailing(principal, mailingId);
    if (mailing.status !== 'DRAFT' && mailing.status !== 'SCHEDULED')
      throw DomainError.invalidState(
        `Mailing ${mailingId} is ${mailing.status}; only what has not started is approved`,
      );
    if (principal.userId === null)
      throw DomainError.validation('An approval is requested by a person: log in, an API key cannot');
    await this.prisma.client.$transaction(async (tx) => {
      await tx.approval.updateMany({
        where: { accountId: principal.accountId, mailingId, supersededAt: null },
        data: { supersededAt: new Date() },
      });
      await tx.approval.create({
        data: { accountId: principal.accountId, mailingId, requestedBy: principal.userId! },
        select: { id: true },
      });
      await this.audit.record(principal, 'approval.requested', { type: 'mailing', id: mailingId }, {}, tx);
    });
    return this.ofMailing(principal, mailingId);
  }

  async decide(
    principal: Principal,
    mailingId: number,
    input: DecideApprovalRequest,
  ): Promise<MailingApprovalResponse> {
    const mailing = await this.mailing(principal, mailingId);
    if (input.decision === 'REJECTED' && !input.comment)
      throw DomainError.validation('A rejection says why', [{ path: 'comment', message: 'is required to reject' }]);
    const open = await this.latest(principal.accountId, mailingId);
    assertMayDecide(principal, {
      kind: 'mailing',
      id: mailingId,
      authorId: mailing.createdBy,
      state: approvalStateOf(open),
    });
    await this.prisma.client.$transaction(async (tx) => {
      // Conditional on the request still being open: of two admins deciding at once, one wins.
      const { count } = await tx.approval.updateMany({
        where: { id: open!.id, decision: null, supersededAt: null },
        data: { decision: input.decision, decidedBy: principal.userId, decidedAt: new Date(), comment: input.comment },
      });
      if (count === 0)
        throw DomainError.invalidState(`Mailing ${mailingId}'s request was decided meanwhile; reload it`);
      await this.audit.record(
        principal,
        input.decision === 'APPROVED' ? 'approval.approved' : 'approval.rejected',
        { type: 'mailing', id: mailingId },
        { comment: input.comment ?? null },
        tx,
      );
    });
    return this.ofMailing(principal, mailingId);
  }

  /**
   * Refuses to send (or schedule) a mailing that needs approval and lacks it: for MailingsService.send
   * and the schedules module before a schedule is activated.
   */
  async assertMayProceed(accountId: number, mailingId: number): Promise<void> {
    const mailing = await this.prisma.client.mailing.findFirst({
      where: { id: mailingId, accountId },
      select: { scheduleId: true },
    });
    if (!mailing) throw DomainError.notFound('Mailing', mailingId);
    assertApprovedIfRequired(await this.required(accountId, mailing), {
      kind: 'mailing',
      id: mailingId,
      state: approvalStateOf(await this.latest(accountId, mailingId)),
    });
  }

  /** An edit withdraws what was approved or asked: the new content needs its own approval. */
  async supersede(accountId: number, mailingId: number): Promise<void> {
    await this.prisma.client.approval.updateMany({
      where: { accountId, mailingId, supersededAt: null },
      data: { supersededAt: new Date() },
    });
  }

  /** Where a mailing's approval stands, for lists such as the admin jobs page. */
  async statesOf(accountId: number, mailingIds: number[]): Promise<Map<number, ApprovalState>> {
    const rows = await this.prisma.client.approval.findMany({
      where: { accountId, mailingId: { in: mailingIds } },
      orderBy: { id: 'desc' },
      select: { mailingId: true, decision: true, supersededAt: true },
    });
    const states = new Map<number, ApprovalState>();
    for (const row of rows)
      if (row.mailingId && !states.has(row.mailingId)) states.set(row.mailingId, approvalStateOf(row));
    return states;
  }

  private async required(accountId: number, mailing: { scheduleId: number | null }): Promise<boolean> {
    const account = await this.prisma.client.account.findUniqueOrThrow({
      where: { id: accountId },
      select: { approvalRequired: true },
    });
    return approvalRequired(account, { kind: 'mailing', scheduleId: mailing.scheduleId });
  }

  private latest(accountId: number, mailingId: number) {
    return this.prisma.client.approval.findFirst({
      where: { accountId, mailingId },
      orderBy: { id: 'desc' },
      select: { id: true, decision: true, supersededAt: true },
    });
  }

  private async mailing(principal: Principal, id: number) {
    const mailing = await this.prisma.client.mailing.findFirst({
      where: { id, accountId: principal.accountId },
      select: { id: true, status: true, createdBy: true, scheduleId: true },
    });
    if (!mailing) throw DomainError.notFound('Mailing', id);
    return mailing;
  }

  private toResponse(a: {
    id: number;
    requestedBy: number;
    requestedAt: Date;
    decision: 'APPROVED' | 'REJECTED' | null;
    decidedBy: number | null;
    decidedAt: Date | null;
    comment: string | null;
    supersededAt: Date | null;
  }): ApprovalResponse {
    return {
      id: a.id,
      requestedBy: a.requestedBy,
      requestedAt: iso(a.requestedAt),
      decision: a.decision,
      decidedBy: a.decidedBy,
      decidedAt: iso(a.decidedAt),
      comment: a.comment,
      supersededAt: iso(a.supersededAt),
    };
  }
}
