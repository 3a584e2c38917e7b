import { createReadStream } from 'node:fs';
import { parse } from 'csv-parse';
import ExcelJS from 'exceljs';

export type SpreadsheetKind = 'csv' | 'xlsx';

export interface SheetRow {
  /** 1-based line (CSV) or row number (XLSX) in the file, as a user would count it. */
  line: number;
  cells: string[];
}

export function kindOfFile(fileName: string): SpreadsheetKind | null {
  const lower = fileName.toLowerCase();
  if (lower.endsWith('.csv') || lower.endsWith('.txt')) return 'csv';
  if (lower.endsWith('.xlsx')) return 'xlsx';
  return null;
}

/** Streams the rows of a CSV or XLSX file, header row included, without loading the file. */
export async function* readRows(path: string, kind: SpreadsheetKind): AsyncGenerator<SheetRow> {
  if (kind === 'csv') yield* readCsv(path);
  else yield* readXlsx(path);
}

async function* readCsv(path: string): AsyncGenerator<SheetRow> {
  const parser = createReadStream(path).pipe(
    parse({
      bom: true,
      // Semicolons are the norm for CSV from Dutch and German spreadsheets; detect rather than ask.
      delimiter: [',', ';', '\t'],
      relax_column_count: true,
      skip_empty_lines: true,
      info: true,
      trim: true,
    }),
  );
  for await (const record of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
    yield { line: record.info.lines, cells: record.record };
  }
}

function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value === 'object') {
    if ('text' in value && typeof value.text === 'string') return value.text;
    if ('result' in value) return cellText(value.result as ExcelJS.CellValue);
    if ('richText' in value) return value.richText.map((r) => r.text).join('');
    if ('hyperlink' in value) return String(value.hyperlink);
    return '';
  }
  return String(value).trim();
}

async function* readXlsx(path: string): AsyncGenerator<SheetRow> {
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(path, { sharedStrings: 'cache', worksheets: 'emit', hyperlinks: 'ignore', styles: 'ignore', entries: 'emit' });
  for await (const worksheet of reader) {
    for await (const row of worksheet) {
      const values = (row.values as ExcelJS.CellValue[]).slice(1); // exceljs rows are 1-based
      const cells = values.map(cellText);
      if (cells.every((c) => c === '')) continue;
      yield { line: row.number, cells };
    }
    break; // the first sheet only
  }
}

/** The header and the first rows, for building a field mapping before an import. */
export async function previewRows(path: string, kind: SpreadsheetKind, rows = 10): Promise<{ headers: string[]; rows: string[][] }> {
  const result: { headers: string[]; rows: string[][] } = { headers: [], rows: [] };
  for await (const row of readRows(path, kind)) {
    if (result.headers.length === 0) result.headers = row.cells;
    else result.rows.push(row.cells);
    if (result.rows.length >= rows) break;
  }
  return result;
}
