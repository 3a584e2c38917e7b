import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { parse } from 'csv-parse';
import ExcelJS from 'exceljs';
import { detectCsvDelimiter } from './csv-delimiter';
import { SpreadsheetError } from './spreadsheet-error';
import { checkXlsx, type XlsxLimits } from './xlsx-guard';

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

/** What reading a file may cost: each bound is an error naming it, never a long scan or a huge string. */
export interface ReadLimits {
  /** Characters of one CSV record (a line, or several when a quoted cell holds line breaks). */
  maxLineChars: number;
  xlsx: XlsxLimits;
}

const MiB = 1024 ** 2;

/** An import in the worker: big files, but no cell or line that would take the worker's memory. */
export const IMPORT_READ_LIMITS: ReadLimits = {
  maxLineChars: 1_000_000,
  xlsx: {
    maxSharedStringsBytes: 256 * MiB,
    maxSheetBytesChecked: Number.POSITIVE_INFINITY,
    maxTextBytes: MiB,
    maxEntries: 1_000,
  },
};

/** A preview in the API, which anyone signed in may ask for: the head of the file, and little of it. */
export const PREVIEW_READ_LIMITS: ReadLimits = {
  maxLineChars: 1_000_000,
  xlsx: { maxSharedStringsBytes: 32 * MiB, maxSheetBytesChecked: 8 * MiB, maxTextBytes: MiB, maxEntries: 1_000 },
};

/** Streams the rows of a CSV or XLSX file, header row included, without loading the file. */
export async function* readRows(
  path: string,
  kind: SpreadsheetKind,
  limits: ReadLimits = IMPORT_READ_LIMITS,
): AsyncGenerator<SheetRow> {
  if (kind === 'csv') yield* readCsv(path, limits);
  else {
    await checkXlsx(path, limits.xlsx);
    yield* readXlsx(path);
  }
}

/** The first bytes of a file, where its header line is. */
async function headOf(path: string, bytes = 64 * 1024): Promise<string> {
  const file = await open(path, 'r');
  try {
    const buffer = Buffer.alloc(bytes);
    const { bytesRead } = await file.read(buffer, 0, bytes, 0);
    return buffer.subarray(0, bytesRead).toString('utf8');
  } finally {
    await file.close();
  }
}

async function* readCsv(path: string, limits: ReadLimits): AsyncGenerator<SheetRow> {
  const delimiter = detectCsvDelimiter(await headOf(path));
  const parser = createReadStream(path).pipe(
    parse({
      // Without it one endless line is read whole before anything is said (50 MB took 40 s).
      max_record_size: limits.maxLineChars,
      bom: true,
      // Semicolons are the norm for CSV from Dutch and German spreadsheets; detect rather than ask,
      // once per file: with all three at once "12,5" in a semicolon file became two cells.
      delimiter,
      relax_column_count: true,
      skip_empty_lines: true,
      info: true,
      trim: true,
    }),
  );
  try {
    for await (const record of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
      yield { line: record.info.lines, cells: record.record };
    }
  } catch (error) {
    const csvError = error as { code?: string; lines?: number };
    if (csvError.code === 'CSV_MAX_RECORD_SIZE') {
      throw new SpreadsheetError(
        `line ${csvError.lines ?? '?'} is longer than ${limits.maxLineChars} characters`,
        csvError.lines,
      );
    }
    throw error;
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
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(path, {
    sharedStrings: 'cache',
    worksheets: 'emit',
    hyperlinks: 'ignore',
    styles: 'ignore',
    entries: 'emit',
  });
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

/** Characters of a cell a preview shows: enough to recognise a column by. */
export const PREVIEW_CELL_CHARS = 1_000;

function previewCell(cell: string): string {
  return cell.length > PREVIEW_CELL_CHARS ? `${cell.slice(0, PREVIEW_CELL_CHARS - 1)}…` : cell;
}

/** The header and the first rows, for building a field mapping before an import; reads only the head. */
export async function previewRows(
  path: string,
  kind: SpreadsheetKind,
  rows = 10,
): Promise<{ headers: string[]; rows: string[][] }> {
  const result: { headers: string[]; rows: string[][] } = { headers: [], rows: [] };
  for await (const row of readRows(path, kind, PREVIEW_READ_LIMITS)) {
    if (result.headers.length === 0) result.headers = row.cells;
    else result.rows.push(row.cells.map(previewCell));
    if (result.rows.length >= rows) break;
  }
  return result;
}
