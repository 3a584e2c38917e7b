import { Injectable, Logger } from '@nestjs/common';
import { InjectQueue } from '@nestjs/bullmq';
import type { Queue } from 'bullmq';
import { channelAddressRule } from '@herald/channels';
import { mailingSettingsSchema } from '@herald/contracts';
import { mailingQueueRepository, splitRunGroupRepository, type PrismaClient } from '@herald/db';
import { DomainError, splitRunGroupSizes, splitRunGroupSpecs, splitRunStepWhere } from '@herald/domain';
import { JobName, QueueName, jobId, type JobPayloads } from '@herald/queue';
import { mailingLinksOf } from '@herald/templating';
import { InjectPrisma } from '../common/config';
import { SelectionFilterService } from '../mailings/selection-filter.service';

export type StartStatus = 'missing' | 'not-starting' | 'started';
export type SendVariantStatus = 'missing' | 'not-sending' | 'sent';

/**
 * Starts a split-run at the moment the API queued it for (now, or a scheduled time): draws the groups
 * over the target as it is then, queues each variant's mailing with the newest version of its document
 * (as a schedule's run does), and queues the decision after the waiting period. A variant by time of
 * sending goes by a delayed job of its own, minutes after the scheduled start, with the newest version
 * then; the waiting period counts from the last group's send. Every step may be repeated after a
 * crash: the draw happens once, a queued mailing is not queued again, job ids are fixed.
 */
@Injectable()
export class StartSplitRunHandler {
  private readonly logger = new Logger(StartSplitRunHandler.name);

  constructor(
    @InjectPrisma() private readonly prisma: PrismaClient,
    @InjectQueue(QueueName.Dispatch) private readonly dispatchQueue: Queue,
    @InjectQueue(QueueName.SplitRun) private readonly splitRunQueue: Queue,
    private readonly selections: SelectionFilterService,
  ) {}

  async run(splitRunId: number, accountId: number): Promise<StartStatus> {
    const run = await this.prisma.splitRun.findFirst({
      where: { id: splitRunId, accountId },
      include: { variants: { orderBy: { position: 'asc' } } },
    });
    if (!run) return 'missing';
    // TESTING until the last group goes: a repeated job draws nothing again and queues only what was not.
    if (run.status !== 'TESTING') return 'not-starting';
    const rule = channelAddressRule(run.channel);
    const settings = mailingSettingsSchema.parse(run.settings);
    const draw = {
      splitRunId,
      seed: run.seed,
      target: {
        accountId,
        addressField: rule.field,
        databaseId: run.databaseId,
        collectionId: run.collectionId,
        toSubprofiles: run.toSubprofiles,
        filter: run.selectionId ? await this.selections.filterFor(run.selectionId, accountId) : null,
      },
      rule,
      skipDuplicates: settings.skipDuplicates,
    };
    // Sizes and members from one view of the target; a split-run drawn before is not drawn again.
    await this.prisma.$transaction(
      async (tx) => {
        const sizes = splitRunGroupSizes(
          await splitRunGroupRepository.poolSize(tx, draw),
          splitRunGroupSpecs(run.variants, run.withWinner),
        );
        await splitRunGroupRepository.draw(tx, draw, sizes);
      },
      { isolationLevel: 'RepeatableRead', timeout: 600_000 },
    );
    const drawn = await splitRunGroupRepository.sizes(this.prisma, splitRunId);
    // Offsets count from the moment the split-run was to start, so a start run late keeps their spacing.
    const startedAt = run.scheduledAt ?? new Date();
    const delayUntil = (at: number) => Math.max(0, at - Date.now());
    for (const v of run.variants) {
      await this.prisma.splitRunVariant.update({
        where: { id: v.id },
        data: { groupSize: drawn.get(v.position) ?? 0 },
      });
      if (v.sendAfterMinutes === 0) await this.queueVariant(v.mailingId!, accountId);
      else {
        const payload: JobPayloads[JobName.SendSplitRunVariant] = { splitRunId, accountId, variantId: v.id };
        await this.splitRunQueue.add(JobName.SendSplitRunVariant, payload, {
          jobId: jobId('split-run-variant', v.id),
          delay: delayUntil(startedAt.getTime() + v.sendAfterMinutes * 60_000),
        });
      }
    }
    // The waiting period counts from the last test group's send.
    const lastAt = startedAt.getTime() + Math.max(...run.variants.map((v) => v.sendAfterMinutes)) * 60_000;
    const decideAt = new Date(lastAt + run.waitMinutes * 60_000);
    // The decision first: a crash before the status below repeats this job, whose add is then a no-op.
    if (run.withWinner) {
      const payload: JobPayloads[JobName.DecideSplitRun] = { splitRunId, accountId };
      await this.splitRunQueue.add(JobName.DecideSplitRun, payload, {
        jobId: jobId('split-run-decide', splitRunId),
        delay: delayUntil(decideAt.getTime()),
      });
    }
    await this.prisma.splitRun.updateMany({
      where: { id: splitRunId, accountId, status: 'TESTING' },
      data: { decideAt: run.withWinner ? decideAt : null },
    });
    await this.markTestsSentIfAll(splitRunId, accountId);
    this.logger.log({ splitRunId, groups: [...drawn.values()] }, 'split-run test groups queued');
    return 'started';
  }

  /** A variant by time of sending: its group goes now, unless the split-run was stopped meanwhile. */
  async sendVariant(splitRunId: number, accountId: number, variantId: number): Promise<SendVariantStatus> {
    const variant = await this.prisma.splitRunVariant.findFirst({
      where: { id: variantId, splitRunId, accountId },
      include: { splitRun: { select: { status: true, withWinner: true, decideAt: true } } },
    });
    if (!variant?.mailingId) return 'missing';
    // A stop cancelled its mailing too; a split-run past its tests has this variant's group sent already.
    if (variant.splitRun.status !== 'TESTING') return 'not-sending';
    await this.queueVariant(variant.mailingId, accountId);
    await this.markTestsSentIfAll(splitRunId, accountId);
    // Late itself (the worker was down past the end of the waiting period): the decision, which found
    // this group not gone and decided nothing, is taken again now.
    const { withWinner, decideAt } = variant.splitRun;
    if (withWinner && decideAt && decideAt.getTime() <= Date.now()) {
      const payload: JobPayloads[JobName.DecideSplitRun] = { splitRunId, accountId };
      await this.splitRunQueue.add(JobName.DecideSplitRun, payload, {
        jobId: jobId('split-run-decide-late', splitRunId),
      });
    }
    return 'sent';
  }

  /** TESTING → WAITING once no variant's mailing is still a draft: every test group has gone. */
  private async markTestsSentIfAll(splitRunId: number, accountId: number): Promise<void> {
    const drafts = await this.prisma.mailing.count({ where: { splitRunId, accountId, status: 'DRAFT' } });
    if (drafts > 0) return;
    await this.prisma.splitRun.updateMany({
      where: { id: splitRunId, accountId, ...splitRunStepWhere('tests-sent') },
      data: { status: 'WAITING', testsSentAt: new Date() },
    });
  }

  /** The variant's mailing queued with the newest version of its document, then its dispatch. */
  private async queueVariant(mailingId: number, accountId: number): Promise<void> {
    const mailing = await this.prisma.mailing.findFirst({ where: { id: mailingId, accountId } });
    if (!mailing) throw DomainError.notFound('Mailing', mailingId);
    if (mailing.status === 'DRAFT') {
      const version = await this.prisma.documentVersion.findFirst({
        where: { documentId: mailing.documentId, accountId },
        orderBy: { version: 'desc' },
      });
      if (!version) throw DomainError.invalidState(`Document ${mailing.documentId} has no version to send`);
      const { trackingEnabled } = mailingSettingsSchema.parse(mailing.settings);
      const links = mailingLinksOf(mailing.channel, version, { trackingEnabled });
      await this.prisma.$transaction((tx) =>
        mailingQueueRepository.queue(tx, { mailingId, accountId }, version.id, links),
      );
    }
    const payload: JobPayloads[JobName.DispatchMailing] = { mailingId, accountId };
    await this.dispatchQueue.add(JobName.DispatchMailing, payload, { jobId: jobId('dispatch', mailingId) });
  }
}
