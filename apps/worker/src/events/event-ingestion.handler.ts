import { isSenderSideCode } from '@herald/contracts';
import { Injectable, Logger } from '@nestjs/common';
import { Prisma, type PrismaClient } from '@herald/db';
import type { TrackingStreamEntry } from '@herald/queue';
import { InjectPrisma } from '../common/config';
import { destinationRepository, mailingAggregateRepository, prismaRunner, type MailingRef } from '@herald/db';
import {
  addCounterChanges,
  asFoldState,
  foldDestination,
  type CounterChanges,
  type DestinationEvent,
  type DestinationFoldState,
} from '@herald/statistics';
import { writeProfileEffects, type ProfileEffectOf } from '../common/profile-effects.writer';
import { isLikelyMachine } from './machine-detector';

/** The stored event type of each fold event the ingestion sees. */
const EVENT_TYPE = {
  OPEN: 'IMPRESSION',
  CLICK: 'CLICK',
  COMPLAINT: 'COMPLAINT',
  BOUNCE: 'ERROR',
  UNSUBSCRIBE: 'UNSUBSCRIBE',
} as const;

/** One result that came back, from the tracking stream or the inbound SMTP server. */
export interface IncomingResult extends TrackingStreamEntry {
  /** Unique per result (the stream entry id): storing it twice is a no-op. */
  key: string;
}

/** A destination as the fold sees it, with what ingestion needs besides. */
type DestinationRow = { -readonly [K in keyof DestinationFoldState]: DestinationFoldState[K] } & {
  id: bigint;
  mailingId: number;
  accountId: number;
  profileId: number;
  sentAt: Date | null;
  erasedAt: Date | null;
};

type HourCounters = Partial<Record<'impressions' | 'clicks' | 'unsubscribes' | 'complaints' | 'errors', number>>;

function bump(counters: HourCounters, name: keyof HourCounters): void {
  counters[name] = (counters[name] ?? 0) + 1;
}

type ReturnedResultEvent = Extract<DestinationEvent, { type: keyof typeof EVENT_TYPE }>;

/** The fold's event for a stored result. */
function destinationEventOf(r: IncomingResult, machine: boolean): ReturnedResultEvent {
  switch (r.kind) {
    case 'open':
      return { type: 'OPEN', at: r.at, machine };
    case 'click':
      return { type: 'CLICK', at: r.at, machine };
    case 'complaint':
      return { type: 'COMPLAINT', at: r.at };
    case 'bounce':
      // The inbound server marks a rejection about us (authentication, reputation) `sender:`.
      return {
        type: 'BOUNCE',
        at: r.at,
        errorKind: r.errorKind === 'HARD' ? 'HARD' : 'SOFT',
        senderSide: isSenderSideCode(r.errorCode),
      };
    case 'unsubscribe':
    case 'one-click-unsubscribe':
      return { type: 'UNSUBSCRIBE', at: r.at };
  }
}

function hourOf(date: Date): string {
  return new Date(Math.floor(date.getTime() / 3_600_000) * 3_600_000).toISOString();
}

export interface IngestionOutcome {
  stored: number;
  duplicates: number;
  unknown: number;
}

/**
 * Stores results in batches and keeps every derived figure current in the same transaction:
 * the destination's dominant result and first-result times, the mailing's aggregate counters,
 * per-link clicks and the hourly timeline. Results already stored (same key) change nothing.
 */
@Injectable()
export class EventIngestionHandler {
  private readonly logger = new Logger(EventIngestionHandler.name);

  constructor(@InjectPrisma() private readonly prisma: PrismaClient) {}

  async ingest(results: IncomingResult[]): Promise<IngestionOutcome> {
    if (results.length === 0) return { stored: 0, duplicates: 0, unknown: 0 };
    return this.prisma.$transaction(async (tx) => this.ingestIn(tx, results), { timeout: 60_000 });
  }

  private async ingestIn(tx: Prisma.TransactionClient, results: IncomingResult[]): Promise<IngestionOutcome> {
    const ids = [...new Set(results.map((r) => r.destinationId))];
    const rows: DestinationRow[] = (await destinationRepository.lockForFold(prismaRunner(tx), ids)).map((row) => ({
      ...asFoldState(row),
      id: BigInt(row.id),
      mailingId: row.mailingId,
      accountId: row.accountId,
      profileId: row.profileId,
      sentAt: row.sentAt,
      erasedAt: row.erasedAt,
    }));
    const destinations = new Map(rows.map((r) => [r.id, r]));
    const known = results.filter((r) => destinations.get(r.destinationId)?.mailingId === r.mailingId);
    const unknown = results.length - known.length;
    if (unknown > 0) this.logger.warn({ unknown }, 'results for unknown destinations ignored');
    if (known.length === 0) return { stored: 0, duplicates: 0, unknown };

    // Link ids of clicked positions.
    const clickKeys = known.filter((r) => r.kind === 'click' && r.linkPosition !== undefined);
    const linkIds = new Map<string, number>();
    if (clickKeys.length) {
      const links = await tx.link.findMany({
        where: {
          mailingId: { in: [...new Set(clickKeys.map((r) => r.mailingId))] },
          position: { in: [...new Set(clickKeys.map((r) => r.linkPosition!))] },
        },
        select: { id: true, mailingId: true, position: true },
      });
      for (const l of links) linkIds.set(`${l.mailingId}:${l.position}`, l.id);
    }

    const prepared = known
      .map((r) => {
        const d = destinations.get(r.destinationId)!;
        const tracked = r.kind === 'open' || r.kind === 'click';
        const machine =
          tracked &&
          isLikelyMachine({
            kind: r.kind as 'open' | 'click',
            method: r.method ?? 'GET',
            userAgent: r.userAgent,
            occurredAt: r.at,
            sentAt: d.sentAt,
          });
        const event = destinationEventOf(r, machine);
        const type = EVENT_TYPE[event.type];
        const linkId = r.kind === 'click' ? (linkIds.get(`${r.mailingId}:${r.linkPosition}`) ?? null) : null;
        // Its profile was erased: the result still counts, without the personal data it carries.
        return {
          r: d.erasedAt ? { ...r, userAgent: undefined, ipHash: undefined, errorText: undefined } : r,
          d,
          machine,
          event,
          type,
          linkId,
        };
      })
      .sort((a, b) => a.r.at.getTime() - b.r.at.getTime());

    const inserted = await tx.$queryRaw<{ dedupeKey: string; id: bigint }[]>`
      INSERT INTO "Event" ("accountId", "mailingId", "destinationId", type, "occurredAt", "linkId", "errorKind", "errorCode", "errorText", "userAgent", "ipHash", machine, "dedupeKey", "providerStatus", "errorReason")
      SELECT * FROM unnest(
        ${prepared.map((p) => p.d.accountId)}::int[], ${prepared.map((p) => p.r.mailingId)}::int[], ${prepared.map((p) => p.r.destinationId)}::bigint[],
        ${prepared.map((p) => p.type)}::"EventType"[], ${prepared.map((p) => p.r.at)}::timestamp[], ${prepared.map((p) => p.linkId)}::int[],
        ${prepared.map((p) => p.r.errorKind ?? null)}::"ErrorKind"[], ${prepared.map((p) => p.r.errorCode ?? null)}::text[],
        ${prepared.map((p) => p.r.errorText?.slice(0, 1000) ?? null)}::text[], ${prepared.map((p) => p.r.userAgent ?? null)}::text[],
        ${prepared.map((p) => p.r.ipHash ?? null)}::text[], ${prepared.map((p) => p.machine)}::boolean[], ${prepared.map((p) => p.r.key)}::text[],
        ${prepared.map((p) => (p.r.kind === 'one-click-unsubscribe' ? 'one-click' : null))}::text[],
        ${prepared.map((p) => p.r.errorReason ?? null)}::text[]
      )
      ON CONFLICT ("dedupeKey") DO NOTHING
      RETURNING "dedupeKey", id`;
    const fresh = new Set(inserted.map((i) => i.dedupeKey));
    // A key that comes twice in one batch is inserted once, so only its first occurrence counts.
    const unapplied = new Set(fresh);
    const applied = prepared.filter((p) => unapplied.delete(p.r.key));

    // Which (destination, link) pairs were clicked by a human before this batch, for unique link clicks.
    const humanClicks = applied.filter((p) => p.type === 'CLICK' && !p.machine && p.linkId !== null);
    const clickedBefore = new Set<string>();
    if (humanClicks.length) {
      const before = await tx.$queryRaw<{ destinationId: bigint; linkId: number }[]>`
        SELECT DISTINCT "destinationId", "linkId" FROM "Event"
        WHERE "destinationId" = ANY(${humanClicks.map((p) => p.r.destinationId)}::bigint[]) AND type = 'CLICK' AND machine = false
          AND "linkId" IS NOT NULL AND NOT ("dedupeKey" = ANY(${[...fresh]}::text[]))`;
      for (const b of before) clickedBefore.add(`${b.destinationId}:${b.linkId}`);
    }

    const aggregates = new Map<number, { mailing: MailingRef; changes: CounterChanges }>();
    const linkCounters = new Map<number, { total: number; unique: number }>();
    const timeline = new Map<string, HourCounters>();
    const changed = new Map<bigint, DestinationRow>();
    const profileEffects = new Map<number, ProfileEffectOf[]>();

    for (const { r, d, machine, event, linkId } of applied) {
      const folded = foldDestination(d, event);
      Object.assign(d, folded.state);
      changed.set(d.id, d);
      const agg = aggregates.get(r.mailingId) ?? {
        mailing: { mailingId: r.mailingId, accountId: d.accountId },
        changes: {},
      };
      agg.changes = addCounterChanges(agg.changes, folded.changes);
      aggregates.set(r.mailingId, agg);
      if (folded.profile) {
        const reason =
          folded.profile.kind === 'disable' && folded.profile.because === 'complaint'
            ? `spam complaint on mailing ${r.mailingId}`
            : `hard error: ${r.errorCode ?? ''} ${r.errorText ?? ''}`.trim().slice(0, 500);
        profileEffects.set(d.accountId, [
          ...(profileEffects.get(d.accountId) ?? []),
          { profileId: d.profileId, effect: folded.profile, reason },
        ]);
      }

      const hourKey = `${r.mailingId}|${hourOf(r.at)}`;
      const hour = timeline.get(hourKey) ?? {};
      timeline.set(hourKey, hour);
      if (r.kind === 'open' && !machine) bump(hour, 'impressions');
      if (r.kind === 'click') {
        const link = linkId !== null ? (linkCounters.get(linkId) ?? { total: 0, unique: 0 }) : null;
        if (link && linkId !== null) {
          link.total++;
          linkCounters.set(linkId, link);
        }
        if (!machine) {
          bump(hour, 'clicks');
          if (link && linkId !== null && !clickedBefore.has(`${d.id}:${linkId}`)) {
            link.unique++;
            clickedBefore.add(`${d.id}:${linkId}`);
          }
        }
      }
      if (r.kind === 'unsubscribe' || r.kind === 'one-click-unsubscribe') bump(hour, 'unsubscribes');
      if (r.kind === 'complaint') bump(hour, 'complaints');
      if (r.kind === 'bounce') bump(hour, 'errors');
    }

    if (changed.size) {
      const list = [...changed.values()];
      const bounced = applied.filter((p) => p.r.kind === 'bounce');
      await tx.$executeRaw`
        UPDATE "Destination" d SET "dominantResult" = u.dominant::"DominantResult", "openedAt" = u.opened, "clickedAt" = u.clicked,
          "unsubscribedAt" = u.unsubscribed, "complainedAt" = u.complained, "lastErrorKind" = COALESCE(u.error_kind::"ErrorKind", d."lastErrorKind"), "updatedAt" = now()
        FROM unnest(${list.map((d) => d.id)}::bigint[], ${list.map((d) => d.dominantResult)}::text[], ${list.map((d) => d.openedAt)}::timestamp[],
                    ${list.map((d) => d.clickedAt)}::timestamp[], ${list.map((d) => d.unsubscribedAt)}::timestamp[], ${list.map((d) => d.complainedAt)}::timestamp[],
                    ${list.map((d) => d.lastErrorKind)}::text[])
          AS u(id, dominant, opened, clicked, unsubscribed, complained, error_kind)
        WHERE d.id = u.id`;
      for (const b of bounced) {
        await tx.destination.update({
          where: { id: b.r.destinationId },
          data: {
            lastErrorCode: b.r.errorCode ?? null,
            lastErrorText: b.r.errorText?.slice(0, 1000) ?? null,
            lastErrorReason: b.r.errorReason ?? null,
          },
        });
      }
    }
    const sql = prismaRunner(tx);
    for (const { mailing, changes } of aggregates.values())
      await mailingAggregateRepository.apply(sql, mailing, changes);
    for (const [linkId, c] of linkCounters) {
      await tx.link.update({
        where: { id: linkId },
        data: { clicksTotal: { increment: c.total }, clicksUnique: { increment: c.unique } },
      });
    }
    for (const [key, c] of timeline) {
      const [mailingIdText, hourText] = key.split('|') as [string, string];
      const mailingId = Number(mailingIdText);
      const accountId = rows.find((r) => r.mailingId === mailingId)!.accountId;
      const values = {
        impressions: c.impressions ?? 0,
        clicks: c.clicks ?? 0,
        unsubscribes: c.unsubscribes ?? 0,
        complaints: c.complaints ?? 0,
        errors: c.errors ?? 0,
      };
      await tx.mailingTimeline.upsert({
        where: { mailingId_hour: { mailingId, hour: new Date(hourText) } },
        create: { mailingId, hour: new Date(hourText), accountId, ...values },
        update: Object.fromEntries(Object.entries(values).map(([k, v]) => [k, { increment: v }])),
      });
    }
    for (const [accountId, effects] of profileEffects) await writeProfileEffects(sql, accountId, effects);
    return { stored: applied.length, duplicates: known.length - applied.length, unknown };
  }
}
