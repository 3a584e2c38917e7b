import unzipper from 'unzipper';
import { SpreadsheetError } from './spreadsheet-error';

export interface XlsxLimits {
  /** Decompressed bytes of xl/sharedStrings.xml, which exceljs holds in memory whole. */
  maxSharedStringsBytes: number;
  /** Decompressed bytes of the first worksheet to check; the rest is read only as far as it is needed. */
  maxSheetBytesChecked: number;
  /** Bytes of one text node (a cell or a shared string): the XML parser builds each one as one string. */
  maxTextBytes: number;
  /** Entries of the zip: its directory is read whole. */
  maxEntries: number;
}

const LESS_THAN = 0x3c;

const mib = (bytes: number): string => `${Math.round(bytes / 1024 ** 2)} MiB`;

/**
 * Checks an XLSX file against limits before exceljs reads it, counting the bytes that really come out
 * of the zip (a zip's declared sizes can lie, and a small file can inflate to gigabytes). In XML text
 * cannot hold a `<`, so the longest run of bytes without one bounds every cell and shared string.
 */
export async function checkXlsx(path: string, limits: XlsxLimits): Promise<void> {
  let directory: Awaited<ReturnType<typeof unzipper.Open.file>>;
  try {
    directory = await unzipper.Open.file(path);
  } catch (error) {
    throw new SpreadsheetError(`not an XLSX file (${(error as Error).message})`);
  }
  if (directory.files.length > limits.maxEntries) {
    throw new SpreadsheetError(
      `the XLSX file has ${directory.files.length} parts, more than the ${limits.maxEntries} a workbook needs`,
    );
  }
  const sharedStrings = directory.files.find((file) => file.path === 'xl/sharedStrings.xml');
  if (sharedStrings) {
    const tooBig = `its shared strings take more than ${mib(limits.maxSharedStringsBytes)}`;
    await scanXml(sharedStrings.stream(), limits.maxSharedStringsBytes, limits.maxTextBytes, tooBig);
  }
  const sheet = directory.files.find((file) => /^xl\/worksheets\/[^/]+\.xml$/.test(file.path));
  if (sheet) await scanXml(sheet.stream(), limits.maxSheetBytesChecked, limits.maxTextBytes, null);
}

/** Reads up to `maxBytes`; more is an error when `tooBig` is given, otherwise the rest goes unread. */
async function scanXml(
  stream: NodeJS.ReadableStream & { destroy(): void },
  maxBytes: number,
  maxTextBytes: number,
  tooBig: string | null,
): Promise<void> {
  let seen = 0;
  let run = 0;
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      for (let start = 0; ;) {
        const next = chunk.indexOf(LESS_THAN, start);
        run += (next === -1 ? chunk.length : next) - start;
        if (run > maxTextBytes) throw new SpreadsheetError(`a cell holds more than ${mib(maxTextBytes)} of text`);
        if (next === -1) break;
        run = 0;
        start = next + 1;
      }
      seen += chunk.length;
      if (seen > maxBytes) {
        if (tooBig !== null) throw new SpreadsheetError(tooBig);
        return;
      }
    }
  } finally {
    stream.destroy();
  }
}
