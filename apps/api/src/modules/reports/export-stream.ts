import type { Response } from 'express';
import { createRowWriter, type ExportFormat } from '@herald/spreadsheets';
import { roundHalfUp } from '@herald/statistics';

export type ExportRow = Array<string | number | boolean | Date | null>;

const CONTENT_TYPE: Record<ExportFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

/** Rows per database round trip: big enough to be quick, small enough that memory stays flat. */
export const EXPORT_PAGE_SIZE = 5_000;

/**
 * Writes pages of rows to the response as they are read, so an export never holds more than one page.
 * Stops reading when the client goes away. Everything that can fail with a message (a missing mailing,
 * an unknown field) must be checked before this is called: once the headers are out, a failure can
 * only cut the download short.
 */
export async function streamExport(
  res: Response,
  format: ExportFormat,
  baseName: string,
  headers: string[],
  pages: AsyncIterable<ExportRow[]>,
): Promise<void> {
  res.status(200);
  res.setHeader('Content-Type', CONTENT_TYPE[format]);
  res.setHeader('Content-Disposition', `attachment; filename="${baseName}.${format}"`);
  res.setHeader('Cache-Control', 'no-store');
  let gone = false;
  const onClose = (): void => {
    if (!res.writableFinished) gone = true;
  };
  res.once('close', onClose);
  const writer = createRowWriter(format, res, headers, baseName.slice(0, 31));
  try {
    for await (const rows of pages) {
      for (const row of rows) {
        if (gone) return;
        await untilGone(writer.write(row), () => gone, res);
      }
      if (gone) return;
    }
    await untilGone(writer.end(), () => gone, res);
  } catch (error) {
    // The status line is out already: the only honest signal left is a cut connection.
    res.destroy(error instanceof Error ? error : new Error(String(error)));
  } finally {
    res.off('close', onClose);
  }
}

/** A write waiting for 'drain' would wait forever on a closed response: give up when it closes. */
function untilGone(write: Promise<void>, isGone: () => boolean, res: Response): Promise<void> {
  if (isGone()) return Promise.resolve();
  return new Promise<void>((resolve, reject) => {
    const closed = (): void => resolve();
    res.once('close', closed);
    write.then(
      () => {
        res.off('close', closed);
        resolve();
      },
      (error: unknown) => {
        res.off('close', closed);
        reject(error);
      },
    );
  });
}

/** Reads pages by key until one comes back short. */
export async function* keysetPages<Row, Key>(
  read: (after: Key | undefined) => Promise<Row[]>,
  keyOf: (row: Row) => Key,
  size = EXPORT_PAGE_SIZE,
): AsyncGenerator<Row[]> {
  let after: Key | undefined;
  for (;;) {
    const rows = await read(after);
    if (rows.length > 0) yield rows;
    if (rows.length < size) return;
    after = keyOf(rows[rows.length - 1]!);
  }
}

/** Percentages in files: rounded to two decimals, empty where there is no base. */
export function percentCell(value: number | null): number | null {
  // The statistics package's rounding, so a file shows what the report's formatPercent shows.
  return value === null ? null : roundHalfUp(value, 2);
}
