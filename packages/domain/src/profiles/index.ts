export { DATE_FORMATS, type DateFormat, dateFormatMessage, detectDateFormat, parseDateAs } from './date-format';
export { fieldKeyFromLabel } from './field-key';
export {
  BUILT_IN_COLUMNS,
  type BuiltInColumn,
  type CountryCode,
  FIELD_NAME_PATTERN,
  FIELD_TYPES,
  type FieldSpec,
  type FieldType,
  type FieldValue,
  type ProfileValues,
} from './field-spec';
export {
  isEmptyValue,
  MAX_TEXT_LENGTH,
  type Normalised,
  normaliseEmail,
  normaliseFieldValue,
  normalisePhone,
  parseBoolean,
  parseDate,
  parseNumber,
  unstorableTextReason,
} from './field-value';
export {
  applyProfilePatch,
  type ProfileData,
  type ProfileInput,
  type ProfilePatch,
  profileChanges,
  type ProfileValidation,
  validateProfileValues,
  validateSubprofileValues,
  type ValidateProfileOptions,
} from './profile-validation';
export {
  createImportRowMapper,
  type ImportColumnMapping,
  type ImportKey,
  type ImportRow,
  type ImportRowOptions,
  type ImportRowRejection,
  type ImportRowResult,
  mapImportRow,
  validateImportMapping,
} from './import-row';
