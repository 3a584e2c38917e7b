import { Injectable, Logger } from '@nestjs/common';
import { InjectQueue } from '@nestjs/bullmq';
import type { Queue } from 'bullmq';
import { channelAddressRule } from '@herald/channels';
import { mailingSettingsSchema } from '@herald/contracts';
import { mailingAudienceRepository, mailingQueueRepository, Prisma, type PrismaClient } from '@herald/db';
import { approvalRequired, approvalStateOf, Clock, nextRun, storedScheduleRule } from '@herald/domain';
import { fireScheduleJob, JobName, jobId, QueueName, type JobPayloads } from '@herald/queue';
import { mailingLinksOf } from '@herald/templating';
import { InjectPrisma } from '../common/config';
import { SelectionFilterService } from '../mailings/selection-filter.service';
import { PreSendChecks } from './pre-send-checks';

/**
 * `queued`: the run's mailing is queued for dispatch; `skipped`: recorded with the reason; `stale`: the
 * schedule no longer waits for this occurrence (changed, deactivated); `repeated`: it ran already;
 * `missing`: no such schedule in the job's account.
 */
export type FireStatus = 'queued' | 'skipped' | 'stale' | 'repeated' | 'missing';

type ScheduledMailing = Prisma.MailingGetPayload<{
  select: {
    id: true;
    name: true;
    status: true;
    channel: true;
    documentId: true;
    targetType: true;
    databaseId: true;
    collectionId: true;
    selectionId: true;
    toSubprofiles: true;
    settings: true;
  };
}>;

/**
 * Fires one occurrence of a schedule (docs/rules/scheduling.md). Its run key, the unique (schedule,
 * occurrence) of ScheduleRun, is written in the transaction that creates the run's mailing and queues
 * it, before anything is sent: however many workers pick up the job, or however often it is retried
 * after a crash, the occurrence runs once. The run is a mailing of its own, made from the scheduled
 * mailing and the newest version of its document; dispatch then evaluates its target afresh and the
 * send jobs suppress whoever unsubscribed since, as for any mailing. The next occurrence is queued after.
 */
@Injectable()
export class FireScheduleHandler {
  private readonly logger = new Logger(FireScheduleHandler.name);

  constructor(
    @InjectPrisma() private readonly prisma: PrismaClient,
    @InjectQueue(QueueName.Schedules) private readonly schedulesQueue: Queue,
    @InjectQueue(QueueName.Dispatch) private readonly dispatchQueue: Queue,
    private readonly selections: SelectionFilterService,
    private readonly checks: PreSendChecks,
    private readonly clock: Clock,
  ) {}

  async run(job: JobPayloads[JobName.FireSchedule]): Promise<FireStatus> {
    const occurrenceAt = new Date(job.occurrenceAt);
    const { scheduleId, accountId } = job;
    const schedule = await this.prisma.schedule.findFirst({ where: { id: scheduleId, accountId } });
    if (!schedule) return 'missing';
    // Not awaited any more: changed or deactivated, or it ran (a retry after a crash past the commit,
    // when what followed the run may not have been queued yet).
    if (!schedule.active || schedule.nextRunAt?.getTime() !== occurrenceAt.getTime()) return this.afterRun(job);

    const mailing = await this.prisma.mailing.findFirst({
      where: { id: schedule.mailingId, accountId },
      select: {
        id: true,
        name: true,
        status: true,
        channel: true,
        documentId: true,
        targetType: true,
        databaseId: true,
        collectionId: true,
        selectionId: true,
        toSubprofiles: true,
        settings: true,
      },
    });
    // Cancelled by a marketer or stopped by an admin: the schedule ends with this run, skipped.
    const ended = !mailing || mailing.status !== 'SCHEDULED';
    const skipReason = ended
      ? `the scheduled mailing is ${mailing?.status ?? 'gone'}; the schedule ends`
      : await this.reasonToSkip(mailing, accountId);
    const version =
      skipReason === null
        ? await this.prisma.documentVersion.findFirst({
            where: { documentId: mailing!.documentId, accountId },
            orderBy: { version: 'desc' },
          })
        : null;
    const rule = storedScheduleRule(schedule);
    const next = ended ? null : nextRun(rule, this.clock.now(), occurrenceAt);

    let outcome: { status: 'queued' | 'skipped' | 'stale'; mailingId: number | null };
    try {
      outcome = await this.prisma.$transaction(async (tx) => {
        // Serialises with an edit, a deactivation or a deletion of the schedule, and with another firing.
        const [locked] = await tx.$queryRaw<{ active: boolean; nextRunAt: Date | null }[]>`
          SELECT active, "nextRunAt" FROM "Schedule" WHERE id = ${scheduleId} AND "accountId" = ${accountId} FOR UPDATE`;
        if (!locked?.active || locked.nextRunAt?.getTime() !== occurrenceAt.getTime())
          return { status: 'stale' as const, mailingId: null };
        const reason = skipReason ?? (version ? null : 'the document has no version to send');
        let runMailingId: number | null = null;
        if (!reason && mailing && version) {
          const settings = mailingSettingsSchema.parse(mailing.settings);
          const created = await tx.mailing.create({
            data: {
              accountId,
              name: `${mailing.name} (${rule.localTime(occurrenceAt)})`,
              channel: mailing.channel,
              documentId: mailing.documentId,
              targetType: mailing.targetType,
              databaseId: mailing.databaseId,
              collectionId: mailing.collectionId,
              selectionId: mailing.selectionId,
              toSubprofiles: mailing.toSubprofiles,
              settings,
              scheduleId,
              createdBy: schedule.createdBy,
            },
            select: { id: true },
          });
          const links = mailingLinksOf(mailing.channel, version, { trackingEnabled: settings.trackingEnabled });
          if (!(await mailingQueueRepository.queue(tx, { mailingId: created.id, accountId }, version.id, links)))
            throw new Error(`the run's new mailing ${created.id} could not be queued`);
          runMailingId = created.id;
        }
        // The run key, in the transaction that queued the run (nothing is sent before it commits): a
        // second firing of this occurrence fails here and the whole transaction with it.
        await tx.scheduleRun.create({
          data: {
            accountId,
            scheduleId,
            occurrenceAt,
            status: reason ? 'SKIPPED' : 'QUEUED',
            reason,
            mailingId: runMailingId,
          },
          select: { id: true },
        });
        await tx.schedule.update({
          where: { id: scheduleId },
          data: {
            runCount: { increment: 1 },
            lastRunAt: occurrenceAt,
            nextRunAt: next,
            ...(ended ? { active: false } : {}),
          },
        });
        return { status: reason ? ('skipped' as const) : ('queued' as const), mailingId: runMailingId };
      });
    } catch (error) {
      // Another worker wrote the run key first: this occurrence has run.
      if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002') return this.afterRun(job);
      throw error;
    }
    this.logger.log({ scheduleId, occurrenceAt, ...outcome, skipReason }, 'schedule fired');
    if (outcome.status === 'stale') return this.afterRun(job);
    return this.followUp(scheduleId, accountId, outcome.mailingId, outcome.status, {
      active: !ended,
      nextRunAt: ended ? null : next,
    });
  }

  /** A job for an occurrence the schedule no longer waits for: `repeated` if it ran, else `stale`. */
  private async afterRun(job: JobPayloads[JobName.FireSchedule]): Promise<'repeated' | 'stale'> {
    const ran = await this.prisma.scheduleRun.findUnique({
      where: { scheduleId_occurrenceAt: { scheduleId: job.scheduleId, occurrenceAt: new Date(job.occurrenceAt) } },
      select: { mailingId: true },
    });
    return this.followUp(job.scheduleId, job.accountId, ran?.mailingId ?? null, ran ? 'repeated' : 'stale');
  }

  /**
   * Why this run is not sent, or null: approval is required and missing (an edit withdrew it), nobody
   * is left to send to, or the pre-send checks block it (given the audience just counted).
   */
  private async reasonToSkip(mailing: ScheduledMailing, accountId: number): Promise<string | null> {
    const account = await this.prisma.account.findUniqueOrThrow({
      where: { id: accountId },
      select: { approvalRequired: true },
    });
    if (approvalRequired(account, { kind: 'mailing', scheduleId: null })) {
      const latest = await this.prisma.approval.findFirst({
        where: { accountId, mailingId: mailing.id },
        orderBy: { id: 'desc' },
        select: { decision: true, supersededAt: true },
      });
      const state = approvalStateOf(latest);
      if (state !== 'approved')
        return `needs the approval of an ADMIN other than its author (approval ${state.replace('-', ' ')})`;
    }
    const address = channelAddressRule(mailing.channel);
    const { skipDuplicates } = mailingSettingsSchema.parse(mailing.settings);
    const audience = await mailingAudienceRepository.count(
      this.prisma,
      {
        accountId,
        addressField: address.field,
        databaseId: mailing.databaseId,
        collectionId: mailing.collectionId,
        toSubprofiles: mailing.toSubprofiles,
        filter: mailing.selectionId ? await this.selections.filterFor(mailing.selectionId, accountId) : null,
      },
      address,
      { skipDuplicates },
    );
    if (audience.recipients > 0) {
      const findings = await this.checks.check({ ...mailing, accountId, audienceSize: audience.recipients });
      const blocking = findings.filter((f) => f.blocking);
      if (blocking.length > 0) return `blocked by the pre-send checks: ${blocking.map((f) => f.message).join('; ')}`;
      return null;
    }
    const left = Object.entries(audience.suppressed)
      .filter(([, n]) => n > 0)
      .map(([why, n]) => `${n} ${SUPPRESSED_AS[why as keyof typeof audience.suppressed]}`);
    return `the target is empty: nobody to send to${left.length ? ` (${left.join(', ')})` : ''}`;
  }

  /**
   * Queues what follows a run, idempotently: the dispatch of its mailing and the firing job of the
   * schedule's next occurrence. Also run for a repeated or stale job, since the process that ran the
   * occurrence may have died before it queued them.
   */
  private async followUp<S extends FireStatus>(
    scheduleId: number,
    accountId: number,
    runMailingId: number | null,
    status: S,
    /** What the schedule waits for now, when this job has just written it. */
    known?: { active: boolean; nextRunAt: Date | null },
  ): Promise<S> {
    if (runMailingId !== null) {
      const payload: JobPayloads[JobName.DispatchMailing] = { mailingId: runMailingId, accountId };
      await this.dispatchQueue.add(JobName.DispatchMailing, payload, { jobId: jobId('dispatch', runMailingId) });
    }
    const schedule =
      known ??
      (await this.prisma.schedule.findFirst({
        where: { id: scheduleId, accountId },
        select: { active: true, nextRunAt: true },
      }));
    if (schedule?.active && schedule.nextRunAt) {
      const job = fireScheduleJob({ scheduleId, accountId }, schedule.nextRunAt, this.clock.now());
      await this.schedulesQueue.add(job.name, job.data, job.opts);
    }
    return status;
  }
}

const SUPPRESSED_AS = {
  unsubscribed: 'unsubscribed',
  disabled: 'disabled',
  noAddress: 'without an address',
  invalidAddress: 'with an invalid address',
  duplicates: 'duplicate addresses',
} as const;
