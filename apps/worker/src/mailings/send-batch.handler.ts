import { Injectable, Logger, type BeforeApplicationShutdown } from '@nestjs/common';
import { InjectQueue } from '@nestjs/bullmq';
import type { Queue } from 'bullmq';
import { Prisma, channelUnsubscribedAt, type PrismaClient } from '@herald/db';
import type { HeraldConfig } from '@herald/config';
import type { ChannelOutcome } from '@herald/channels';
import { JobName, QueueName, formatTrackedDestination, jobId, type JobPayloads } from '@herald/queue';
import { mailingSettingsSchema } from '@herald/contracts';
import { timeLimitPassed } from '@herald/domain';
import { InjectConfig, InjectPrisma } from '../common/config';
import { JobDeferral } from '../common/job-runner';
import { whileDatabaseUnavailable } from '../common/database-outage';
import { cancelUnsent } from './cancel-unsent';
import { finishMailingIfDone } from './dispatch-mailing.handler';
import { MailingContextService, type MailingContext } from './mailing-context.service';
import { SendRateLimiter } from './send-rate-limiter';
import { SendSlots } from './send-slots';
import { SendOutcomeRecorders, type SendOutcomeRecorder } from './send-outcome.recorder';

interface DestinationRow {
  id: bigint;
  address: string;
  attempts: number;
  profile_id: number;
  profile_email: string | null;
  profile_mobile: string | null;
  profile_fax: string | null;
  profile_values: Record<string, unknown>;
  subprofile_values: Record<string, unknown> | null;
  unsubscribed_at: Date | null;
  disabled_at: Date | null;
}

export type SendBatchStatus = 'sent' | 'not-sending';

/**
 * Whether a batch may hand more over: `sending`; `ended` (stopped by an admin, or no longer sending);
 * `time-limit`: the mailing's maximum duration ran out, the rest is not sent.
 */
type SendingState = 'sending' | 'ended' | 'time-limit';

const PROVIDER_UNAVAILABLE_MIN_DELAY_MS = 1_000;
const PROVIDER_UNAVAILABLE_MAX_DELAY_MS = 5 * 60_000;

/** The job that makes the next attempt after a destination's `attempts` failed ones. */
function retryJobId(row: Pick<DestinationRow, 'id' | 'attempts'>): string {
  return jobId('retry', row.id.toString(), row.attempts);
}

/** How long a batch waits for an unreachable provider before its `attempt`-th try: doubling, capped at 5 minutes. */
export function providerUnavailableDelayMs(attempt: number, retryDelayMs: number): number {
  const base = Math.max(PROVIDER_UNAVAILABLE_MIN_DELAY_MS, retryDelayMs);
  return Math.min(PROVIDER_UNAVAILABLE_MAX_DELAY_MS, base * 2 ** Math.min(Math.max(attempt - 1, 0), 20));
}

/**
 * How often a batch reads whether its mailing was stopped: by time, not by count, so a stop lands
 * within this much however slow the provider is, and a fast batch reads the status no more often.
 */
const STOP_CHECK_MS = 200;

@Injectable()
export class SendBatchHandler implements BeforeApplicationShutdown {
  private readonly logger = new Logger(SendBatchHandler.name);
  /**
   * Set when the process is asked to stop: lanes hand nothing more over, the job stores what it sent and
   * goes back to the queue for another worker, instead of sending the rest of its batch through
   * connections that the shutdown is about to close (which failed them as "SMTP unavailable" and
   * delayed the batch by the SMTP back-off).
   */
  private stopping = false;
  /** Jobs whose lanes hand messages over; more jobs run, reading their destinations or storing their outcomes. */
  private readonly slots: SendSlots;

  beforeApplicationShutdown(): void {
    this.stopping = true;
  }

  constructor(
    @InjectPrisma() private readonly prisma: PrismaClient,
    @InjectConfig() private readonly config: HeraldConfig,
    @InjectQueue(QueueName.Send) private readonly sendQueue: Queue,
    private readonly contexts: MailingContextService,
    private readonly rateLimiter: SendRateLimiter,
    private readonly recorders: SendOutcomeRecorders,
  ) {
    this.slots = new SendSlots(config.SEND_JOB_CONCURRENCY);
  }

  /**
   * Sends a range of a mailing's destinations through the mailing's channel. `attemptsStarted` is
   * the job's, for the back-off while the provider is unreachable.
   */
  async run(
    payload: JobPayloads[JobName.SendBatch],
    attemptsStarted = 1,
    currentJobId?: string,
  ): Promise<SendBatchStatus> {
    const { mailingId, accountId } = payload;
    // A database that is down or restarting is waited for here, not failed into the job's few attempts.
    // The mailing's state, its prepared channel and the batch's destinations are read at once (three
    // round trips one after the other were most of a first job's time before its first message); the
    // last two only matter, and only fail the job, when the mailing is still sending.
    const reading = Promise.all([
      this.whileDatabaseDown(() => this.contexts.get(mailingId, accountId), 'preparing the mailing'),
      this.whileDatabaseDown(() => this.pendingDestinations(payload), 'reading the destinations'),
    ]);
    reading.catch(() => undefined);
    const state = await this.whileDatabaseDown(() => this.sendingState(mailingId, accountId), 'reading the mailing');
    if (state !== 'sending') {
      await this.cancelUnsent(payload, state);
      return 'not-sending';
    }
    const [context, rows] = await reading;
    const recorder = this.recorders.for(mailingId, context.accountId);
    const rowIds = rows.map((row) => row.id);
    // A destination with a failed attempt belongs to its retry job alone: this batch, deferred while the
    // SMTP server was down or run again after a crash, would otherwise send it beside that job.
    const retried = rows.filter((row) => row.attempts > 0 && retryJobId(row) !== currentJobId);
    if (retried.length > 0) await this.ensureRetryJobs(context, retried);
    // Still pending in the database but handed over by this process, their outcomes not stored yet
    // (the database was down when an earlier attempt of this job ended): never hand them over again.
    const toSend = rows.filter((row) => !recorder.holds(row.id) && !retried.includes(row));

    let next = 0;
    let stopped = false;
    let halted: Exclude<SendingState, 'sending'> | null = null;
    let checkedAt = Date.now();
    let released = false;
    let unavailable: string | null = null;
    const errors: unknown[] = [];
    const lanes = Math.max(1, context.channelMailing.concurrency);
    const lane = async (): Promise<void> => {
      try {
        while (!stopped && next < toSend.length) {
          if (this.stopping) {
            released = true;
            return;
          }
          const index = next++;
          await this.rateLimiter.acquire(mailingId, context.settings.maxPerMinute);
          // Nothing more is handed over while outcomes cannot be stored, so an outage leaves only
          // what was in flight at its start unrecorded.
          await recorder.writable();
          // Last, just before the hand-over: a stop that came while this lane waited for its turn is seen.
          if (Date.now() - checkedAt >= STOP_CHECK_MS) {
            checkedAt = Date.now(); // before the read, so the other lanes do not read too
            const now = await this.whileDatabaseDown(
              () => this.sendingState(mailingId, accountId),
              'checking for a stop',
            );
            if (now !== 'sending') {
              // An admin stopped it, or its time ran out: what was not handed over is not sent.
              stopped = true;
              halted = now;
              return;
            }
          }
          if (stopped) return;
          const failure = await this.sendOne(context, toSend[index]!, recorder);
          if (failure) {
            unavailable = failure;
            stopped = true;
          }
        }
      } catch (error) {
        // The other lanes stop too: a job must not fail while its lanes still send.
        stopped = true;
        errors.push(error);
      }
    };
    if (toSend.length > 0) {
      await this.slots.acquire();
      try {
        await Promise.all(Array.from({ length: Math.min(lanes, toSend.length) }, lane));
      } finally {
        // Before the outcomes are stored: the next job's lanes start while this job settles.
        this.slots.release();
      }
    }
    // The job neither completes nor fails before the outcomes of what it handed over are stored: a
    // retry would find them pending and send them again.
    await recorder.settle(rowIds);
    if (errors.length > 0) throw errors[0];
    if (halted) {
      await this.cancelUnsent(payload, halted);
      return 'not-sending';
    }
    if (unavailable) {
      // A provider that is down is no fault of this batch: it waits for it as long as the mailing
      // runs (an admin stop or its maximum duration ends it), instead of spending the job's few
      // attempts in half a minute and leaving its destinations pending forever.
      throw new JobDeferral(
        `${context.channel} provider unavailable: ${unavailable}`,
        providerUnavailableDelayMs(attemptsStarted, this.config.SEND_RETRY_DELAY_MS),
      );
    }
    // Ready again at once for another worker (or this one restarted); no attempt is spent.
    if (released) throw new JobDeferral('the worker is stopping: the rest of the batch goes back to the queue', 0);
    if (
      await this.whileDatabaseDown(
        () => finishMailingIfDone(this.prisma, { mailingId, accountId }),
        'finishing the mailing',
      )
    )
      this.recorders.release(mailingId);
    return 'sent';
  }

  private whileDatabaseDown<T>(operation: () => Promise<T>, what: string): Promise<T> {
    return whileDatabaseUnavailable(operation, what, this.logger);
  }

  /** Sends one message through the mailing's channel and records its outcome; returns a reason when the provider is unreachable. */
  private async sendOne(
    context: MailingContext,
    row: DestinationRow,
    recorder: SendOutcomeRecorder,
  ): Promise<string | null> {
    // Checked again at send time: someone who unsubscribed after the dispatch gets nothing.
    if (row.unsubscribed_at || row.disabled_at) {
      recorder.add({
        kind: 'suppressed',
        destinationId: row.id,
        reason: row.unsubscribed_at ? 'unsubscribed' : 'disabled',
      });
      return null;
    }
    const outcome: ChannelOutcome = await context.channelMailing.send({
      destinationId: row.id,
      address: row.address,
      // Tracking tokens name the mailing too, so a click resolves its link without a database lookup.
      trackingId: formatTrackedDestination(context.mailingId, row.id),
      profile: {
        ...row.profile_values,
        id: row.profile_id,
        email: row.profile_email,
        mobile: row.profile_mobile,
        fax: row.profile_fax,
      },
      subprofile: row.subprofile_values,
    });
    switch (outcome.kind) {
      case 'unavailable':
        return outcome.reason;
      case 'delivered':
        recorder.add({
          kind: 'sent',
          destinationId: row.id,
          profileId: row.profile_id,
          response: outcome.response,
          messageId: outcome.messageId,
          smsSegments: outcome.smsSegments ?? null,
        });
        return null;
      case 'not-composed':
        recorder.add({
          kind: 'failed',
          destinationId: row.id,
          profileId: row.profile_id,
          errorKind: 'COMPOSE',
          code: 'compose',
          text: outcome.text,
          senderSide: false,
        });
        return null;
      case 'hard':
        recorder.add({
          kind: 'failed',
          destinationId: row.id,
          profileId: row.profile_id,
          errorKind: 'HARD',
          code: outcome.code,
          text: outcome.text,
          senderSide: false,
          reason: outcome.reason,
        });
        return null;
      case 'soft':
        await this.softFailure(context, row, outcome, recorder);
        return null;
    }
  }

  /** Temporary or about the sender: retried later with back-off; a soft error once the attempts run out. */
  private async softFailure(
    context: MailingContext,
    row: DestinationRow,
    outcome: Extract<ChannelOutcome, { kind: 'soft' }>,
    recorder: SendOutcomeRecorder,
  ): Promise<void> {
    const attempt = row.attempts + 1;
    if (attempt >= this.config.SEND_MAX_ATTEMPTS) {
      recorder.add({
        kind: 'failed',
        destinationId: row.id,
        profileId: row.profile_id,
        errorKind: 'SOFT',
        code: outcome.code,
        text: outcome.text,
        senderSide: outcome.senderSide,
        reason: outcome.reason,
      });
      return;
    }
    recorder.add({
      kind: 'retry',
      destinationId: row.id,
      code: outcome.code,
      text: outcome.text,
      senderSide: outcome.senderSide,
      reason: outcome.reason,
    });
    // The attempt must be stored before the retry can run, or the retry would count it again.
    await recorder.settle([row.id]);
    await this.ensureRetryJobs(context, [{ id: row.id, attempts: attempt }]);
  }

  /**
   * Queues the retry job of each destination's last failed attempt, a no-op for a job already queued
   * (its id names the destination and the attempt); after a crash between storing the attempt and
   * queuing its retry, the batch that runs again queues it here.
   */
  private async ensureRetryJobs(
    context: MailingContext,
    rows: ReadonlyArray<Pick<DestinationRow, 'id' | 'attempts'>>,
  ): Promise<void> {
    await this.sendQueue.addBulk(
      rows.map((row) => {
        const destinationId = row.id.toString();
        const retry: JobPayloads[JobName.SendBatch] = {
          mailingId: context.mailingId,
          accountId: context.accountId,
          firstDestinationId: destinationId,
          lastDestinationId: destinationId,
        };
        return {
          name: JobName.SendBatch,
          data: retry,
          opts: { jobId: retryJobId(row), delay: this.config.SEND_RETRY_DELAY_MS * 2 ** (row.attempts - 1) },
        };
      }),
    );
  }

  /**
   * A stopped mailing's destinations in this batch that were not handed over end as cancelled, counted
   * in its report; so do those of a mailing whose time ran out, which then finishes when none is left pending.
   */
  private async cancelUnsent(
    payload: JobPayloads[JobName.SendBatch],
    why: Exclude<SendingState, 'sending'>,
  ): Promise<void> {
    const mailing = { mailingId: payload.mailingId, accountId: payload.accountId };
    await this.whileDatabaseDown(
      () =>
        cancelUnsent(
          this.prisma,
          mailing,
          { first: payload.firstDestinationId, last: payload.lastDestinationId },
          why === 'time-limit' ? 'time-limit' : 'stopped',
        ),
      'cancelling what a stop left unsent',
    );
    if (
      why === 'time-limit' &&
      (await this.whileDatabaseDown(() => finishMailingIfDone(this.prisma, mailing), 'finishing the mailing'))
    )
      this.recorders.release(payload.mailingId);
  }

  /** The batch's destinations still pending, with what sending to each needs. */
  private pendingDestinations(payload: JobPayloads[JobName.SendBatch]): Promise<DestinationRow[]> {
    const { mailingId, accountId } = payload;
    return this.prisma.$queryRaw<DestinationRow[]>`
      SELECT d.id, d.address, d.attempts, p.id AS profile_id, p.email AS profile_email, p.mobile AS profile_mobile,
             p.fax AS profile_fax, p.values AS profile_values, s.values AS subprofile_values,
             ${channelUnsubscribedAt('p', Prisma.sql`m.channel = 'SMS'`)} AS unsubscribed_at, p."disabledAt" AS disabled_at
      FROM "Destination" d
      JOIN "Mailing" m ON m.id = d."mailingId"
      JOIN "Profile" p ON p.id = d."profileId" AND p."accountId" = ${accountId}
      LEFT JOIN "Subprofile" s ON s.id = d."subprofileId"
      WHERE d."mailingId" = ${mailingId} AND d."accountId" = ${accountId} AND d.id BETWEEN ${BigInt(payload.firstDestinationId)} AND ${BigInt(payload.lastDestinationId)}
        AND d.status = 'PENDING'
      ORDER BY d.id`;
  }

  private async sendingState(mailingId: number, accountId: number): Promise<SendingState> {
    const mailing = await this.prisma.mailing.findFirst({
      where: { id: mailingId, accountId },
      select: { status: true, startedAt: true, settings: true },
    });
    if (mailing?.status !== 'SENDING') return 'ended';
    const { maxDurationMinutes } = mailingSettingsSchema.parse(mailing.settings);
    return timeLimitPassed({ startedAt: mailing.startedAt, maxDurationMinutes }, new Date()) ? 'time-limit' : 'sending';
  }
}
