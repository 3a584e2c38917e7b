import { Injectable, Logger } from '@nestjs/common';
import { InjectQueue } from '@nestjs/bullmq';
import type { Queue } from 'bullmq';
import {
  assertStepAllowed,
  changeSkippedOccurrences,
  Clock,
  DomainError,
  nextRun,
  scheduleRule,
  storedScheduleRule,
  upcomingOccurrences,
  withoutSkipped,
  type ScheduleRule,
  type ScheduleSpec,
} from '@herald/domain';
import { mailingSettingsSchema, Recurrence, type ScheduledRunResponse, type ScheduleResponse } from '@herald/contracts';
import { fireScheduleJob, jobId, QueueName } from '@herald/queue';
import { mailingStatusRepository, prismaRunner } from '@herald/db';
import { iso } from '../../common/iso';
import { PrismaService } from '../../common/prisma.service';
import type { Principal } from '../../common/auth/principal';
import { ApprovalsService } from '../approvals/approvals.service';
import { AuditService } from '../audit/audit.service';
import { DocumentsService } from '../documents/documents.service';
import { MailingsService } from '../mailings/mailings.service';
import type {
  CreateScheduleDto,
  ScheduleCalendarQueryDto,
  ScheduleOccurrenceDto,
  UpdateScheduleDto,
} from './schedules.dto';

/** A calendar window reads at most this many schedules, and this many runs of each. */
const CALENDAR_SCHEDULES = 500;
const CALENDAR_RUNS_EACH = 100;
/** A schedule's response lists this many runs to come. */
const UPCOMING_RUNS = 10;

const SCHEDULE_SELECT = {
  id: true,
  accountId: true,
  mailingId: true,
  recurrence: true,
  rrule: true,
  timezone: true,
  startAt: true,
  endDate: true,
  maxRuns: true,
  skippedOccurrences: true,
  runCount: true,
  active: true,
  nextRunAt: true,
  lastRunAt: true,
  createdAt: true,
  updatedAt: true,
  runs: {
    orderBy: { occurrenceAt: 'desc' },
    take: 50,
    select: { occurrenceAt: true, status: true, reason: true, mailingId: true, createdAt: true },
  },
} as const;

interface ScheduleRow {
  id: number;
  accountId: number;
  mailingId: number;
  recurrence: unknown;
  rrule: string | null;
  timezone: string;
  startAt: Date;
  endDate: string | null;
  maxRuns: number;
  skippedOccurrences: Date[];
  runCount: number;
  active: boolean;
  nextRunAt: Date | null;
  lastRunAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
  runs: {
    occurrenceAt: Date;
    status: 'QUEUED' | 'SKIPPED';
    reason: string | null;
    mailingId: number | null;
    createdAt: Date;
  }[];
}

/**
 * A mailing's schedule (docs/rules/scheduling.md). The API saves it and queues the delayed job of its
 * next occurrence; the worker fires it (apps/worker/src/schedules). Changes take effect for the runs
 * that have not started; a job for an occurrence the schedule no longer waits for is ignored when it fires.
 */
@Injectable()
export class SchedulesService {
  private readonly logger = new Logger(SchedulesService.name);

  constructor(
    private readonly prisma: PrismaService,
    private readonly documents: DocumentsService,
    private readonly clock: Clock,
    private readonly approvals: ApprovalsService,
    private readonly audit: AuditService,
    @InjectQueue(QueueName.Schedules) private readonly queue: Queue,
    private readonly mailings: MailingsService,
  ) {}

  async list(principal: Principal): Promise<ScheduleResponse[]> {
    const rows = await this.prisma.client.schedule.findMany({
      where: { accountId: principal.accountId },
      orderBy: [{ nextRunAt: { sort: 'asc', nulls: 'last' } }, { id: 'desc' }],
      take: 500,
      select: SCHEDULE_SELECT,
    });
    const names = await this.prisma.client.mailing.findMany({
      where: { accountId: principal.accountId, id: { in: rows.map((r) => r.mailingId) } },
      select: { id: true, name: true },
    });
    const nameOf = new Map(names.map((m) => [m.id, m.name]));
    // One schedule whose stored timing no longer reads (its firing ended it, skipped with the reason)
    // must not take the whole list down: it is left out here, and its mailing's schedule says why.
    const listed: ScheduleResponse[] = [];
    for (const r of rows) {
      try {
        listed.push(this.toResponse(r, nameOf.get(r.mailingId) ?? '', false));
      } catch (error) {
        this.logger.warn({ scheduleId: r.id, err: error }, 'a schedule that cannot be read is left out of the list');
      }
    }
    return listed;
  }

  /**
   * The runs to come in [from, to) of the account's active schedules, from the occurrence each waits
   * for, and the runs skipped in the window (marked), so a marketer sees what will not go.
   */
  async calendar(principal: Principal, query: ScheduleCalendarQueryDto): Promise<ScheduledRunResponse[]> {
    const from = new Date(query.from);
    const to = new Date(query.to);
    const now = this.clock.now();
    const rows = await this.prisma.client.schedule.findMany({
      where: {
        accountId: principal.accountId,
        active: true,
        nextRunAt: { not: null },
        OR: [{ nextRunAt: { lt: to } }, { skippedOccurrences: { isEmpty: false } }],
      },
      orderBy: { nextRunAt: 'asc' },
      take: CALENDAR_SCHEDULES,
      select: {
        id: true,
        mailingId: true,
        recurrence: true,
        timezone: true,
        startAt: true,
        endDate: true,
        maxRuns: true,
        skippedOccurrences: true,
        nextRunAt: true,
      },
    });
    const names = await this.prisma.client.mailing.findMany({
      where: { accountId: principal.accountId, id: { in: rows.map((r) => r.mailingId) } },
      select: { id: true, name: true },
    });
    const nameOf = new Map(names.map((m) => [m.id, m.name]));
    const inWindow = (at: Date) => at >= from && at < to && at > now;
    return rows
      .flatMap((r) => {
        const run = (at: Date, skipped: boolean): ScheduledRunResponse => ({
          at: at.toISOString(),
          scheduleId: r.id,
          mailingId: r.mailingId,
          mailingName: nameOf.get(r.mailingId) ?? '',
          skipped,
        });
        return [
          ...storedScheduleRule(r)
            .between(new Date(Math.max(from.getTime(), r.nextRunAt!.getTime())), to, CALENDAR_RUNS_EACH)
            .map((at) => run(at, false)),
          ...r.skippedOccurrences.filter(inWindow).map((at) => run(at, true)),
        ];
      })
      .sort((a, b) => a.at.localeCompare(b.at));
  }

  async get(principal: Principal, mailingId: number): Promise<ScheduleResponse> {
    const { schedule, mailing } = await this.find(principal, mailingId);
    return this.toResponse(schedule, mailing.name);
  }

  async create(principal: Principal, mailingId: number, input: CreateScheduleDto): Promise<ScheduleResponse> {
    const mailing = await this.findMailing(principal, mailingId);
    assertStepAllowed(mailingId, mailing.status, 'schedule');
    // With approval on, a schedule activates only once another ADMIN approved its mailing.
    await this.approvals.assertMayProceed(principal.accountId, mailingId);
    // The issue checker: no errors, every warning acknowledged (its runs are checked again as they start).
    await this.mailings.assertChecksPass(principal, mailingId, 'scheduled');
    const spec: ScheduleSpec = { ...input, timezone: input.timezone ?? (await this.accountZone(principal)) };
    const rule = scheduleRule(spec);
    const now = this.clock.now();
    const next = this.firstRun(rule, now, null, spec);
    const ref = { mailingId, accountId: principal.accountId };
    const schedule = await this.prisma.client.$transaction(async (tx) => {
      if (!(await mailingStatusRepository.move(prismaRunner(tx), ref, 'schedule')))
        throw DomainError.invalidState(`Mailing ${mailingId} changed state meanwhile; reload it`);
      const created = await tx.schedule.create({
        data: {
          accountId: principal.accountId,
          mailingId,
          kind: spec.recurrence.kind,
          recurrence: spec.recurrence,
          rrule: rule.rrule,
          timezone: spec.timezone,
          startAt: rule.start,
          endDate: spec.endDate,
          maxRuns: spec.maxRuns,
          nextRunAt: next,
          createdBy: principal.userId,
        },
        select: { id: true },
      });
      await this.audit.record(
        principal,
        'schedule.created',
        { type: 'schedule', id: created.id },
        { mailingId, rrule: rule.rrule, timezone: spec.timezone, nextRunAt: next.toISOString() },
        tx,
      );
      return created;
    });
    await this.queueFiring(schedule.id, principal.accountId, next, now);
    return this.get(principal, mailingId);
  }

  /** The timing, the mailing's name, document and options, the document's subject and sender; never the target. */
  async update(principal: Principal, mailingId: number, input: UpdateScheduleDto): Promise<ScheduleResponse> {
    const { schedule, mailing } = await this.find(principal, mailingId);
    this.assertScheduled(mailing);
    const now = this.clock.now();
    const timing = this.changedTiming(schedule, input, now);

    const documentId = input.documentId ?? mailing.documentId;
    const channel = input.documentId ? (await this.documents.channelOf(principal, input.documentId)).channel : null;
    if (input.subject !== undefined || input.fromName !== undefined || input.fromAddress !== undefined)
      // A new version of the document: the next run composes from it.
      await this.documents.update(principal, documentId, {
        subject: input.subject,
        fromName: input.fromName,
        fromAddress: input.fromAddress,
      });
    const settings = input.settings
      ? mailingSettingsSchema.parse({ ...(mailing.settings as object), ...input.settings })
      : undefined;

    await this.prisma.client.$transaction(async (tx) => {
      // Conditional on the status: a schedule deleted or a mailing cancelled meanwhile is not changed.
      const { count } = await tx.mailing.updateMany({
        where: { id: mailingId, accountId: principal.accountId, status: 'SCHEDULED' },
        data: {
          ...(input.name ? { name: input.name } : {}),
          ...(channel ? { documentId, channel } : {}),
          ...(settings ? { settings } : {}),
        },
      });
      if (count === 0) throw DomainError.invalidState(`Mailing ${mailingId} changed state meanwhile; reload it`);
      if (timing) await tx.schedule.update({ where: { id: schedule.id }, data: timing });
      await this.audit.record(
        principal,
        'schedule.changed',
        { type: 'schedule', id: schedule.id },
        { mailingId, fields: Object.keys(input).join(', ') },
        tx,
      );
    });
    // What was approved changed: it needs approving again before its next run.
    await this.approvals.supersede(principal.accountId, mailingId);
    if (timing && timing.nextRunAt?.getTime() !== schedule.nextRunAt?.getTime()) {
      await this.dropFiring(schedule.id, schedule.nextRunAt);
      await this.queueFiring(schedule.id, principal.accountId, timing.nextRunAt, now);
    }
    return this.get(principal, mailingId);
  }

  /** Deactivated, no run starts; reactivated, it runs from its next occurrence after now. */
  async setActive(principal: Principal, mailingId: number, active: boolean): Promise<ScheduleResponse> {
    const { schedule, mailing } = await this.find(principal, mailingId);
    this.assertScheduled(mailing);
    if (schedule.active === active) return this.toResponse(schedule, mailing.name);
    const now = this.clock.now();
    const next = active ? nextRun(storedScheduleRule(schedule), now, schedule.lastRunAt) : null;
    if (active) await this.approvals.assertMayProceed(principal.accountId, mailingId);
    if (active) await this.mailings.assertChecksPass(principal, mailingId, 'scheduled');
    if (active && !next)
      throw DomainError.invalidState(
        `The schedule of mailing ${mailingId} has no run left after now; change its timing to reactivate it`,
      );
    // Conditional: of a deactivation and a reactivation racing, one wins and the other changes nothing.
    const { count } = await this.prisma.client.schedule.updateMany({
      where: { id: schedule.id, accountId: principal.accountId, active: !active },
      data: { active, nextRunAt: next },
    });
    if (count === 0)
      throw DomainError.invalidState(`The schedule of mailing ${mailingId} changed meanwhile; reload it`);
    await this.audit.record(principal, active ? 'schedule.reactivated' : 'schedule.deactivated', {
      type: 'schedule',
      id: schedule.id,
    });
    if (active) await this.queueFiring(schedule.id, principal.accountId, next, now);
    else await this.dropFiring(schedule.id, schedule.nextRunAt);
    return this.get(principal, mailingId);
  }

  /**
   * Skips one run to come (`skip`: it does not go, the schedule waits for the run after it) or lets a
   * skipped one go again (`restore`). The schedule's other runs, and its approval, stay as they are.
   */
  async changeOccurrence(
    principal: Principal,
    mailingId: number,
    input: ScheduleOccurrenceDto,
    change: 'skip' | 'restore',
  ): Promise<ScheduleResponse> {
    const { schedule, mailing } = await this.find(principal, mailingId);
    this.assertScheduled(mailing);
    const now = this.clock.now();
    const occurrenceAt = new Date(input.occurrenceAt);
    const skippedOccurrences = changeSkippedOccurrences(schedule, occurrenceAt, change, now);
    const wasSkipped = schedule.skippedOccurrences.some((at) => at.getTime() === occurrenceAt.getTime());
    // Skipped already, or not skipped to restore: nothing changes, and nothing is recorded.
    if (wasSkipped === (change === 'skip')) return this.toResponse(schedule, mailing.name);
    const next = schedule.active
      ? nextRun(storedScheduleRule({ ...schedule, skippedOccurrences }), now, schedule.lastRunAt)
      : null;
    if (schedule.active && !next)
      throw DomainError.invalidState(
        `The run of ${occurrenceAt.toISOString()} is the last one the schedule has left; deactivate or delete the schedule instead`,
      );
    // Conditional on the occurrence awaited: a run that started meanwhile moved it on.
    const { count } = await this.prisma.client.schedule.updateMany({
      where: {
        id: schedule.id,
        accountId: principal.accountId,
        nextRunAt: schedule.nextRunAt,
        active: schedule.active,
      },
      data: { skippedOccurrences, nextRunAt: next },
    });
    if (count === 0)
      throw DomainError.invalidState(`The schedule of mailing ${mailingId} changed meanwhile; reload it`);
    await this.audit.record(
      principal,
      change === 'skip' ? 'schedule.run-skipped' : 'schedule.run-restored',
      { type: 'schedule', id: schedule.id },
      { mailingId, occurrenceAt: occurrenceAt.toISOString() },
    );
    if (next?.getTime() !== schedule.nextRunAt?.getTime()) {
      await this.dropFiring(schedule.id, schedule.nextRunAt);
      await this.queueFiring(schedule.id, principal.accountId, next, now);
    }
    return this.get(principal, mailingId);
  }

  /** The mailing is a draft again; runs that already started keep their mailings and reports. */
  async remove(principal: Principal, mailingId: number): Promise<void> {
    const { schedule } = await this.find(principal, mailingId);
    const ref = { mailingId, accountId: principal.accountId };
    await this.prisma.client.$transaction(async (tx) => {
      await tx.schedule.deleteMany({ where: { id: schedule.id, accountId: principal.accountId } });
      if (!(await mailingStatusRepository.move(prismaRunner(tx), ref, 'unschedule')))
        throw DomainError.invalidState(`Mailing ${mailingId} changed state meanwhile; reload it`);
      await this.audit.record(principal, 'schedule.deleted', { type: 'schedule', id: schedule.id }, { mailingId }, tx);
    });
    await this.dropFiring(schedule.id, schedule.nextRunAt);
  }

  /** The new timing when the request changes it, checked as on create; null when it does not. */
  private changedTiming(schedule: ScheduleRow, input: UpdateScheduleDto, now: Date) {
    const changes =
      input.recurrence ??
      input.timezone ??
      input.startAt ??
      (input.endDate !== undefined || input.maxRuns !== undefined ? true : undefined);
    if (changes === undefined) return null;
    const spec: ScheduleSpec = {
      recurrence: input.recurrence ?? Recurrence.parse(schedule.recurrence),
      timezone: input.timezone ?? schedule.timezone,
      // Unchanged, the start is the same instant (in a new zone it may read as another local time).
      startAt: input.startAt ?? schedule.startAt.toISOString(),
      endDate: input.endDate !== undefined ? input.endDate : schedule.endDate,
      maxRuns: input.maxRuns ?? schedule.maxRuns,
    };
    if (spec.endDate && spec.maxRuns > 0)
      throw DomainError.validation('Give an end date or a number of runs, not both', [
        { path: input.endDate ? 'endDate' : 'maxRuns', message: 'give an end date or a number of runs, not both' },
      ]);
    const rule = scheduleRule(spec);
    // Runs skipped before the change stay skipped where the new timing still has them.
    const next = schedule.active
      ? this.firstRun(withoutSkipped(rule, schedule.skippedOccurrences), now, schedule.lastRunAt, spec)
      : null;
    return {
      kind: spec.recurrence.kind,
      recurrence: spec.recurrence,
      rrule: rule.rrule,
      timezone: spec.timezone,
      startAt: rule.start,
      endDate: spec.endDate,
      maxRuns: spec.maxRuns,
      nextRunAt: next,
    };
  }

  private firstRun(rule: ScheduleRule, now: Date, lastRunAt: Date | null, spec: ScheduleSpec): Date {
    const next = nextRun(rule, now, lastRunAt);
    if (next) return next;
    const path = spec.recurrence.kind === 'ONCE' ? 'startAt' : spec.endDate ? 'endDate' : 'maxRuns';
    throw DomainError.validation('The schedule has no run left after now', [
      { path, message: 'leaves no run after now' },
    ]);
  }

  private async queueFiring(scheduleId: number, accountId: number, at: Date | null, now: Date): Promise<void> {
    if (!at) return;
    const job = fireScheduleJob({ scheduleId, accountId }, at, now);
    // Saved already: should Redis not take the job, the worker's sweep queues it before it is due.
    await this.queue.add(job.name, job.data, job.opts);
  }

  /** Best effort: a job left behind finds its occurrence no longer awaited and does nothing. */
  private async dropFiring(scheduleId: number, at: Date | null): Promise<void> {
    if (!at) return;
    try {
      await this.queue.remove(jobId('schedule', scheduleId, at.getTime()));
    } catch (error) {
      this.logger.warn({ err: error, scheduleId }, 'could not remove the firing job; it will find itself stale');
    }
  }

  private assertScheduled(mailing: { id: number; status: string }): void {
    if (mailing.status !== 'SCHEDULED')
      throw DomainError.invalidState(`Mailing ${mailing.id} is ${mailing.status}; its schedule can no longer change`);
  }

  private async accountZone(principal: Principal): Promise<string> {
    const account = await this.prisma.client.account.findUnique({
      where: { id: principal.accountId },
      select: { timezone: true },
    });
    return account?.timezone ?? 'UTC';
  }

  private async findMailing(principal: Principal, mailingId: number) {
    const mailing = await this.prisma.client.mailing.findFirst({
      where: { id: mailingId, accountId: principal.accountId },
      select: { id: true, name: true, status: true, documentId: true, settings: true },
    });
    if (!mailing) throw DomainError.notFound('Mailing', mailingId);
    return mailing;
  }

  private async find(principal: Principal, mailingId: number) {
    const mailing = await this.findMailing(principal, mailingId);
    const schedule = await this.prisma.client.schedule.findFirst({
      where: { mailingId, accountId: principal.accountId },
      select: SCHEDULE_SELECT,
    });
    if (!schedule) throw DomainError.notFound('Schedule of mailing', mailingId);
    return { schedule, mailing };
  }

  /** `withUpcoming`: its next runs too, which cost a few milliseconds a schedule (left out of the list). */
  private toResponse(s: ScheduleRow, mailingName: string, withUpcoming = true): ScheduleResponse {
    const rule = storedScheduleRule(s);
    return {
      id: s.id,
      mailingId: s.mailingId,
      mailingName,
      recurrence: Recurrence.parse(s.recurrence),
      timezone: s.timezone,
      startAt: s.startAt.toISOString(),
      endDate: s.endDate,
      maxRuns: s.maxRuns,
      runCount: s.runCount,
      active: s.active,
      nextRunAt: iso(s.nextRunAt),
      lastRunAt: iso(s.lastRunAt),
      rrule: s.rrule,
      summary: s.active ? rule.summary(s.nextRunAt) : `${rule.describe()}; deactivated`,
      ...(withUpcoming
        ? {
            upcoming: upcomingOccurrences(s, this.clock.now(), UPCOMING_RUNS).map((u) => ({
              at: u.at.toISOString(),
              skipped: u.skipped,
            })),
          }
        : {}),
      runs: s.runs.map((r) => ({
        occurrenceAt: r.occurrenceAt.toISOString(),
        status: r.status,
        reason: r.reason,
        mailingId: r.mailingId,
        createdAt: r.createdAt.toISOString(),
      })),
      createdAt: s.createdAt.toISOString(),
      updatedAt: s.updatedAt.toISOString(),
    };
  }
}
