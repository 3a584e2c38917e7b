-- CreateEnum
CREATE TYPE "Role" AS ENUM ('ADMIN', 'MARKETER', 'VIEWER');

-- CreateEnum
CREATE TYPE "FieldType" AS ENUM ('TEXT', 'NUMBER', 'DATE', 'BOOLEAN', 'EMAIL', 'PHONE', 'CHOICE');

-- CreateEnum
CREATE TYPE "Channel" AS ENUM ('EMAIL', 'SMS', 'FAX');

-- CreateEnum
CREATE TYPE "TargetType" AS ENUM ('DATABASE', 'COLLECTION', 'SELECTION');

-- CreateEnum
CREATE TYPE "MailingStatus" AS ENUM ('DRAFT', 'SCHEDULED', 'QUEUED', 'SENDING', 'SENT', 'CANCELLED', 'FAILED');

-- CreateEnum
CREATE TYPE "DestinationStatus" AS ENUM ('PENDING', 'SENT', 'FAILED', 'SUPPRESSED');

-- CreateEnum
CREATE TYPE "DominantResult" AS ENUM ('ERROR', 'NO_FEEDBACK', 'IMPRESSION', 'CLICK', 'UNSUBSCRIBE', 'COMPLAINT');

-- CreateEnum
CREATE TYPE "EventType" AS ENUM ('DELIVERED', 'ERROR', 'IMPRESSION', 'CLICK', 'UNSUBSCRIBE', 'COMPLAINT', 'PROVIDER_STATUS');

-- CreateEnum
CREATE TYPE "ErrorKind" AS ENUM ('SOFT', 'HARD', 'COMPOSE');

-- CreateEnum
CREATE TYPE "ScheduleKind" AS ENUM ('ONCE', 'DAILY', 'WEEKLY', 'MONTHLY', 'RRULE');

-- CreateEnum
CREATE TYPE "SplitRunCriterion" AS ENUM ('IMPRESSIONS', 'UNIQUE_IMPRESSIONS', 'CLICKS', 'UNIQUE_CLICKS', 'CTR', 'MANUAL');

-- CreateEnum
CREATE TYPE "SplitRunStatus" AS ENUM ('DRAFT', 'TESTING', 'WAITING', 'DECIDED', 'FINISHED', 'CANCELLED');

-- CreateEnum
CREATE TYPE "ImportStatus" AS ENUM ('QUEUED', 'RUNNING', 'DONE', 'FAILED');

-- CreateTable
CREATE TABLE "Account" (
    "id" SERIAL NOT NULL,
    "name" TEXT NOT NULL,
    "softErrorLimit" INTEGER NOT NULL DEFAULT 3,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Account_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "User" (
    "id" SERIAL NOT NULL,
    "accountId" INTEGER NOT NULL,
    "email" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "passwordHash" TEXT NOT NULL,
    "role" "Role" NOT NULL DEFAULT 'MARKETER',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    "lastLoginAt" TIMESTAMP(3),

    CONSTRAINT "User_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ApiKey" (
    "id" SERIAL NOT NULL,
    "accountId" INTEGER NOT NULL,
    "userId" INTEGER,
    "name" TEXT NOT NULL,
    "prefix" TEXT NOT NULL,
    "keyHash" TEXT NOT NULL,
    "role" "Role" NOT NULL DEFAULT 'MARKETER',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastUsedAt" TIMESTAMP(3),
    "revokedAt" TIMESTAMP(3),

    CONSTRAINT "ApiKey_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SmtpSettings" (
    "id" SERIAL NOT NULL,
    "accountId" INTEGER NOT NULL,
    "host" TEXT NOT NULL,
    "port" INTEGER NOT NULL,
    "secure" BOOLEAN NOT NULL DEFAULT false,
    "username" TEXT,
    "password" TEXT,
    "senderDomains" TEXT[],
    "maxConnections" INTEGER NOT NULL DEFAULT 2,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "SmtpSettings_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Database" (
    "id" SERIAL NOT NULL,
    "accountId" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Database_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Field" (
    "id" SERIAL NOT NULL,
    "accountId" INTEGER NOT NULL,
    "databaseId" INTEGER,
    "collectionId" INTEGER,
    "name" TEXT NOT NULL,
    "type" "FieldType" NOT NULL,
    "required" BOOLEAN NOT NULL DEFAULT false,
    "unique" BOOLEAN NOT NULL DEFAULT false,
    "choices" TEXT[],
    "position" INTEGER NOT NULL DEFAULT 0,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Field_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Profile" (
    "id" SERIAL NOT NULL,
    "accountId" INTEGER NOT NULL,
    "databaseId" INTEGER NOT NULL,
    "email" TEXT,
    "mobile" TEXT,
    "fax" TEXT,
    "values" JSONB NOT NULL DEFAULT '{}',
    "unsubscribedAt" TIMESTAMP(3),
    "unsubscribeReason" TEXT,
    "disabledAt" TIMESTAMP(3),
    "disabledReason" TEXT,
    "softErrorStreak" INTEGER NOT NULL DEFAULT 0,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    "deletedAt" TIMESTAMP(3),

    CONSTRAINT "Profile_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ProfileChange" (
    "id" BIGSERIAL NOT NULL,
    "accountId" INTEGER NOT NULL,
    "profileId" INTEGER NOT NULL,
    "source" TEXT NOT NULL,
    "change" JSONB NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ProfileChange_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Collection" (
    "id" SERIAL NOT NULL,
    "accountId" INTEGER NOT NULL,
    "databaseId" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Collection_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Subprofile" (
    "id" SERIAL NOT NULL,
    "accountId" INTEGER NOT NULL,
    "collectionId" INTEGER NOT NULL,
    "profileId" INTEGER NOT NULL,
    "values" JSONB NOT NULL DEFAULT '{}',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    "deletedAt" TIMESTAMP(3),

    CONSTRAINT "Subprofile_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Selection" (
    "id" SERIAL NOT NULL,
    "accountId" INTEGER NOT NULL,
    "databaseId" INTEGER NOT NULL,
    "collectionId" INTEGER,
    "name" TEXT NOT NULL,
    "conditions" JSONB NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Selection_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ImportJob" (
    "id" SERIAL NOT NULL,
    "accountId" INTEGER NOT NULL,
    "databaseId" INTEGER NOT NULL,
    "status" "ImportStatus" NOT NULL DEFAULT 'QUEUED',
    "fileName" TEXT NOT NULL,
    "filePath" TEXT NOT NULL,
    "mapping" JSONB NOT NULL,
    "keyField" TEXT,
    "totalRows" INTEGER NOT NULL DEFAULT 0,
    "created" INTEGER NOT NULL DEFAULT 0,
    "updated" INTEGER NOT NULL DEFAULT 0,
    "unchanged" INTEGER NOT NULL DEFAULT 0,
    "rejected" INTEGER NOT NULL DEFAULT 0,
    "failure" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "startedAt" TIMESTAMP(3),
    "finishedAt" TIMESTAMP(3),

    CONSTRAINT "ImportJob_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ImportRejection" (
    "id" BIGSERIAL NOT NULL,
    "importId" INTEGER NOT NULL,
    "line" INTEGER NOT NULL,
    "reason" TEXT NOT NULL,

    CONSTRAINT "ImportRejection_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Document" (
    "id" SERIAL NOT NULL,
    "accountId" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    "channel" "Channel" NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Document_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "DocumentVersion" (
    "id" SERIAL NOT NULL,
    "accountId" INTEGER NOT NULL,
    "documentId" INTEGER NOT NULL,
    "version" INTEGER NOT NULL,
    "fromName" TEXT,
    "fromAddress" TEXT,
    "replyTo" TEXT,
    "subject" TEXT,
    "html" TEXT,
    "text" TEXT,
    "body" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "DocumentVersion_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Mailing" (
    "id" SERIAL NOT NULL,
    "accountId" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    "channel" "Channel" NOT NULL,
    "documentId" INTEGER NOT NULL,
    "documentVersionId" INTEGER,
    "targetType" "TargetType" NOT NULL,
    "databaseId" INTEGER NOT NULL,
    "collectionId" INTEGER,
    "selectionId" INTEGER,
    "toSubprofiles" BOOLEAN NOT NULL DEFAULT false,
    "status" "MailingStatus" NOT NULL DEFAULT 'DRAFT',
    "settings" JSONB NOT NULL DEFAULT '{}',
    "scheduleId" INTEGER,
    "splitRunId" INTEGER,
    "splitRunVariantId" INTEGER,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    "queuedAt" TIMESTAMP(3),
    "startedAt" TIMESTAMP(3),
    "finishedAt" TIMESTAMP(3),
    "cancelledAt" TIMESTAMP(3),
    "cancelledBy" INTEGER,
    "failureReason" TEXT,

    CONSTRAINT "Mailing_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Schedule" (
    "id" SERIAL NOT NULL,
    "accountId" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    "channel" "Channel" NOT NULL,
    "documentId" INTEGER NOT NULL,
    "targetType" "TargetType" NOT NULL,
    "databaseId" INTEGER NOT NULL,
    "collectionId" INTEGER,
    "selectionId" INTEGER,
    "toSubprofiles" BOOLEAN NOT NULL DEFAULT false,
    "settings" JSONB NOT NULL DEFAULT '{}',
    "kind" "ScheduleKind" NOT NULL,
    "rrule" TEXT,
    "timezone" TEXT NOT NULL DEFAULT 'UTC',
    "startAt" TIMESTAMP(3) NOT NULL,
    "endAt" TIMESTAMP(3),
    "maxRuns" INTEGER NOT NULL DEFAULT 0,
    "runCount" INTEGER NOT NULL DEFAULT 0,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "nextRunAt" TIMESTAMP(3),
    "lastRunAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Schedule_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SplitRun" (
    "id" SERIAL NOT NULL,
    "accountId" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    "channel" "Channel" NOT NULL DEFAULT 'EMAIL',
    "targetType" "TargetType" NOT NULL,
    "databaseId" INTEGER NOT NULL,
    "collectionId" INTEGER,
    "selectionId" INTEGER,
    "toSubprofiles" BOOLEAN NOT NULL DEFAULT false,
    "criterion" "SplitRunCriterion" NOT NULL DEFAULT 'IMPRESSIONS',
    "waitMinutes" INTEGER NOT NULL,
    "status" "SplitRunStatus" NOT NULL DEFAULT 'DRAFT',
    "winnerVariantId" INTEGER,
    "winnerReason" TEXT,
    "finalMailingId" INTEGER,
    "scheduledAt" TIMESTAMP(3),
    "decidedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "SplitRun_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SplitRunVariant" (
    "id" SERIAL NOT NULL,
    "accountId" INTEGER NOT NULL,
    "splitRunId" INTEGER NOT NULL,
    "label" TEXT NOT NULL,
    "position" INTEGER NOT NULL,
    "documentId" INTEGER NOT NULL,
    "subject" TEXT,
    "fromName" TEXT,
    "groupPercent" DOUBLE PRECISION,
    "groupCount" INTEGER,
    "mailingId" INTEGER,

    CONSTRAINT "SplitRunVariant_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Destination" (
    "id" BIGSERIAL NOT NULL,
    "accountId" INTEGER NOT NULL,
    "mailingId" INTEGER NOT NULL,
    "recipientId" INTEGER NOT NULL,
    "profileId" INTEGER NOT NULL,
    "subprofileId" INTEGER,
    "address" TEXT NOT NULL,
    "status" "DestinationStatus" NOT NULL DEFAULT 'PENDING',
    "suppressionReason" TEXT,
    "providerMessageId" TEXT,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "dominantResult" "DominantResult" NOT NULL DEFAULT 'NO_FEEDBACK',
    "lastErrorKind" "ErrorKind",
    "lastErrorCode" TEXT,
    "lastErrorText" TEXT,
    "sentAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Destination_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Link" (
    "id" SERIAL NOT NULL,
    "accountId" INTEGER NOT NULL,
    "mailingId" INTEGER NOT NULL,
    "url" TEXT NOT NULL,
    "position" INTEGER NOT NULL,
    "isUnsubscribe" BOOLEAN NOT NULL DEFAULT false,
    "clicksTotal" INTEGER NOT NULL DEFAULT 0,
    "clicksUnique" INTEGER NOT NULL DEFAULT 0,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Link_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Event" (
    "id" BIGSERIAL NOT NULL,
    "accountId" INTEGER NOT NULL,
    "mailingId" INTEGER NOT NULL,
    "destinationId" BIGINT NOT NULL,
    "type" "EventType" NOT NULL,
    "occurredAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "linkId" INTEGER,
    "errorKind" "ErrorKind",
    "errorCode" TEXT,
    "errorText" TEXT,
    "providerStatus" TEXT,
    "userAgent" TEXT,
    "ipHash" TEXT,
    "machine" BOOLEAN NOT NULL DEFAULT false,
    "dedupeKey" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Event_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "MailingAggregate" (
    "mailingId" INTEGER NOT NULL,
    "accountId" INTEGER NOT NULL,
    "destinations" INTEGER NOT NULL DEFAULT 0,
    "sent" INTEGER NOT NULL DEFAULT 0,
    "failed" INTEGER NOT NULL DEFAULT 0,
    "suppressed" INTEGER NOT NULL DEFAULT 0,
    "delivered" INTEGER NOT NULL DEFAULT 0,
    "errorsTotal" INTEGER NOT NULL DEFAULT 0,
    "errorsUnique" INTEGER NOT NULL DEFAULT 0,
    "errorsSoft" INTEGER NOT NULL DEFAULT 0,
    "errorsHard" INTEGER NOT NULL DEFAULT 0,
    "impressionsTotal" INTEGER NOT NULL DEFAULT 0,
    "impressionsUnique" INTEGER NOT NULL DEFAULT 0,
    "impressionsMachine" INTEGER NOT NULL DEFAULT 0,
    "clicksTotal" INTEGER NOT NULL DEFAULT 0,
    "clicksUnique" INTEGER NOT NULL DEFAULT 0,
    "clicksMachine" INTEGER NOT NULL DEFAULT 0,
    "unsubscribesTotal" INTEGER NOT NULL DEFAULT 0,
    "unsubscribesUnique" INTEGER NOT NULL DEFAULT 0,
    "complaintsTotal" INTEGER NOT NULL DEFAULT 0,
    "complaintsUnique" INTEGER NOT NULL DEFAULT 0,
    "dominantError" INTEGER NOT NULL DEFAULT 0,
    "dominantNoFeedback" INTEGER NOT NULL DEFAULT 0,
    "dominantImpression" INTEGER NOT NULL DEFAULT 0,
    "dominantClick" INTEGER NOT NULL DEFAULT 0,
    "dominantUnsubscribe" INTEGER NOT NULL DEFAULT 0,
    "dominantComplaint" INTEGER NOT NULL DEFAULT 0,
    "updatedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "MailingAggregate_pkey" PRIMARY KEY ("mailingId")
);

-- CreateTable
CREATE TABLE "MailingTimeline" (
    "mailingId" INTEGER NOT NULL,
    "hour" TIMESTAMP(3) NOT NULL,
    "accountId" INTEGER NOT NULL,
    "impressions" INTEGER NOT NULL DEFAULT 0,
    "clicks" INTEGER NOT NULL DEFAULT 0,
    "unsubscribes" INTEGER NOT NULL DEFAULT 0,
    "complaints" INTEGER NOT NULL DEFAULT 0,
    "errors" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "MailingTimeline_pkey" PRIMARY KEY ("mailingId","hour")
);

-- CreateTable
CREATE TABLE "SharedReport" (
    "id" SERIAL NOT NULL,
    "accountId" INTEGER NOT NULL,
    "mailingId" INTEGER NOT NULL,
    "title" TEXT NOT NULL,
    "tokenHash" TEXT NOT NULL,
    "expiresAt" TIMESTAMP(3),
    "revokedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "SharedReport_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Survey" (
    "id" SERIAL NOT NULL,
    "accountId" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    "questions" JSONB NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Survey_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SurveyResponse" (
    "id" BIGSERIAL NOT NULL,
    "accountId" INTEGER NOT NULL,
    "surveyId" INTEGER NOT NULL,
    "destinationId" BIGINT,
    "profileId" INTEGER,
    "answers" JSONB NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "SurveyResponse_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Website" (
    "id" SERIAL NOT NULL,
    "accountId" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    "domain" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Website_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PageView" (
    "id" BIGSERIAL NOT NULL,
    "accountId" INTEGER NOT NULL,
    "websiteId" INTEGER NOT NULL,
    "profileId" INTEGER,
    "url" TEXT NOT NULL,
    "referrer" TEXT,
    "userAgent" TEXT,
    "ipHash" TEXT,
    "occurredAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "PageView_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "User_email_key" ON "User"("email");

-- CreateIndex
CREATE INDEX "User_accountId_idx" ON "User"("accountId");

-- CreateIndex
CREATE UNIQUE INDEX "ApiKey_keyHash_key" ON "ApiKey"("keyHash");

-- CreateIndex
CREATE INDEX "ApiKey_accountId_idx" ON "ApiKey"("accountId");

-- CreateIndex
CREATE UNIQUE INDEX "SmtpSettings_accountId_key" ON "SmtpSettings"("accountId");

-- CreateIndex
CREATE INDEX "Database_accountId_idx" ON "Database"("accountId");

-- CreateIndex
CREATE UNIQUE INDEX "Database_accountId_name_key" ON "Database"("accountId", "name");

-- CreateIndex
CREATE INDEX "Field_accountId_idx" ON "Field"("accountId");

-- CreateIndex
CREATE UNIQUE INDEX "Field_databaseId_name_key" ON "Field"("databaseId", "name");

-- CreateIndex
CREATE UNIQUE INDEX "Field_collectionId_name_key" ON "Field"("collectionId", "name");

-- CreateIndex
CREATE INDEX "Profile_accountId_idx" ON "Profile"("accountId");

-- CreateIndex
CREATE INDEX "Profile_databaseId_id_idx" ON "Profile"("databaseId", "id");

-- CreateIndex
CREATE INDEX "Profile_databaseId_email_idx" ON "Profile"("databaseId", "email");

-- CreateIndex
CREATE INDEX "Profile_databaseId_createdAt_idx" ON "Profile"("databaseId", "createdAt");

-- CreateIndex
CREATE INDEX "ProfileChange_profileId_createdAt_idx" ON "ProfileChange"("profileId", "createdAt");

-- CreateIndex
CREATE INDEX "Collection_accountId_idx" ON "Collection"("accountId");

-- CreateIndex
CREATE UNIQUE INDEX "Collection_databaseId_name_key" ON "Collection"("databaseId", "name");

-- CreateIndex
CREATE INDEX "Subprofile_accountId_idx" ON "Subprofile"("accountId");

-- CreateIndex
CREATE INDEX "Subprofile_collectionId_id_idx" ON "Subprofile"("collectionId", "id");

-- CreateIndex
CREATE INDEX "Subprofile_profileId_idx" ON "Subprofile"("profileId");

-- CreateIndex
CREATE INDEX "Selection_accountId_idx" ON "Selection"("accountId");

-- CreateIndex
CREATE INDEX "ImportJob_accountId_idx" ON "ImportJob"("accountId");

-- CreateIndex
CREATE INDEX "ImportRejection_importId_line_idx" ON "ImportRejection"("importId", "line");

-- CreateIndex
CREATE INDEX "Document_accountId_idx" ON "Document"("accountId");

-- CreateIndex
CREATE INDEX "DocumentVersion_accountId_idx" ON "DocumentVersion"("accountId");

-- CreateIndex
CREATE UNIQUE INDEX "DocumentVersion_documentId_version_key" ON "DocumentVersion"("documentId", "version");

-- CreateIndex
CREATE INDEX "Mailing_accountId_createdAt_idx" ON "Mailing"("accountId", "createdAt");

-- CreateIndex
CREATE INDEX "Mailing_scheduleId_idx" ON "Mailing"("scheduleId");

-- CreateIndex
CREATE INDEX "Mailing_splitRunId_idx" ON "Mailing"("splitRunId");

-- CreateIndex
CREATE INDEX "Schedule_accountId_idx" ON "Schedule"("accountId");

-- CreateIndex
CREATE INDEX "Schedule_active_nextRunAt_idx" ON "Schedule"("active", "nextRunAt");

-- CreateIndex
CREATE INDEX "SplitRun_accountId_idx" ON "SplitRun"("accountId");

-- CreateIndex
CREATE INDEX "SplitRunVariant_accountId_idx" ON "SplitRunVariant"("accountId");

-- CreateIndex
CREATE UNIQUE INDEX "SplitRunVariant_splitRunId_position_key" ON "SplitRunVariant"("splitRunId", "position");

-- CreateIndex
CREATE INDEX "Destination_mailingId_status_idx" ON "Destination"("mailingId", "status");

-- CreateIndex
CREATE INDEX "Destination_mailingId_dominantResult_idx" ON "Destination"("mailingId", "dominantResult");

-- CreateIndex
CREATE INDEX "Destination_profileId_idx" ON "Destination"("profileId");

-- CreateIndex
CREATE INDEX "Destination_accountId_idx" ON "Destination"("accountId");

-- CreateIndex
CREATE UNIQUE INDEX "Destination_mailingId_recipientId_key" ON "Destination"("mailingId", "recipientId");

-- CreateIndex
CREATE UNIQUE INDEX "Link_mailingId_url_key" ON "Link"("mailingId", "url");

-- CreateIndex
CREATE UNIQUE INDEX "Event_dedupeKey_key" ON "Event"("dedupeKey");

-- CreateIndex
CREATE INDEX "Event_destinationId_occurredAt_idx" ON "Event"("destinationId", "occurredAt");

-- CreateIndex
CREATE INDEX "Event_mailingId_occurredAt_idx" ON "Event"("mailingId", "occurredAt");

-- CreateIndex
CREATE INDEX "Event_mailingId_type_idx" ON "Event"("mailingId", "type");

-- CreateIndex
CREATE INDEX "MailingAggregate_accountId_idx" ON "MailingAggregate"("accountId");

-- CreateIndex
CREATE UNIQUE INDEX "SharedReport_tokenHash_key" ON "SharedReport"("tokenHash");

-- CreateIndex
CREATE INDEX "SharedReport_accountId_idx" ON "SharedReport"("accountId");

-- CreateIndex
CREATE INDEX "Survey_accountId_idx" ON "Survey"("accountId");

-- CreateIndex
CREATE INDEX "SurveyResponse_surveyId_createdAt_idx" ON "SurveyResponse"("surveyId", "createdAt");

-- CreateIndex
CREATE INDEX "Website_accountId_idx" ON "Website"("accountId");

-- CreateIndex
CREATE INDEX "PageView_websiteId_occurredAt_idx" ON "PageView"("websiteId", "occurredAt");

-- AddForeignKey
ALTER TABLE "User" ADD CONSTRAINT "User_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "Account"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ApiKey" ADD CONSTRAINT "ApiKey_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "Account"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ApiKey" ADD CONSTRAINT "ApiKey_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SmtpSettings" ADD CONSTRAINT "SmtpSettings_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "Account"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Database" ADD CONSTRAINT "Database_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "Account"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Field" ADD CONSTRAINT "Field_databaseId_fkey" FOREIGN KEY ("databaseId") REFERENCES "Database"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Field" ADD CONSTRAINT "Field_collectionId_fkey" FOREIGN KEY ("collectionId") REFERENCES "Collection"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Profile" ADD CONSTRAINT "Profile_databaseId_fkey" FOREIGN KEY ("databaseId") REFERENCES "Database"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Collection" ADD CONSTRAINT "Collection_databaseId_fkey" FOREIGN KEY ("databaseId") REFERENCES "Database"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Subprofile" ADD CONSTRAINT "Subprofile_collectionId_fkey" FOREIGN KEY ("collectionId") REFERENCES "Collection"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Subprofile" ADD CONSTRAINT "Subprofile_profileId_fkey" FOREIGN KEY ("profileId") REFERENCES "Profile"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Selection" ADD CONSTRAINT "Selection_databaseId_fkey" FOREIGN KEY ("databaseId") REFERENCES "Database"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Selection" ADD CONSTRAINT "Selection_collectionId_fkey" FOREIGN KEY ("collectionId") REFERENCES "Collection"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ImportRejection" ADD CONSTRAINT "ImportRejection_importId_fkey" FOREIGN KEY ("importId") REFERENCES "ImportJob"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DocumentVersion" ADD CONSTRAINT "DocumentVersion_documentId_fkey" FOREIGN KEY ("documentId") REFERENCES "Document"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SplitRunVariant" ADD CONSTRAINT "SplitRunVariant_splitRunId_fkey" FOREIGN KEY ("splitRunId") REFERENCES "SplitRun"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Destination" ADD CONSTRAINT "Destination_mailingId_fkey" FOREIGN KEY ("mailingId") REFERENCES "Mailing"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Link" ADD CONSTRAINT "Link_mailingId_fkey" FOREIGN KEY ("mailingId") REFERENCES "Mailing"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Event" ADD CONSTRAINT "Event_destinationId_fkey" FOREIGN KEY ("destinationId") REFERENCES "Destination"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SurveyResponse" ADD CONSTRAINT "SurveyResponse_surveyId_fkey" FOREIGN KEY ("surveyId") REFERENCES "Survey"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PageView" ADD CONSTRAINT "PageView_websiteId_fkey" FOREIGN KEY ("websiteId") REFERENCES "Website"("id") ON DELETE CASCADE ON UPDATE CASCADE;
