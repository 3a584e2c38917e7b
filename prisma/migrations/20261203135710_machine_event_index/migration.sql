-- Machines' opens and clicks per link and per hour, for the reports that count them apart from
-- people's: a partial index holds only machine events, so reading them does not walk every event
-- of a large mailing. (Prisma's schema cannot declare a partial index; it lives here only.)
CREATE INDEX IF NOT EXISTS "Event_machine_mailingId_type_idx" ON "Event" ("mailingId", "type", "occurredAt", "linkId") WHERE "machine";
