-- AlterTable
ALTER TABLE "Destination" ADD COLUMN     "smsSegments" INTEGER;
