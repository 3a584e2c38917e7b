import { Injectable, Logger } from '@nestjs/common';
import { InjectQueue } from '@nestjs/bullmq';
import type { Queue } from 'bullmq';
import { channelAddressRule } from '@herald/channels';
import { mailingSettingsSchema } from '@herald/contracts';
import { mailingQueueRepository, splitRunGroupRepository, type PrismaClient } from '@herald/db';
import { DomainError, splitRunGroupSizes, splitRunGroupSpecs } from '@herald/domain';
import { JobName, QueueName, jobId, type JobPayloads } from '@herald/queue';
import { mailingLinksOf } from '@herald/templating';
import { InjectPrisma } from '../common/config';
import { SelectionFilterService } from '../mailings/selection-filter.service';

export type StartStatus = 'missing' | 'not-starting' | 'started';

/**
 * Starts a split-run at the moment the API queued it for (now, or a scheduled time): draws the groups
 * over the target as it is then, queues each variant's mailing with the newest version of its document
 * (as a schedule's run does), and queues the decision after the waiting period. Every step may be
 * repeated after a crash: the draw happens once, a queued mailing is not queued again, job ids are fixed.
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
    for (const v of run.variants) {
      await this.prisma.splitRunVariant.update({
        where: { id: v.id },
        data: { groupSize: drawn.get(v.position) ?? 0 },
      });
      await this.queueVariant(v.mailingId!, accountId);
    }
    // The decision first: a crash before the status below repeats this job, whose add is then a no-op.
    const decideAt = new Date(Date.now() + run.waitMinutes * 60_000);
    if (run.withWinner) {
      const payload: JobPayloads[JobName.DecideSplitRun] = { splitRunId, accountId };
      await this.splitRunQueue.add(JobName.DecideSplitRun, payload, {
        jobId: jobId('split-run-decide', splitRunId),
        delay: run.waitMinutes * 60_000,
      });
    }
    await this.prisma.splitRun.updateMany({
      where: { id: splitRunId, accountId, status: 'TESTING' },
      data: { status: 'WAITING', testsSentAt: new Date(), decideAt: run.withWinner ? decideAt : null },
    });
    this.logger.log({ splitRunId, groups: [...drawn.values()] }, 'split-run test groups queued');
    return 'started';
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
