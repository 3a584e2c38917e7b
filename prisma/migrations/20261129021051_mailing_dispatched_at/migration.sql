-- AlterTable
ALTER TABLE "Mailing" ADD COLUMN     "dispatchedAt" TIMESTAMP(3);
