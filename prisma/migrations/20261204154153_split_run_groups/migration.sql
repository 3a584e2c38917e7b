-- CreateEnum
CREATE TYPE "SplitRunFallback" AS ENUM ('CONTROL', 'WAIT');

-- AlterEnum
ALTER TYPE "SplitRunCriterion" ADD VALUE 'FEWEST_ERRORS';

-- AlterTable
ALTER TABLE "SplitRun" ADD COLUMN     "cancelledAt" TIMESTAMP(3),
ADD COLUMN     "decideAt" TIMESTAMP(3),
ADD COLUMN     "decision" JSONB,
ADD COLUMN     "fallback" "SplitRunFallback" NOT NULL DEFAULT 'CONTROL',
ADD COLUMN     "seed" TEXT NOT NULL,
ADD COLUMN     "settings" JSONB NOT NULL DEFAULT '{}',
ADD COLUMN     "significanceLevel" DOUBLE PRECISION,
ADD COLUMN     "testsSentAt" TIMESTAMP(3),
ADD COLUMN     "winnerBy" INTEGER,
ADD COLUMN     "withWinner" BOOLEAN NOT NULL DEFAULT true;

-- AlterTable
ALTER TABLE "SplitRunVariant" ADD COLUMN     "groupSize" INTEGER;

-- CreateTable
CREATE TABLE "SplitRunMember" (
    "splitRunId" INTEGER NOT NULL,
    "recipientId" INTEGER NOT NULL,
    "position" INTEGER NOT NULL,

    CONSTRAINT "SplitRunMember_pkey" PRIMARY KEY ("splitRunId","recipientId")
);

-- CreateIndex
CREATE INDEX "SplitRunMember_splitRunId_position_idx" ON "SplitRunMember"("splitRunId", "position");

-- CreateIndex
CREATE UNIQUE INDEX "SplitRun_finalMailingId_key" ON "SplitRun"("finalMailingId");

-- CreateIndex
CREATE UNIQUE INDEX "SplitRunVariant_mailingId_key" ON "SplitRunVariant"("mailingId");

-- AddForeignKey
ALTER TABLE "SplitRunMember" ADD CONSTRAINT "SplitRunMember_splitRunId_fkey" FOREIGN KEY ("splitRunId") REFERENCES "SplitRun"("id") ON DELETE CASCADE ON UPDATE CASCADE;
