-- CreateEnum
CREATE TYPE "ScheduleRunStatus" AS ENUM ('QUEUED', 'SKIPPED');

-- AlterTable
ALTER TABLE "Account" ADD COLUMN     "timezone" TEXT NOT NULL DEFAULT 'Europe/Amsterdam';

-- AlterTable
ALTER TABLE "Schedule" DROP COLUMN "channel",
DROP COLUMN "collectionId",
DROP COLUMN "databaseId",
DROP COLUMN "documentId",
DROP COLUMN "endAt",
DROP COLUMN "name",
DROP COLUMN "selectionId",
DROP COLUMN "settings",
DROP COLUMN "targetType",
DROP COLUMN "toSubprofiles",
ADD COLUMN     "createdBy" INTEGER,
ADD COLUMN     "endDate" TEXT,
ADD COLUMN     "mailingId" INTEGER NOT NULL,
ADD COLUMN     "recurrence" JSONB NOT NULL,
ALTER COLUMN "timezone" DROP DEFAULT;

-- CreateTable
CREATE TABLE "ScheduleRun" (
    "id" SERIAL NOT NULL,
    "accountId" INTEGER NOT NULL,
    "scheduleId" INTEGER NOT NULL,
    "occurrenceAt" TIMESTAMP(3) NOT NULL,
    "status" "ScheduleRunStatus" NOT NULL,
    "reason" TEXT,
    "mailingId" INTEGER,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ScheduleRun_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "ScheduleRun_scheduleId_occurrenceAt_key" ON "ScheduleRun"("scheduleId", "occurrenceAt");

-- CreateIndex
CREATE UNIQUE INDEX "Schedule_mailingId_key" ON "Schedule"("mailingId");

-- AddForeignKey
ALTER TABLE "ScheduleRun" ADD CONSTRAINT "ScheduleRun_scheduleId_fkey" FOREIGN KEY ("scheduleId") REFERENCES "Schedule"("id") ON DELETE CASCADE ON UPDATE CASCADE;
