// The API's shapes come from @herald/contracts (types only: nothing of zod reaches the bundle). What the
// contracts do not describe yet (list and detail views of a database, the import preview) is declared here.
import type {
  ConditionOperator,
  CreateEmailDocumentRequest,
  CreateMailingRequest,
  MailingProgress,
  MailingResponse,
  MailingSettings,
  CreateDatabaseRequest,
  CreateProfileRequest,
  FieldCondition,
  FieldDefinition as ContractFieldDefinition,
  FieldResponse,
  FieldType,
  FieldValue as ContractFieldValue,
  ImportMapping,
  ImportRejectionResponse,
  ImportResponse,
  ImportStatus,
  LoginResponse,
  Page,
  ProfileResponse,
  ResultCondition,
  ResultKind,
  Role,
  SelectionCountResponse,
  SelectionGroup,
  SelectionNode,
  SelectionResponse,
} from '@herald/contracts';
import type { DominantBucket, DominantResult, KeyFigures, MarketoPerformance, Percentage, TrackedFigure } from '@herald/statistics';

export type {
  ConditionOperator,
  CreateEmailDocumentRequest,
  MailingProgress,
  MailingSettings,
  CreateDatabaseRequest,
  FieldType,
  ImportMapping,
  ImportStatus,
  Page,
  ResultCondition,
  ResultKind,
  Role,
  SelectionCountResponse,
};

export type LoginResult = LoginResponse;
export type User = LoginResponse['user'];

export type FieldDefinition = ContractFieldDefinition;
export type Field = FieldResponse;

export interface DatabaseSummary {
  id: number;
  name: string;
  description: string;
  profileCount: number;
  createdAt: string;
}

export interface CollectionSummary {
  id: number;
  name: string;
  subprofileCount: number;
}

export interface DatabaseDetail extends DatabaseSummary {
  fields: Field[];
  collections: CollectionSummary[];
}

/** A stored value, or null while editing to clear it. */
export type FieldValue = ContractFieldValue | null;
export type Profile = ProfileResponse;
export type ProfileInput = Omit<CreateProfileRequest, 'values'> & { values: Record<string, FieldValue> };

export type ImportJob = ImportResponse;
export type ImportRejection = ImportRejectionResponse;
export type ImportTarget = ImportMapping['columns'][string];

export interface ImportPreview {
  headers: string[];
  rows: string[][];
}

export type Condition = FieldCondition;
export type ConditionGroup = SelectionGroup;
export type ConditionNode = SelectionNode;
export type Selection = SelectionResponse;

export interface Health {
  status: string;
  services: Record<string, { up: boolean }>;
}

export type Mailing = MailingResponse;
export type MailingStatus = MailingResponse['status'];
export type TargetType = MailingResponse['targetType'];
/** The request as the form sends it: settings may be left out, the API fills in the defaults. */
export type MailingInput = Omit<CreateMailingRequest, 'settings' | 'toSubprofiles'> & { toSubprofiles?: boolean; settings?: Partial<MailingSettings> };

export type DestinationStatus = 'PENDING' | 'SENT' | 'FAILED' | 'SUPPRESSED';

export interface Destination {
  id: string;
  profileId: number;
  subprofileId: number | null;
  address: string;
  status: DestinationStatus;
  suppressionReason: string | null;
  dominantResult: string;
  attempts: number;
  lastErrorKind: string | null;
  lastErrorCode: string | null;
  lastErrorText: string | null;
  sentAt: string | null;
}

// Documents: the shapes of apps/api/src/modules/documents/documents.dto.ts.
export interface DocumentSummary {
  id: number;
  name: string;
  channel: string;
  updatedAt: string;
}

export interface DocumentVersion {
  id: number;
  version: number;
  fromName: string | null;
  fromAddress: string | null;
  replyTo: string | null;
  subject: string | null;
  html: string | null;
  text: string | null;
  createdAt: string;
}

export interface DocumentDetail {
  id: number;
  name: string;
  channel: 'EMAIL' | 'SMS' | 'FAX';
  createdAt: string;
  updatedAt: string;
  latest: DocumentVersion;
  versions: Array<{ id: number; version: number; createdAt: string }>;
}

export type DocumentInput = CreateEmailDocumentRequest;

export interface TemplateError {
  part: string;
  line: number;
  message: string;
}

export interface DocumentPreview {
  rendered: { subject: string; html: string; text: string; fromName: string | null; fromAddress: string } | null;
  unknownFields: string[];
  errors: TemplateError[];
}

export interface TestMailResult {
  sent: number;
  failures: Array<{ to: string; profileId: number; error: string }>;
}

// Reports: the shapes of apps/api/src/modules/reports/reports.dto.ts and @herald/statistics, which the
// contracts do not describe yet.
// The figures are @herald/statistics' own types (JSON-safe: numbers and nulls), imported as types only.
export type { DominantBucket, DominantResult, KeyFigures, Percentage, TotalAndUnique, TrackedFigure } from '@herald/statistics';
export type ReportFormat = 'csv' | 'xlsx';

export interface NamedRate {
  name: string;
  formula: string;
  value: Percentage;
}

export type TimelineMetric = 'impressions' | 'clicks' | 'unsubscribes' | 'complaints' | 'errors' | 'machineImpressions' | 'machineClicks';

export interface MailingReport {
  mailing: { id: number; name: string; channel: string; status: string; sentAt: string | null; finishedAt: string | null };
  keyFigures: KeyFigures & { ctr: NamedRate; clickToOpenRate: NamedRate };
  dominantResults: { total: number; buckets: DominantBucket[] };
  timeline: {
    granularity: 'hour' | 'day';
    buckets: Array<{ start: string; label: string; counts: Record<TimelineMetric, number> }>;
  };
  /** People's clicks first, machines' apart. */
  links: Array<{ position: number; url: string; isUnsubscribe: boolean; clicks: TrackedFigure }>;
  errors: { soft: number; hard: number; total: number; unique: number };
}

/** What a shared link shows: the report without the ids of anything. */
export type ReportContent = Omit<MailingReport, 'mailing'> & { mailing: Omit<MailingReport['mailing'], 'id'> };

export interface ReportError {
  id: string;
  occurredAt: string;
  kind: string | null;
  code: string | null;
  text: string | null;
  destination: { id: string; address: string; profileId: number; subprofileId: number | null };
}

export interface Recipient {
  destinationId: string;
  recipientId: number;
  profileId: number;
  subprofileId: number | null;
  address: string;
  status: string;
  dominantResult: DominantResult;
  sentAt: string | null;
  openedAt: string | null;
  clickedAt: string | null;
  unsubscribedAt: string | null;
  complainedAt: string | null;
  lastError: { kind: string; code: string | null; text: string | null } | null;
}

/** Rates only: mailings are ranked by rates, never by raw counts. */
export type ComparedMetric =
  | 'deliveredRate'
  | 'openedRate'
  | 'clickedRate'
  | 'clickThroughRate'
  | 'clickToOpenRate'
  | 'errorRate'
  | 'unsubscribedRate'
  | 'complaintRate';

export interface MailingComparison {
  mailings: Array<{
    mailing: { id: number; name: string; status: string; sentAt: string | null };
    figures: KeyFigures;
    metrics: Record<ComparedMetric, number | null>;
  }>;
  /** Per metric the ids of the mailings with the best value (several on a tie). */
  best: Record<ComparedMetric, number[]>;
  /** Per metric every mailing's id, best first. */
  ranking: Record<ComparedMetric, number[]>;
  /** What each rate divides by. */
  bases: Record<ComparedMetric, string>;
}

export interface CampaignEmailPerformanceRow extends MarketoPerformance {
  mailing: { id: number; name: string; sentAt: string | null };
  email: { documentId: number; documentVersionId: number | null };
  /** Machines' opens and clicks, left out of opened and clicked. */
  machine: { impressions: number; clicks: number };
}

export interface CampaignEmailPerformance {
  from: string;
  to: string;
  rows: CampaignEmailPerformanceRow[];
}

export interface ProfileHistoryEvent {
  type: string;
  occurredAt: string;
  machine: boolean;
  link: { position: number; url: string } | null;
  error: { kind: string | null; code: string | null; text: string | null } | null;
  providerStatus: string | null;
}

export interface ProfileHistoryEntry {
  mailing: { id: number; name: string; channel: string; status: string };
  destination: { id: string; subprofileId: number | null; address: string; status: string; dominantResult: string; sentAt: string | null };
  events: ProfileHistoryEvent[];
}

export interface ProfileHistory {
  profile: { id: number; databaseId: number; email: string | null; deleted: boolean };
  mailings: Page<ProfileHistoryEntry>;
}

export interface AudienceStatistics {
  from: string;
  to: string;
  days: Array<{ date: string; added: number; removed: number; total: number }>;
  total: number;
  unsubscribed: number;
  disabled: number;
  mailingsSent: number;
  messagesSent: number;
  mailings: Array<{ id: number; name: string; sentAt: string | null; sent: number }>;
}

export interface Share {
  id: number;
  title: string;
  expiresAt: string | null;
  revokedAt: string | null;
  createdAt: string;
  active: boolean;
}

export interface CreatedShare {
  id: number;
  title: string;
  /** Shown once: the API keeps only its hash. */
  token: string;
  url: string;
  expiresAt: string | null;
}

export interface SharedReport {
  title: string;
  expiresAt: string | null;
  report: ReportContent;
}
