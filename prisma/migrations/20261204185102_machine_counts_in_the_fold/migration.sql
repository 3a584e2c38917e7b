-- AlterTable
ALTER TABLE "Link" ADD COLUMN     "clicksMachine" INTEGER NOT NULL DEFAULT 0;

-- AlterTable
ALTER TABLE "MailingTimeline" ADD COLUMN     "machineClicks" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "machineImpressions" INTEGER NOT NULL DEFAULT 0;

-- The counts of the events already stored, so reports of earlier mailings keep their machine figures
-- (the worker adds to these columns from now on; hours in UTC, as the worker's hourOf).
INSERT INTO "MailingTimeline" ("mailingId", "hour", "accountId", "machineImpressions", "machineClicks")
SELECT e."mailingId", date_trunc('hour', e."occurredAt"), min(e."accountId"),
       count(*) FILTER (WHERE e."type" = 'IMPRESSION'), count(*) FILTER (WHERE e."type" = 'CLICK')
FROM "Event" e
WHERE e."machine" AND e."type" IN ('IMPRESSION', 'CLICK')
GROUP BY 1, 2
ON CONFLICT ("mailingId", "hour") DO UPDATE
  SET "machineImpressions" = EXCLUDED."machineImpressions", "machineClicks" = EXCLUDED."machineClicks";

UPDATE "Link" l SET "clicksMachine" = c.n
FROM (SELECT e."linkId", count(*)::int AS n FROM "Event" e
      WHERE e."machine" AND e."type" = 'CLICK' AND e."linkId" IS NOT NULL GROUP BY 1) c
WHERE l."id" = c."linkId";

-- Nothing reads machine events by mailing any more: the index only cost every machine event's insert.
DROP INDEX IF EXISTS "Event_machine_mailingId_type_idx";
