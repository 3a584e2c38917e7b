import { Injectable, Logger } from '@nestjs/common';
import { InjectQueue } from '@nestjs/bullmq';
import type { Queue } from 'bullmq';
import { channelAddressRule, type ChannelKind } from '@herald/channels';
import { mailingSettingsSchema, type MailingSettings } from '@herald/contracts';
import {
  mailingAudienceRepository,
  mailingQueueRepository,
  mailingStatusRepository,
  Prisma,
  prismaRunner,
  type PrismaClient,
} from '@herald/db';
import {
  approvalRequired,
  approvalStateOf,
  Clock,
  DomainError,
  nextRun,
  storedScheduleRule,
  type MailingStatus,
} from '@herald/domain';
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

/** Schedules claimed in one transaction: a second's runs are written in a few statements per batch. */
const BATCH = 500;
/** How long a run fired by a batch waits in memory for its own job in this process. */
const FIRED_KEPT_MS = 10 * 60_000;

/** A schedule awaiting the occurrence, locked, with its scheduled mailing (null when that is gone). */
interface DueSchedule {
  scheduleId: number;
  accountId: number;
  recurrence: unknown;
  timezone: string;
  startAt: Date;
  endDate: string | null;
  maxRuns: number;
  skippedOccurrences: Date[];
  createdBy: number | null;
  mailingId: number | null;
  name: string;
  status: MailingStatus | null;
  channel: ChannelKind;
  documentId: number;
  targetType: string;
  databaseId: number;
  collectionId: number | null;
  selectionId: number | null;
  toSubprofiles: boolean;
  settings: unknown;
}

/** What one occurrence of one schedule comes to, decided before anything is written. */
interface Decision {
  row: DueSchedule;
  reason: string | null;
  /** The run's mailing's name, "Weekly (8 December 2026 09:00)"; null when it is skipped. */
  runName: string | null;
  settings: MailingSettings | null;
  versionId: number | null;
  next: Date | null;
  ended: boolean;
}

interface Fired {
  scheduleId: number;
  accountId: number;
  status: 'queued' | 'skipped';
  mailingId: number | null;
  next: Date | null;
  active: boolean;
}

type Version = Prisma.DocumentVersionGetPayload<{
  select: { id: true; fromName: true; fromAddress: true; replyTo: true; subject: true; html: true; text: true };
}>;

/**
 * Fires the occurrences of schedules (docs/rules/scheduling.md). A job names one schedule and one
 * occurrence, but the first job of a second fires every schedule due in that second, in batches: one
 * statement locks a batch (skipping schedules another worker or an edit holds), one writes their run
 * keys (the unique (schedule, occurrence) of ScheduleRun: however many workers, retries or crashes,
 * an occurrence runs once), a few create and queue the runs' mailings for all of them, and the
 * pre-send reads (audience, checks, newest version) are made once per distinct target and document,
 * not per run. Nothing is sent before the batch commits. The other jobs of the second then find their
 * run made; a job whose schedule another process holds waits for it and follows up what it did.
 */
@Injectable()
export class FireScheduleHandler {
  private readonly logger = new Logger(FireScheduleHandler.name);
  /** Runs fired here by a batch, by `scheduleId@occurrence`, until their own job comes. */
  private readonly firedHere = new Map<string, { status: 'queued' | 'skipped'; at: number }>();
  /** The batches of a second being fired in this process, by occurrence time. */
  private readonly firing = new Map<number, Promise<void>>();

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
    const key = `${job.scheduleId}@${occurrenceAt.getTime()}`;
    if (!this.firedHere.has(key)) await this.fireSecond(occurrenceAt);
    const fired = this.firedHere.get(key);
    if (fired) {
      this.firedHere.delete(key);
      return fired.status;
    }
    // Not fired here: another worker or an edit held the schedule, or it no longer waits for this
    // occurrence. Wait for the lock and fire it, or learn what became of it.
    const own = await this.fireBatch(occurrenceAt, { scheduleId: job.scheduleId, accountId: job.accountId });
    if (own[0]) return own[0].status;
    return this.afterRun(job);
  }

  /** Fires every schedule due at the occurrence that nobody else holds, batch after batch. */
  private fireSecond(occurrenceAt: Date): Promise<void> {
    const at = occurrenceAt.getTime();
    let firing = this.firing.get(at);
    if (!firing) {
      firing = (async () => {
        try {
          for (;;) {
            const fired = await this.fireBatch(occurrenceAt);
            const now = Date.now();
            for (const f of fired) this.firedHere.set(`${f.scheduleId}@${at}`, { status: f.status, at: now });
            // Fewer than a batch: none left, or some had run already (their own jobs learn so).
            if (fired.length < BATCH) return;
          }
        } finally {
          this.firing.delete(at);
          for (const [k, v] of this.firedHere) if (Date.now() - v.at > FIRED_KEPT_MS) this.firedHere.delete(k);
        }
      })();
      this.firing.set(at, firing);
    }
    return firing;
  }

  /**
   * Locks a batch of schedules awaiting the occurrence (all of a second, skipping those held
   * elsewhere; or one, waiting for it), writes their runs in one transaction and, after the commit,
   * queues the runs' dispatch and the schedules' next jobs. Returns what it fired: the follow-up jobs
   * are queued when it returns, which is when a job may count its run done.
   */
  private async fireBatch(occurrenceAt: Date, one?: { scheduleId: number; accountId: number }): Promise<Fired[]> {
    const fired = await this.prisma.$transaction(
      async (tx) => {
        const due = await this.lockDue(tx, occurrenceAt, one);
        return due.length === 0 ? [] : this.write(tx, occurrenceAt, await this.decide(due, occurrenceAt));
      },
      { timeout: 120_000, maxWait: 30_000 },
    );
    if (fired.length === 0) return fired;
    this.logger.log(
      {
        occurrenceAt,
        queued: fired.filter((f) => f.status === 'queued').length,
        skipped: fired.filter((f) => f.status === 'skipped').length,
      },
      'schedules fired',
    );
    await this.dispatchQueue.addBulk(
      fired
        .filter((f) => f.mailingId !== null)
        .map((f) => ({
          name: JobName.DispatchMailing,
          data: { mailingId: f.mailingId!, accountId: f.accountId } satisfies JobPayloads[JobName.DispatchMailing],
          opts: { jobId: jobId('dispatch', f.mailingId!) },
        })),
    );
    const now = this.clock.now();
    await this.schedulesQueue.addBulk(
      fired
        .filter((f) => f.active && f.next)
        .map((f) => fireScheduleJob({ scheduleId: f.scheduleId, accountId: f.accountId }, f.next!, now)),
    );
    return fired;
  }

  private lockDue(
    tx: Prisma.TransactionClient,
    occurrenceAt: Date,
    one?: { scheduleId: number; accountId: number },
  ): Promise<DueSchedule[]> {
    // READ COMMITTED re-checks the condition on a row an edit changed while this waited for it.
    const which = one
      ? Prisma.sql`AND s.id = ${one.scheduleId} AND s."accountId" = ${one.accountId} ORDER BY s.id FOR UPDATE OF s`
      : Prisma.sql`ORDER BY s.id LIMIT ${BATCH} FOR UPDATE OF s SKIP LOCKED`;
    return tx.$queryRaw<DueSchedule[]>`
      SELECT s.id AS "scheduleId", s."accountId", s.recurrence, s.timezone, s."startAt", s."endDate", s."maxRuns",
             COALESCE(s."skippedOccurrences", '{}') AS "skippedOccurrences", s."createdBy", m.id AS "mailingId", m.name, m.status::text AS status, m.channel::text AS channel,
             m."documentId", m."targetType"::text AS "targetType", m."databaseId", m."collectionId",
             m."selectionId", m."toSubprofiles", m.settings
      FROM "Schedule" s
      LEFT JOIN "Mailing" m ON m.id = s."mailingId" AND m."accountId" = s."accountId"
      WHERE s.active AND s."nextRunAt" = ${occurrenceAt} ${which}`;
  }

  /**
   * Whether each run is sent, and why not: the scheduled mailing was cancelled or stopped (the
   * schedule ends), approval is required and missing, nobody is left to send to, the pre-send checks
   * block it, or the document has no version. What cannot differ between runs is read once: the
   * accounts, the approvals, the newest version of each document, the audience of each distinct
   * target, the checks of each distinct document and audience.
   */
  private async decide(due: DueSchedule[], occurrenceAt: Date): Promise<Decision[]> {
    const now = this.clock.now();
    const live = due.filter((r) => r.mailingId !== null && r.status === 'SCHEDULED');
    const accountIds = [...new Set(live.map((r) => r.accountId))];
    const [accounts, versions] = await Promise.all([
      this.prisma.account.findMany({ where: { id: { in: accountIds } }, select: { id: true, approvalRequired: true } }),
      this.newestVersions(live),
    ]);
    const needsApproval = new Set(
      accounts.filter((a) => approvalRequired(a, { kind: 'mailing', scheduleId: null })).map((a) => a.id),
    );
    const approvals = await this.approvalStates(live.filter((r) => needsApproval.has(r.accountId)));
    const audiences = new Map<string, Promise<string | number>>();
    const checked = new Map<string, Promise<string | null>>();

    const decideOne = async (row: DueSchedule): Promise<Decision> => {
      if (row.mailingId === null || row.status !== 'SCHEDULED') {
        const reason = `the scheduled mailing is ${row.status ?? 'gone'}; the schedule ends`;
        return { row, reason, runName: null, settings: null, versionId: null, next: null, ended: true };
      }
      const rule = storedScheduleRule(row);
      const next = nextRun(rule, now, occurrenceAt);
      const skip = (reason: string): Decision => ({
        row,
        reason,
        runName: null,
        settings: null,
        versionId: null,
        next,
        ended: false,
      });
      const approval = approvals.get(row.mailingId);
      if (approval && approval !== 'approved')
        return skip(`needs the approval of an ADMIN other than its author (approval ${approval.replace('-', ' ')})`);
      const parsed = mailingSettingsSchema.safeParse(row.settings);
      if (!parsed.success)
        throw DomainError.invalidState(
          `its options do not read (${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')})`,
        );
      const settings = parsed.data;
      const target = JSON.stringify([
        row.accountId,
        row.channel,
        row.databaseId,
        row.collectionId,
        row.selectionId,
        row.toSubprofiles,
        settings.skipDuplicates,
      ]);
      if (!audiences.has(target)) audiences.set(target, this.audience(row, settings.skipDuplicates));
      const audience = await audiences.get(target)!;
      if (typeof audience === 'string') return skip(audience);
      const checkKey = JSON.stringify([target, row.documentId, audience]);
      if (!checked.has(checkKey)) checked.set(checkKey, this.blockedBy(row, audience));
      const blocked = await checked.get(checkKey)!;
      if (blocked) return skip(blocked);
      const version = versions.get(row.documentId);
      if (!version) return skip('the document has no version to send');
      const runName = `${row.name} (${rule.localTime(occurrenceAt)})`;
      return { row, reason: null, runName, settings, versionId: version.id, next, ended: false };
    };
    // A schedule whose stored timing or options no longer read (a bad row) ends with a skipped run,
    // saying why, instead of failing the batch it shares with the other schedules of its second.
    return Promise.all(
      due.map((row) =>
        decideOne(row).catch((error: unknown): Decision => {
          if (!(error instanceof DomainError)) throw error;
          const reason = `the schedule cannot be read: ${error.message}; the schedule ends`;
          return { row, reason, runName: null, settings: null, versionId: null, next: null, ended: true };
        }),
      ),
    );
  }

  /** The runs and their mailings, in the caller's transaction. */
  private async write(tx: Prisma.TransactionClient, occurrenceAt: Date, decisions: Decision[]): Promise<Fired[]> {
    // The run keys first: a run key that exists already (the occurrence ran) leaves its schedule alone.
    const claimed = await tx.$queryRaw<{ scheduleId: number }[]>`
      INSERT INTO "ScheduleRun" ("accountId", "scheduleId", "occurrenceAt", status, reason)
      SELECT a, s, ${occurrenceAt}, st::"ScheduleRunStatus", r
      FROM unnest(${decisions.map((d) => d.row.accountId)}::int[], ${decisions.map((d) => d.row.scheduleId)}::int[],
                  ${decisions.map((d) => (d.reason ? 'SKIPPED' : 'QUEUED'))}::text[],
                  ${decisions.map((d) => d.reason)}::text[]) AS v(a, s, st, r)
      ON CONFLICT ("scheduleId", "occurrenceAt") DO NOTHING
      RETURNING "scheduleId"`;
    const mine = new Set(claimed.map((c) => c.scheduleId));
    const runs = decisions.filter((d) => mine.has(d.row.scheduleId));
    const toSend = runs.filter((d) => d.reason === null);

    const made = toSend.length
      ? await tx.$queryRaw<{ id: number; scheduleId: number }[]>`
          INSERT INTO "Mailing" ("accountId", name, channel, "documentId", "targetType", "databaseId", "collectionId",
                                 "selectionId", "toSubprofiles", settings, "scheduleId", "createdBy", "updatedAt")
          SELECT m."accountId", v.name, m.channel, m."documentId", m."targetType", m."databaseId", m."collectionId",
                 m."selectionId", m."toSubprofiles", v.settings::jsonb, s.id, s."createdBy", now()
          FROM unnest(${toSend.map((d) => d.row.scheduleId)}::int[],
                      ${toSend.map((d) => d.runName)}::text[],
                      ${toSend.map((d) => JSON.stringify(d.settings))}::text[]) AS v(sid, name, settings)
          JOIN "Schedule" s ON s.id = v.sid
          JOIN "Mailing" m ON m.id = s."mailingId" AND m."accountId" = s."accountId"
          RETURNING id, "scheduleId"`
      : [];
    const mailingOf = new Map(made.map((m) => [m.scheduleId, m.id]));

    // Queued as a send queues a mailing (the newest version frozen, its links, its aggregate), once
    // for all the runs that share a version and a tracking setting.
    const groups = new Map<string, Decision[]>();
    for (const d of toSend) {
      const key = `${d.versionId}:${d.row.channel}:${d.settings!.trackingEnabled}`;
      groups.set(key, [...(groups.get(key) ?? []), d]);
    }
    const versionContent = await this.versionsById(
      tx,
      [...groups.values()].map((g) => g[0]!.versionId!),
    );
    for (const group of groups.values()) {
      const { row, versionId, settings } = group[0]!;
      const links = mailingLinksOf(row.channel, versionContent.get(versionId!)!, {
        trackingEnabled: settings!.trackingEnabled,
      });
      const refs = group.map((d) => ({ mailingId: mailingOf.get(d.row.scheduleId)!, accountId: d.row.accountId }));
      const queued = await mailingQueueRepository.queueMany(tx, refs, versionId!, links);
      if (queued.length !== refs.length) throw new Error(`of ${refs.length} new run mailings ${queued.length} queued`);
    }
    if (made.length)
      await tx.$executeRaw`
        UPDATE "ScheduleRun" r SET "mailingId" = v.mid
        FROM unnest(${made.map((m) => m.scheduleId)}::int[], ${made.map((m) => m.id)}::int[]) AS v(sid, mid)
        WHERE r."scheduleId" = v.sid AND r."occurrenceAt" = ${occurrenceAt}`;
    if (runs.length)
      await tx.$executeRaw`
        UPDATE "Schedule" s SET "runCount" = s."runCount" + 1, "lastRunAt" = ${occurrenceAt}, "nextRunAt" = v.next::timestamptz AT TIME ZONE 'UTC',
                                active = s.active AND NOT v.ended, "updatedAt" = now()
        FROM unnest(${runs.map((d) => d.row.scheduleId)}::int[], ${runs.map((d) => d.next?.toISOString() ?? null)}::text[],
                    ${runs.map((d) => d.ended)}::boolean[]) AS v(sid, next, ended)
        WHERE s.id = v.sid`;
    // A schedule with no run left is done, and so is its mailing (SENT): it stays SCHEDULED only while runs are to come.
    const done = runs.filter((d) => !d.ended && d.next === null);
    await mailingStatusRepository.moveMany(
      prismaRunner(tx),
      done.map((d) => ({ mailingId: d.row.mailingId!, accountId: d.row.accountId })),
      'complete',
    );
    return runs.map((d) => ({
      scheduleId: d.row.scheduleId,
      accountId: d.row.accountId,
      status: d.reason ? 'skipped' : 'queued',
      mailingId: mailingOf.get(d.row.scheduleId) ?? null,
      next: d.ended ? null : d.next,
      active: !d.ended,
    }));
  }

  /** The newest version of each document of the runs, by document. */
  private async newestVersions(rows: DueSchedule[]): Promise<Map<number, { id: number }>> {
    if (rows.length === 0) return new Map();
    const found = await this.prisma.$queryRaw<{ id: number; documentId: number }[]>`
      SELECT DISTINCT ON (v."documentId") v.id, v."documentId"
      FROM "DocumentVersion" v
      JOIN unnest(${rows.map((r) => r.documentId)}::int[], ${rows.map((r) => r.accountId)}::int[]) AS d(id, "accountId")
        ON v."documentId" = d.id AND v."accountId" = d."accountId"
      ORDER BY v."documentId", v.version DESC`;
    return new Map(found.map((v) => [v.documentId, { id: v.id }]));
  }

  private async versionsById(tx: Prisma.TransactionClient, ids: number[]): Promise<Map<number, Version>> {
    if (ids.length === 0) return new Map();
    const versions = await tx.documentVersion.findMany({
      where: { id: { in: [...new Set(ids)] } },
      select: {
        id: true,
        fromName: true,
        fromAddress: true,
        replyTo: true,
        subject: true,
        html: true,
        text: true,
      },
    });
    return new Map(versions.map((v) => [v.id, v]));
  }

  /** The approval state of each scheduled mailing whose account requires approval. */
  private async approvalStates(rows: DueSchedule[]): Promise<Map<number, ReturnType<typeof approvalStateOf>>> {
    const states = new Map(rows.map((r) => [r.mailingId!, approvalStateOf(null)]));
    if (rows.length === 0) return states;
    const latest = await this.prisma.$queryRaw<
      { mailingId: number; decision: 'APPROVED' | 'REJECTED' | null; supersededAt: Date | null }[]
    >`
      SELECT DISTINCT ON (a."mailingId") a."mailingId", a.decision::text AS decision, a."supersededAt"
      FROM "Approval" a
      JOIN unnest(${rows.map((r) => r.mailingId!)}::int[], ${rows.map((r) => r.accountId)}::int[]) AS m(id, "accountId")
        ON a."mailingId" = m.id AND a."accountId" = m."accountId"
      ORDER BY a."mailingId", a.id DESC`;
    for (const a of latest) states.set(a.mailingId, approvalStateOf(a));
    return states;
  }

  /** How many the run would send to, or why it has nobody: the target as dispatch would read it now. */
  private async audience(row: DueSchedule, skipDuplicates: boolean): Promise<string | number> {
    const address = channelAddressRule(row.channel);
    let filter: Prisma.Sql | null = null;
    try {
      filter = row.selectionId ? await this.selections.filterFor(row.selectionId, row.accountId) : null;
    } catch (error) {
      if (error instanceof DomainError) return `the target cannot be read: ${error.message}`;
      throw error;
    }
    const audience = await mailingAudienceRepository.count(
      this.prisma,
      {
        accountId: row.accountId,
        addressField: address.field,
        databaseId: row.databaseId,
        collectionId: row.collectionId,
        toSubprofiles: row.toSubprofiles,
        filter,
      },
      address,
      { skipDuplicates },
    );
    if (audience.recipients > 0) return audience.recipients;
    const left = Object.entries(audience.suppressed)
      .filter(([, n]) => n > 0)
      .map(([why, n]) => `${n} ${SUPPRESSED_AS[why as keyof typeof audience.suppressed]}`);
    return `the target is empty: nobody to send to${left.length ? ` (${left.join(', ')})` : ''}`;
  }

  /** The pre-send checks' blocking findings as a reason to skip, or null. */
  private async blockedBy(row: DueSchedule, audienceSize: number): Promise<string | null> {
    const findings = await this.checks.check({
      id: row.mailingId!,
      accountId: row.accountId,
      channel: row.channel,
      documentId: row.documentId,
      databaseId: row.databaseId,
      collectionId: row.collectionId,
      toSubprofiles: row.toSubprofiles,
      audienceSize,
    });
    const blocking = findings.filter((f) => f.blocking);
    return blocking.length > 0 ? `blocked by the pre-send checks: ${blocking.map((f) => f.message).join('; ')}` : null;
  }

  /** A job for an occurrence the schedule no longer waits for: `repeated` if it ran, else `stale` (or `missing`). */
  private async afterRun(job: JobPayloads[JobName.FireSchedule]): Promise<'repeated' | 'stale' | 'missing'> {
    const [ran, schedule] = await Promise.all([
      this.prisma.scheduleRun.findUnique({
        where: { scheduleId_occurrenceAt: { scheduleId: job.scheduleId, occurrenceAt: new Date(job.occurrenceAt) } },
        select: { mailingId: true, accountId: true },
      }),
      this.prisma.schedule.findFirst({
        where: { id: job.scheduleId, accountId: job.accountId },
        select: { active: true, nextRunAt: true },
      }),
    ]);
    // What followed the run is queued again, idempotently (job ids), in case the process that ran it
    // died between its commit and queuing them.
    if (ran?.mailingId && ran.accountId === job.accountId) {
      const payload: JobPayloads[JobName.DispatchMailing] = { mailingId: ran.mailingId, accountId: job.accountId };
      await this.dispatchQueue.add(JobName.DispatchMailing, payload, { jobId: jobId('dispatch', ran.mailingId) });
    }
    if (!schedule) return 'missing';
    if (schedule.active && schedule.nextRunAt) {
      const next = fireScheduleJob(
        { scheduleId: job.scheduleId, accountId: job.accountId },
        schedule.nextRunAt,
        this.clock.now(),
      );
      await this.schedulesQueue.add(next.name, next.data, next.opts);
    }
    return ran ? 'repeated' : 'stale';
  }
}

const SUPPRESSED_AS = {
  unsubscribed: 'unsubscribed',
  disabled: 'disabled',
  noAddress: 'without an address',
  invalidAddress: 'with an invalid address',
  duplicates: 'duplicate addresses',
} as const;
