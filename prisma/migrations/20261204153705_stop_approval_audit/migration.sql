-- CreateEnum
CREATE TYPE "ApprovalDecision" AS ENUM ('APPROVED', 'REJECTED');

-- AlterEnum
ALTER TYPE "DestinationStatus" ADD VALUE 'CANCELLED';

-- AlterTable
ALTER TABLE "Account" ADD COLUMN     "approvalRequired" BOOLEAN NOT NULL DEFAULT false;

-- AlterTable
ALTER TABLE "Mailing" ADD COLUMN     "createdBy" INTEGER;

-- AlterTable
ALTER TABLE "MailingAggregate" ADD COLUMN     "cancelled" INTEGER NOT NULL DEFAULT 0;

-- CreateTable
CREATE TABLE "Approval" (
    "id" SERIAL NOT NULL,
    "accountId" INTEGER NOT NULL,
    "mailingId" INTEGER,
    "scheduleId" INTEGER,
    "requestedBy" INTEGER NOT NULL,
    "requestedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "decision" "ApprovalDecision",
    "decidedBy" INTEGER,
    "decidedAt" TIMESTAMP(3),
    "comment" TEXT,
    "supersededAt" TIMESTAMP(3),

    CONSTRAINT "Approval_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AuditEntry" (
    "id" SERIAL NOT NULL,
    "accountId" INTEGER NOT NULL,
    "userId" INTEGER,
    "action" TEXT NOT NULL,
    "subjectType" TEXT NOT NULL,
    "subjectId" INTEGER NOT NULL,
    "detail" JSONB NOT NULL DEFAULT '{}',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "AuditEntry_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "Approval_accountId_mailingId_idx" ON "Approval"("accountId", "mailingId");

-- CreateIndex
CREATE INDEX "Approval_accountId_scheduleId_idx" ON "Approval"("accountId", "scheduleId");

-- CreateIndex
CREATE INDEX "AuditEntry_accountId_createdAt_idx" ON "AuditEntry"("accountId", "createdAt");

-- CreateIndex
CREATE INDEX "AuditEntry_accountId_subjectType_subjectId_idx" ON "AuditEntry"("accountId", "subjectType", "subjectId");
