import type { Writable } from 'node:stream';
import { stringify } from 'csv-stringify';
import ExcelJS from 'exceljs';
import { neutralizeFormula, startsLikeFormula } from './formula-guard';

export type ExportFormat = 'csv' | 'xlsx';

export interface RowWriter {
  write(row: Array<string | number | boolean | Date | null>): Promise<void>;
  end(): Promise<void>;
}

/**
 * Streams rows to `out` as CSV or XLSX, committing each XLSX row as it goes so that an export of a
 * million rows never sits in memory. Every export goes through here, so this is where cells from
 * outside (profile fields, bounce text of remote servers) are kept from becoming formulas: CSV text
 * cells that would start one get a `'` prefix and quotes (OWASP), as do cells holding a `;` or a tab,
 * which a spreadsheet set to another separator would split; XLSX cells are written as strings, which
 * Excel never evaluates.
 */
export function createRowWriter(
  format: ExportFormat,
  out: Writable,
  headers: string[],
  sheetName = 'Export',
): RowWriter {
  if (format === 'csv') {
    const csv = stringify({
      header: true,
      columns: headers,
      quoted_match: [';', '\t'],
      cast: {
        date: (d) => d.toISOString(),
        boolean: (b) => (b ? 'true' : 'false'),
        string: (text) => (startsLikeFormula(text) ? { value: neutralizeFormula(text), quoted: true } : text),
      },
    });
    csv.pipe(out);
    return {
      async write(row) {
        if (!csv.write(row)) await new Promise((r) => csv.once('drain', r));
      },
      async end() {
        await new Promise<void>((resolve, reject) => {
          out.once('finish', resolve);
          out.once('error', reject);
          csv.end();
        });
      },
    };
  }
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: false, useSharedStrings: false });
  const sheet = workbook.addWorksheet(sheetName);
  sheet.addRow(headers).commit();
  // exceljs writes each worksheet through a buffer that ignores back-pressure, so a fast producer
  // fills the stream in front of its compressor; wait while that holds more than a little.
  const sheetPipe = (): Writable | undefined =>
    (sheet as unknown as { stream?: { pipes?: Writable[] } }).stream?.pipes?.[0];
  return {
    async write(row) {
      sheet.addRow(row).commit();
      const pipe = sheetPipe();
      if (pipe && pipe.writableLength > 1024 * 1024) await new Promise((r) => pipe.once('drain', r));
      if (out.writableNeedDrain) await new Promise((r) => out.once('drain', r));
    },
    async end() {
      sheet.commit();
      await workbook.commit();
    },
  };
}
