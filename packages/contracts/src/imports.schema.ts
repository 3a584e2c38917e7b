import { z } from 'zod';
import { Timestamp } from './common.schema';

export const BUILT_IN_IMPORT_TARGETS = ['email', 'mobile', 'fax'] as const;

const Target = z
  .string()
  .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'must be email, mobile, fax or a field name')
  .max(64);

/**
 * Which CSV column goes where: a field name, one of the built-in columns, or `null` to skip it.
 * Each target at most once, so a row never has two values for one field.
 */
export const ImportMapping = z
  .object({ columns: z.record(z.string().min(1).max(255), Target.nullable()) })
  .superRefine((mapping, ctx) => {
    const headerByTarget = new Map<string, string>();
    for (const [header, target] of Object.entries(mapping.columns)) {
      if (target === null) continue;
      const other = headerByTarget.get(target);
      if (other !== undefined) {
        ctx.addIssue({
          code: 'custom',
          path: ['columns', header],
          message: `${target} is already filled from column "${other}"`,
        });
      }
      headerByTarget.set(target, header);
    }
    if (headerByTarget.size === 0) {
      ctx.addIssue({ code: 'custom', path: ['columns'], message: 'map at least one column' });
    }
  });
export type ImportMapping = z.infer<typeof ImportMapping>;

/**
 * How a file writes its dates: day first with two digits (31-12-2024, as Dutch Excel writes them)
 * or one or two (1-2-2024), month first (12/31/2024), or ISO. Any of - / . separates the parts;
 * ISO dates are read whatever the format. Mirrors DATE_FORMATS in @herald/domain.
 */
export const DATE_FORMATS = ['yyyy-mm-dd', 'dd-mm-yyyy', 'd-m-yyyy', 'mm/dd/yyyy'] as const;
export const DateFormat = z.enum(DATE_FORMATS);
export type DateFormat = z.infer<typeof DateFormat>;

/**
 * `keyField` ('email' or a field name) matches rows to existing profiles: a match is updated,
 * anything else created. Without it every row creates a profile. Without `dateFormat` the API
 * detects it from the first rows of the date columns.
 */
export const CreateImportRequest = z
  .object({
    mapping: ImportMapping,
    keyField: Target.optional(),
    dateFormat: DateFormat.optional(),
  })
  .superRefine((request, ctx) => {
    if (request.keyField === undefined) return;
    if (request.keyField === 'mobile' || request.keyField === 'fax') {
      ctx.addIssue({ code: 'custom', path: ['keyField'], message: 'must be email or a field name' });
    } else if (!Object.values(request.mapping.columns).includes(request.keyField)) {
      ctx.addIssue({ code: 'custom', path: ['keyField'], message: `no column is mapped to ${request.keyField}` });
    }
  });
export type CreateImportRequest = z.infer<typeof CreateImportRequest>;

export const ImportStatus = z.enum(['QUEUED', 'RUNNING', 'DONE', 'FAILED']);
export type ImportStatus = z.infer<typeof ImportStatus>;

export const ImportResponse = z.object({
  id: z.number().int(),
  databaseId: z.number().int(),
  fileName: z.string(),
  status: ImportStatus,
  /** The column rows were matched on ('email' or a field name); null when every row creates a profile. */
  keyField: z.string().nullable(),
  /** How the file's dates were read; null when it has no date column the format could be told from. */
  dateFormat: DateFormat.nullable(),
  totalRows: z.number().int(),
  created: z.number().int(),
  updated: z.number().int(),
  unchanged: z.number().int(),
  rejected: z.number().int(),
  /** Why the whole import failed (an unreadable file, a bad mapping); rows are in the rejections. */
  failure: z.string().nullable(),
  createdAt: Timestamp,
  startedAt: Timestamp.nullable(),
  finishedAt: Timestamp.nullable(),
});
export type ImportResponse = z.infer<typeof ImportResponse>;

/**
 * One rejected CSV line: its number in the file (the header is line 1), why, and the first
 * offending column with its cell as the file gives it (null when the line as a whole is wrong).
 */
export const ImportRejectionResponse = z.object({
  line: z.number().int().min(1),
  reason: z.string(),
  column: z.string().nullable(),
  value: z.string().nullable(),
});
export type ImportRejectionResponse = z.infer<typeof ImportRejectionResponse>;

/** The head of a spreadsheet, to build a mapping from: its header row and the first rows as text. */
export const ImportPreviewResponse = z.object({
  headers: z.array(z.string()),
  rows: z.array(z.array(z.string())),
  /** Per header, the date format that reads every non-empty cell of the rows shown, or null. */
  dateFormats: z.array(DateFormat.nullable()),
});
export type ImportPreviewResponse = z.infer<typeof ImportPreviewResponse>;
