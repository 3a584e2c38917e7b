-- DropIndex
DROP INDEX "Destination_mailingId_dominantResult_idx";

-- DropIndex
DROP INDEX "Event_mailingId_type_idx";

-- CreateIndex
CREATE INDEX "Destination_mailingId_dominantResult_recipientId_idx" ON "Destination"("mailingId", "dominantResult", "recipientId");

-- CreateIndex
CREATE INDEX "Event_mailingId_type_id_idx" ON "Event"("mailingId", "type", "id");
