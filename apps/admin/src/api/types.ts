// The API's shapes come from @herald/contracts (types only: nothing of zod reaches the bundle). What the
// contracts do not describe yet (list and detail views of a database, the import preview) is declared here.
import type {
  ConditionOperator,
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

export type {
  ConditionOperator,
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
