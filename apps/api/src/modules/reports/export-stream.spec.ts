import { createServer, request, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Response } from 'express';
import { parse } from 'csv-parse/sync';
import { afterEach, describe, expect, it } from 'vitest';
import { keysetPages, percentCell, streamExport, type ExportRow } from './export-stream';

/** A bare HTTP server whose one handler streams the given pages; reports when the handler finished. */
async function serve(
  pages: () => AsyncIterable<ExportRow[]>,
): Promise<{ server: Server; url: string; finished: Promise<void> }> {
  let done!: () => void;
  const finished = new Promise<void>((r) => (done = r));
  const server = createServer((_req, res: ServerResponse) => {
    const express = Object.assign(res, {
      status: (code: number) => ((res.statusCode = code), express),
    }) as unknown as Response;
    void streamExport(express, 'csv', 'test-export', ['n', 'label'], pages()).then(done, done);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`, finished };
}

let server: Server | undefined;
afterEach(async () => {
  await new Promise((r) => server?.close(r) ?? r(undefined));
  server = undefined;
});

describe('streamExport', () => {
  it('writes every page with the download headers', async () => {
    async function* pages(): AsyncGenerator<ExportRow[]> {
      yield [
        [1, 'one'],
        [2, null],
      ];
      yield [[3, 'three, with a comma']];
    }
    const s = await serve(pages);
    server = s.server;
    const res = await fetch(s.url);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(res.headers.get('content-disposition')).toBe('attachment; filename="test-export.csv"');
    expect(parse(await res.text(), { columns: true })).toEqual([
      { n: '1', label: 'one' },
      { n: '2', label: '' },
      { n: '3', label: 'three, with a comma' },
    ]);
    await s.finished;
  });

  it('writes text from outside (a bounce text, a profile field) so that no spreadsheet runs it as a formula', async () => {
    async function* pages(): AsyncGenerator<ExportRow[]> {
      yield [
        [1, '=HYPERLINK("http://evil.example","x")'],
        [2, '@SUM(1+1)'],
        [-3, '-1+1'],
      ];
    }
    const s = await serve(pages);
    server = s.server;
    const res = await fetch(s.url);
    expect(parse(await res.text(), { columns: true })).toEqual([
      { n: '1', label: `'=HYPERLINK("http://evil.example","x")` },
      { n: '2', label: `'@SUM(1+1)` },
      { n: '-3', label: `'-1+1` },
    ]);
    await s.finished;
  });

  it('stops reading pages when the client goes away', async () => {
    let read = 0;
    async function* endless(): AsyncGenerator<ExportRow[]> {
      for (;;) {
        read++;
        yield Array.from({ length: 1000 }, (_, i): ExportRow => [i, 'x'.repeat(100)]);
      }
    }
    const s = await serve(endless);
    server = s.server;
    await new Promise<void>((resolve) => {
      const req = request(s.url, (res) => {
        res.once('data', () => {
          req.destroy();
          resolve();
        });
      });
      req.end();
    });
    await s.finished;
    const readWhenFinished = read;
    await new Promise((r) => setTimeout(r, 100));
    expect(read).toBe(readWhenFinished);
    expect(read).toBeLessThan(1000);
  });
});

describe('keysetPages', () => {
  it('asks for the next page after the last key until a page comes back short', async () => {
    const rows = Array.from({ length: 7 }, (_, i) => ({ id: i + 1 }));
    const asked: Array<number | undefined> = [];
    const pages: number[][] = [];
    for await (const page of keysetPages(
      async (after: number | undefined) => {
        asked.push(after);
        return rows.filter((r) => r.id > (after ?? 0)).slice(0, 3);
      },
      (r) => r.id,
      3,
    )) {
      pages.push(page.map((r) => r.id));
    }
    expect(pages).toEqual([[1, 2, 3], [4, 5, 6], [7]]);
    expect(asked).toEqual([undefined, 3, 6]);
  });
});

describe('percentCell', () => {
  it('rounds to two decimals and leaves a missing rate empty', () => {
    expect(percentCell(88.888888)).toBe(88.89);
    expect(percentCell(null)).toBeNull();
  });
});
