export {
  readRows,
  previewRows,
  kindOfFile,
  IMPORT_READ_LIMITS,
  PREVIEW_READ_LIMITS,
  PREVIEW_CELL_CHARS,
  type ReadLimits,
  type SheetRow,
  type SpreadsheetKind,
} from './row-reader';
export { createRowWriter, type RowWriter, type ExportFormat } from './row-writer';
export { neutralizeFormula, startsLikeFormula } from './formula-guard';
export { SpreadsheetError } from './spreadsheet-error';
export type { XlsxLimits } from './xlsx-guard';
