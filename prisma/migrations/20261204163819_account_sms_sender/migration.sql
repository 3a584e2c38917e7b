-- AlterTable
ALTER TABLE "Account" ADD COLUMN     "smsSender" TEXT;
