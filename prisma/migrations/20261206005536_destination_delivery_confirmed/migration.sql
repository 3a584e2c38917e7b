-- AlterTable
ALTER TABLE "Destination" ADD COLUMN     "deliveryConfirmedAt" TIMESTAMP(3);
