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

/** A MailingTimeline row's counters; machine opens and clicks apart from people's. */
type HourCounters = Partial<
  Record<
    'impressions' | 'clicks' | 'unsubscribes' | 'complaints' | 'errors' | 'machineImpressions' | 'machineClicks',
    number
  >
>;

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

/** The destination columns the ingestion writes, as one comparable value. */
function storedFoldOf(d: DestinationRow): string {
  return [
    d.dominantResult,
    d.openedAt?.getTime(),
    d.clickedAt?.getTime(),
    d.unsubscribedAt?.getTime(),
    d.complainedAt?.getTime(),
    d.lastErrorKind,
  ].join('|');
}

function hourOf(date: Date): Date {
  return new Date(Math.floor(date.getTime() / 3_600_000) * 3_600_000);
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
    const linkCounters = new Map<number, { total: number; unique: number; machine: number }>();
    const timeline = new Map<string, { mailingId: number; accountId: number; hour: Date; counters: HourCounters }>();
    const touched = new Map<bigint, { row: DestinationRow; stored: string }>();
    const profileEffects = new Map<number, ProfileEffectOf[]>();

    for (const { r, d, machine, event, linkId } of applied) {
      if (!touched.has(d.id)) touched.set(d.id, { row: d, stored: storedFoldOf(d) });
      const folded = foldDestination(d, event);
      Object.assign(d, folded.state);
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

      const hourStart = hourOf(r.at);
      const hourKey = `${r.mailingId}|${hourStart.getTime()}`;
      const hourRow = timeline.get(hourKey) ?? {
        mailingId: r.mailingId,
        accountId: d.accountId,
        hour: hourStart,
        counters: {},
      };
      timeline.set(hourKey, hourRow);
      const hour = hourRow.counters;
      if (r.kind === 'open') bump(hour, machine ? 'machineImpressions' : 'impressions');
      if (r.kind === 'click') {
        const link = linkId !== null ? (linkCounters.get(linkId) ?? { total: 0, unique: 0, machine: 0 }) : null;
        if (link && linkId !== null) {
          link.total++;
          if (machine) link.machine++;
          linkCounters.set(linkId, link);
        }
        if (machine) bump(hour, 'machineClicks');
        else {
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

    // A repeated open or click leaves the destination as it was: only rows the batch changed are written.
    const list = [...touched.values()].filter((t) => storedFoldOf(t.row) !== t.stored).map((t) => t.row);
    if (list.length) {
      await tx.$executeRaw`
        UPDATE "Destination" d SET "dominantResult" = u.dominant::"DominantResult", "openedAt" = u.opened, "clickedAt" = u.clicked,
          "unsubscribedAt" = u.unsubscribed, "complainedAt" = u.complained, "lastErrorKind" = COALESCE(u.error_kind::"ErrorKind", d."lastErrorKind"), "updatedAt" = now()
        FROM unnest(${list.map((d) => d.id)}::bigint[], ${list.map((d) => d.dominantResult)}::text[], ${list.map((d) => d.openedAt)}::timestamp[],
                    ${list.map((d) => d.clickedAt)}::timestamp[], ${list.map((d) => d.unsubscribedAt)}::timestamp[], ${list.map((d) => d.complainedAt)}::timestamp[],
                    ${list.map((d) => d.lastErrorKind)}::text[])
          AS u(id, dominant, opened, clicked, unsubscribed, complained, error_kind)
        WHERE d.id = u.id`;
    }
    // Each bounced destination keeps its last bounce's code, text and reason (results are in time order).
    const lastBounces = new Map(applied.filter((p) => p.r.kind === 'bounce').map((p) => [p.r.destinationId, p.r]));
    if (lastBounces.size) {
      const bounces = [...lastBounces.values()].sort((a, b) => (a.destinationId < b.destinationId ? -1 : 1));
      await tx.$executeRaw`
        UPDATE "Destination" d SET "lastErrorCode" = u.code, "lastErrorText" = u.text, "lastErrorReason" = u.reason
        FROM unnest(${bounces.map((b) => b.destinationId)}::bigint[], ${bounces.map((b) => b.errorCode ?? null)}::text[],
                    ${bounces.map((b) => b.errorText?.slice(0, 1000) ?? null)}::text[], ${bounces.map((b) => b.errorReason ?? null)}::text[])
          AS u(id, code, text, reason)
        WHERE d.id = u.id`;
    }
    const sql = prismaRunner(tx);
    for (const { mailing, changes } of aggregates.values())
      await mailingAggregateRepository.apply(sql, mailing, changes);
    // One statement each for every link and every hour the batch touched, not one per row.
    if (linkCounters.size) {
      const links = [...linkCounters].sort(([a], [b]) => a - b);
      await tx.$executeRaw`
        UPDATE "Link" l SET "clicksTotal" = l."clicksTotal" + u.total, "clicksUnique" = l."clicksUnique" + u.uniq,
          "clicksMachine" = l."clicksMachine" + u.machine
        FROM unnest(${links.map(([id]) => id)}::int[], ${links.map(([, c]) => c.total)}::int[],
                    ${links.map(([, c]) => c.unique)}::int[], ${links.map(([, c]) => c.machine)}::int[])
          AS u(id, total, uniq, machine)
        WHERE l.id = u.id`;
    }
    if (timeline.size) {
      const hours = [...timeline.values()];
      // Sorted by key so that concurrent batches lock the same hours in the same order.
      hours.sort((a, b) => a.mailingId - b.mailingId || a.hour.getTime() - b.hour.getTime());
      const column = (name: keyof HourCounters) => hours.map((h) => h.counters[name] ?? 0);
      await tx.$executeRaw`
        INSERT INTO "MailingTimeline" AS t ("mailingId", hour, "accountId", impressions, clicks, unsubscribes, complaints, errors, "machineImpressions", "machineClicks")
        SELECT * FROM unnest(${hours.map((h) => h.mailingId)}::int[], ${hours.map((h) => h.hour)}::timestamp[],
          ${hours.map((h) => h.accountId)}::int[], ${column('impressions')}::int[], ${column('clicks')}::int[],
          ${column('unsubscribes')}::int[], ${column('complaints')}::int[], ${column('errors')}::int[],
          ${column('machineImpressions')}::int[], ${column('machineClicks')}::int[])
        ON CONFLICT ("mailingId", hour) DO UPDATE SET
          impressions = t.impressions + EXCLUDED.impressions, clicks = t.clicks + EXCLUDED.clicks,
          unsubscribes = t.unsubscribes + EXCLUDED.unsubscribes, complaints = t.complaints + EXCLUDED.complaints,
          errors = t.errors + EXCLUDED.errors, "machineImpressions" = t."machineImpressions" + EXCLUDED."machineImpressions",
          "machineClicks" = t."machineClicks" + EXCLUDED."machineClicks"`;
    }
    for (const [accountId, effects] of profileEffects) await writeProfileEffects(sql, accountId, effects);
    return { stored: applied.length, duplicates: known.length - applied.length, unknown };
  }
}
