-- AlterTable
ALTER TABLE "SplitRun" ADD COLUMN     "finishedAt" TIMESTAMP(3);

-- AlterTable
ALTER TABLE "SplitRunVariant" ADD COLUMN     "sendAfterMinutes" INTEGER NOT NULL DEFAULT 0;
