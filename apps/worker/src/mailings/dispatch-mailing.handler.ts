import { Injectable, Logger } from '@nestjs/common';
import { InjectQueue } from '@nestjs/bullmq';
import type { Queue } from 'bullmq';
import { channelAddressRule } from '@herald/channels';
import {
  mailingAggregateRepository,
  mailingStatusRepository,
  Prisma,
  prismaRunner,
  recipientExclusion,
  recipientRows,
  splitRunRecipientFilter,
  type MailingRef,
  type PrismaClient,
} from '@herald/db';
import { countersOfNewDestinations } from '@herald/statistics';
import { mailingSettingsSchema } from '@herald/contracts';
import type { HeraldConfig } from '@herald/config';
import { JobName, QueueName, jobId, type JobPayloads } from '@herald/queue';
import { InjectConfig, InjectPrisma } from '../common/config';
import { finishSplitRunIfDone } from '../split-runs/finish-split-run';
import { cancelUnsent } from './cancel-unsent';
import { MailingContextService } from './mailing-context.service';
import { SelectionFilterService } from './selection-filter.service';

const PAGE = 20_000;
// Destinations written by one dispatch past which the planner's figures for the table are refreshed.
const ANALYZE_AFTER = 20_000;

export type DispatchStatus = 'dispatched' | 'not-queued' | 'missing';

/**
 * Writes one destination per recipient (idempotent: the unique key is the mailing and the
 * recipient), marks who must not be mailed and why, then queues send jobs over fixed ranges of
 * destination ids so that a repeated dispatch queues the very same jobs (BullMQ drops duplicates).
 */
@Injectable()
export class DispatchMailingHandler {
  private readonly logger = new Logger(DispatchMailingHandler.name);

  constructor(
    @InjectPrisma() private readonly prisma: PrismaClient,
    @InjectConfig() private readonly config: HeraldConfig,
    @InjectQueue(QueueName.Send) private readonly sendQueue: Queue,
    private readonly selections: SelectionFilterService,
    private readonly contexts: MailingContextService,
  ) {}

  async run(mailingId: number, accountId: number): Promise<DispatchStatus> {
    // The job's account scopes every read: a mailing id of another account is not there.
    const mailing = await this.prisma.mailing.findFirst({ where: { id: mailingId, accountId } });
    if (!mailing) return 'missing';
    if (mailing.status !== 'QUEUED' && mailing.status !== 'SENDING') return 'not-queued';
    const settings = mailingSettingsSchema.parse(mailing.settings);
    // The mailing's channel says which address each recipient is sent to and when it is usable.
    const address = channelAddressRule(mailing.channel);

    if (!mailing.dispatchedAt) {
      // The send jobs' prepared mailing (content compiled, sender looked up), made while the
      // destinations are written rather than after, by this process's first send job; a failure here
      // is that job's to report.
      if (mailing.documentVersionId) this.contexts.get(mailingId, accountId).catch(() => undefined);
      const selection = mailing.selectionId
        ? await this.selections.filterFor(mailing.selectionId, mailing.accountId)
        : null;
      // A split-run's test mailing reaches its group only, its remainder everyone in no group.
      const group = await splitRunRecipientFilter(this.prisma, mailing);
      const filter = selection && group ? Prisma.sql`(${selection}) AND ${group}` : (selection ?? group);
      const source = recipientRows({
        accountId,
        addressField: address.field,
        databaseId: mailing.databaseId,
        collectionId: mailing.collectionId,
        toSubprofiles: mailing.toSubprofiles,
        filter,
      });
      let cursor = 0;
      let written = 0;
      for (;;) {
        const [page] = await this.prisma.$queryRaw<{ last: number | null; n: bigint }[]>`
          WITH page AS (
            SELECT src.*, ${recipientExclusion(address, 'src')} AS excluded FROM (${source}) src
            WHERE src.recipient_id > ${cursor} ORDER BY src.recipient_id LIMIT ${PAGE}
          ), written AS (
            INSERT INTO "Destination" ("accountId", "mailingId", "recipientId", "profileId", "subprofileId", address, status, "suppressionReason", "updatedAt")
            SELECT ${accountId}, ${mailingId}, page.recipient_id, page.profile_id, page.subprofile_id, COALESCE(page.address, ''),
              CASE WHEN page.excluded IS NULL THEN 'PENDING'::"DestinationStatus" ELSE 'SUPPRESSED'::"DestinationStatus" END,
              CASE page.excluded WHEN 'unsubscribed' THEN 'unsubscribed'
                   WHEN 'disabled' THEN 'disabled: ' || COALESCE(page.disabled_reason, 'no reason given')
                   WHEN 'no-address' THEN ${`no ${address.noun}`}
                   WHEN 'invalid-address' THEN ${`invalid ${address.noun}`}
                   ELSE NULL END,
              now()
            FROM page
            ON CONFLICT ("mailingId", "recipientId") DO NOTHING
          )
          SELECT max(page.recipient_id) AS last, count(*) AS n FROM page`;
        if (!page || page.last === null) break;
        cursor = page.last;
        written += Number(page.n);
      }
      if (written >= ANALYZE_AFTER) await this.refreshStatistics();
      if (settings.skipDuplicates) await this.suppressDuplicateAddresses(mailingId, address.caseInsensitive);
      const [counts] = await this.prisma.$queryRaw<{ total: bigint; suppressed: bigint }[]>`
        SELECT count(*) AS total, count(*) FILTER (WHERE status = 'SUPPRESSED') AS suppressed FROM "Destination" WHERE "mailingId" = ${mailingId}`;
      const recipients = Number(counts!.total - counts!.suppressed);
      const started = await this.prisma.$transaction(async (tx) => {
        // Destinations in the reports are those we will try to send to; each starts with no feedback.
        await mailingAggregateRepository.initialise(
          prismaRunner(tx),
          { mailingId, accountId },
          countersOfNewDestinations(recipients, Number(counts!.suppressed)),
        );
        return mailingStatusRepository.move(prismaRunner(tx), { mailingId, accountId }, 'start-sending');
      });
      this.logger.log({ mailingId, recipients: written }, 'destinations written');
      // An admin stopped it while its destinations were written: nothing is queued, and they end cancelled.
      if (!started) {
        await cancelUnsent(this.prisma, { mailingId, accountId });
        return 'not-queued';
      }
    }

    await this.queueSendJobs(mailingId, accountId);
    return 'dispatched';
  }

  /**
   * A bulk write outruns autovacuum's ANALYZE (or there is none): planned on figures from before the
   * mailing, every later query by its destinations (sending, results, reports) may read them all.
   */
  private async refreshStatistics(): Promise<void> {
    try {
      await this.prisma.$executeRawUnsafe('ANALYZE "Destination"');
    } catch (error) {
      // Not fatal: queries are only slower (a role that does not own the table may not ANALYZE it).
      this.logger.warn({ err: error }, 'could not refresh the statistics of Destination');
    }
  }

  /** Semantics: a duplicate address goes to the recipient with the lowest id; the others are suppressed. */
  private async suppressDuplicateAddresses(mailingId: number, caseInsensitive: boolean): Promise<void> {
    const key = caseInsensitive ? Prisma.sql`lower(address)` : Prisma.sql`address`;
    await this.prisma.$executeRaw`
      UPDATE "Destination" d SET status = 'SUPPRESSED', "suppressionReason" = 'duplicate address (sent to recipient ' || dup.first || ')'
      FROM (
        SELECT id, first_value("recipientId") OVER w AS first, row_number() OVER w AS n
        FROM "Destination" WHERE "mailingId" = ${mailingId} AND status = 'PENDING'
        WINDOW w AS (PARTITION BY ${key} ORDER BY "recipientId")
      ) dup
      WHERE d.id = dup.id AND dup.n > 1`;
  }

  /** Ranges over all destinations (not only pending ones), so they are the same on every run. */
  private async queueSendJobs(mailingId: number, accountId: number): Promise<void> {
    const size = this.config.SEND_BATCH_SIZE;
    const ranges = await this.prisma.$queryRaw<{ first: bigint; last: bigint; pending: bigint }[]>`
      SELECT min(id) AS first, max(id) AS last, count(*) FILTER (WHERE status = 'PENDING') AS pending
      FROM (SELECT id, status, (row_number() OVER (ORDER BY id) - 1) / ${size} AS bucket FROM "Destination" WHERE "mailingId" = ${mailingId}) b
      GROUP BY bucket ORDER BY bucket`;
    const jobs = ranges
      .filter((r) => r.pending > 0n)
      .map((r) => {
        const data: JobPayloads[JobName.SendBatch] = {
          mailingId,
          accountId,
          firstDestinationId: r.first.toString(),
          lastDestinationId: r.last.toString(),
        };
        return { name: JobName.SendBatch, data, opts: { jobId: jobId('send', mailingId, r.first.toString()) } };
      });
    for (let i = 0; i < jobs.length; i += 1_000) await this.sendQueue.addBulk(jobs.slice(i, i + 1_000));
    if (jobs.length === 0) await finishMailingIfDone(this.prisma, { mailingId, accountId });
  }
}

/**
 * SENDING → SENT once every destination is written and none is pending; its split-run may finish with it,
 * in the same transaction: a worker that died between the two left a split-run DECIDED for good, since
 * the job's retry finds the mailing SENT and moves nothing.
 */
export async function finishMailingIfDone(prisma: PrismaClient, mailing: MailingRef): Promise<boolean> {
  return prisma.$transaction(async (tx) => {
    const finished = await mailingStatusRepository.move(prismaRunner(tx), mailing, 'finish');
    if (finished) await finishSplitRunIfDone(tx, mailing);
    return finished;
  });
}
