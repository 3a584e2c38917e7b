-- AlterTable
ALTER TABLE "Destination" ADD COLUMN     "lastErrorReason" TEXT;

-- AlterTable
ALTER TABLE "Event" ADD COLUMN     "errorReason" TEXT;
