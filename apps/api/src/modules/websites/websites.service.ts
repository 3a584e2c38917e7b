import { Injectable } from '@nestjs/common';
import type { HeraldConfig } from '@herald/config';
import type { WebsiteReportResponse, WebsiteResponse } from '@herald/contracts';
import { DomainError } from '@herald/domain';
import { InjectConfig } from '../../common/config';
import { iso } from '../../common/iso';
import { PrismaService } from '../../common/prisma.service';
import type { Principal } from '../../common/auth/principal';
import { websiteSnippet } from './website-snippet';
import type { CreateWebsiteDto, WebsiteReportQueryDto } from './websites.dto';

const WEBSITE_SELECT = { id: true, name: true, domain: true, publicKey: true, createdAt: true } as const;
const DAY_MS = 86_400_000;
const MAX_DAYS = 366;
const TOP_PAGES = 50;

interface WebsiteRow {
  id: number;
  name: string;
  domain: string;
  publicKey: string;
  createdAt: Date;
}

const dateOf = (date: Date): string => date.toISOString().slice(0, 10);

/** An account's websites and their statistics: views and unique visitors by day and page, visits from mailings. */
@Injectable()
export class WebsitesService {
  constructor(
    private readonly prisma: PrismaService,
    @InjectConfig() private readonly config: HeraldConfig,
  ) {}

  async list(principal: Principal): Promise<WebsiteResponse[]> {
    const rows = await this.prisma.client.website.findMany({
      where: { accountId: principal.accountId },
      orderBy: { id: 'asc' },
      take: 500,
      select: WEBSITE_SELECT,
    });
    return rows.map((row) => this.toResponse(row));
  }

  async create(principal: Principal, body: CreateWebsiteDto): Promise<WebsiteResponse> {
    const row = await this.prisma.client.website.create({
      data: { accountId: principal.accountId, name: body.name, domain: body.domain },
      select: WEBSITE_SELECT,
    });
    return this.toResponse(row);
  }

  async get(principal: Principal, id: number): Promise<WebsiteResponse> {
    return this.toResponse(await this.find(principal, id));
  }

  /** A visitor is the snippet's visitor id, or for the pixel without one the hashed address. */
  async report(principal: Principal, id: number, query: WebsiteReportQueryDto): Promise<WebsiteReportResponse> {
    await this.find(principal, id);
    const to = query.to ? new Date(`${query.to}T00:00:00Z`) : new Date(Date.parse(dateOf(new Date())));
    const from = query.from ? new Date(`${query.from}T00:00:00Z`) : new Date(to.getTime() - 29 * DAY_MS);
    const days = Math.round((to.getTime() - from.getTime()) / DAY_MS) + 1;
    if (days > MAX_DAYS) {
      const message = `a report covers at most ${MAX_DAYS} days; this asks for ${days}`;
      throw DomainError.validation(`The period is too long: ${message}`, [{ path: 'from', message }]);
    }
    const end = new Date(to.getTime() + DAY_MS);
    const accountId = principal.accountId;
    const visitor = `COALESCE(v."visitorId", 'ip:' || v."ipHash")`;
    const [totals, perDay, pages, mailings] = await Promise.all([
      this.prisma.client.$queryRawUnsafe<{ views: number; visitors: number }[]>(
        `SELECT count(*)::int AS views, count(DISTINCT ${visitor})::int AS visitors FROM "PageView" v
         WHERE v."websiteId" = $1 AND v."accountId" = $2 AND v."occurredAt" >= $3 AND v."occurredAt" < $4`,
        id,
        accountId,
        from,
        end,
      ),
      this.prisma.client.$queryRawUnsafe<{ day: Date; views: number; visitors: number }[]>(
        `SELECT date_trunc('day', v."occurredAt") AS day, count(*)::int AS views, count(DISTINCT ${visitor})::int AS visitors
         FROM "PageView" v WHERE v."websiteId" = $1 AND v."accountId" = $2 AND v."occurredAt" >= $3 AND v."occurredAt" < $4
         GROUP BY 1`,
        id,
        accountId,
        from,
        end,
      ),
      this.prisma.client.$queryRawUnsafe<{ path: string; views: number; visitors: number }[]>(
        `SELECT v."path", count(*)::int AS views, count(DISTINCT ${visitor})::int AS visitors FROM "PageView" v
         WHERE v."websiteId" = $1 AND v."accountId" = $2 AND v."occurredAt" >= $3 AND v."occurredAt" < $4
         GROUP BY v."path" ORDER BY views DESC, v."path" LIMIT ${TOP_PAGES}`,
        id,
        accountId,
        from,
        end,
      ),
      this.prisma.client.$queryRawUnsafe<{ mailingId: number; name: string; views: number; profiles: number }[]>(
        `SELECT v."mailingId", m."name", count(*)::int AS views, count(DISTINCT v."profileId")::int AS profiles
         FROM "PageView" v JOIN "Mailing" m ON m."id" = v."mailingId" AND m."accountId" = v."accountId"
         WHERE v."websiteId" = $1 AND v."accountId" = $2 AND v."occurredAt" >= $3 AND v."occurredAt" < $4
         GROUP BY v."mailingId", m."name" ORDER BY views DESC, v."mailingId"`,
        id,
        accountId,
        from,
        end,
      ),
    ]);
    const byDay = new Map(perDay.map((row) => [dateOf(row.day), row]));
    return {
      websiteId: id,
      from: dateOf(from),
      to: dateOf(to),
      totals: totals[0] ?? { views: 0, visitors: 0 },
      days: Array.from({ length: days }, (_, i) => {
        const date = dateOf(new Date(from.getTime() + i * DAY_MS));
        const row = byDay.get(date);
        return { date, views: row?.views ?? 0, visitors: row?.visitors ?? 0 };
      }),
      pages,
      mailings,
    };
  }

  private async find(principal: Principal, id: number): Promise<WebsiteRow> {
    const row = await this.prisma.client.website.findFirst({
      where: { id, accountId: principal.accountId },
      select: WEBSITE_SELECT,
    });
    if (!row) throw DomainError.notFound('Website', id);
    return row;
  }

  private toResponse(row: WebsiteRow): WebsiteResponse {
    return {
      id: row.id,
      name: row.name,
      domain: row.domain,
      publicKey: row.publicKey,
      snippet: websiteSnippet(this.config.PUBLIC_URL, row.publicKey),
      createdAt: iso(row.createdAt),
    };
  }
}
