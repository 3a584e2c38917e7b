import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Queue } from 'bullmq';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestDatabase } from '@herald/db/testing';
import { bullConnection, QueueName } from '@herald/queue';
import type { RunningApi } from '../support/api';
import { startE2eStack, type E2eStack } from '../support/e2e';

interface ImportJob {
  id: number;
  status: 'QUEUED' | 'RUNNING' | 'DONE' | 'FAILED';
  totalRows: number;
  created: number;
  rejected: number;
  failure: string | null;
  finishedAt: string | null;
}
interface Page<T> {
  items: T[];
  total: number;
}

const MAPPING = JSON.stringify({ columns: { 'E-mail': 'email', 'First name': 'firstName' } });

function csvUpload(text: string | Buffer, name = 'people.csv'): FormData {
  const body = new FormData();
  body.append('mapping', MAPPING);
  body.append('keyField', 'email');
  body.append('file', new Blob([typeof text === 'string' ? text : new Uint8Array(text)]), name);
  return body;
}

describe('imports of hostile files, and imports whose job fails', () => {
  let stack: E2eStack;
  let db: TestDatabase;
  let api: RunningApi;
  let queue: Queue;
  let dir: string;
  let marketer: string;
  let databaseId: number;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'herald-import-hostile-'));
    stack = await startE2eStack({ catcher: false, config: { UPLOAD_DIR: join(dir, 'uploads') } });
    ({ db, api, token: marketer } = stack);
    const { config } = stack;
    queue = new Queue(QueueName.Imports, { connection: bullConnection(config.REDIS_URL), prefix: config.REDIS_PREFIX });
    const database = await api.request<{ id: number }>('POST', '/databases', {
      token: marketer,
      body: { name: 'Hostile', fields: [{ name: 'firstName', type: 'TEXT', required: true }] },
    });
    databaseId = database.body.id;
    // Stand-ins for failures of PostgreSQL the domain cannot foresee: a row it refuses as data, and a
    // failure that is not about the data (retried, until the attempts run out).
    await db.prisma.$executeRawUnsafe(`
      CREATE FUNCTION herald_test_refuse() RETURNS trigger AS $$
      BEGIN
        IF NEW.values->>'firstName' = 'Refused' THEN RAISE EXCEPTION 'value refused by a test trigger' USING ERRCODE = '22000'; END IF;
        IF NEW.values->>'firstName' = 'Crash' THEN RAISE EXCEPTION 'the disk is on fire'; END IF;
        RETURN NEW;
      END $$ LANGUAGE plpgsql`);
    await db.prisma.$executeRawUnsafe(
      `CREATE TRIGGER herald_test_refuse BEFORE INSERT ON "Profile" FOR EACH ROW EXECUTE FUNCTION herald_test_refuse()`,
    );
  });
  afterAll(async () => {
    await queue?.close();
    await stack?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  async function startImport(text: string | Buffer): Promise<ImportJob> {
    const res = await api.request<ImportJob>('POST', `/databases/${databaseId}/imports`, {
      token: marketer,
      body: csvUpload(text),
    });
    expect(res.status).toBe(202);
    return res.body;
  }

  /** Waits for the import to end; `whileWaiting` may move the job along (e.g. skip BullMQ's back-off). */
  async function finished(id: number, timeoutMs: number, whileWaiting?: () => Promise<void>): Promise<ImportJob> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const res = await api.request<ImportJob>('GET', `/imports/${id}`, { token: marketer });
      if (res.body.status === 'DONE' || res.body.status === 'FAILED') return res.body;
      if (Date.now() > deadline)
        throw new Error(`import ${id} still ${res.body.status} after ${timeoutMs} ms: ${JSON.stringify(res.body)}`);
      await whileWaiting?.();
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  it('rejects only the rows with a NUL byte, each with its line and column, and imports the rest', async () => {
    const job = await startImport(
      'E-mail,First name\nann@example.com,Ann\nbob@example.com,B\u0000ob\nnul\u0000@example.com,Cees\ndora@example.com,Dora\n',
    );
    const done = await finished(job.id, 30_000);
    expect(done).toMatchObject({ status: 'DONE', totalRows: 4, created: 2, rejected: 2, failure: null });
    const rejections = await api.request<Page<{ line: number; reason: string }>>(
      'GET',
      `/imports/${job.id}/rejections`,
      { token: marketer },
    );
    expect(rejections.body.items).toEqual([
      {
        line: 3,
        reason: 'column "First name": must not contain a NUL character (U+0000, at character 2)',
        // The cell as given, with what PostgreSQL cannot store shown as U+FFFD.
        column: 'First name',
        value: 'B\uFFFDob',
      },
      {
        line: 4,
        reason: 'column "E-mail": must be an email address',
        column: 'E-mail',
        value: 'nul\uFFFD@example.com',
      },
    ]);
    expect(
      (
        await db.prisma.profile.findMany({ where: { databaseId }, select: { email: true }, orderBy: { id: 'asc' } })
      ).map((p) => p.email),
    ).toEqual(['ann@example.com', 'dora@example.com']);
  });

  it('refuses with 400, not 500, a file whose header holds a NUL byte that the mapping names', async () => {
    const body = new FormData();
    body.append('mapping', JSON.stringify({ columns: { 'E-mail\u0000': 'email', 'First name': 'firstName' } }));
    body.append('file', new Blob(['E-mail\u0000,First name\nann@example.com,Ann\n']), 'nul-header.csv');
    const res = await api.request<{ message: string; issues: Array<{ path: string; message: string }> }>(
      'POST',
      `/databases/${databaseId}/imports`,
      { token: marketer, body },
    );
    expect(res.status).toBe(400);
    expect(res.body.issues).toEqual([
      { path: 'mapping.columns', message: 'a column name must not contain a NUL character (U+0000, at character 7)' },
    ]);
  });

  it('ends as FAILED with the reason at once when PostgreSQL refuses the data itself, rather than retrying', async () => {
    const job = await startImport('E-mail,First name\nrefused@example.com,Refused\n');
    const done = await finished(job.id, 15_000);
    expect(done.status).toBe('FAILED');
    expect(done.failure).toBe(
      'PostgreSQL refused rows of people.csv: value refused by a test trigger (SQLSTATE 22000)',
    );
    expect(done.finishedAt).not.toBeNull();
  });

  it('ends as FAILED with the reason when the job fails on every attempt, never staying RUNNING', async () => {
    const job = await startImport('E-mail,First name\ncrash@example.com,Crash\n');
    // Each retry waits for BullMQ's exponential back-off (2 s, 4 s, 8 s…): promote it instead.
    const skipBackOff = async (): Promise<void> => {
      for (const delayed of await queue.getDelayed()) await delayed.promote().catch(() => undefined);
    };
    const done = await finished(job.id, 60_000, skipBackOff);
    expect(done.status).toBe('FAILED');
    expect(done.failure).toBe('The import stopped after 5 attempts: the disk is on fire (SQLSTATE P0001)');
    expect(done.finishedAt).not.toBeNull();
  }, 90_000);

  /** A preview anyone signed in may ask for: answered with a 400 within the budget, the API free meanwhile. */
  async function previewWithin(
    file: Blob,
    name: string,
    budgetMs: number,
  ): Promise<{ status: number; message: string; ms: number; healthWhileBusy: number }> {
    const body = new FormData();
    body.append('file', file, name);
    const started = performance.now();
    const preview = api.request<{ message: string }>('POST', '/imports/preview', { token: marketer, body });
    const health = api.request('GET', `/databases/${databaseId}/imports`, { token: marketer });
    const [res, other] = await Promise.all([preview, health]);
    const ms = performance.now() - started;
    expect(ms).toBeLessThan(budgetMs);
    return { status: res.status, message: res.body.message, ms, healthWhileBusy: other.status };
  }

  it('refuses a preview of a CSV whose line is endless with 400 naming the line, quickly', async () => {
    const result = await previewWithin(
      new Blob([`email,name\n${'x'.repeat(30 * 1024 * 1024)}`]),
      'one-line.csv',
      4_000,
    );
    expect(result).toMatchObject({ status: 400, healthWhileBusy: 200 });
    expect(result.message).toBe('Invalid request: file: cannot be read (line 2 is longer than 1000000 characters)');
    expect(readdirSync(join(dir, 'uploads')).filter((f) => f.endsWith('.csv'))).toEqual([]);
  }, 30_000);

  it('refuses a preview of an XLSX with one huge cell with 400, without building it', async () => {
    const path = join(dir, 'huge-cell.xlsx');
    const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({
      filename: path,
      useSharedStrings: true,
      useStyles: false,
    });
    const sheet = workbook.addWorksheet('People');
    sheet.addRow(['email', 'notes']).commit();
    sheet.addRow(['a@example.com', 'x'.repeat(64 * 1024 * 1024)]).commit();
    sheet.commit();
    await workbook.commit();
    const result = await previewWithin(new Blob([readFileSync(path)]), 'huge-cell.xlsx', 3_000);
    expect(result).toMatchObject({ status: 400, healthWhileBusy: 200 });
    expect(result.message).toBe('Invalid request: file: cannot be read (a cell holds more than 1 MiB of text)');
  }, 60_000);
});
