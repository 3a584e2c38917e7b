import { Injectable, Logger } from '@nestjs/common';
import type { Pool } from 'pg';
import type { PrismaClient } from '@herald/db';
import { InjectPgPool, InjectPrisma } from '../common/config';
import { DATABASE_OUTAGE_WAIT_MS, isDatabaseUnavailable, outageDelayMs, sleep } from './database-outage';

export type SendOutcome =
  | { kind: 'sent'; destinationId: bigint; profileId: number; response: string; messageId: string }
  | { kind: 'retry'; destinationId: bigint; code: string; text: string; firstError: boolean }
  | { kind: 'failed'; destinationId: bigint; profileId: number; errorKind: 'HARD' | 'SOFT' | 'COMPOSE'; code: string; text: string; disable: boolean; firstError: boolean }
  | { kind: 'suppressed'; destinationId: bigint; reason: string };

// One statement for a batch of delivered messages (the common case): the destinations, the end of
// their profiles' soft-error runs and the mailing's counters move together, counted from the rows
// that really left PENDING, so a repeated batch changes nothing.
const RECORD_SENT = `
  WITH sent AS (
    UPDATE "Destination" d SET status = 'SENT', "sentAt" = now(), "updatedAt" = now(), attempts = d.attempts + 1, "providerMessageId" = s.message_id
    FROM unnest($1::bigint[], $2::text[]) AS s(id, message_id)
    WHERE d.id = s.id AND d.status = 'PENDING'
    RETURNING d."profileId"
  ), streak AS (
    UPDATE "Profile" p SET "softErrorStreak" = 0 FROM sent WHERE p.id = sent."profileId" AND p."softErrorStreak" > 0 RETURNING 1
  ), counted AS (
    UPDATE "MailingAggregate" SET sent = sent + (SELECT count(*) FROM sent), delivered = delivered + (SELECT count(*) FROM sent), "updatedAt" = now()
    WHERE "mailingId" = $3 RETURNING 1
  )
  SELECT (SELECT count(*) FROM sent) AS sent, (SELECT count(*) FROM streak) AS streaks, (SELECT count(*) FROM counted) AS counted`;

/**
 * Records send outcomes in small batches: a message handed to SMTP is marked within a few tens of
 * milliseconds, so a crash repeats at most the messages in flight, while PostgreSQL sees one
 * statement per batch instead of several per message. One recorder per mailing and process,
 * shared by its concurrent send jobs, so batches stay large when sending is fast.
 */
export class SendOutcomeRecorder {
  private buffer: SendOutcome[] = [];
  private flushing: Promise<void> = Promise.resolve();
  private timer: NodeJS.Timeout | null = null;
  /** Destinations whose outcome this process knows but has not stored yet: they are not pending. */
  private readonly unrecorded = new Set<bigint>();
  /** While the database is unreachable: retries the buffered writes until they are stored. */
  private recovery: Promise<void> | null = null;
  private readonly logger = new Logger(SendOutcomeRecorder.name);

  constructor(
    private readonly prisma: PrismaClient,
    private readonly pool: Pool,
    private readonly mailingId: number,
    private readonly accountId: number,
    private readonly maxBuffered = 200,
    private readonly maxDelayMs = 25,
    private readonly outageWaitMs = DATABASE_OUTAGE_WAIT_MS,
  ) {}

  add(outcome: SendOutcome): void {
    this.buffer.push(outcome);
    this.unrecorded.add(outcome.destinationId);
    // A failed background write keeps its outcomes buffered; the job's own flush() reports it.
    if (this.buffer.length >= this.maxBuffered) void this.flush().catch(() => undefined);
    else if (!this.timer) this.timer = setTimeout(() => void this.flush().catch(() => undefined), this.maxDelayMs);
  }

  /** Writes what is buffered; resolves when everything added so far is stored. */
  flush(): Promise<void> {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    const batch = this.buffer;
    this.buffer = [];
    // Each write starts after the one before, whether that one failed or not: one failed write (the
    // database restarting) must not fail every later flush of this mailing in this process, which
    // failed every later batch until its attempts ran out and left its destinations pending forever.
    const written = this.flushing
      .catch(() => undefined)
      .then(() => (batch.length ? this.write(batch) : undefined))
      .then(() => {
        for (const outcome of batch) this.unrecorded.delete(outcome.destinationId);
      })
      .catch((error: unknown) => {
        this.buffer.unshift(...batch); // not lost: written by the next flush
        if (isDatabaseUnavailable(error)) void this.recover().catch(() => undefined);
        throw error;
      });
    this.flushing = written;
    return written;
  }

  /** Whether this destination's outcome is known here but not stored yet (so it must not be sent again). */
  holds(destinationId: bigint): boolean {
    return this.unrecorded.has(destinationId);
  }

  /**
   * Resolves at once while outcomes can be stored; during a database outage, once they can again.
   * Send lanes wait on it before handing a message over, so an outage leaves only the messages in
   * flight at its start unrecorded, not every message sent while it lasts.
   */
  writable(): Promise<void> {
    return this.recovery ?? Promise.resolve();
  }

  /**
   * Resolves once the outcomes of these destinations are stored, waiting out a database outage (up to
   * `outageWaitMs`). A job must not end before: a retried job would find them pending and send them again.
   */
  async settle(destinationIds: readonly bigint[]): Promise<void> {
    while (destinationIds.some((id) => this.unrecorded.has(id))) {
      if (this.recovery) {
        await this.recovery;
        continue;
      }
      try {
        await this.flush();
      } catch (error) {
        if (!isDatabaseUnavailable(error)) throw error; // otherwise the recovery it started is awaited
      }
    }
  }

  private recover(): Promise<void> {
    this.recovery ??= this.retryWrites().finally(() => {
      this.recovery = null;
    });
    return this.recovery;
  }

  private async retryWrites(): Promise<void> {
    const started = Date.now();
    let loggedAt = 0;
    for (let attempt = 1; ; attempt++) {
      await sleep(outageDelayMs(attempt));
      try {
        await this.flush();
        // A batch that failed before this flush is back in the buffer: done only when it is empty.
        if (this.buffer.length === 0) {
          this.logger.log(`Send outcomes of mailing ${this.mailingId} stored again after ${Date.now() - started} ms without the database`);
          return;
        }
      } catch (error) {
        const waited = Date.now() - started;
        if (!isDatabaseUnavailable(error) || waited >= this.outageWaitMs) throw error;
        if (attempt === 1 || Date.now() - loggedAt >= 30_000) {
          loggedAt = Date.now();
          this.logger.warn(`Database unavailable: ${this.unrecorded.size} send outcomes of mailing ${this.mailingId} wait to be stored (up to ${Math.round((this.outageWaitMs - waited) / 1000)} s more); sending pauses`);
        }
      }
    }
  }

  private async write(batch: SendOutcome[]): Promise<void> {
    const sent = batch.filter((o): o is Extract<SendOutcome, { kind: 'sent' }> => o.kind === 'sent');
    const failed = batch.filter((o): o is Extract<SendOutcome, { kind: 'failed' }> => o.kind === 'failed');
    const retry = batch.filter((o): o is Extract<SendOutcome, { kind: 'retry' }> => o.kind === 'retry');
    const suppressed = batch.filter((o): o is Extract<SendOutcome, { kind: 'suppressed' }> => o.kind === 'suppressed');
    const mailingId = this.mailingId;
    const accountId = this.accountId;
    if (sent.length) {
      await this.pool.query(RECORD_SENT, [sent.map((o) => o.destinationId.toString()), sent.map((o) => o.messageId), mailingId]);
    }
    if (failed.length + retry.length + suppressed.length === 0) return;

    await this.prisma.$transaction(async (tx) => {
      if (failed.length) {
        await tx.$executeRaw`
          UPDATE "Destination" d SET status = 'FAILED', "dominantResult" = 'ERROR', "updatedAt" = now(), attempts = d.attempts + 1,
            "lastErrorKind" = f.kind::"ErrorKind", "lastErrorCode" = f.code, "lastErrorText" = f.text
          FROM unnest(${failed.map((o) => o.destinationId)}::bigint[], ${failed.map((o) => o.errorKind)}::text[],
                      ${failed.map((o) => o.code)}::text[], ${failed.map((o) => o.text)}::text[]) AS f(id, kind, code, text)
          WHERE d.id = f.id AND d.status = 'PENDING'`;
        const soft = failed.filter((o) => o.errorKind === 'SOFT');
        if (soft.length) {
          // Repeated soft errors disable too: after the account's limit of them in a row.
          await tx.$executeRaw`
            UPDATE "Profile" p SET "softErrorStreak" = p."softErrorStreak" + 1, "updatedAt" = now(),
              "disabledAt" = CASE WHEN p."disabledAt" IS NULL AND p."softErrorStreak" + 1 >= a."softErrorLimit" THEN now() ELSE p."disabledAt" END,
              "disabledReason" = CASE WHEN p."disabledAt" IS NULL AND p."softErrorStreak" + 1 >= a."softErrorLimit"
                THEN (p."softErrorStreak" + 1) || ' soft errors in a row' ELSE p."disabledReason" END
            FROM "Account" a
            WHERE p.id = ANY(${soft.map((o) => o.profileId)}::int[]) AND a.id = p."accountId"`;
        }
        const disable = failed.filter((o) => o.disable);
        if (disable.length) {
          await tx.$executeRaw`
            UPDATE "Profile" p SET "disabledAt" = now(), "disabledReason" = f.reason, "updatedAt" = now()
            FROM unnest(${disable.map((o) => o.profileId)}::int[], ${disable.map((o) => `${o.errorKind.toLowerCase()} error: ${o.code} ${o.text}`.slice(0, 500))}::text[]) AS f(id, reason)
            WHERE p.id = f.id AND p."disabledAt" IS NULL`;
        }
      }
      if (retry.length) {
        await tx.$executeRaw`
          UPDATE "Destination" d SET attempts = d.attempts + 1, "updatedAt" = now(), "lastErrorKind" = 'SOFT', "lastErrorCode" = r.code, "lastErrorText" = r.text
          FROM unnest(${retry.map((o) => o.destinationId)}::bigint[], ${retry.map((o) => o.code)}::text[], ${retry.map((o) => o.text)}::text[]) AS r(id, code, text)
          WHERE d.id = r.id AND d.status = 'PENDING'`;
      }
      if (suppressed.length) {
        await tx.$executeRaw`
          UPDATE "Destination" d SET status = 'SUPPRESSED', "suppressionReason" = s.reason, "updatedAt" = now()
          FROM unnest(${suppressed.map((o) => o.destinationId)}::bigint[], ${suppressed.map((o) => o.reason)}::text[]) AS s(id, reason)
          WHERE d.id = s.id AND d.status = 'PENDING'`;
      }
      // The mailing's compact figures move with its destinations (reports never count rows).
      const errorEvents = failed.length + retry.length;
      if (failed.length || suppressed.length || errorEvents) {
        await tx.mailingAggregate.update({
          where: { mailingId },
          data: {
            failed: { increment: failed.length },
            suppressed: { increment: suppressed.length },
            destinations: { decrement: suppressed.length },
            dominantNoFeedback: { decrement: failed.length + suppressed.length },
            dominantError: { increment: failed.length },
            errorsTotal: { increment: errorEvents },
            errorsUnique: { increment: [...failed, ...retry].filter((o) => o.firstError).length },
            errorsSoft: { increment: failed.filter((o) => o.errorKind === 'SOFT').length + retry.length },
            errorsHard: { increment: failed.filter((o) => o.errorKind === 'HARD').length },
            updatedAt: new Date(),
          },
        });
      }
      // Every attempt's error is an event: the errors tab shows them even when a retry was delivered.
      const errors = [
        ...failed.map((o) => ({ id: o.destinationId, kind: o.errorKind, code: o.code, text: o.text })),
        ...retry.map((o) => ({ id: o.destinationId, kind: 'SOFT' as const, code: o.code, text: o.text })),
      ];
      if (errors.length) {
        await tx.event.createMany({
          data: errors.map((e) => ({
            accountId,
            mailingId,
            destinationId: e.id,
            type: 'ERROR' as const,
            errorKind: e.kind,
            errorCode: e.code,
            errorText: e.text.slice(0, 1000),
          })),
        });
      }
    });
  }
}

/** The recorders of this process, one per mailing. */
@Injectable()
export class SendOutcomeRecorders {
  private readonly byMailing = new Map<number, SendOutcomeRecorder>();

  constructor(
    @InjectPrisma() private readonly prisma: PrismaClient,
    @InjectPgPool() private readonly pool: Pool,
  ) {}

  for(mailingId: number, accountId: number): SendOutcomeRecorder {
    let recorder = this.byMailing.get(mailingId);
    if (!recorder) {
      recorder = new SendOutcomeRecorder(this.prisma, this.pool, mailingId, accountId);
      this.byMailing.set(mailingId, recorder);
    }
    return recorder;
  }

  /** A finished mailing needs its recorder no more. */
  release(mailingId: number): void {
    this.byMailing.delete(mailingId);
  }
}
