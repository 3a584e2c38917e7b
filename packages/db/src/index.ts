export { createPrismaClient, createDatabase, type Database, type PrismaClientOptions } from './client';
export { migrate, listMigrations, MIGRATIONS_DIR, type MigrationResult } from './migrate';
export { PrismaClient, Prisma } from './generated/prisma/client';
export * from './generated/prisma/enums';
export type * from './generated/prisma/models';
export { prismaRunner, pgRunner, type SqlRunner } from './repositories/sql-runner';
export {
  mailingAggregateRepository,
  type MailingAggregateChanges,
  type MailingAggregateCounter,
  type MailingRef,
} from './repositories/mailing-aggregate.repository';
export {
  profileSuppressionRepository,
  type SoftErrorStreakRow,
  type SoftErrorStreakUpdate,
} from './repositories/profile-suppression.repository';
export { mailingStatusRepository, type StepOptions } from './repositories/mailing-status.repository';
export { mailingQueueRepository, type QueuedLink } from './repositories/mailing-queue.repository';
export {
  mailingAudienceRepository,
  channelUnsubscribedAt,
  numberedSql,
  recipientExclusion,
  recipientRows,
  type MailingTarget,
} from './repositories/recipient-source';
export {
  destinationRepository,
  type LockedDestination,
  type StoredFoldState,
} from './repositories/destination.repository';
export {
  splitRunGroupRepository,
  splitRunRecipientFilter,
  type SplitRunDraw,
} from './repositories/split-run-groups.repository';
export {
  IMPLIED_IMPRESSION,
  mailingCountersRepository,
  type StoredMailingCounters,
} from './repositories/mailing-counters.repository';
export {
  providerDestinationRepository,
  providerDestinations,
  type ProviderTarget,
} from './repositories/provider-destination.repository';
export { senderDomainRepository, type CheckedSenderDomain } from './repositories/sender-domain.repository';
