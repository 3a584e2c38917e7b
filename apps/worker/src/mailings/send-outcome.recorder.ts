import { senderSideCode } from '@herald/contracts';
import { Injectable, Logger } from '@nestjs/common';
import type { Pool } from 'pg';
import {
  destinationRepository,
  mailingAggregateRepository,
  pgRunner,
  type PrismaClient,
  type SqlRunner,
} from '@herald/db';
import {
  addCounterChanges,
  asFoldState,
  foldDestination,
  type CounterChanges,
  type DestinationErrorKind,
  type DestinationEvent,
  type DestinationFoldState,
} from '@herald/statistics';
import { InjectPgPool, InjectPrisma } from '../common/config';
import { writeProfileEffects, type ProfileEffectOf } from '../common/profile-effects.writer';
import { DATABASE_OUTAGE_WAIT_MS, isDatabaseUnavailable, outageDelayMs, sleep } from '../common/database-outage';

export type SendOutcome =
  | {
      kind: 'sent';
      destinationId: bigint;
      profileId: number;
      response: string;
      messageId: string | null;
      /** Segments of an SMS; absent for other channels. */
      smsSegments?: number | null;
    }
  /**
   * `senderSide`: the reply was about us (authentication, reputation, rate), not the recipient; its code is
   * stored as `sender:<code>`, as the inbound server stores a bounce's. `reason`: an email's bounce reason.
   */
  | { kind: 'retry'; destinationId: bigint; code: string; text: string; senderSide: boolean; reason?: string }
  | {
      kind: 'failed';
      destinationId: bigint;
      profileId: number;
      errorKind: 'HARD' | 'SOFT' | 'COMPOSE';
      code: string;
      text: string;
      senderSide: boolean;
      reason?: string;
    }
  | { kind: 'suppressed'; destinationId: bigint; reason: string };

/** What one batch writes to one destination. */
interface DestinationWrite {
  state: DestinationFoldState;
  attempts: number;
  sent: boolean;
  messageId: string | null;
  smsSegments: number | null;
  errorCode: string | null;
  errorText: string | null;
  errorReason: string | null;
  suppressionReason: string | null;
}

/** The fold's event for a send outcome. */
function destinationEventOf(outcome: SendOutcome): DestinationEvent {
  switch (outcome.kind) {
    case 'sent':
      return { type: 'SENT', at: new Date() };
    case 'retry':
      return { type: 'SEND_FAILED', errorKind: 'SOFT', final: false, senderSide: outcome.senderSide };
    case 'failed':
      return { type: 'SEND_FAILED', errorKind: outcome.errorKind, final: true, senderSide: outcome.senderSide };
    case 'suppressed':
      return { type: 'SUPPRESSED' };
  }
}

/**
 * Records send outcomes in small batches: a message handed to SMTP is marked within a few tens of
 * milliseconds, so a crash repeats at most the messages in flight, while PostgreSQL sees one
 * statement per batch instead of several per message. One recorder per mailing and process,
 * shared by its concurrent send jobs, so batches stay large when sending is fast.
 */
export class SendOutcomeRecorder {
  private buffer: SendOutcome[] = [];
  private flushing: Promise<void> = Promise.resolve();
  /** The write queued behind the one in progress, which takes the whole buffer when it starts. */
  private queued: Promise<void> | null = null;
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

  /**
   * Writes what is buffered; resolves when everything added so far is stored. At most one write waits
   * behind the one in progress, and it takes everything buffered when it starts: while PostgreSQL is
   * slower than the sending, batches grow instead of queuing up (a job's last flush waited behind a
   * backlog of 200-outcome writes, 0.2-3 s under load, before the next job could start).
   */
  flush(): Promise<void> {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    if (this.queued) return this.queued;
    // Each write starts after the one before, whether that one failed or not: one failed write (the
    // database restarting) must not fail every later flush of this mailing in this process, which
    // failed every later batch until its attempts ran out and left its destinations pending forever.
    const written = this.flushing
      .catch(() => undefined)
      .then(async () => {
        this.queued = null; // what is added from now on goes to the next write
        const batch = this.buffer;
        this.buffer = [];
        if (batch.length === 0) return;
        try {
          await this.write(batch);
        } catch (error) {
          this.buffer.unshift(...batch); // not lost: written by the next flush
          if (isDatabaseUnavailable(error)) void this.recover().catch(() => undefined);
          throw error;
        }
        for (const outcome of batch) this.unrecorded.delete(outcome.destinationId);
      });
    this.queued = written;
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
          this.logger.log(
            `Send outcomes of mailing ${this.mailingId} stored again after ${Date.now() - started} ms without the database`,
          );
          return;
        }
      } catch (error) {
        const waited = Date.now() - started;
        if (!isDatabaseUnavailable(error) || waited >= this.outageWaitMs) throw error;
        if (attempt === 1 || Date.now() - loggedAt >= 30_000) {
          loggedAt = Date.now();
          this.logger.warn(
            `Database unavailable: ${this.unrecorded.size} send outcomes of mailing ${this.mailingId} wait to be stored (up to ${Math.round((this.outageWaitMs - waited) / 1000)} s more); sending pauses`,
          );
        }
      }
    }
  }

  /** One transaction per batch: the destinations, their mailing's counters and their profiles move together. */
  private async write(batch: SendOutcome[]): Promise<void> {
    const client = await this.pool.connect();
    let broken: Error | undefined;
    try {
      await client.query('BEGIN');
      await this.writeIn(pgRunner(client), batch);
      await client.query('COMMIT');
    } catch (error) {
      await client.query('ROLLBACK').catch((rollback: unknown) => {
        broken = rollback instanceof Error ? rollback : new Error(String(rollback)); // a dead connection is not reused
      });
      throw error;
    } finally {
      client.release(broken);
    }
  }

  /**
   * Folds each outcome into its destination as the row stands (locked), so a repeated batch changes
   * nothing, and writes the result in bulk: a handful of statements per batch, whatever its size.
   */
  private async writeIn(sql: SqlRunner, batch: SendOutcome[]): Promise<void> {
    // The ids are this job's own, read for this mailing and account; the rows are checked against both.
    const mailing = { mailingId: this.mailingId, accountId: this.accountId };
    const rows = (
      await destinationRepository.lockForFold(
        sql,
        batch.map((o) => o.destinationId),
      )
    )
      .filter((row) => row.mailingId === mailing.mailingId && row.accountId === mailing.accountId)
      .map((row) => ({ ...asFoldState(row), id: row.id, profileId: row.profileId }));
    const profiles = new Map(rows.map((row) => [row.id, row.profileId]));
    const writes = new Map<string, DestinationWrite>(
      rows.map(({ id, profileId: _profileId, ...state }) => [
        id,
        {
          state,
          attempts: 0,
          sent: false,
          messageId: null,
          smsSegments: null,
          errorCode: null,
          errorText: null,
          errorReason: null,
          suppressionReason: null,
        },
      ]),
    );
    let changes: CounterChanges = {};
    const effects: ProfileEffectOf[] = [];
    const errors: Array<{ id: string; kind: DestinationErrorKind; code: string; text: string; reason: string | null }> =
      [];
    for (const outcome of batch) {
      const id = outcome.destinationId.toString();
      const write = writes.get(id);
      if (!write) continue;
      const folded = foldDestination(write.state, destinationEventOf(outcome));
      if (folded.state === write.state) continue; // no longer pending: stored by an earlier batch
      write.state = folded.state;
      changes = addCounterChanges(changes, folded.changes);
      switch (outcome.kind) {
        case 'sent':
          write.attempts++;
          write.sent = true;
          write.messageId = outcome.messageId;
          write.smsSegments = outcome.smsSegments ?? null;
          break;
        case 'retry':
        case 'failed': {
          const code = outcome.senderSide ? senderSideCode(outcome.code) : outcome.code;
          write.attempts++;
          write.errorCode = code;
          write.errorText = outcome.text;
          write.errorReason = outcome.reason ?? null;
          // Every attempt's error is an event: the errors tab shows them even when a retry was delivered.
          errors.push({
            id,
            kind: outcome.kind === 'failed' ? outcome.errorKind : 'SOFT',
            code,
            text: outcome.text.slice(0, 1000),
            reason: outcome.reason ?? null,
          });
          break;
        }
        case 'suppressed':
          write.suppressionReason = outcome.reason;
          break;
      }
      if (folded.profile) {
        const reason =
          outcome.kind === 'failed' ? `${outcome.errorKind.toLowerCase()} error: ${outcome.code} ${outcome.text}` : '';
        effects.push({ profileId: profiles.get(id)!, effect: folded.profile, reason });
      }
    }
    const changed = [...writes].filter(([, w]) => w.attempts > 0 || w.suppressionReason !== null);
    if (changed.length === 0) return;
    const column = <T>(pick: (w: DestinationWrite) => T) => changed.map(([, w]) => pick(w));
    await sql.query(
      `UPDATE "Destination" d SET status = u.status::"DestinationStatus", "dominantResult" = u.dominant::"DominantResult", attempts = d.attempts + u.attempts,
         "sentAt" = CASE WHEN u.sent THEN now() ELSE d."sentAt" END, "providerMessageId" = COALESCE(u.message_id, d."providerMessageId"),
         "smsSegments" = COALESCE(u.sms_segments, d."smsSegments"),
         "lastErrorKind" = u.error_kind::"ErrorKind", "lastErrorCode" = COALESCE(u.error_code, d."lastErrorCode"),
         "lastErrorText" = COALESCE(u.error_text, d."lastErrorText"), "suppressionReason" = COALESCE(u.reason, d."suppressionReason"),
         "lastErrorReason" = CASE WHEN u.error_code IS NULL THEN d."lastErrorReason" ELSE u.error_reason END, "updatedAt" = now()
       FROM unnest($1::bigint[], $2::text[], $3::text[], $4::int[], $5::boolean[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[], $11::int[], $12::text[])
         AS u(id, status, dominant, attempts, sent, message_id, error_kind, error_code, error_text, reason, sms_segments, error_reason)
       WHERE d.id = u.id`,
      [
        changed.map(([id]) => id),
        column((w) => w.state.status),
        column((w) => w.state.dominantResult),
        column((w) => w.attempts),
        column((w) => w.sent),
        column((w) => w.messageId),
        column((w) => w.state.lastErrorKind),
        column((w) => w.errorCode),
        column((w) => w.errorText),
        column((w) => w.suppressionReason),
        column((w) => w.smsSegments),
        column((w) => w.errorReason),
      ],
    );
    await mailingAggregateRepository.apply(sql, mailing, changes);
    await writeProfileEffects(sql, mailing.accountId, effects);
    if (errors.length) {
      await sql.query(
        `INSERT INTO "Event" ("accountId", "mailingId", "destinationId", type, "errorKind", "errorCode", "errorText", "errorReason")
         SELECT $1, $2, e.id, 'ERROR', e.kind::"ErrorKind", e.code, e.text, e.reason
         FROM unnest($3::bigint[], $4::text[], $5::text[], $6::text[], $7::text[]) AS e(id, kind, code, text, reason)`,
        [
          mailing.accountId,
          mailing.mailingId,
          errors.map((e) => e.id),
          errors.map((e) => e.kind),
          errors.map((e) => e.code),
          errors.map((e) => e.text),
          errors.map((e) => e.reason),
        ],
      );
    }
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
