-- AlterTable
ALTER TABLE "Destination" ADD COLUMN     "faxPages" INTEGER;
