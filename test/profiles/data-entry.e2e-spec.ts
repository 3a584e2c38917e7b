import type { INestApplicationContext } from '@nestjs/common';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '@herald/db/testing';
import { startApi, type RunningApi } from '../support/api';
import { testConfig } from '../support/config';
import { createAccount, createUser } from '../support/factories';
import { startWorker } from '../support/worker';

interface ErrorBody {
  message: string;
  issues?: Array<{ path: string; message: string }>;
}
interface Field {
  id: number;
  name: string;
  label: string;
  type: string;
}
interface ImportJob {
  id: number;
  status: 'QUEUED' | 'RUNNING' | 'DONE' | 'FAILED';
  dateFormat: string | null;
  created: number;
  rejected: number;
  failure: string | null;
}
interface Rejection {
  line: number;
  reason: string;
  column: string | null;
  value: string | null;
}

/** As Dutch Excel saves "CSV (puntkomma-gescheiden)": semicolons, day-first dates, decimal commas, CRLF. */
const DUTCH_CSV = [
  'E-mailadres;Naam;Geboortedatum;Woonplaats',
  'anna@example.nl;Jansen, Anna;31-12-1990;Utrecht',
  'bram@example.nl;Bram;05-01-1985;Den Haag',
  'els@example.nl;Els;17-03-1978;Gouda',
  'cees@example.nl;Cees;31-02-1990;Delft',
  'dirk@example.nl;Dirk;12/31/1990;Zwolle',
  '',
].join('\r\n');

function upload(csv: string, name: string, fields: Record<string, string>): FormData {
  const body = new FormData();
  for (const [key, value] of Object.entries(fields)) body.append(key, value);
  body.append('file', new Blob([csv]), name);
  return body;
}

describe('data entry: field labels, date formats and rejected rows', () => {
  let db: TestDatabase;
  let api: RunningApi;
  let worker: INestApplicationContext;
  let marketer: string;
  let other: string;
  let databaseId: number;

  beforeAll(async () => {
    db = await createTestDatabase();
    const config = testConfig(db.url);
    api = await startApi(config);
    worker = await startWorker(config);
    const [a, b] = await Promise.all([createAccount(db.prisma), createAccount(db.prisma)]);
    const [m, o] = await Promise.all([
      createUser(db.prisma, a.id, 'MARKETER'),
      createUser(db.prisma, b.id, 'MARKETER'),
    ]);
    [marketer, other] = await Promise.all([api.login(m.email, m.password), api.login(o.email, o.password)]);
    const database = await api.request<{ id: number; fields: Field[] }>('POST', '/databases', {
      token: marketer,
      body: {
        name: 'Klanten',
        fields: [
          { label: 'Name', type: 'TEXT' },
          { label: 'Birth date', type: 'DATE' },
          { name: 'city', type: 'TEXT' },
        ],
      },
    });
    expect(database.status).toBe(201);
    databaseId = database.body.id;
    expect(database.body.fields.map((f) => [f.name, f.label])).toEqual([
      ['name', 'Name'],
      ['birth_date', 'Birth date'],
      ['city', 'city'],
    ]);
  });
  afterAll(async () => {
    await worker?.close();
    await api?.close();
    await db?.drop();
  });

  async function finished(id: number): Promise<ImportJob> {
    const deadline = Date.now() + 30_000;
    for (;;) {
      const res = await api.request<ImportJob>('GET', `/imports/${id}`, { token: marketer });
      if (res.body.status === 'DONE' || res.body.status === 'FAILED') return res.body;
      if (Date.now() > deadline) throw new Error(`import ${id} still ${res.body.status}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  }

  it('makes the key of a field from its label, unique within the database, and keeps the label', async () => {
    const add = (body: unknown) =>
      api.request<Field & ErrorBody>('POST', `/databases/${databaseId}/fields`, { token: marketer, body });
    const first = await add({ label: 'first name', type: 'TEXT' });
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ name: 'first_name', label: 'first name', type: 'TEXT' });
    const again = await add({ label: 'First Name', type: 'TEXT' });
    expect(again.body).toMatchObject({ name: 'first_name_2', label: 'First Name' });
    const street = await add({ label: 'Straße', type: 'TEXT' });
    expect(street.body.name).toBe('strasse');
    const reserved = await add({ label: 'E-mail', type: 'TEXT' });
    expect(reserved.body.name).toBe('e_mail');
    const email = await add({ label: 'Email', type: 'TEXT' });
    expect(email.body.name).toBe('email_2');

    // Clients that send a name, as before labels, keep working; the label is the name.
    const named = await add({ name: 'loyaltyTier', type: 'TEXT' });
    expect(named.body).toMatchObject({ name: 'loyaltyTier', label: 'loyaltyTier' });
    const both = await add({ name: 'vip', label: 'VIP customer', type: 'BOOLEAN' });
    expect(both.body).toMatchObject({ name: 'vip', label: 'VIP customer' });

    const detail = await api.request<{ fields: Field[] }>('GET', `/databases/${databaseId}`, { token: marketer });
    expect(detail.body.fields.find((f) => f.name === 'first_name')?.label).toBe('first name');
  });

  it('refuses a field without label or name, a bad name and an over-long label with 400 naming the field', async () => {
    const add = (body: unknown) =>
      api.request<ErrorBody>('POST', `/databases/${databaseId}/fields`, { token: marketer, body });
    const none = await add({ type: 'TEXT' });
    expect(none.status).toBe(400);
    expect(none.body.issues?.map((i) => i.path)).toEqual(['label']);
    const badName = await add({ name: 'first name', type: 'TEXT' });
    expect(badName.status).toBe(400);
    expect(badName.body.issues?.map((i) => i.path)).toEqual(['name']);
    const long = await add({ label: 'x'.repeat(256), type: 'TEXT' });
    expect(long.status).toBe(400);
    expect(long.body.issues?.map((i) => i.path)).toEqual(['label']);
    const taken = await add({ name: 'city', type: 'TEXT' });
    expect(taken.status).toBe(409);
    const foreign = await api.request('POST', `/databases/${databaseId}/fields`, {
      token: other,
      body: { label: 'x', type: 'TEXT' },
    });
    expect(foreign.status).toBe(404);
  });

  it('imports a Dutch semicolon CSV with dd-mm-yyyy dates, detecting the format, and reports each rejected cell', async () => {
    const mapping = {
      columns: { 'E-mailadres': 'email', Naam: 'name', Geboortedatum: 'birth_date', Woonplaats: 'city' },
    };
    const started = await api.request<ImportJob & ErrorBody>('POST', `/databases/${databaseId}/imports`, {
      token: marketer,
      body: upload(DUTCH_CSV, 'klanten.csv', { mapping: JSON.stringify(mapping) }),
    });
    expect(started.status).toBe(202);
    expect(started.body.dateFormat).toBe('dd-mm-yyyy');
    const job = await finished(started.body.id);
    expect(job).toMatchObject({ status: 'DONE', created: 3, rejected: 2, failure: null });

    const profiles = await db.prisma.profile.findMany({
      where: { databaseId },
      select: { email: true, values: true },
      orderBy: { email: 'asc' },
    });
    expect(profiles).toEqual([
      { email: 'anna@example.nl', values: { name: 'Jansen, Anna', birth_date: '1990-12-31', city: 'Utrecht' } },
      { email: 'bram@example.nl', values: { name: 'Bram', birth_date: '1985-01-05', city: 'Den Haag' } },
      { email: 'els@example.nl', values: { name: 'Els', birth_date: '1978-03-17', city: 'Gouda' } },
    ]);

    const rejections = await api.request<{ items: Rejection[]; total: number }>(
      'GET',
      `/imports/${job.id}/rejections`,
      { token: marketer },
    );
    expect(rejections.body.items).toEqual([
      {
        line: 5,
        reason: 'column "Geboortedatum": must be a date written dd-mm-yyyy (31-12-2024)',
        column: 'Geboortedatum',
        value: '31-02-1990',
      },
      {
        line: 6,
        reason: 'column "Geboortedatum": must be a date written dd-mm-yyyy (31-12-2024)',
        column: 'Geboortedatum',
        value: '12/31/1990',
      },
    ]);

    const csv = await api.request<string>('GET', `/imports/${job.id}/rejections.csv`, { token: marketer });
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(csv.headers.get('content-disposition')).toBe(`attachment; filename="import-${job.id}-rejected-rows.csv"`);
    expect(csv.body.trim().split('\n')).toEqual([
      'line,column,value,reason',
      '5,Geboortedatum,31-02-1990,"column ""Geboortedatum"": must be a date written dd-mm-yyyy (31-12-2024)"',
      '6,Geboortedatum,12/31/1990,"column ""Geboortedatum"": must be a date written dd-mm-yyyy (31-12-2024)"',
    ]);
  });

  it('reads the dates in the format the user chose over the detected one', async () => {
    const csv = ['email,birth', 'eva@example.com,01/02/2000', 'fay@example.com,12/31/2000', ''].join('\n');
    const mapping = { columns: { email: 'email', birth: 'birth_date' } };
    const started = await api.request<ImportJob>('POST', `/databases/${databaseId}/imports`, {
      token: marketer,
      body: upload(csv, 'us.csv', { mapping: JSON.stringify(mapping), dateFormat: 'mm/dd/yyyy' }),
    });
    expect(started.body.dateFormat).toBe('mm/dd/yyyy');
    expect(await finished(started.body.id)).toMatchObject({ status: 'DONE', created: 2, rejected: 0 });
    const eva = await db.prisma.profile.findFirst({ where: { email: 'eva@example.com' }, select: { values: true } });
    expect(eva?.values).toEqual({ birth_date: '2000-01-02' });
  });

  it("refuses an unknown date format with 400 naming it, and hides another account's rejections", async () => {
    const refused = await api.request<ErrorBody>('POST', `/databases/${databaseId}/imports`, {
      token: marketer,
      body: upload(DUTCH_CSV, 'klanten.csv', {
        mapping: JSON.stringify({ columns: { 'E-mailadres': 'email' } }),
        dateFormat: 'dd.mm.yy',
      }),
    });
    expect(refused.status).toBe(400);
    expect(refused.body.issues?.map((i) => i.path)).toEqual(['dateFormat']);

    const job = await db.prisma.importJob.findFirst({ select: { id: true }, orderBy: { id: 'asc' } });
    expect((await api.request('GET', `/imports/${job!.id}/rejections.csv`, { token: other })).status).toBe(404);
    expect((await api.request('GET', `/imports/${job!.id}/rejections`, { token: other })).status).toBe(404);
    expect((await api.request('GET', '/imports/999999/rejections.csv', { token: marketer })).status).toBe(404);
    expect((await api.request('GET', '/imports/abc/rejections.csv', { token: marketer })).status).toBe(400);
    expect((await api.request('GET', `/imports/${job!.id}/rejections.csv`)).status).toBe(401);
  });
});
