import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectQueue } from '@nestjs/bullmq';
import type { Queue } from 'bullmq';
import {
  type CreateSplitRunRequest,
  type MailingResponse,
  type SplitRunCriterion,
  type SplitRunPlanResponse,
  type SplitRunReportResponse,
  type SplitRunResponse,
} from '@herald/contracts';
import { mailingCountersRepository } from '@herald/db';
import { DomainError, splitRunGroupSizes, splitRunGroupSpecs } from '@herald/domain';
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
import { MailingsService } from '../mailings/mailings.service';

const LABELS = 'ABCDEFGHIJ';
const MAX_SCHEDULE_MS = 366 * 24 * 3600_000;

type SplitRunRow = NonNullable<Awaited<ReturnType<SplitRunsService['find']>>>;
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

  async get(principal: Principal, id: number): Promise<SplitRunResponse> {
    return this.toResponse(await this.find(principal, id));
  }

  /** The groups the split-run would draw now, and the smallest difference between the two smallest it can detect. */
  async plan(
    principal: Principal,
    id: number,
    query: { expectedRate: number; level: number; power: number },
  ): Promise<SplitRunPlanResponse> {
    const run = await this.find(principal, id);
    const { recipients } = await this.mailings.audience(principal, run.variants[0]!.mailingId!);
    const sizes = splitRunGroupSizes(recipients, splitRunGroupSpecs(run.variants, run.withWinner));
    const [a, b] = [...sizes].sort((x, y) => x - y);
    const mdd = minimumDetectableDifference(a!, b!, {
      baseline: query.expectedRate,
      level: query.level,
      power: query.power,
    });
    return {
      target: recipients,
      groups: run.variants.map((v, i) => ({ label: v.label, size: sizes[i]! })),
      remainder: recipients - sizes.reduce((sum, n) => sum + n, 0),
      detectableDifference: mdd === null ? null : mdd * 100,
      expectedRate: query.expectedRate,
      level: query.level,
      power: query.power,
    };
  }

  /**
   * Starts the split-run now or at `at` (a scheduled split-run): the worker draws the groups over the
   * target as it is then and sends each variant to its group; the waiting period follows. Every
   * variant must be allowed to go first (an account that requires approval has each approved).
   */
  async start(principal: Principal, id: number, at?: Date): Promise<SplitRunResponse> {
    const run = await this.find(principal, id);
    if (run.status !== 'DRAFT')
      throw DomainError.invalidState(`Split-run ${id} is ${run.status} and cannot start again`);
    const now = new Date();
    if (at && at.getTime() > now.getTime() + MAX_SCHEDULE_MS)
      throw DomainError.validation('A split-run starts within a year', [
        { path: 'at', message: 'is more than a year ahead' },
      ]);
    for (const v of run.variants) await this.approvals.assertMayProceed(principal.accountId, v.mailingId!);
    const startAt = at && at > now ? at : now;
    const { count } = await this.prisma.client.splitRun.updateMany({
      where: { id, accountId: principal.accountId, status: 'DRAFT' },
      data: { status: 'TESTING', scheduledAt: startAt },
    });
    if (count === 0) throw DomainError.invalidState(`Split-run ${id} was started by someone else just now`);
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
    const { count } = await this.prisma.client.splitRun.updateMany({
      where: { id, accountId: principal.accountId, status: 'WAITING', finalMailingId: null },
      data: { winnerVariantId: variantId, winnerBy: principal.userId ?? 0 },
    });
    if (count === 0)
      throw DomainError.invalidState(`Split-run ${id} is ${run.status}: its winner can no longer be chosen`);
    const payload: JobPayloads[JobName.DecideSplitRun] = { splitRunId: id, accountId: principal.accountId };
    await this.splitRunQueue.add(JobName.DecideSplitRun, payload, { jobId: jobId('split-run-chosen', id) });
    return this.get(principal, id);
  }

  /** Stops the split-run before the remainder goes; test mailings already sent stay sent. */
  async stop(principal: Principal, id: number): Promise<SplitRunResponse> {
    await this.find(principal, id);
    const { count } = await this.prisma.client.splitRun.updateMany({
      where: {
        id,
        accountId: principal.accountId,
        status: { in: ['DRAFT', 'TESTING', 'WAITING'] },
        finalMailingId: null,
      },
      data: { status: 'CANCELLED', cancelledAt: new Date() },
    });
    if (count === 0) throw DomainError.invalidState(`Split-run ${id} has sent its remainder or was stopped already`);
    return this.get(principal, id);
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
        mailingId: v.mailingId,
      })),
    };
  }
}
