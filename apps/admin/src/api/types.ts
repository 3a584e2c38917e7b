// Local mirror of the API's shapes until @herald/contracts publishes them; replace imports one by one when it lands.

export type Role = 'ADMIN' | 'MARKETER' | 'VIEWER';

export interface User {
  id: number;
  email: string;
  name: string;
  role: Role;
  accountId: number;
}

export interface LoginResult {
  token: string;
  user: User;
}

export const FIELD_TYPES = ['TEXT', 'NUMBER', 'DATE', 'BOOLEAN', 'EMAIL', 'PHONE', 'CHOICE'] as const;
export type FieldType = (typeof FIELD_TYPES)[number];

export interface FieldDefinition {
  name: string;
  type: FieldType;
  required?: boolean;
  unique?: boolean;
  choices?: string[];
}

export interface Field {
  id: number;
  name: string;
  type: FieldType;
  required: boolean;
  unique: boolean;
  choices: string[] | null;
}

export interface DatabaseSummary {
  id: number;
  name: string;
  description: string | null;
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

export interface CreateDatabaseRequest {
  name: string;
  description?: string;
  fields?: FieldDefinition[];
}

export type FieldValue = string | number | boolean | null;

export interface Profile {
  id: number;
  databaseId: number;
  email: string | null;
  mobile: string | null;
  fax: string | null;
  values: Record<string, FieldValue>;
  unsubscribedAt: string | null;
  disabledAt: string | null;
  disabledReason: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface ProfileInput {
  email?: string | null;
  mobile?: string | null;
  fax?: string | null;
  values: Record<string, FieldValue>;
}

export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}

export type ImportStatus = 'QUEUED' | 'RUNNING' | 'DONE' | 'FAILED';

export interface ImportJob {
  id: number;
  status: ImportStatus;
  totalRows: number;
  created: number;
  updated: number;
  unchanged: number;
  rejected: number;
  failure: string | null;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
}

export interface ImportRejection {
  line: number;
  reason: string;
}

export interface ImportPreview {
  headers: string[];
  rows: string[][];
}

/** Where a column of the file goes: a field's name, one of the profile's addresses, or nowhere (null). */
export type ImportTarget = string | null;

export interface ImportMapping {
  columns: Record<string, ImportTarget>;
}

export const CONDITION_OPERATORS = ['equals', 'notEquals', 'contains', 'startsWith', 'range', 'empty', 'notEmpty', 'in'] as const;
export type ConditionOperator = (typeof CONDITION_OPERATORS)[number];

export interface Condition {
  field: string;
  operator: ConditionOperator;
  value?: string | number | boolean;
  min?: string | number;
  max?: string | number;
  values?: string[];
}

export interface ConditionGroup {
  op: 'AND' | 'OR';
  conditions: Array<Condition | ConditionGroup>;
}

export interface Selection {
  id: number;
  name: string;
  collectionId: number | null;
  conditions: ConditionGroup;
  createdAt: string;
}

export interface Health {
  status: string;
  services: Record<string, { up: boolean }>;
}
