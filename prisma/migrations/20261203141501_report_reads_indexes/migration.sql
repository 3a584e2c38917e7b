-- Two reads of the mailing report that the aggregate cannot answer yet, each over a partial index that
-- holds only the few rows it needs (Prisma's schema cannot declare a partial index; they live here only):
-- the people who clicked with no open registered before (the click implies an impression), and the
-- errors recorded at send time, which the hourly timeline does not hold.
CREATE INDEX IF NOT EXISTS "Destination_implied_impression_idx" ON "Destination" ("mailingId", "clickedAt")
  WHERE "clickedAt" IS NOT NULL AND ("openedAt" IS NULL OR "openedAt" > "clickedAt");
CREATE INDEX IF NOT EXISTS "Event_send_error_idx" ON "Event" ("mailingId", "occurredAt")
  WHERE type = 'ERROR' AND "dedupeKey" IS NULL;
