import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestDatabase } from '@herald/db/testing';
import type { RunningApi } from '../support/api';
import { startE2eStack, type E2eStack } from '../support/e2e';

interface ErrorBody {
  statusCode: number;
  message: string;
  issues?: Array<{ path: string; message: string }>;
}
interface Profile {
  id: number;
  databaseId: number;
  email: string | null;
  mobile: string | null;
  fax: string | null;
  values: Record<string, unknown>;
  unsubscribedAt: string | null;
  unsubscribeReason: string | null;
  disabledAt: string | null;
  disabledReason: string | null;
}
interface Page<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}

const FIELDS = [
  { name: 'firstName', type: 'TEXT', required: true },
  { name: 'birthdate', type: 'DATE' },
  { name: 'customerCode', type: 'TEXT', unique: true },
  { name: 'city', type: 'TEXT' },
];

describe('databases, profiles and collections over HTTP', () => {
  let stack: E2eStack;
  let db: TestDatabase;
  let api: RunningApi;
  let marketer: string;
  let viewer: string;
  let other: string;
  let databaseId: number;

  beforeAll(async () => {
    stack = await startE2eStack({ catcher: false, worker: false, accountName: 'Account A' });
    ({ db, api, token: marketer } = stack);
    const b = await stack.newAccount('Account B');
    viewer = await stack.userToken('VIEWER');
    other = await stack.userToken('ADMIN', b);
    const created = await api.request<{ id: number }>('POST', '/databases', {
      token: marketer,
      body: { name: 'Customers', description: 'All of them', fields: FIELDS },
    });
    expect(created.status).toBe(201);
    databaseId = created.body.id;
  });
  afterAll(async () => {
    await stack?.stop();
  });

  const createProfile = (body: unknown, token = marketer) =>
    api.request<Profile & ErrorBody>('POST', `/databases/${databaseId}/profiles`, { token, body });

  it('creates a database with its fields and lists it with a profile count', async () => {
    const detail = await api.request<{
      name: string;
      fields: Array<{ name: string; type: string; required: boolean; unique: boolean; choices: string[] }>;
      collections: unknown[];
      profileCount: number;
    }>('GET', `/databases/${databaseId}`, { token: viewer });
    expect(detail.status).toBe(200);
    expect(detail.body).toMatchObject({
      name: 'Customers',
      description: 'All of them',
      profileCount: 0,
      collections: [],
    });
    expect(detail.body.fields.map((f) => [f.name, f.type, f.required, f.unique])).toEqual([
      ['firstName', 'TEXT', true, false],
      ['birthdate', 'DATE', false, false],
      ['customerCode', 'TEXT', false, true],
      ['city', 'TEXT', false, false],
    ]);
    const list = await api.request<Array<{ id: number; profileCount: number }>>('GET', '/databases', { token: viewer });
    expect(list.body.map((d) => d.id)).toEqual([databaseId]);
  });

  it('refuses a duplicate database name with 409 and a bad field with 400 naming it', async () => {
    const duplicate = await api.request<ErrorBody>('POST', '/databases', {
      token: marketer,
      body: { name: 'Customers' },
    });
    expect(duplicate.status).toBe(409);
    const bad = await api.request<ErrorBody>('POST', '/databases', {
      token: marketer,
      body: { name: 'X', fields: [{ name: 'colour', type: 'CHOICE' }] },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.issues?.map((i) => i.path)).toContain('fields.0.choices');
    const field = await api.request<{ name: string }>('POST', `/databases/${databaseId}/fields`, {
      token: marketer,
      body: { name: 'score', type: 'NUMBER' },
    });
    expect(field.status).toBe(201);
    const again = await api.request<ErrorBody>('POST', `/databases/${databaseId}/fields`, {
      token: marketer,
      body: { name: 'score', type: 'NUMBER' },
    });
    expect(again.status).toBe(409);
  });

  it('creates a profile with normalised values: E.164 numbers, ISO dates, lowercased email domain', async () => {
    const res = await createProfile({
      email: ' Anna@Example.COM ',
      mobile: '+31 6 1234 5678',
      fax: '+31 (0)20 123 4567',
      values: { firstName: 'Anna', birthdate: '31-12-1990', customerCode: 'A-1', score: '7,5' },
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      databaseId,
      email: 'Anna@example.com',
      mobile: '+31612345678',
      fax: '+31201234567',
      values: { firstName: 'Anna', birthdate: '1990-12-31', customerCode: 'A-1', score: 7.5 },
      unsubscribedAt: null,
      disabledAt: null,
    });
    const fetched = await api.request<Profile>('GET', `/profiles/${res.body.id}`, { token: viewer });
    expect(fetched.body.mobile).toBe('+31612345678');
  });

  it('answers bad values with 400 naming each field', async () => {
    const res = await createProfile({
      email: 'not-an-email',
      mobile: '12',
      values: { birthdate: '2020-02-30', shoeSize: 42 },
    });
    expect(res.status).toBe(400);
    const paths = res.body.issues?.map((i) => i.path) ?? [];
    expect(paths).toEqual(
      expect.arrayContaining(['email', 'mobile', 'values.birthdate', 'values.firstName', 'values.shoeSize']),
    );
    expect(res.body.message).toContain('values.birthdate');
    const notObject = await createProfile({ values: 'nope' });
    expect(notObject.status).toBe(400);
    expect(notObject.body.issues?.map((i) => i.path)).toContain('values');
  });

  it('keeps a unique field unique: 409 naming the field, on create and on update', async () => {
    const first = await createProfile({ values: { firstName: 'Bob', customerCode: 'U-1' } });
    expect(first.status).toBe(201);
    const second = await createProfile({ values: { firstName: 'Bea', customerCode: 'U-1' } });
    expect(second.status).toBe(409);
    expect(second.body.issues?.[0]?.path).toBe('values.customerCode');
    const third = await createProfile({ values: { firstName: 'Bea', customerCode: 'U-2' } });
    const clash = await api.request<ErrorBody>('PATCH', `/profiles/${third.body.id}`, {
      token: marketer,
      body: { values: { customerCode: 'U-1' } },
    });
    expect(clash.status).toBe(409);
    // Its own value is no clash.
    const same = await api.request<Profile>('PATCH', `/profiles/${first.body.id}`, {
      token: marketer,
      body: { values: { customerCode: 'U-1', city: 'Delft' } },
    });
    expect(same.status).toBe(200);
    // A deleted profile frees its value.
    expect((await api.request('DELETE', `/profiles/${first.body.id}`, { token: marketer })).status).toBe(204);
    const freed = await api.request<Profile>('PATCH', `/profiles/${third.body.id}`, {
      token: marketer,
      body: { values: { customerCode: 'U-1' } },
    });
    expect(freed.status).toBe(200);
  });

  it('patches only what is given, logs each change and removes a value given as null', async () => {
    const created = await createProfile({
      email: 'carl@example.com',
      values: { firstName: 'Carl', city: 'Utrecht', birthdate: '1980-01-02' },
    });
    const id = created.body.id;
    const patched = await api.request<Profile>('PATCH', `/profiles/${id}`, {
      token: marketer,
      body: { mobile: '+31 6 87654321', values: { city: 'Gouda', birthdate: null } },
    });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({
      email: 'carl@example.com',
      mobile: '+31687654321',
      values: { firstName: 'Carl', city: 'Gouda' },
    });
    expect(patched.body.values).not.toHaveProperty('birthdate');
    const unchanged = await api.request<Profile>('PATCH', `/profiles/${id}`, {
      token: marketer,
      body: { values: { city: 'Gouda' } },
    });
    expect(unchanged.status).toBe(200);
    const required = await api.request<ErrorBody>('PATCH', `/profiles/${id}`, {
      token: marketer,
      body: { values: { firstName: '' } },
    });
    expect(required.status).toBe(400);
    expect(required.body.issues?.map((i) => i.path)).toEqual(['values.firstName']);

    const changes = await db.prisma.profileChange.findMany({ where: { profileId: id }, orderBy: { id: 'asc' } });
    expect(changes).toHaveLength(1);
    expect(changes[0]!.change).toEqual({
      before: { mobile: null, values: { city: 'Utrecht', birthdate: '1980-01-02' } },
      after: { mobile: '+31687654321', values: { city: 'Gouda', birthdate: null } },
    });
    expect(changes[0]!.source).toMatch(/^user:\d+$/);
  });

  it('unsubscribes with a reason, resubscribes, enables and soft-deletes', async () => {
    const { body: profile } = await createProfile({ email: 'dora@example.com', values: { firstName: 'Dora' } });
    const unsubscribed = await api.request<Profile>('POST', `/profiles/${profile.id}/unsubscribe`, {
      token: marketer,
      body: { reason: 'too many mails' },
    });
    expect(unsubscribed.status).toBe(200);
    expect(unsubscribed.body.unsubscribedAt).not.toBeNull();
    expect(unsubscribed.body.unsubscribeReason).toBe('too many mails');
    const bare = await api.request<Profile>('POST', `/profiles/${profile.id}/unsubscribe`, { token: marketer });
    expect(bare.status).toBe(200);
    expect(bare.body.unsubscribedAt).toBe(unsubscribed.body.unsubscribedAt);
    const resubscribed = await api.request<Profile>('POST', `/profiles/${profile.id}/resubscribe`, { token: marketer });
    expect(resubscribed.body).toMatchObject({ unsubscribedAt: null, unsubscribeReason: null });

    await db.prisma.profile.update({
      where: { id: profile.id },
      data: { disabledAt: new Date(), disabledReason: 'hard bounce', softErrorStreak: 3 },
    });
    const enabled = await api.request<Profile>('POST', `/profiles/${profile.id}/enable`, { token: marketer });
    expect(enabled.body).toMatchObject({ disabledAt: null, disabledReason: null });
    expect((await db.prisma.profile.findUniqueOrThrow({ where: { id: profile.id } })).softErrorStreak).toBe(0);

    expect((await api.request('DELETE', `/profiles/${profile.id}`, { token: marketer })).status).toBe(204);
    expect((await api.request('GET', `/profiles/${profile.id}`, { token: marketer })).status).toBe(404);
    expect(
      await db.prisma.profile.findUnique({ where: { id: profile.id }, select: { deletedAt: true } }),
    ).toMatchObject({ deletedAt: expect.any(Date) });
  });

  it('pages and searches profiles by email and field values, ordered by id, without deleted ones', async () => {
    const { body: database } = await api.request<{ id: number }>('POST', '/databases', {
      token: marketer,
      body: { name: 'Paging', fields: [{ name: 'city', type: 'TEXT' }] },
    });
    const ids: number[] = [];
    for (let i = 0; i < 25; i++) {
      const res = await api.request<Profile>('POST', `/databases/${database.id}/profiles`, {
        token: marketer,
        body: { email: `p${i}@example.com`, values: { city: i % 5 === 0 ? 'Amsterdam' : 'Rotterdam_50%' } },
      });
      ids.push(res.body.id);
    }
    await api.request('DELETE', `/profiles/${ids[0]}`, { token: marketer });
    const page2 = await api.request<Page<Profile>>('GET', `/databases/${database.id}/profiles?page=2&pageSize=10`, {
      token: viewer,
    });
    expect(page2.body.total).toBe(24);
    expect(page2.body.items.map((p) => p.id)).toEqual(ids.slice(11, 21));
    const amsterdam = await api.request<Page<Profile>>('GET', `/databases/${database.id}/profiles?search=amster`, {
      token: viewer,
    });
    expect(amsterdam.body.total).toBe(4);
    const byEmail = await api.request<Page<Profile>>('GET', `/databases/${database.id}/profiles?search=p13@`, {
      token: viewer,
    });
    expect(byEmail.body.items.map((p) => p.email)).toEqual(['p13@example.com']);
    // Wildcards a user types are literal.
    const literal = await api.request<Page<Profile>>(
      'GET',
      `/databases/${database.id}/profiles?search=${encodeURIComponent('_50%')}`,
      { token: viewer },
    );
    expect(literal.body.total).toBe(20);
    const nothing = await api.request<Page<Profile>>(
      'GET',
      `/databases/${database.id}/profiles?search=${encodeURIComponent('%')}`,
      { token: viewer },
    );
    expect(nothing.body.total).toBe(20);
    const badPage = await api.request<ErrorBody>('GET', `/databases/${database.id}/profiles?pageSize=100000`, {
      token: viewer,
    });
    expect(badPage.status).toBe(400);
    expect(badPage.body.issues?.map((i) => i.path)).toContain('pageSize');
  });

  it('keeps subprofiles in collections, validated against the collection fields', async () => {
    const collection = await api.request<{ id: number; fields: Array<{ name: string }> }>(
      'POST',
      `/databases/${databaseId}/collections`,
      {
        token: marketer,
        body: {
          name: 'Orders',
          fields: [
            { name: 'orderNumber', type: 'TEXT', required: true, unique: true },
            { name: 'amount', type: 'NUMBER' },
          ],
        },
      },
    );
    expect(collection.status).toBe(201);
    expect(collection.body.fields.map((f) => f.name)).toEqual(['orderNumber', 'amount']);
    const field = await api.request('POST', `/collections/${collection.body.id}/fields`, {
      token: marketer,
      body: { name: 'paid', type: 'BOOLEAN' },
    });
    expect(field.status).toBe(201);

    const { body: profile } = await createProfile({ values: { firstName: 'Eva' } });
    const sub = await api.request<{ id: number; values: Record<string, unknown>; profileId: number }>(
      'POST',
      `/profiles/${profile.id}/subprofiles`,
      {
        token: marketer,
        body: { collectionId: collection.body.id, values: { orderNumber: 'O-1', amount: '12,50', paid: 'ja' } },
      },
    );
    expect(sub.status).toBe(201);
    expect(sub.body).toMatchObject({ profileId: profile.id, values: { orderNumber: 'O-1', amount: 12.5, paid: true } });
    const invalid = await api.request<ErrorBody>('POST', `/profiles/${profile.id}/subprofiles`, {
      token: marketer,
      body: { collectionId: collection.body.id, values: { amount: 'lots' } },
    });
    expect(invalid.status).toBe(400);
    expect(invalid.body.issues?.map((i) => i.path)).toEqual(
      expect.arrayContaining(['values.orderNumber', 'values.amount']),
    );
    const duplicate = await api.request<ErrorBody>('POST', `/profiles/${profile.id}/subprofiles`, {
      token: marketer,
      body: { collectionId: collection.body.id, values: { orderNumber: 'O-1' } },
    });
    expect(duplicate.status).toBe(409);

    const patched = await api.request<{ values: Record<string, unknown> }>('PATCH', `/subprofiles/${sub.body.id}`, {
      token: marketer,
      body: { values: { amount: 20, paid: null } },
    });
    expect(patched.body.values).toEqual({ orderNumber: 'O-1', amount: 20 });
    const second = await api.request<{ id: number }>('POST', `/profiles/${profile.id}/subprofiles`, {
      token: marketer,
      body: { collectionId: collection.body.id, values: { orderNumber: 'O-2' } },
    });
    const ofProfile = await api.request<Array<{ id: number }>>('GET', `/profiles/${profile.id}/subprofiles`, {
      token: viewer,
    });
    expect(ofProfile.body.map((s) => s.id)).toEqual([sub.body.id, second.body.id]);
    expect((await api.request('DELETE', `/subprofiles/${second.body.id}`, { token: marketer })).status).toBe(204);
    const page = await api.request<Page<{ id: number }>>(
      'GET',
      `/collections/${collection.body.id}/subprofiles?page=1`,
      { token: viewer },
    );
    expect(page.body).toMatchObject({ total: 1, page: 1, pageSize: 50 });
    const got = await api.request<{ subprofileCount: number; fields: unknown[] }>(
      'GET',
      `/collections/${collection.body.id}`,
      { token: viewer },
    );
    expect(got.body.subprofileCount).toBe(1);
    expect(got.body.fields).toHaveLength(3);
    const detail = await api.request<{ collections: Array<{ id: number; name: string; subprofileCount: number }> }>(
      'GET',
      `/databases/${databaseId}`,
      { token: viewer },
    );
    expect(detail.body.collections).toEqual([{ id: collection.body.id, name: 'Orders', subprofileCount: 1 }]);
  });

  it('gives another account 404 for every id of this one', async () => {
    const { body: profile } = await createProfile({ values: { firstName: 'Finn' } });
    const { body: collection } = await api.request<{ id: number }>('POST', `/databases/${databaseId}/collections`, {
      token: marketer,
      body: { name: 'Visits' },
    });
    const attempts: Array<[string, string, unknown?]> = [
      ['GET', `/databases/${databaseId}`],
      ['GET', `/databases/${databaseId}/profiles`],
      ['POST', `/databases/${databaseId}/profiles`, { values: { firstName: 'X' } }],
      ['POST', `/databases/${databaseId}/fields`, { name: 'sneaky', type: 'TEXT' }],
      ['DELETE', `/databases/${databaseId}`],
      ['GET', `/profiles/${profile.id}`],
      ['PATCH', `/profiles/${profile.id}`, { values: { firstName: 'Y' } }],
      ['DELETE', `/profiles/${profile.id}`],
      ['POST', `/profiles/${profile.id}/unsubscribe`, {}],
      ['GET', `/collections/${collection.id}`],
      ['POST', `/profiles/${profile.id}/subprofiles`, { collectionId: collection.id, values: {} }],
    ];
    for (const [method, path, body] of attempts) {
      const res = await api.request(method, path, { token: other, body });
      expect(`${method} ${path} ${res.status}`).toBe(`${method} ${path} 404`);
    }
    expect((await api.request<Array<unknown>>('GET', '/databases', { token: other })).body).toEqual([]);
    expect((await api.request<Profile>('GET', `/profiles/${profile.id}`, { token: marketer })).body.values).toEqual({
      firstName: 'Finn',
    });
  });

  it('lets a VIEWER read but not write', async () => {
    expect((await api.request('GET', `/databases/${databaseId}/profiles`, { token: viewer })).status).toBe(200);
    const writes: Array<[string, string, unknown?]> = [
      ['POST', '/databases', { name: 'Viewer db' }],
      ['POST', `/databases/${databaseId}/profiles`, { values: { firstName: 'V' } }],
      ['POST', `/databases/${databaseId}/collections`, { name: 'V' }],
    ];
    for (const [method, path, body] of writes) {
      const res = await api.request<ErrorBody>(method, path, { token: viewer, body });
      expect(res.status).toBe(403);
    }
  });

  it('deletes a database with everything in it', async () => {
    const { body: database } = await api.request<{ id: number }>('POST', '/databases', {
      token: marketer,
      body: { name: 'Short-lived' },
    });
    await api.request('POST', `/databases/${database.id}/profiles`, {
      token: marketer,
      body: { email: 'x@example.com', values: {} },
    });
    expect((await api.request('DELETE', `/databases/${database.id}`, { token: marketer })).status).toBe(204);
    expect((await api.request('GET', `/databases/${database.id}`, { token: marketer })).status).toBe(404);
    expect(await db.prisma.profile.count({ where: { databaseId: database.id } })).toBe(0);
  });
});
