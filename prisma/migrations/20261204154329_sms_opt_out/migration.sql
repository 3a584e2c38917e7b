-- AlterTable
ALTER TABLE "Profile" ADD COLUMN     "smsUnsubscribedAt" TIMESTAMP(3);

-- CreateIndex
CREATE INDEX "Profile_mobile_idx" ON "Profile"("mobile");
