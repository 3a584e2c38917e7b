import { unmarkedCode } from '@herald/contracts';
import { prismaRunner, providerDestinationRepository, type PrismaClient } from '@herald/db';

type FailureRow = { code: string | null; kind: 'HARD' | 'SOFT' | 'COMPOSE' | null; count: bigint };

/** Where an SMS's or fax's messages ended, from the statistics fold's counters and the destinations' last errors. */
export interface ProviderDeliveryFigures {
  destinations: number;
  sent: number;
  delivered: number;
  confirmed: number;
  awaitingReport: number;
  failed: number;
  undelivered: number;
  pending: number;
  failures: Array<{ code: string; kind: 'HARD' | 'SOFT' | 'COMPOSE' | null; count: number }>;
}

/**
 * The figures an SMS and a fax report share: sent, delivered (sent and not reported failed since, the
 * fold's) split into confirmed by a delivery report and awaiting one (the product's successful and
 * unknown), failed at send, undelivered by a provider's callback, pending, and failures by code.
 */
export async function providerDeliveryFigures(db: PrismaClient, mailingId: number): Promise<ProviderDeliveryFigures> {
  const [aggregate, undelivered, confirmed, failures] = await Promise.all([
    db.mailingAggregate.findUnique({
      where: { mailingId },
      select: { destinations: true, sent: true, delivered: true, failed: true },
    }),
    db.destination.count({ where: { mailingId, status: 'SENT', dominantResult: 'ERROR' } }),
    // A delivery report is a message's first final status, so no error follows it; the filter says so anyway.
    db.destination.count({
      where: { mailingId, status: 'SENT', deliveryConfirmedAt: { not: null }, dominantResult: { not: 'ERROR' } },
    }),
    db.$queryRaw<FailureRow[]>`
      SELECT "lastErrorCode" AS code, "lastErrorKind"::text AS kind, count(*) AS count
      FROM "Destination"
      WHERE "mailingId" = ${mailingId} AND (status = 'FAILED' OR (status = 'SENT' AND "dominantResult" = 'ERROR'))
      GROUP BY 1, 2 ORDER BY 3 DESC, 1`,
  ]);
  const figures = aggregate ?? { destinations: 0, sent: 0, delivered: 0, failed: 0 };
  return {
    ...figures,
    confirmed,
    awaitingReport: Math.max(0, figures.delivered - confirmed),
    undelivered,
    pending: Math.max(0, figures.destinations - figures.sent - figures.failed),
    failures: failures.map((f) => ({
      // The ingestion keeps a sender-side code as `sender:<code>`; a report shows the provider's code.
      code: unmarkedCode(f.code ?? 'unknown'),
      kind: f.kind,
      count: Number(f.count),
    })),
  };
}

/**
 * The destination a provider's status callback names, once its send is recorded (the repository
 * waits a while for the worker's batch to store it).
 */
export function sentDestination(
  db: PrismaClient,
  target: { mailingId: number; destinationId: bigint },
): Promise<{ providerMessageId: string | null } | null> {
  return providerDestinationRepository.sentDestination(prismaRunner(db), target);
}
