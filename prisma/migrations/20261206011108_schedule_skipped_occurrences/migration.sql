-- AlterTable
ALTER TABLE "Schedule" ADD COLUMN     "skippedOccurrences" TIMESTAMP(3)[] DEFAULT ARRAY[]::TIMESTAMP(3)[];
