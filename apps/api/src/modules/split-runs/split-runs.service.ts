import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectQueue } from '@nestjs/bullmq';
import type { Queue } from 'bullmq';
import {
  type CreateSplitRunRequest,
  type DecideApprovalRequest,
  type SplitRunApprovalResponse,
  type MailingResponse,
  type SplitRunCriterion,
  type SplitRunPlanResponse,
  type SplitRunReportResponse,
  type SplitRunResponse,
} from '@herald/contracts';
import { mailingCountersRepository, mailingStatusRepository, prismaRunner } from '@herald/db';
import {
  DomainError,
  splitRunGroupSizes,
  splitRunGroupSpecs,
  splitRunStepWhere,
  splitRunTransition,
} from '@herald/domain';
import {
  AGGREGATE_COUNTERS,
  chooseSplitRunWinner,
  emptyMailingCounters,
  keyFigures,
  mailingCountersOf,
  minimumDetectableDifference,
  type MailingCounters,
} from '@herald/statistics';
import { JobName, QueueName, jobId, type JobPayloads } from '@herald/queue';
import { iso } from '../../common/iso';
import { PrismaService } from '../../common/prisma.service';
import type { Principal } from '../../common/auth/principal';
import { ApprovalsService } from '../approvals/approvals.service';
import { AuditService } from '../audit/audit.service';
import { MailingsService } from '../mailings/mailings.service';
import type { PlanDraftRequestDto } from './split-runs.dto';

const LABELS = 'ABCDEFGHIJ';
const MAX_SCHEDULE_MS = 366 * 24 * 3600_000;

type SplitRunRow = NonNullable<Awaited<ReturnType<SplitRunsService['find']>>>;
type PlanOptions = { expectedRate: number; level: number; power: number };

/** The groups drawn from `recipients` by the one sizing rule, and what the two smallest can detect. */
function planOf(
  recipients: number,
  variants: ReadonlyArray<{ label: string; groupPercent: number | null; groupCount: number | null }>,
  withWinner: boolean,
  options: PlanOptions,
): SplitRunPlanResponse {
  const sizes = splitRunGroupSizes(recipients, splitRunGroupSpecs(variants, withWinner));
  const [a, b] = [...sizes].sort((x, y) => x - y);
  const mdd = minimumDetectableDifference(a!, b!, {
    baseline: options.expectedRate,
    level: options.level,
    power: options.power,
  });
  return {
    target: recipients,
    groups: variants.map((v, i) => ({ label: v.label, size: sizes[i]! })),
    remainder: recipients - sizes.reduce((sum, n) => sum + n, 0),
    detectableDifference: mdd === null ? null : mdd * 100,
    expectedRate: options.expectedRate,
    level: options.level,
    power: options.power,
  };
}
type Figures = SplitRunReportResponse['whole'];

function figuresOf(c: MailingCounters): Figures {
  const f = keyFigures(c);
  return {
    destinations: f.destinations,
    sent: f.sent,
    impressions: { human: f.impressions.human, machine: f.impressions.machine, unique: f.impressions.unique },
    clicks: { human: f.clicks.human, machine: f.clicks.machine, unique: f.clicks.unique },
    errors: f.errors.unique,
    rates: {
      opened: f.rates.opened,
      clicked: f.rates.clicked,
      clickThrough: f.rates.clickThrough,
      errors: f.rates.errors,
    },
  };
}

function sumOf(all: readonly MailingCounters[]): MailingCounters {
  const total = emptyMailingCounters();
  for (const c of all) {
    for (const name of AGGREGATE_COUNTERS) total[name] += c[name];
    total.impressionsImplied += c.impressionsImplied;
  }
  return total;
}

/**
 * A split-run (docs/rules/split-run.md): every variant is a mailing of its own, created as a draft
 * when the split-run is, and sent through the mailings' own send path; the groups are drawn in SQL
 * when it starts; the worker chooses the winner when the waiting period ends.
 */
@Injectable()
export class SplitRunsService {
  constructor(
    private readonly prisma: PrismaService,
    private readonly mailings: MailingsService,
    private readonly approvals: ApprovalsService,
    private readonly audit: AuditService,
    @InjectQueue(QueueName.SplitRun) private readonly splitRunQueue: Queue,
  ) {}

  async create(principal: Principal, input: CreateSplitRunRequest): Promise<SplitRunResponse> {
    // Each variant's mailing checks its document and the target as any mailing does (another account's is not found).
    const drafts: MailingResponse[] = [];
    for (const [i, v] of input.variants.entries()) {
      const label = v.label ?? LABELS[i]!;
      drafts.push(
        await this.mailings.create(principal, {
          name: `${input.name} (${label})`,
          documentId: v.documentId,
          settings: input.settings,
          ...input.target,
        }),
      );
    }
    const first = drafts[0]!;
    const other = drafts.findIndex((d) => d.channel !== first.channel);
    if (other >= 0)
      throw DomainError.validation('Every variant must be of the same channel', [
        {
          path: `variants.${other}.documentId`,
          message: `is ${drafts[other]!.channel}, variant 0 is ${first.channel}`,
        },
      ]);
    const accountId = principal.accountId;
    const run = await this.prisma.client.$transaction(async (tx) => {
      const created = await tx.splitRun.create({
        data: {
          accountId,
          name: input.name,
          channel: first.channel,
          targetType: first.targetType,
          databaseId: first.databaseId,
          collectionId: first.collectionId,
          selectionId: first.selectionId,
          toSubprofiles: first.toSubprofiles,
          settings: first.settings,
          seed: randomUUID(),
          withWinner: input.withWinner,
          criterion: input.criterion,
          waitMinutes: input.waitMinutes,
          significanceLevel: input.significanceLevel,
          fallback: input.fallback,
        },
      });
      for (const [i, v] of input.variants.entries()) {
        const variant = await tx.splitRunVariant.create({
          data: {
            accountId,
            splitRunId: created.id,
            label: v.label ?? LABELS[i]!,
            position: i,
            documentId: v.documentId,
            subject: v.subject ?? null,
            fromName: v.fromName ?? null,
            groupPercent: v.groupPercent ?? null,
            groupCount: v.groupCount ?? null,
            sendAfterMinutes: v.sendAfterMinutes,
            mailingId: drafts[i]!.id,
          },
        });
        await tx.mailing.updateMany({
          where: { id: drafts[i]!.id, accountId },
          data: { splitRunId: created.id, splitRunVariantId: variant.id },
        });
      }
      return created;
    });
    return this.get(principal, run.id);
  }

  /** The account's split-runs, newest first (the 200 newest, as the mailings list). */
  async list(principal: Principal): Promise<SplitRunResponse[]> {
    const rows = await this.prisma.client.splitRun.findMany({
      where: { accountId: principal.accountId },
      include: { variants: { orderBy: { position: 'asc' } } },
      orderBy: { id: 'desc' },
      take: 200,
    });
    return rows.map((r) => this.toResponse(r));
  }

  async get(principal: Principal, id: number): Promise<SplitRunResponse> {
    return this.toResponse(await this.find(principal, id));
  }

  /** The groups the split-run would draw now, and the smallest difference between the two smallest it can detect. */
  async plan(principal: Principal, id: number, query: PlanOptions): Promise<SplitRunPlanResponse> {
    const run = await this.find(principal, id);
    const { recipients } = await this.mailings.audience(principal, run.variants[0]!.mailingId!);
    return planOf(recipients, run.variants, run.withWinner, query);
  }

  /**
   * The same for a split-run not saved yet, over the target as the mailing form has it: the live count
   * of its groups (the target of another account is not found, as for any mailing).
   */
  async planDraft(principal: Principal, input: PlanDraftRequestDto): Promise<SplitRunPlanResponse> {
    const { recipients } = await this.mailings.audienceOf(principal, {
      ...input.target,
      channel: input.channel,
      skipDuplicates: input.skipDuplicates,
    });
    const variants = input.variants.map((v, i) => ({
      label: LABELS[i]!,
      groupPercent: v.groupPercent ?? null,
      groupCount: v.groupCount ?? null,
    }));
    return planOf(recipients, variants, input.withWinner, input);
  }

  /**
   * Starts the split-run now or at `at` (a scheduled split-run): the worker draws the groups over the
   * target as it is then and sends each variant to its group; the waiting period follows. Every
   * variant must be allowed to go first (an account that requires approval has each approved).
   */
  async start(principal: Principal, id: number, at?: Date): Promise<SplitRunResponse> {
    const run = await this.find(principal, id);
    splitRunTransition(id, run.status, 'start');
    const now = new Date();
    if (at && at.getTime() > now.getTime() + MAX_SCHEDULE_MS)
      throw DomainError.validation('A split-run starts within a year', [
        { path: 'at', message: 'is more than a year ahead' },
      ]);
    for (const v of run.variants) await this.approvals.assertMayProceed(principal.accountId, v.mailingId!);
    const startAt = at && at > now ? at : now;
    const { count } = await this.prisma.client.splitRun.updateMany({
      where: { id, accountId: principal.accountId, ...splitRunStepWhere('start') },
      data: { status: splitRunTransition(id, run.status, 'start'), scheduledAt: startAt },
    });
    if (count === 0) throw DomainError.invalidState(`Split-run ${id} was started by someone else just now`);
    await this.audit.record(principal, 'split-run.started', { type: 'split-run', id }, { at: startAt.toISOString() });
    const payload: JobPayloads[JobName.StartSplitRun] = { splitRunId: id, accountId: principal.accountId };
    await this.splitRunQueue.add(JobName.StartSplitRun, payload, {
      jobId: jobId('split-run-start', id),
      delay: startAt.getTime() - now.getTime(),
    });
    return this.get(principal, id);
  }

  /** The marketer's choice, early or after the wait: the remainder gets this variant at once. */
  async chooseWinner(principal: Principal, id: number, variantId: number): Promise<SplitRunResponse> {
    const run = await this.find(principal, id);
    // Another split-run's variant (of this account or another) is not found here.
    if (!run.variants.some((v) => v.id === variantId)) throw DomainError.notFound(`Split-run ${id} variant`, variantId);
    if (!run.withWinner) throw DomainError.invalidState(`Split-run ${id} is an A/B test without a winner`);
    splitRunTransition(id, run.status, 'choose');
    const { count } = await this.prisma.client.splitRun.updateMany({
      where: { id, accountId: principal.accountId, ...splitRunStepWhere('choose'), finalMailingId: null },
      data: { winnerVariantId: variantId, winnerBy: principal.userId ?? 0 },
    });
    if (count === 0)
      throw DomainError.invalidState(`Split-run ${id} is ${run.status}: its winner can no longer be chosen`);
    await this.audit.record(principal, 'split-run.winner-chosen', { type: 'split-run', id }, { variantId });
    const payload: JobPayloads[JobName.DecideSplitRun] = { splitRunId: id, accountId: principal.accountId };
    await this.splitRunQueue.add(JobName.DecideSplitRun, payload, { jobId: jobId('split-run-chosen', id) });
    return this.get(principal, id);
  }

  /**
   * Stops the split-run before the remainder goes: test groups already sent stay sent, a variant's
   * group that has not gone yet (a draft, or a variant by time of sending still to come) never goes.
   */
  async stop(principal: Principal, id: number): Promise<SplitRunResponse> {
    const run = await this.find(principal, id);
    splitRunTransition(id, run.status, 'stop');
    const accountId = principal.accountId;
    await this.prisma.client.$transaction(async (tx) => {
      const { count } = await tx.splitRun.updateMany({
        where: { id, accountId, ...splitRunStepWhere('stop'), finalMailingId: null },
        data: { status: 'CANCELLED', cancelledAt: new Date() },
      });
      if (count === 0) throw DomainError.invalidState(`Split-run ${id} has sent its remainder or was stopped just now`);
      let cancelled = 0;
      for (const v of run.variants)
        if (await mailingStatusRepository.move(prismaRunner(tx), { mailingId: v.mailingId!, accountId }, 'cancel'))
          cancelled += 1;
      await this.audit.record(
        principal,
        'split-run.stopped',
        { type: 'split-run', id },
        { was: run.status, unsentVariants: cancelled },
        tx,
      );
    });
    return this.get(principal, id);
  }

  /** Where the split-run's approval stands: each variant's, and whether all may go. */
  async approval(principal: Principal, id: number): Promise<SplitRunApprovalResponse> {
    return this.approvalOf(principal, await this.find(principal, id));
  }

  /**
   * Asks for the split-run's approval in one request: every variant's mailing is asked for (approval
   * is of a mailing's content, and each variant is content of its own), so one decision covers them.
   */
  async requestApproval(principal: Principal, id: number): Promise<SplitRunApprovalResponse> {
    const run = await this.find(principal, id);
    if (run.status !== 'DRAFT')
      throw DomainError.invalidState(`Split-run ${id} is ${run.status}; only a split-run not started is approved`);
    for (const v of run.variants) await this.approvals.request(principal, v.mailingId!);
    return this.approvalOf(principal, run);
  }

  /**
   * One decision for the whole split-run, by an ADMIN other than its author (the approval rule decides
   * who may): every variant must be waiting for it, else nothing is decided and the reply names the
   * variant to ask again for (an edit withdrew its request).
   */
  async decideApproval(
    principal: Principal,
    id: number,
    input: DecideApprovalRequest,
  ): Promise<SplitRunApprovalResponse> {
    const run = await this.find(principal, id);
    const now = await this.approvalOf(principal, run);
    const unasked = now.variants.find((v) => v.state !== 'requested');
    if (unasked)
      throw DomainError.invalidState(
        `Variant ${unasked.label} of split-run ${id} is ${unasked.state}, not waiting for a decision: request the split-run's approval again`,
      );
    for (const v of run.variants) await this.approvals.decide(principal, v.mailingId!, input);
    return this.approvalOf(principal, run);
  }

  private async approvalOf(principal: Principal, run: SplitRunRow): Promise<SplitRunApprovalResponse> {
    const states = await Promise.all(run.variants.map((v) => this.approvals.ofMailing(principal, v.mailingId!)));
    return {
      required: states.some((s) => s.required),
      approved: states.every((s) => !s.required || s.state === 'approved'),
      variants: run.variants.map((v, i) => ({ label: v.label, mailingId: v.mailingId, state: states[i]!.state })),
    };
  }

  /** Each variant's figures side by side, the winner with its reason, the significance, the remainder and the whole. */
  async report(principal: Principal, id: number): Promise<SplitRunReportResponse> {
    const run = await this.find(principal, id);
    const ids = [...run.variants.map((v) => v.mailingId!), ...(run.finalMailingId ? [run.finalMailingId] : [])];
    const stored = await mailingCountersRepository.read(this.prisma.client, ids);
    const countersOf = (mailingId: number) => {
      const s = stored.get(mailingId);
      return mailingCountersOf(s?.aggregate, s?.impressionsImplied);
    };
    const variants = run.variants.map((v) => ({ label: v.label, counters: countersOf(v.mailingId!) }));
    const chosen = run.winnerBy === null ? -1 : run.variants.findIndex((v) => v.id === run.winnerVariantId);
    const criterion = run.criterion as SplitRunCriterion;
    const live = chooseSplitRunWinner(variants, criterion, {
      manual: chosen >= 0 ? { variant: chosen, by: `user ${run.winnerBy}` } : undefined,
      level: run.significanceLevel ?? 0.95,
    });
    const recorded = (run.decision ?? null) as { rule?: string } | null;
    const sig = live.significance;
    const remainder = run.finalMailingId ? countersOf(run.finalMailingId) : null;
    return {
      splitRun: this.toResponse(run),
      criterion,
      variants: run.variants.map((v, i) => ({
        id: v.id,
        label: v.label,
        mailingId: v.mailingId,
        figures: figuresOf(variants[i]!.counters),
        criterionValue: live.values[i] ?? null,
        winner: run.winnerVariantId === v.id && run.finalMailingId !== null,
      })),
      winner: run.finalMailingId
        ? { variantId: run.winnerVariantId, rule: recorded?.rule ?? live.rule, reason: run.winnerReason ?? '' }
        : {
            variantId: live.winner === null ? null : run.variants[live.winner]!.id,
            rule: live.rule,
            reason: `So far: ${live.reason}`,
          },
      significance: sig && {
        tested: sig.tested,
        pValue: sig.pValue,
        confidencePercent: sig.confidencePercent,
        difference: sig.pairwise?.difference ?? null,
        confidenceInterval: sig.pairwise?.confidenceInterval ?? null,
        chiSquare: sig.chiSquare?.statistic ?? null,
        level: sig.level,
        significant: sig.significant,
        sentence: sig.sentence,
      },
      remainder: remainder && figuresOf(remainder),
      whole: figuresOf(sumOf([...variants.map((v) => v.counters), ...(remainder ? [remainder] : [])])),
    };
  }

  private async find(principal: Principal, id: number) {
    const run = await this.prisma.client.splitRun.findFirst({
      where: { id, accountId: principal.accountId },
      include: { variants: { orderBy: { position: 'asc' } } },
    });
    if (!run) throw DomainError.notFound('Split-run', id);
    return run;
  }

  private toResponse(run: SplitRunRow): SplitRunResponse {
    return {
      id: run.id,
      name: run.name,
      status: run.status,
      withWinner: run.withWinner,
      criterion: run.criterion,
      waitMinutes: run.waitMinutes,
      significanceLevel: run.significanceLevel,
      fallback: run.fallback,
      scheduledAt: iso(run.scheduledAt),
      testsSentAt: iso(run.testsSentAt),
      decideAt: iso(run.decideAt),
      decidedAt: iso(run.decidedAt),
      finishedAt: iso(run.finishedAt),
      cancelledAt: iso(run.cancelledAt),
      winnerVariantId: run.winnerVariantId,
      winnerReason: run.winnerReason,
      finalMailingId: run.finalMailingId,
      variants: run.variants.map((v) => ({
        id: v.id,
        label: v.label,
        position: v.position,
        documentId: v.documentId,
        subject: v.subject,
        fromName: v.fromName,
        groupPercent: v.groupPercent,
        groupCount: v.groupCount,
        groupSize: v.groupSize,
        sendAfterMinutes: v.sendAfterMinutes,
        mailingId: v.mailingId,
      })),
    };
  }
}
