-- AlterTable
ALTER TABLE "Survey" ADD COLUMN     "intro" TEXT NOT NULL DEFAULT '';

-- AlterTable
ALTER TABLE "SurveyResponse" ADD COLUMN     "mailingId" INTEGER,
ADD COLUMN     "updatedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP;

-- Backfill: a response's mailing is its destination's.
UPDATE "SurveyResponse" r SET "mailingId" = d."mailingId" FROM "Destination" d WHERE d."id" = r."destinationId";

-- CreateTable
CREATE TABLE "SurveyAnswer" (
    "id" BIGSERIAL NOT NULL,
    "responseId" BIGINT NOT NULL,
    "surveyId" INTEGER NOT NULL,
    "questionId" TEXT NOT NULL,
    "value" TEXT NOT NULL,

    CONSTRAINT "SurveyAnswer_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "SurveyAnswer_responseId_idx" ON "SurveyAnswer"("responseId");

-- CreateIndex
CREATE INDEX "SurveyAnswer_surveyId_questionId_value_idx" ON "SurveyAnswer"("surveyId", "questionId", "value");

-- CreateIndex
CREATE INDEX "SurveyResponse_surveyId_mailingId_idx" ON "SurveyResponse"("surveyId", "mailingId");

-- CreateIndex
CREATE INDEX "SurveyResponse_profileId_surveyId_idx" ON "SurveyResponse"("profileId", "surveyId");

-- CreateIndex
CREATE UNIQUE INDEX "SurveyResponse_surveyId_destinationId_key" ON "SurveyResponse"("surveyId", "destinationId");

-- AddForeignKey
ALTER TABLE "SurveyAnswer" ADD CONSTRAINT "SurveyAnswer_responseId_fkey" FOREIGN KEY ("responseId") REFERENCES "SurveyResponse"("id") ON DELETE CASCADE ON UPDATE CASCADE;
