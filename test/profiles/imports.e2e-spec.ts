import { createWriteStream, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestDatabase } from '@herald/db/testing';
import type { RunningApi } from '../support/api';
import { startE2eStack, waitFor, type E2eStack } from '../support/e2e';

interface ErrorBody {
  message: string;
  issues?: Array<{ path: string; message: string }>;
}
interface ImportJob {
  id: number;
  status: 'QUEUED' | 'RUNNING' | 'DONE' | 'FAILED';
  totalRows: number;
  created: number;
  updated: number;
  unchanged: number;
  rejected: number;
  failure: string | null;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
}
interface Page<T> {
  items: T[];
  total: number;
}

const ROWS = 100_000;
const HEADER = ['E-mail', 'First name', 'Mobile', 'Birthdate', 'Score', 'Notes'];

/** Every 20th row is bad, in one of five ways; each comes with the reason the import must give. */
const BAD_KINDS: Array<{ cells: (i: number) => string[]; reason: RegExp }> = [
  {
    cells: (i) => [`not-an-email-${i}`, 'Bad', '', '1990-01-01', '1', ''],
    reason: /column "E-mail": must be an email address/,
  },
  {
    cells: (i) => [`bad${i}@example.com`, 'Bad', '', '2021-02-30', '1', ''],
    reason: /column "Birthdate": must be a date/,
  },
  {
    cells: (i) => [`bad${i}@example.com`, 'Bad', '', '1990-01-01', 'lots', ''],
    reason: /column "Score": must be a number/,
  },
  {
    cells: (i) => [`bad${i}@example.com`, '', '', '1990-01-01', '1', ''],
    reason: /column "First name": required field firstName is empty/,
  },
  { cells: (i) => [`bad${i}@example.com`, 'Bad', '+31 6 12345678'], reason: /has 3 columns where the header has 6/ },
];
const isBad = (i: number): boolean => i % 20 === 7;

function goodRow(i: number): string[] {
  const day = String((i % 28) + 1).padStart(2, '0');
  const birthdate = i % 2 === 0 ? `1980-03-${day}` : `${day}-03-1980`;
  return [
    `User${i}@Example.com`,
    `Name ${i}`,
    i % 3 === 0 ? `+31 6 ${String(10_000_000 + i).slice(0, 8)}` : '',
    birthdate,
    `${i % 100},5`,
    i % 10 === 0 ? 'said "hi", twice' : '',
  ];
}

function csvLine(cells: string[]): string {
  return cells.map((c) => (/[",\n]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c)).join(',') + '\n';
}

async function writeCsv(path: string, rows: number): Promise<void> {
  const out = createWriteStream(path);
  out.write(csvLine(HEADER));
  for (let i = 0; i < rows; i++) {
    const cells = isBad(i) ? BAD_KINDS[Math.floor(i / 20) % BAD_KINDS.length]!.cells(i) : goodRow(i);
    if (!out.write(csvLine(cells))) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
}

function form(path: string, name: string, fields: Record<string, string>): FormData {
  const body = new FormData();
  for (const [key, value] of Object.entries(fields)) body.append(key, value);
  body.append('file', new Blob([new Uint8Array(readFileSyncCached(path))]), name);
  return body;
}

const fileCache = new Map<string, Buffer>();
function readFileSyncCached(path: string): Buffer {
  if (!fileCache.has(path)) fileCache.set(path, readFileSync(path));
  return fileCache.get(path)!;
}

const MAPPING = {
  columns: {
    'E-mail': 'email',
    'First name': 'firstName',
    Mobile: 'mobile',
    Birthdate: 'birthdate',
    Score: 'score',
    Notes: null,
  },
};

describe('CSV import through the API and the real worker', () => {
  let stack: E2eStack;
  let db: TestDatabase;
  let api: RunningApi;
  let dir: string;
  let uploads: string;
  let marketer: string;
  let viewer: string;
  let other: string;
  let databaseId: number;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'herald-import-'));
    uploads = join(dir, 'uploads');
    stack = await startE2eStack({ catcher: false, config: { UPLOAD_DIR: uploads } });
    ({ db, api, token: marketer } = stack);
    viewer = await stack.userToken('VIEWER');
    other = await stack.userToken('MARKETER', await stack.newAccount());
    const database = await api.request<{ id: number }>('POST', '/databases', {
      token: marketer,
      body: {
        name: 'Imported',
        fields: [
          { name: 'firstName', type: 'TEXT', required: true },
          { name: 'birthdate', type: 'DATE' },
          { name: 'score', type: 'NUMBER' },
        ],
      },
    });
    databaseId = database.body.id;
  });
  afterAll(async () => {
    await stack?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  async function startImport(path: string, name: string, fields: Record<string, string>, token = marketer) {
    return api.request<ImportJob & ErrorBody>('POST', `/databases/${databaseId}/imports`, {
      token,
      body: form(path, name, fields),
    });
  }

  function finished(id: number, timeoutMs: number): Promise<ImportJob> {
    return waitFor(
      async () => (await api.request<ImportJob>('GET', `/imports/${id}`, { token: viewer })).body,
      (job) => job.status === 'DONE' || job.status === 'FAILED',
      { timeoutMs, intervalMs: 200, what: `import ${id} to end` },
    );
  }

  it('previews the header and the first ten rows without keeping the file', async () => {
    const path = join(dir, 'small.csv');
    await writeCsv(path, 30);
    const body = new FormData();
    body.append('file', new Blob([new Uint8Array(readFileSyncCached(path))]), 'small.csv');
    const res = await api.request<{ headers: string[]; rows: string[][] }>('POST', '/imports/preview', {
      token: viewer,
      body,
    });
    expect(res.status).toBe(200);
    expect(res.body.headers).toEqual(HEADER);
    expect(res.body.rows).toHaveLength(10);
    expect(res.body.rows[0]).toEqual(goodRow(0));
    expect(res.body.rows[7]).toEqual(BAD_KINDS[0]!.cells(7));
    expect(readdirSync(uploads)).toEqual([]);
  });

  it('refuses a mapping that cannot work with 400 naming the column, and keeps no file', async () => {
    const path = join(dir, 'small.csv');
    const unknownField = await startImport(path, 'small.csv', {
      mapping: JSON.stringify({ columns: { ...MAPPING.columns, Notes: 'notes' } }),
    });
    expect(unknownField.status).toBe(400);
    expect(unknownField.body.issues).toEqual([{ path: 'mapping.columns.Notes', message: 'unknown field notes' }]);
    const unknownHeader = await startImport(path, 'small.csv', {
      mapping: JSON.stringify({ columns: { Email: 'email' } }),
    });
    expect(unknownHeader.status).toBe(400);
    expect(unknownHeader.body.issues?.map((i) => i.path)).toEqual(['mapping.columns.Email']);
    const twice = await startImport(path, 'small.csv', {
      mapping: JSON.stringify({ columns: { 'E-mail': 'email', Notes: 'email' } }),
    });
    expect(twice.status).toBe(400);
    expect(twice.body.issues?.map((i) => i.path)).toEqual(['mapping.columns.Notes']);
    const badKey = await startImport(path, 'small.csv', { mapping: JSON.stringify(MAPPING), keyField: 'mobile' });
    expect(badKey.status).toBe(400);
    expect(badKey.body.issues?.map((i) => i.path)).toEqual(['keyField']);
    const notJson = await startImport(path, 'small.csv', { mapping: '{columns:' });
    expect(notJson.status).toBe(400);
    expect(notJson.body.issues?.map((i) => i.path)).toEqual(['mapping']);
    const pdf = await startImport(path, 'small.pdf', { mapping: JSON.stringify(MAPPING) });
    expect(pdf.status).toBe(400);
    expect(pdf.body.issues?.map((i) => i.path)).toEqual(['file']);
    const noFile = await api.request<ErrorBody>('POST', `/databases/${databaseId}/imports`, {
      token: marketer,
      body: (() => {
        const f = new FormData();
        f.append('mapping', JSON.stringify(MAPPING));
        return f;
      })(),
    });
    expect(noFile.status).toBe(400);
    expect(noFile.body.issues?.map((i) => i.path)).toEqual(['file']);
    expect(readdirSync(uploads)).toEqual([]);
    expect(await db.prisma.importJob.count()).toBe(0);
  });

  it('scopes imports to the account and refuses a viewer', async () => {
    const path = join(dir, 'small.csv');
    expect((await startImport(path, 'small.csv', { mapping: JSON.stringify(MAPPING) }, other)).status).toBe(404);
    expect((await startImport(path, 'small.csv', { mapping: JSON.stringify(MAPPING) }, viewer)).status).toBe(403);
    expect((await api.request('GET', `/databases/${databaseId}/imports`, { token: other })).status).toBe(404);
  });

  it(`imports ${ROWS} rows with 5 % bad ones: good rows stored, each bad row reported, and a second run changes nothing`, async () => {
    const path = join(dir, 'big.csv');
    await writeCsv(path, ROWS);
    const bad = Array.from({ length: ROWS }, (_, i) => i).filter(isBad);
    const good = ROWS - bad.length;
    expect(bad.length).toBe(ROWS / 20);

    const started = Date.now();
    const accepted = await startImport(path, 'customers.csv', { mapping: JSON.stringify(MAPPING), keyField: 'email' });
    expect(accepted.status).toBe(202);
    expect(accepted.body).toMatchObject({
      status: 'QUEUED',
      totalRows: 0,
      created: 0,
      failure: null,
      startedAt: null,
      finishedAt: null,
    });
    const first = await finished(accepted.body.id, 170_000);
    const firstSeconds = (Date.now() - started) / 1000;
    expect(first).toMatchObject({
      status: 'DONE',
      totalRows: ROWS,
      created: good,
      updated: 0,
      unchanged: 0,
      rejected: bad.length,
      failure: null,
    });
    // The worker removes the upload once the import is done.
    expect(readdirSync(uploads)).toEqual([]);

    // Every bad row is reported once, with its line (the header is line 1) and why.
    const rejections: Array<{ line: number; reason: string }> = [];
    for (let page = 1; ; page++) {
      const res = await api.request<Page<{ line: number; reason: string }>>(
        'GET',
        `/imports/${first.id}/rejections?page=${page}&pageSize=500`,
        { token: viewer },
      );
      expect(res.body.total).toBe(bad.length);
      rejections.push(...res.body.items);
      if (res.body.items.length < 500) break;
    }
    expect(rejections.map((r) => r.line)).toEqual(bad.map((i) => i + 2));
    for (const [n, rejection] of rejections.entries()) {
      expect(rejection.reason).toMatch(BAD_KINDS[Math.floor(bad[n]! / 20) % BAD_KINDS.length]!.reason);
    }

    // Nothing half-written: exactly the good rows, each complete and normalised.
    expect(await db.prisma.profile.count({ where: { databaseId } })).toBe(good);
    const incomplete = await db.prisma.$queryRawUnsafe<Array<{ n: number }>>(
      `SELECT count(*)::int AS n FROM "Profile" WHERE "databaseId" = $1 AND (email IS NULL OR NOT values ? 'firstName' OR NOT values ? 'birthdate' OR NOT values ? 'score')`,
      databaseId,
    );
    expect(incomplete[0]!.n).toBe(0);
    expect(await db.prisma.profile.count({ where: { databaseId, email: { startsWith: 'bad' } } })).toBe(0);
    const sample = await db.prisma.profile.findFirstOrThrow({ where: { databaseId, email: 'User3@example.com' } });
    expect(sample).toMatchObject({
      mobile: '+31610000003',
      values: { firstName: 'Name 3', birthdate: '1980-03-04', score: 3.5 },
    });

    const againStarted = Date.now();
    const again = await startImport(path, 'customers.csv', { mapping: JSON.stringify(MAPPING), keyField: 'email' });
    const second = await finished(again.body.id, 170_000);
    const secondSeconds = (Date.now() - againStarted) / 1000;
    expect(second).toMatchObject({
      status: 'DONE',
      totalRows: ROWS,
      created: 0,
      updated: 0,
      unchanged: good,
      rejected: bad.length,
    });
    expect(await db.prisma.profile.count({ where: { databaseId } })).toBe(good);
    expect(await db.prisma.profileChange.count()).toBe(0);

    const list = await api.request<ImportJob[]>('GET', `/databases/${databaseId}/imports`, { token: viewer });
    expect(list.body.map((j) => j.id)).toEqual([second.id, first.id]);
    console.info(
      `import of ${ROWS} rows: first run ${firstSeconds.toFixed(1)} s, second run ${secondSeconds.toFixed(1)} s`,
    );
  }, 400_000);

  it('updates matched profiles from a changed file and logs each change', async () => {
    const path = join(dir, 'changes.csv');
    writeFileSync(
      path,
      'E-mail;First name\nUser1@example.com;Renamed\nUser2@example.com;Name 2\nnew@example.com;Newcomer\n',
    );
    const res = await startImport(path, 'changes.csv', {
      mapping: JSON.stringify({ columns: { 'E-mail': 'email', 'First name': 'firstName' } }),
      keyField: 'email',
    });
    const job = await finished(res.body.id, 30_000);
    expect(job).toMatchObject({ status: 'DONE', totalRows: 3, created: 1, updated: 1, unchanged: 1, rejected: 0 });
    const renamed = await db.prisma.profile.findFirstOrThrow({ where: { databaseId, email: 'User1@example.com' } });
    // Only the mapped column changes; the others are kept.
    expect(renamed.values).toEqual({ firstName: 'Renamed', birthdate: '1980-03-02', score: 1.5 });
    const changes = await db.prisma.profileChange.findMany({ where: { profileId: renamed.id } });
    expect(changes.map((c) => c.change)).toEqual([
      { before: { values: { firstName: 'Name 1' } }, after: { values: { firstName: 'Renamed' } } },
    ]);
  });
});
