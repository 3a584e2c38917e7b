-- AlterTable
ALTER TABLE "Field" ADD COLUMN     "label" TEXT;

-- AlterTable
ALTER TABLE "ImportJob" ADD COLUMN     "dateFormat" TEXT;

-- AlterTable
ALTER TABLE "ImportRejection" ADD COLUMN     "column" TEXT,
ADD COLUMN     "value" TEXT;
