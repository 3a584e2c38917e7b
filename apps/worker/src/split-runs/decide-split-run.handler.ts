import { Injectable, Logger } from '@nestjs/common';
import { InjectQueue } from '@nestjs/bullmq';
import type { Queue } from 'bullmq';
import { mailingCountersRepository, mailingQueueRepository, type PrismaClient } from '@herald/db';
import { chooseSplitRunWinner, mailingCountersOf, variantForRemainder, type SplitRunWinner } from '@herald/statistics';
import { splitRunMayTake, splitRunStepWhere, splitRunTransition } from '@herald/domain';
import { JobName, QueueName, jobId, type JobPayloads } from '@herald/queue';
import { InjectPrisma } from '../common/config';

class LostRace extends Error {}

export type DecideStatus =
  'missing' | 'not-running' | 'tests-pending' | 'without-winner' | 'waiting-for-choice' | 'sent' | 'already-sent';

/** The choice as recorded on the split-run: what it was made on, so the report shows it as it was. */
function decisionRecord(choice: SplitRunWinner): object {
  return JSON.parse(JSON.stringify(choice)) as object;
}

/**
 * When a split-run's waiting period ends (a delayed job, so it survives restarts) or the marketer
 * chooses: picks the winner by the criterion (the one rule, in @herald/statistics) and sends it to the
 * remainder. The remainder's mailing is created and the split-run marked in one transaction that only
 * a split-run without one may pass: however often the job runs, the remainder is sent once.
 */
@Injectable()
export class DecideSplitRunHandler {
  private readonly logger = new Logger(DecideSplitRunHandler.name);

  constructor(
    @InjectPrisma() private readonly prisma: PrismaClient,
    @InjectQueue(QueueName.Dispatch) private readonly dispatchQueue: Queue,
  ) {}

  async run(splitRunId: number, accountId: number): Promise<DecideStatus> {
    const run = await this.prisma.splitRun.findFirst({
      where: { id: splitRunId, accountId },
      include: { variants: { orderBy: { position: 'asc' } } },
    });
    if (!run) return 'missing';
    if (run.finalMailingId !== null) {
      // Created before a crash, perhaps before its dispatch was queued: queuing again is a no-op.
      await this.queueDispatch(run.finalMailingId, accountId);
      return 'already-sent';
    }
    if (!splitRunMayTake(run.status, 'decide')) return 'not-running';
    if (!run.withWinner) return 'without-winner';
    // A variant by time of sending whose group has not gone yet: no winner without its figures.
    if ((await this.prisma.mailing.count({ where: { splitRunId, accountId, status: 'DRAFT' } })) > 0)
      return 'tests-pending';

    const mailingIds = run.variants.map((v) => v.mailingId).filter((id): id is number => id !== null);
    const stored = await mailingCountersRepository.read(this.prisma, mailingIds);
    const results = run.variants.map((v) => {
      const s = v.mailingId === null ? undefined : stored.get(v.mailingId);
      return { label: v.label, counters: mailingCountersOf(s?.aggregate, s?.impressionsImplied) };
    });
    const chosen = run.winnerBy === null ? -1 : run.variants.findIndex((v) => v.id === run.winnerVariantId);
    const choice = chooseSplitRunWinner(results, run.criterion, {
      manual: chosen >= 0 ? { variant: chosen, by: `user ${run.winnerBy}` } : undefined,
      level: run.significanceLevel ?? 0.95,
    });
    const pick = variantForRemainder(choice, run.significanceLevel !== null, run.fallback);
    const open = { id: run.id, accountId, finalMailingId: null, ...splitRunStepWhere('decide') };
    if (!pick) {
      await this.prisma.splitRun.updateMany({
        where: open,
        data: {
          status: splitRunTransition(run.id, run.status, 'wait-for-choice'),
          winnerReason: `${choice.reason} Waiting for a choice by hand.`,
          decision: decisionRecord(choice),
        },
      });
      return 'waiting-for-choice';
    }

    const variant = run.variants[pick.variant]!;
    const test = await this.prisma.mailing.findFirst({ where: { id: variant.mailingId ?? -1, accountId } });
    if (!test?.documentVersionId) return 'not-running';
    const finalId = await this.prisma
      .$transaction(async (tx) => {
        const final = await tx.mailing.create({
          data: {
            accountId,
            name: `${run.name}: ${variant.label} to the rest`,
            channel: test.channel,
            documentId: test.documentId,
            targetType: test.targetType,
            databaseId: test.databaseId,
            collectionId: test.collectionId,
            selectionId: test.selectionId,
            toSubprofiles: test.toSubprofiles,
            settings: test.settings ?? {},
            splitRunId: run.id,
            splitRunVariantId: variant.id,
          },
        });
        // The winner as it was tested: the same frozen version and links.
        const links = await tx.link.findMany({
          where: { mailingId: test.id },
          select: { url: true, position: true, isUnsubscribe: true },
        });
        // The queue step a marketer's send takes: status, the frozen version, its links, the aggregate row.
        await mailingQueueRepository.queue(tx, { mailingId: final.id, accountId }, test.documentVersionId!, links);
        const { count } = await tx.splitRun.updateMany({
          where: open,
          data: {
            finalMailingId: final.id,
            winnerVariantId: variant.id,
            winnerReason: pick.why,
            status: splitRunTransition(run.id, run.status, 'decide'),
            decidedAt: new Date(),
            decision: decisionRecord(choice),
          },
        });
        // Another run of this job, or a stop, got there first: this mailing is rolled back.
        if (count !== 1) throw new LostRace();
        return final.id;
      })
      .catch((error: unknown) => {
        if (error instanceof LostRace) return null;
        throw error;
      });
    if (finalId === null) return this.run(splitRunId, accountId);
    await this.queueDispatch(finalId, accountId);
    this.logger.log(
      { splitRunId, winner: variant.label, finalMailingId: finalId },
      'split-run winner sent to the remainder',
    );
    return 'sent';
  }

  private async queueDispatch(mailingId: number, accountId: number): Promise<void> {
    const payload: JobPayloads[JobName.DispatchMailing] = { mailingId, accountId };
    await this.dispatchQueue.add(JobName.DispatchMailing, payload, { jobId: jobId('dispatch', mailingId) });
  }
}
