export { ErrorIssue, ErrorResponse, IdParam, type Page, PageQuery, pageOf, Timestamp } from './common.schema';
export {
  ApiKeyIdentityResponse,
  ApiKeyResponse,
  CreatedApiKeyResponse,
  LoginRequest,
  LoginResponse,
  MeResponse,
  Role,
  UserResponse,
} from './auth.schema';
export {
  checkDistinctFieldNames,
  CreateDatabaseRequest,
  CollectionSummaryResponse,
  CreateFieldRequest,
  DatabaseDetailResponse,
  DatabaseName,
  DatabaseSummaryResponse,
  FIELD_TYPES,
  FieldDefinition,
  FieldLabel,
  FieldName,
  FieldResponse,
  FieldType,
  RESERVED_FIELD_NAMES,
  UpdateDatabaseRequest,
  UpdateFieldRequest,
} from './databases.schema';
export {
  CreateProfileRequest,
  FieldValue,
  ProfileResponse,
  ProfileValues,
  ProfileValuesInput,
  UpdateProfileRequest,
} from './profiles.schema';
export { ProfileExportEvent, ProfileExportMailing, ProfileExportResponse } from './profile-export.schema';
export {
  CollectionResponse,
  CreateCollectionRequest,
  CreateSubprofileRequest,
  SubprofileResponse,
  UpdateCollectionRequest,
  UpdateSubprofileRequest,
} from './collections.schema';
export {
  CONDITION_OPERATORS,
  CONDITION_OPERATORS_BY_TYPE,
  type ConditionColumnType,
  ConditionOperator,
  conditionOperatorsFor,
  defaultConditionOperator,
  operatorTakesValue,
  ConditionValue,
  CreateSelectionRequest,
  FieldCondition,
  RESULT_KINDS,
  ResultCondition,
  ResultKind,
  SELECTION_LIMITS,
  SelectionConditions,
  SelectionCountResponse,
  SelectionGroup,
  SelectionNode,
  SelectionResponse,
  SurveyCondition,
  UpdateSelectionRequest,
} from './selections.schema';
export {
  BUILT_IN_IMPORT_TARGETS,
  CreateImportRequest,
  DATE_FORMATS,
  DateFormat,
  ImportMapping,
  ImportPreviewResponse,
  ImportRejectionResponse,
  ImportResponse,
  ImportStatus,
} from './imports.schema';
export { DOMINANT_ORDER } from './dominant-order';
export { FaxReportResponse } from './fax.schema';
export { countSmsSegments, MAX_SMS_CHARACTERS, smsCost, type SmsEncoding, type SmsSegments } from './sms-segments';
export * from './mailings';
export * from './split-runs.schema';
export * from './documents.schema';
export * from './reports.schema';
export * from './health.schema';
export * from './pages.schema';
export { AccountTimeZoneRequest, AccountTimeZoneResponse } from './account-time-zone.schema';
export {
  CreateScheduleRequest,
  type CreateScheduleInput,
  Recurrence,
  type RecurrenceInput,
  ScheduleCalendarQuery,
  ScheduledRunResponse,
  ScheduleOccurrenceRequest,
  ScheduleResponse,
  ScheduleRunResponse,
  ScheduleRunStatus,
  UpdateScheduleRequest,
  Weekday,
} from './schedules.schema';
export * from './admin.schema';
export { SmsReportResponse, SmsSettingsRequest, SmsSettingsResponse } from './sms.schema';
export {
  acknowledgeFindingsSchema,
  MailingCheckResponse,
  type AcknowledgeFindingsRequest,
  type CheckFinding,
} from './checks.schema';
export { SenderDomainCreateRequest, SenderDomainResponse } from './sender-domains.schema';
export {
  DYNAMIC_REPORT_TEMPLATES,
  DynamicReportResponse,
  PIVOT_METRICS,
  PivotDefinition,
  PivotDimension,
  PivotMetric,
  PivotRequest,
  PivotResponse,
  PivotScope,
  SaveDynamicReportRequest,
} from './dynamic-reports.schema';
export * from './surveys.schema';
export * from './websites.schema';
