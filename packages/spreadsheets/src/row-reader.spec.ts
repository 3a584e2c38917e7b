import { createWriteStream } from 'node:fs';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'csv-stringify/sync';
import ExcelJS from 'exceljs';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { IMPORT_READ_LIMITS, previewRows, readRows, type ReadLimits } from './row-reader';
import { createRowWriter } from './row-writer';
import { SpreadsheetError } from './spreadsheet-error';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'herald-reader-'));
});

async function collect(path: string, kind: 'csv' | 'xlsx', limits?: ReadLimits) {
  const rows = [];
  for await (const row of readRows(path, kind, limits)) rows.push(row);
  return rows;
}

/** An XLSX with one huge cell, in shared strings or inline: a few kB of zip that inflate to `chars` bytes. */
async function xlsxWithHugeCell(name: string, chars: number, sharedStrings: boolean): Promise<string> {
  const path = join(dir, name);
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({
    filename: path,
    useSharedStrings: sharedStrings,
    useStyles: false,
  });
  const sheet = workbook.addWorksheet('People');
  sheet.addRow(['email', 'notes']).commit();
  sheet.addRow(['a@example.com', 'x'.repeat(chars)]).commit();
  sheet.commit();
  await workbook.commit();
  return path;
}

async function timed<T>(work: () => Promise<T>): Promise<{ ms: number; error: unknown }> {
  const started = performance.now();
  try {
    await work();
    return { ms: performance.now() - started, error: null };
  } catch (error) {
    return { ms: performance.now() - started, error };
  }
}

describe('reading within limits', () => {
  it('refuses a CSV line longer than the limit with its line number, at once instead of scanning it whole', async () => {
    const path = join(dir, 'one-line.csv');
    await writeFile(path, `email,name\n${'x'.repeat(30 * 1024 * 1024)}\n`);
    const { ms, error } = await timed(() => previewRows(path, 'csv'));
    expect(error).toBeInstanceOf(SpreadsheetError);
    expect((error as SpreadsheetError).message).toBe('line 2 is longer than 1000000 characters');
    expect((error as SpreadsheetError).line).toBe(2);
    expect(ms).toBeLessThan(2_000);
  });

  it.each([
    ['a shared string', true],
    ['an inline string', false],
  ])(
    'refuses an XLSX whose cell holds more than 1 MiB (%s) before exceljs builds it',
    async (_kind, shared) => {
      const path = await xlsxWithHugeCell(`huge-${shared}.xlsx`, 40 * 1024 * 1024, shared);
      const heapBefore = process.memoryUsage().heapUsed;
      const { ms, error } = await timed(() => previewRows(path, 'xlsx'));
      expect((error as Error).message).toBe('a cell holds more than 1 MiB of text');
      expect(ms).toBeLessThan(2_000);
      // The 40 MiB string was never built (as UTF-16 it would take 80 MiB).
      expect(process.memoryUsage().heapUsed - heapBefore).toBeLessThan(30 * 1024 ** 2);
      // The worker's import has the same bound on a cell.
      await expect(collect(path, 'xlsx')).rejects.toThrow('a cell holds more than 1 MiB of text');
    },
    30_000,
  );

  it('refuses an XLSX whose shared strings inflate past the limit, counting what really comes out of the zip', async () => {
    const path = join(dir, 'many-strings.xlsx');
    const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({
      filename: path,
      useSharedStrings: true,
      useStyles: false,
    });
    const sheet = workbook.addWorksheet('People');
    for (let i = 0; i < 2_000; i++) sheet.addRow([`person-${i}@example.com`, 'y'.repeat(1_000) + i]).commit();
    sheet.commit();
    await workbook.commit();
    const small: ReadLimits = {
      ...IMPORT_READ_LIMITS,
      xlsx: { ...IMPORT_READ_LIMITS.xlsx, maxSharedStringsBytes: 1024 ** 2 },
    };
    await expect(collect(path, 'xlsx', small)).rejects.toThrow('its shared strings take more than 1 MiB');
    expect(await collect(path, 'xlsx')).toHaveLength(2_000);
  }, 30_000);

  it('shows at most 1,000 characters of a cell in a preview', async () => {
    const path = join(dir, 'long-cell.csv');
    await writeFile(path, `email,notes\na@example.com,${'z'.repeat(5_000)}\n`);
    const preview = await previewRows(path, 'csv');
    expect(preview.rows[0]![1]).toBe(`${'z'.repeat(999)}…`);
  });

  it('refuses a file that is not a zip as XLSX with a message', async () => {
    const path = join(dir, 'fake.xlsx');
    await writeFile(path, 'email\na@example.com\n');
    await expect(previewRows(path, 'xlsx')).rejects.toThrow(/^not an XLSX file/);
  });
});

const text = fc.string({ unit: 'grapheme', maxLength: 30 });

describe('reading hostile files (property)', () => {
  it('CSV: cells written quoted come back exactly as written (quotes keep their spaces), with the line of each row', async () => {
    let n = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.array(text, { minLength: 2, maxLength: 2 }), { minLength: 1, maxLength: 6 }),
        async (rows) => {
          const path = join(dir, `prop-${n++}.csv`);
          const all = [['a', 'b'], ...rows];
          await writeFile(path, stringify(all, { quoted: true }));
          const read = await collect(path, 'csv');
          expect(read.map((r) => r.cells)).toEqual(all);
          const lines = read.map((r) => r.line);
          expect([...lines].sort((x, y) => x - y)).toEqual(lines);
        },
      ),
      { numRuns: 150 },
    );
  });

  it('CSV: any bytes either give rows or fail with an Error saying why, never anything else', async () => {
    let n = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.string({ unit: 'binary', maxLength: 200 }),
          fc.uint8Array({ maxLength: 200 }).map((b) => Buffer.from(b).toString('latin1')),
        ),
        async (content) => {
          const path = join(dir, `bytes-${n++}.csv`);
          await writeFile(path, content);
          const small: ReadLimits = { ...IMPORT_READ_LIMITS, maxLineChars: 50 };
          try {
            for (const row of await collect(path, 'csv', small)) {
              expect(row.line).toBeGreaterThan(0);
              expect(row.cells.every((c) => typeof c === 'string' && c.length <= 50)).toBe(true);
            }
          } catch (error) {
            expect(error).toBeInstanceOf(Error);
            expect((error as Error).message.length).toBeGreaterThan(0);
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('XLSX: text written by the export writer comes back as written, trimmed', async () => {
    let n = 0;
    // XML 1.0 cannot carry most control characters, and reads a CR as a line feed.
    const xmlText = fc
      .string({ unit: 'grapheme', maxLength: 30 })
      // eslint-disable-next-line no-control-regex -- the control characters XML cannot carry
      .filter((s) => !/[\u0000-\u001f\uFFFE\uFFFF]/.test(s));
    await fc.assert(
      fc.asyncProperty(fc.array(fc.array(xmlText, { minLength: 2, maxLength: 2 }), { maxLength: 5 }), async (rows) => {
        const path = join(dir, `prop-${n++}.xlsx`);
        const writer = createRowWriter('xlsx', createWriteStream(path), ['a', 'b']);
        for (const row of rows) await writer.write(row);
        await writer.end();
        const read = await collect(path, 'xlsx');
        const expected = [['a', 'b'], ...rows]
          .map((row) => row.map((c) => c.trim()))
          .filter((row) => row.some((c) => c !== ''));
        // exceljs leaves trailing empty cells off a row.
        expect(read.map((r) => r.cells.concat(Array(2 - r.cells.length).fill('')))).toEqual(expected);
      }),
      { numRuns: 40 },
    );
  }, 60_000);
});
