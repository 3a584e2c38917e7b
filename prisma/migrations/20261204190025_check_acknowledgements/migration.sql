-- CreateTable
CREATE TABLE "CheckAcknowledgement" (
    "id" SERIAL NOT NULL,
    "accountId" INTEGER NOT NULL,
    "mailingId" INTEGER NOT NULL,
    "documentVersionId" INTEGER NOT NULL,
    "findingKey" TEXT NOT NULL,
    "message" TEXT NOT NULL,
    "acknowledgedBy" INTEGER NOT NULL,
    "acknowledgedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "CheckAcknowledgement_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "CheckAcknowledgement_accountId_mailingId_idx" ON "CheckAcknowledgement"("accountId", "mailingId");

-- CreateIndex
CREATE UNIQUE INDEX "CheckAcknowledgement_mailingId_documentVersionId_findingKey_key" ON "CheckAcknowledgement"("mailingId", "documentVersionId", "findingKey");
