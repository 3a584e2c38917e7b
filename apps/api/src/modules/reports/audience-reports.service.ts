import { Injectable } from '@nestjs/common';
import { Prisma } from '@herald/db';
import { DomainError } from '@herald/domain';
import { resultsOverTime } from '@herald/statistics';
import { errorActionOf } from '@herald/contracts';
import { iso } from '../../common/iso';
import { PrismaService } from '../../common/prisma.service';
import type { Principal } from '../../common/auth/principal';
import type {
  AudienceStatisticsResponse,
  HistoryQueryDto,
  ProfileHistoryEvent,
  ProfileHistoryResponse,
} from './reports.dto';

interface DayCount {
  day: Date;
  n: number;
}

interface AudienceTotals {
  atStart: number;
  total: number;
  unsubscribed: number;
  disabled: number;
}

/** Reports about people rather than mailings: a profile's history, a database's or collection's growth. */
@Injectable()
export class AudienceReportsService {
  constructor(private readonly prisma: PrismaService) {}

  /**
   * Every mailing the profile received (newest first, paged), each with its events, and every change
   * to the profile. A deleted profile keeps its history: that is when one looks it up.
   */
  async profileHistory(principal: Principal, id: number, query: HistoryQueryDto): Promise<ProfileHistoryResponse> {
    const profile = await this.prisma.client.profile.findFirst({
      where: { id, accountId: principal.accountId },
      select: { id: true, databaseId: true, email: true, deletedAt: true },
    });
    if (!profile) throw DomainError.notFound('Profile', id);
    const where = { profileId: id, accountId: principal.accountId };
    const [total, destinations, changes] = await Promise.all([
      this.prisma.client.destination.count({ where }),
      this.prisma.client.destination.findMany({
        where,
        orderBy: { id: 'desc' },
        skip: (query.page - 1) * query.pageSize,
        take: query.pageSize,
        select: {
          id: true,
          subprofileId: true,
          address: true,
          status: true,
          dominantResult: true,
          sentAt: true,
          mailing: { select: { id: true, name: true, channel: true, status: true } },
        },
      }),
      this.prisma.client.profileChange.findMany({
        where: { profileId: id, accountId: principal.accountId },
        orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
        select: { id: true, source: true, change: true, createdAt: true },
      }),
    ]);
    const events = destinations.length
      ? await this.prisma.client.event.findMany({
          where: { destinationId: { in: destinations.map((d) => d.id) } },
          orderBy: [{ occurredAt: 'asc' }, { id: 'asc' }],
          select: {
            destinationId: true,
            type: true,
            occurredAt: true,
            machine: true,
            linkId: true,
            errorKind: true,
            errorCode: true,
            errorText: true,
            errorReason: true,
            providerStatus: true,
          },
        })
      : [];
    const linkIds = [...new Set(events.map((e) => e.linkId).filter((l): l is number => l !== null))];
    const links = new Map(
      (linkIds.length
        ? await this.prisma.client.link.findMany({
            where: { id: { in: linkIds } },
            select: { id: true, position: true, url: true },
          })
        : []
      ).map((l) => [l.id, l]),
    );
    const eventsOf = new Map<bigint, ProfileHistoryEvent[]>();
    for (const e of events) {
      const link = e.linkId !== null ? links.get(e.linkId) : undefined;
      const list = eventsOf.get(e.destinationId) ?? [];
      list.push({
        type: e.type,
        occurredAt: e.occurredAt.toISOString(),
        machine: e.machine,
        link: link ? { position: link.position, url: link.url } : null,
        error:
          e.type === 'ERROR'
            ? {
                kind: e.errorKind,
                code: e.errorCode,
                text: e.errorText,
                reason: e.errorReason,
                action: errorActionOf(e.errorKind, e.errorCode),
              }
            : null,
        providerStatus: e.providerStatus,
      });
      eventsOf.set(e.destinationId, list);
    }
    return {
      profile: {
        id: profile.id,
        databaseId: profile.databaseId,
        email: profile.email,
        deleted: profile.deletedAt !== null,
      },
      mailings: {
        items: destinations.map((d) => ({
          mailing: { id: d.mailing.id, name: d.mailing.name, channel: d.mailing.channel, status: d.mailing.status },
          destination: {
            id: d.id.toString(),
            subprofileId: d.subprofileId,
            address: d.address,
            status: d.status,
            dominantResult: d.dominantResult,
            sentAt: iso(d.sentAt),
          },
          events: eventsOf.get(d.id) ?? [],
        })),
        total,
        page: query.page,
        pageSize: query.pageSize,
      },
      changes: changes.map((c) => ({
        id: c.id.toString(),
        source: c.source,
        change: c.change,
        createdAt: c.createdAt.toISOString(),
      })),
    };
  }

  /** Profiles added and removed per day (UTC) in [from, to), the running total, and the mailings sent to the database. */
  async databaseStatistics(
    principal: Principal,
    id: number,
    from: Date,
    to: Date,
  ): Promise<AudienceStatisticsResponse> {
    const database = await this.prisma.client.database.findFirst({
      where: { id, accountId: principal.accountId },
      select: { id: true },
    });
    if (!database) throw DomainError.notFound('Database', id);
    const scope = Prisma.sql`r."databaseId" = ${id}`;
    const [added, removed, totals] = await Promise.all([
      this.perDay(Prisma.sql`"Profile" r`, scope, Prisma.sql`r."createdAt"`, from, to),
      this.perDay(Prisma.sql`"Profile" r`, scope, Prisma.sql`r."deletedAt"`, from, to),
      this.totals(Prisma.sql`"Profile" r`, Prisma.sql`r`, scope, from),
    ]);
    return this.statistics(principal, { databaseId: id }, from, to, added, removed, totals);
  }

  /** The same for the subprofiles of a collection; unsubscribed and disabled are their profiles' flags. */
  async collectionStatistics(
    principal: Principal,
    id: number,
    from: Date,
    to: Date,
  ): Promise<AudienceStatisticsResponse> {
    const collection = await this.prisma.client.collection.findFirst({
      where: { id, accountId: principal.accountId },
      select: { id: true },
    });
    if (!collection) throw DomainError.notFound('Collection', id);
    const scope = Prisma.sql`r."collectionId" = ${id}`;
    const [added, removed, totals] = await Promise.all([
      this.perDay(Prisma.sql`"Subprofile" r`, scope, Prisma.sql`r."createdAt"`, from, to),
      this.perDay(Prisma.sql`"Subprofile" r`, scope, Prisma.sql`r."deletedAt"`, from, to),
      this.totals(Prisma.sql`"Subprofile" r JOIN "Profile" p ON p.id = r."profileId"`, Prisma.sql`p`, scope, from),
    ]);
    return this.statistics(principal, { collectionId: id }, from, to, added, removed, totals);
  }

  private perDay(table: Prisma.Sql, scope: Prisma.Sql, column: Prisma.Sql, from: Date, to: Date): Promise<DayCount[]> {
    return this.prisma.client.$queryRaw<DayCount[]>`
      SELECT date_trunc('day', ${column}) AS day, count(*)::int AS n FROM ${table}
      WHERE ${scope} AND ${column} >= ${from} AND ${column} < ${to} GROUP BY 1`;
  }

  private async totals(table: Prisma.Sql, flags: Prisma.Sql, scope: Prisma.Sql, from: Date): Promise<AudienceTotals> {
    const [row] = await this.prisma.client.$queryRaw<AudienceTotals[]>`
      SELECT count(*) FILTER (WHERE r."createdAt" < ${from} AND (r."deletedAt" IS NULL OR r."deletedAt" >= ${from}))::int AS "atStart",
             count(*) FILTER (WHERE r."deletedAt" IS NULL)::int AS total,
             count(*) FILTER (WHERE r."deletedAt" IS NULL AND ${flags}."unsubscribedAt" IS NOT NULL)::int AS unsubscribed,
             count(*) FILTER (WHERE r."deletedAt" IS NULL AND ${flags}."disabledAt" IS NOT NULL)::int AS disabled
      FROM ${table} WHERE ${scope}`;
    return row ?? { atStart: 0, total: 0, unsubscribed: 0, disabled: 0 };
  }

  private async statistics(
    principal: Principal,
    target: { databaseId: number } | { collectionId: number },
    from: Date,
    to: Date,
    added: DayCount[],
    removed: DayCount[],
    totals: AudienceTotals,
  ): Promise<AudienceStatisticsResponse> {
    const mailings = await this.prisma.client.mailing.findMany({
      where: { accountId: principal.accountId, ...target, startedAt: { gte: from, lt: to } },
      orderBy: [{ startedAt: 'asc' }, { id: 'asc' }],
      select: { id: true, name: true, startedAt: true },
    });
    const sentOf = new Map(
      (mailings.length
        ? await this.prisma.client.mailingAggregate.findMany({
            where: { mailingId: { in: mailings.map((m) => m.id) } },
            select: { mailingId: true, sent: true },
          })
        : []
      ).map((a) => [a.mailingId, a.sent]),
    );
    // Whole UTC days from the one holding `from` to the one holding the last instant before `to`.
    const days = resultsOverTime(
      [...added.map((a) => ({ at: a.day, added: a.n })), ...removed.map((r) => ({ at: r.day, removed: r.n }))],
      {
        metrics: ['added', 'removed'] as const,
        from: startOfUtcDay(from),
        to: new Date(to.getTime() - 1),
        dailyAfterHours: 0,
      },
    );
    let running = totals.atStart;
    const list = mailings.map((m) => ({
      id: m.id,
      name: m.name,
      sentAt: iso(m.startedAt),
      sent: sentOf.get(m.id) ?? 0,
    }));
    return {
      from: from.toISOString(),
      to: to.toISOString(),
      days: days.buckets.map((b) => {
        running += b.counts.added - b.counts.removed;
        return { date: b.label, added: b.counts.added, removed: b.counts.removed, total: running };
      }),
      total: totals.total,
      unsubscribed: totals.unsubscribed,
      disabled: totals.disabled,
      mailingsSent: list.length,
      messagesSent: list.reduce((sum, m) => sum + m.sent, 0),
      mailings: list,
    };
  }
}

function startOfUtcDay(date: Date): Date {
  return new Date(Math.floor(date.getTime() / 86_400_000) * 86_400_000);
}
