import { Injectable, Logger, type BeforeApplicationShutdown } from '@nestjs/common';
import { InjectQueue } from '@nestjs/bullmq';
import type { Queue } from 'bullmq';
import type { PrismaClient } from '@herald/db';
import type { HeraldConfig } from '@herald/config';
import { DomainError } from '@herald/domain';
import { classifySmtpReply, encodeDestinationAddresses, encodeHeraldMessageId } from '@herald/bounces';
import { renderEmailMessage, listUnsubscribeHeaders } from '@herald/templating';
import { JobName, QueueName, formatTrackedDestination, jobId, type JobPayloads } from '@herald/queue';
import { InjectConfig, InjectPrisma } from '../common/config';
import { whileDatabaseUnavailable } from './database-outage';
import { finishMailingIfDone } from './dispatch-mailing.handler';
import { MailingContextService, type MailingContext } from './mailing-context.service';
import { SendRateLimiter } from './send-rate-limiter';
import { SendOutcomeRecorders, type SendOutcomeRecorder } from './send-outcome.recorder';

interface DestinationRow {
  id: bigint;
  address: string;
  attempts: number;
  profile_id: number;
  profile_email: string | null;
  profile_values: Record<string, unknown>;
  subprofile_values: Record<string, unknown> | null;
  unsubscribed_at: Date | null;
  disabled_at: Date | null;
}

export type SendBatchStatus = 'sent' | 'not-sending';

/** Thrown when the SMTP server cannot be reached: the processor delays the job until it may be back. */
export class SmtpUnavailableError extends Error {}

/** Thrown when the worker stops (SIGTERM) with part of a batch not handed over: the job goes back to wait at once. */
export class ReleasedForShutdownError extends Error {}

const SMTP_UNAVAILABLE_MIN_DELAY_MS = 1_000;
const SMTP_UNAVAILABLE_MAX_DELAY_MS = 5 * 60_000;

/** How long a batch waits for an unreachable SMTP server before its `attempt`-th try: doubling, capped at 5 minutes. */
export function smtpUnavailableDelayMs(attempt: number, retryDelayMs: number): number {
  const base = Math.max(SMTP_UNAVAILABLE_MIN_DELAY_MS, retryDelayMs);
  return Math.min(SMTP_UNAVAILABLE_MAX_DELAY_MS, base * 2 ** Math.min(Math.max(attempt - 1, 0), 20));
}

const CANCEL_CHECK_EVERY = 100;

@Injectable()
export class SendEmailBatchHandler implements BeforeApplicationShutdown {
  private readonly logger = new Logger(SendEmailBatchHandler.name);
  /**
   * Set when the process is asked to stop: lanes hand nothing more over, the job stores what it sent and
   * goes back to the queue for another worker, instead of sending the rest of its batch through
   * connections that the shutdown is about to close (which failed them as "SMTP unavailable" and
   * delayed the batch by the SMTP back-off).
   */
  private stopping = false;

  beforeApplicationShutdown(): void {
    this.stopping = true;
  }

  constructor(
    @InjectPrisma() private readonly prisma: PrismaClient,
    @InjectConfig() private readonly config: HeraldConfig,
    @InjectQueue(QueueName.SendEmail) private readonly sendQueue: Queue,
    private readonly contexts: MailingContextService,
    private readonly rateLimiter: SendRateLimiter,
    private readonly recorders: SendOutcomeRecorders,
  ) {}

  async run(payload: JobPayloads[JobName.SendEmailBatch]): Promise<SendBatchStatus> {
    const { mailingId } = payload;
    // A database that is down or restarting is waited for here, not failed into the job's few attempts.
    if (!(await this.whileDatabaseDown(() => this.isSending(mailingId), 'reading the mailing'))) return 'not-sending';
    const context = await this.whileDatabaseDown(() => this.contexts.get(mailingId), 'preparing the mailing');
    const rows = await this.whileDatabaseDown(
      () => this.prisma.$queryRaw<DestinationRow[]>`
      SELECT d.id, d.address, d.attempts, p.id AS profile_id, p.email AS profile_email, p.values AS profile_values,
             s.values AS subprofile_values, p."unsubscribedAt" AS unsubscribed_at, p."disabledAt" AS disabled_at
      FROM "Destination" d
      JOIN "Profile" p ON p.id = d."profileId"
      LEFT JOIN "Subprofile" s ON s.id = d."subprofileId"
      WHERE d."mailingId" = ${mailingId} AND d.id BETWEEN ${BigInt(payload.firstDestinationId)} AND ${BigInt(payload.lastDestinationId)}
        AND d.status = 'PENDING'
      ORDER BY d.id`,
      'reading the destinations',
    );
    const recorder = this.recorders.for(mailingId, context.accountId);
    const rowIds = rows.map((row) => row.id);
    // Still pending in the database but handed over by this process, their outcomes not stored yet
    // (the database was down when an earlier attempt of this job ended): never hand them over again.
    const toSend = rows.filter((row) => !recorder.holds(row.id));

    let next = 0;
    let stopped = false;
    let released = false;
    let unavailable: string | null = null;
    const errors: unknown[] = [];
    const lanes = Math.max(1, context.transport.settings.maxConnections * 2);
    const lane = async (): Promise<void> => {
      try {
        while (!stopped && next < toSend.length) {
          if (this.stopping) {
            released = true;
            return;
          }
          const index = next++;
          if (
            index > 0 &&
            index % CANCEL_CHECK_EVERY === 0 &&
            !(await this.whileDatabaseDown(() => this.isSending(mailingId), 'checking for a stop'))
          ) {
            stopped = true; // an admin stopped it: what was not handed over is not sent
            return;
          }
          await this.rateLimiter.acquire(mailingId, context.settings.maxPerMinute);
          // Nothing more is handed over while outcomes cannot be stored, so an outage leaves only
          // what was in flight at its start unrecorded.
          await recorder.writable();
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
    await Promise.all(Array.from({ length: Math.min(lanes, toSend.length) }, lane));
    // The job neither completes nor fails before the outcomes of what it handed over are stored: a
    // retry would find them pending and send them again.
    await recorder.settle(rowIds);
    if (errors.length > 0) throw errors[0];
    if (unavailable) throw new SmtpUnavailableError(`SMTP server unavailable: ${unavailable}`);
    if (released)
      throw new ReleasedForShutdownError('the worker is stopping: the rest of the batch goes back to the queue');
    if (await this.whileDatabaseDown(() => finishMailingIfDone(this.prisma, mailingId), 'finishing the mailing'))
      this.recorders.release(mailingId);
    return 'sent';
  }

  private whileDatabaseDown<T>(operation: () => Promise<T>, what: string): Promise<T> {
    return whileDatabaseUnavailable(operation, what, this.logger);
  }

  /** Sends one message and records its outcome; returns a reason when the server is unreachable. */
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
    const destinationId = row.id.toString();
    let message;
    try {
      message = renderEmailMessage(context.document, {
        profile: { ...row.profile_values, id: row.profile_id, email: row.profile_email },
        subprofile: row.subprofile_values,
        // Tracking tokens name the mailing too, so a click resolves its link without a database lookup.
        destinationId: formatTrackedDestination(context.mailingId, destinationId),
        tracking: { baseUrl: this.config.PUBLIC_URL, secret: this.config.TRACKING_SECRET },
      });
      const domain = message.fromAddress.split('@')[1]?.toLowerCase() ?? '';
      if (context.senderDomains.length > 0 && !context.senderDomains.includes(domain)) {
        throw DomainError.validation(
          `Sender address ${message.fromAddress} is not in a configured sender domain (${context.senderDomains.join(', ')})`,
        );
      }
    } catch (error) {
      const text =
        error instanceof DomainError ? error.message : `Could not compose the message: ${(error as Error).message}`;
      recorder.add({
        kind: 'failed',
        destinationId: row.id,
        profileId: row.profile_id,
        errorKind: 'COMPOSE',
        code: 'compose',
        text,
        senderSide: false,
      });
      return null;
    }

    // One HMAC per message signs both addresses: the envelope sender and the unsubscribe mailto.
    const { returnPath, unsubscribeAddress } = encodeDestinationAddresses(row.id, {
      secret: this.config.TRACKING_SECRET,
      domain: this.config.BOUNCE_DOMAIN,
    });
    const messageId = encodeHeraldMessageId(
      { mailingId: context.mailingId, destinationId: row.id },
      this.config.BOUNCE_DOMAIN,
    );
    const outcome = await context.transport.send({
      envelopeFrom: returnPath,
      to: row.address,
      from: { name: message.fromName, address: message.fromAddress },
      replyTo: message.replyTo,
      subject: message.subject,
      html: message.html,
      text: message.text,
      messageId,
      headers: {
        ...listUnsubscribeHeaders({
          baseUrl: this.config.PUBLIC_URL,
          token: message.unsubscribeToken,
          mailto: unsubscribeAddress,
        }),
        'X-Herald-Mailing': String(context.mailingId),
      },
    });
    if (outcome.ok) {
      recorder.add({
        kind: 'sent',
        destinationId: row.id,
        profileId: row.profile_id,
        response: outcome.response,
        messageId,
      });
      return null;
    }
    if (outcome.code === null) return outcome.response;

    const classified = classifySmtpReply({ code: outcome.code, text: outcome.response });
    if (classified.kind === 'HARD') {
      recorder.add({
        kind: 'failed',
        destinationId: row.id,
        profileId: row.profile_id,
        errorKind: 'HARD',
        code: classified.code,
        text: outcome.response,
        senderSide: false,
      });
      return null;
    }
    // Temporary (4xx) or about the sender: retry later; a soft error once the attempts run out.
    const attempt = row.attempts + 1;
    if (attempt >= this.config.SEND_MAX_ATTEMPTS) {
      recorder.add({
        kind: 'failed',
        destinationId: row.id,
        profileId: row.profile_id,
        errorKind: 'SOFT',
        code: classified.code,
        text: outcome.response,
        senderSide: classified.kind === 'SENDER',
      });
      return null;
    }
    recorder.add({
      kind: 'retry',
      destinationId: row.id,
      code: classified.code,
      text: outcome.response,
      senderSide: classified.kind === 'SENDER',
    });
    // The attempt must be stored before the retry can run, or the retry would count it again.
    await recorder.settle([row.id]);
    const retry: JobPayloads[JobName.SendEmailBatch] = {
      mailingId: context.mailingId,
      accountId: context.accountId,
      firstDestinationId: destinationId,
      lastDestinationId: destinationId,
    };
    await this.sendQueue.add(JobName.SendEmailBatch, retry, {
      jobId: jobId('retry', destinationId, attempt),
      delay: this.config.SEND_RETRY_DELAY_MS * 2 ** (attempt - 1),
    });
    return null;
  }

  private async isSending(mailingId: number): Promise<boolean> {
    const mailing = await this.prisma.mailing.findUnique({ where: { id: mailingId }, select: { status: true } });
    return mailing?.status === 'SENDING';
  }
}
