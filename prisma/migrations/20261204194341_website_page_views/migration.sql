-- AlterTable
-- Backfilled for existing websites before it becomes required.
ALTER TABLE "Website" ADD COLUMN     "publicKey" TEXT;
UPDATE "Website" SET "publicKey" = gen_random_uuid()::text WHERE "publicKey" IS NULL;
ALTER TABLE "Website" ALTER COLUMN "publicKey" SET NOT NULL;

-- AlterTable
ALTER TABLE "PageView" ADD COLUMN     "destinationId" BIGINT,
ADD COLUMN     "mailingId" INTEGER,
ADD COLUMN     "path" TEXT NOT NULL DEFAULT '',
ADD COLUMN     "streamId" TEXT,
ADD COLUMN     "utmCampaign" TEXT,
ADD COLUMN     "utmMedium" TEXT,
ADD COLUMN     "utmSource" TEXT,
ADD COLUMN     "visitorId" TEXT;

-- Backfill: a stored view's path from its URL, without scheme, host, query or fragment.
UPDATE "PageView" SET "path" = COALESCE(NULLIF(split_part(split_part(regexp_replace("url", '^[A-Za-z][A-Za-z0-9+.-]*://[^/?#]*', ''), '?', 1), '#', 1), ''), '/');

-- CreateIndex
CREATE UNIQUE INDEX "Website_publicKey_key" ON "Website"("publicKey");

-- CreateIndex
CREATE UNIQUE INDEX "PageView_streamId_key" ON "PageView"("streamId");

-- CreateIndex
CREATE INDEX "PageView_websiteId_path_idx" ON "PageView"("websiteId", "path");
