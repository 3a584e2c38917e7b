import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { createWriteStream } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createRowWriter, previewRows, readRows } from './index';

async function collect(path: string, kind: 'csv' | 'xlsx') {
  const rows = [];
  for await (const row of readRows(path, kind)) rows.push(row);
  return rows;
}

describe('spreadsheets', () => {
  it('reads CSV with a BOM, semicolons, quotes and line numbers of the file', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'herald-'));
    const path = join(dir, 'a.csv');
    await writeFile(path, '\uFEFFemail;name\n"a@x.nl";"Anna; B"\n\nb@x.nl;"multi\nline"\nc@x.nl;Cees\n');
    const rows = await collect(path, 'csv');
    expect(rows.map((r) => r.cells)).toEqual([
      ['email', 'name'],
      ['a@x.nl', 'Anna; B'],
      ['b@x.nl', 'multi\nline'],
      ['c@x.nl', 'Cees'],
    ]);
    expect(rows[0]!.line).toBe(1);
    expect(rows[3]!.line).toBe(6);
  });

  it('reads a semicolon file with commas in its cells, as Dutch Excel writes it', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'herald-'));
    const path = join(dir, 'nl.csv');
    await writeFile(path, 'email;naam;bedrag;geboren\r\na@x.nl;Jansen, Piet;12,5;31-12-1990\r\n');
    expect((await collect(path, 'csv')).map((r) => r.cells)).toEqual([
      ['email', 'naam', 'bedrag', 'geboren'],
      ['a@x.nl', 'Jansen, Piet', '12,5', '31-12-1990'],
    ]);
  });

  it('writes XLSX by streaming and reads it back', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'herald-'));
    const path = join(dir, 'b.xlsx');
    const writer = createRowWriter('xlsx', createWriteStream(path), ['email', 'count']);
    for (let i = 0; i < 100; i++) await writer.write([`p${i}@x.nl`, i]);
    await writer.end();
    const preview = await previewRows(path, 'xlsx', 3);
    expect(preview.headers).toEqual(['email', 'count']);
    expect(preview.rows).toEqual([
      ['p0@x.nl', '0'],
      ['p1@x.nl', '1'],
      ['p2@x.nl', '2'],
    ]);
    expect((await collect(path, 'xlsx')).length).toBe(101);
  });

  it('writes CSV', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'herald-'));
    const path = join(dir, 'c.csv');
    const writer = createRowWriter('csv', createWriteStream(path), ['a', 'b']);
    await writer.write(['x,y', 1]);
    await writer.end();
    expect(await readFile(path, 'utf8')).toBe('a,b\n"x,y",1\n');
  });
});
