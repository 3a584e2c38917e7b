export { readRows, previewRows, kindOfFile, type SheetRow, type SpreadsheetKind } from './row-reader';
export { createRowWriter, type RowWriter, type ExportFormat } from './row-writer';
export { neutralizeFormula, startsLikeFormula } from './formula-guard';
