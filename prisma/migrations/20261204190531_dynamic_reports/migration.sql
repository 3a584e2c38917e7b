-- CreateTable
CREATE TABLE "DynamicReport" (
    "id" SERIAL NOT NULL,
    "accountId" INTEGER NOT NULL,
    "ownerId" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    "definition" JSONB NOT NULL,
    "shared" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "DynamicReport_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "DynamicReport_accountId_ownerId_idx" ON "DynamicReport"("accountId", "ownerId");
