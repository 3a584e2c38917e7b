import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestDatabase } from '@herald/db/testing';
import type { RunningApi } from '../support/api';
import { startE2eStack, type E2eStack } from '../support/e2e';

interface ErrorBody {
  message: string;
  issues?: Array<{ path: string; message: string }>;
}
interface Page<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}

const CITIES = ['Amsterdam', 'Utrecht', 'Delft'];
const LEVELS = ['gold', 'silver', 'bronze', 'bronze'];

/** Profile i of the test data; the expectations below are counted from the same rule. */
function person(i: number): { email: string; values: { city: string; age: number; member: boolean; level: string } } {
  return {
    email: `person${i}@example.com`,
    values: { city: CITIES[i % 3]!, age: 20 + i, member: i % 2 === 0, level: LEVELS[i % 4]! },
  };
}

// (city is Amsterdam or Delft) AND ((age 30..50 AND member) OR level is gold)
const TREE = {
  op: 'AND',
  conditions: [
    {
      op: 'OR',
      conditions: [
        { field: 'city', operator: 'equals', value: 'amsterdam' },
        { field: 'city', operator: 'equals', value: 'Delft' },
      ],
    },
    {
      op: 'OR',
      conditions: [
        {
          op: 'AND',
          conditions: [
            { field: 'age', operator: 'range', min: 30, max: 50 },
            { field: 'member', operator: 'equals', value: true },
          ],
        },
        { field: 'level', operator: 'in', values: ['gold'] },
      ],
    },
  ],
};
const matches = (i: number): boolean => {
  const { city, age, member, level } = person(i).values;
  return (city === 'Amsterdam' || city === 'Delft') && ((age >= 30 && age <= 50 && member) || level === 'gold');
};

describe('selections over HTTP', () => {
  let stack: E2eStack;
  let db: TestDatabase;
  let api: RunningApi;
  let marketer: string;
  let viewer: string;
  let other: string;
  let databaseId: number;
  const ids: number[] = [];
  let expected: number[];

  beforeAll(async () => {
    stack = await startE2eStack({ catcher: false, worker: false });
    ({ db, api, token: marketer } = stack);
    viewer = await stack.userToken('VIEWER');
    other = await stack.userToken('MARKETER', await stack.newAccount());
    const database = await api.request<{ id: number }>('POST', '/databases', {
      token: marketer,
      body: {
        name: 'People',
        fields: [
          { name: 'city', type: 'TEXT' },
          { name: 'age', type: 'NUMBER' },
          { name: 'member', type: 'BOOLEAN' },
          { name: 'level', type: 'CHOICE', choices: ['gold', 'silver', 'bronze'] },
        ],
      },
    });
    databaseId = database.body.id;
    for (let i = 0; i < 60; i++) {
      const res = await api.request<{ id: number }>('POST', `/databases/${databaseId}/profiles`, {
        token: marketer,
        body: person(i),
      });
      expect(res.status).toBe(201);
      ids.push(res.body.id);
    }
    // A deleted profile that would match never counts.
    const deleted = ids.findIndex((_, i) => matches(i));
    await api.request('DELETE', `/profiles/${ids[deleted]}`, { token: marketer });
    expected = ids.filter((_, i) => i !== deleted && matches(i));
  });
  afterAll(async () => {
    await stack?.stop();
  });

  it('counts a nested AND/OR tree as the data says, live and saved', async () => {
    // By hand: Amsterdam or Delft is i % 3 != 1; of those, 7 are members aged 30..50 (even i in 10..30),
    // 10 are gold (i % 4 == 0), 3 are both: 14, less profile 0, which is deleted.
    expect(expected.length).toBe(13);
    const live = await api.request<{ count: number }>('POST', `/databases/${databaseId}/selections/count`, {
      token: marketer,
      body: { conditions: TREE },
    });
    expect(live.status).toBe(200);
    expect(live.body.count).toBe(expected.length);

    const saved = await api.request<{ id: number; conditions: unknown; collectionId: number | null }>(
      'POST',
      `/databases/${databaseId}/selections`,
      {
        token: marketer,
        body: { name: 'Amsterdam and Delft, engaged', conditions: TREE },
      },
    );
    expect(saved.status).toBe(201);
    expect(saved.body).toMatchObject({ conditions: TREE, collectionId: null });
    const count = await api.request<{ count: number }>('GET', `/selections/${saved.body.id}/count`, { token: viewer });
    expect(count.body.count).toBe(expected.length);

    const everyone = await api.request<{ count: number }>('POST', `/databases/${databaseId}/selections/count`, {
      token: viewer,
      body: { conditions: { op: 'AND', conditions: [] } },
    });
    expect(everyone.body.count).toBe(59);
    const no = await api.request<{ count: number }>('POST', `/databases/${databaseId}/selections/count`, {
      token: viewer,
      body: { conditions: { op: 'OR', conditions: [] } },
    });
    expect(no.body.count).toBe(0);
  });

  it('re-evaluates a saved selection when profiles change', async () => {
    const { body: selection } = await api.request<{ id: number }>('POST', `/databases/${databaseId}/selections`, {
      token: marketer,
      body: {
        name: 'Old members',
        conditions: {
          op: 'AND',
          conditions: [
            { field: 'age', operator: 'range', min: 75 },
            { field: 'member', operator: 'equals', value: true },
          ],
        },
      },
    });
    const before = (await api.request<{ count: number }>('GET', `/selections/${selection.id}/count`, { token: viewer }))
      .body.count;
    // Aged 75 and over is i >= 55; members among them are 56 and 58.
    expect(before).toBe(2);
    await api.request('PATCH', `/profiles/${ids[57]}`, { token: marketer, body: { values: { member: 'yes' } } });
    expect(
      (await api.request<{ count: number }>('GET', `/selections/${selection.id}/count`, { token: viewer })).body.count,
    ).toBe(before + 1);
    const renamed = await api.request<{ name: string }>('PATCH', `/selections/${selection.id}`, {
      token: marketer,
      body: { name: 'Members of 75 and over' },
    });
    expect(renamed.body.name).toBe('Members of 75 and over');
    expect((await api.request('DELETE', `/selections/${selection.id}`, { token: marketer })).status).toBe(204);
    expect((await api.request('GET', `/selections/${selection.id}`, { token: marketer })).status).toBe(404);
  });

  it('previews the matching profiles page by page, in id order', async () => {
    const { body: selection } = await api.request<{ id: number }>('POST', `/databases/${databaseId}/selections`, {
      token: marketer,
      body: { name: 'Preview', conditions: TREE },
    });
    const seen: number[] = [];
    for (let page = 1; page <= 4; page++) {
      const res = await api.request<Page<{ id: number; values: Record<string, unknown> }>>(
        'GET',
        `/selections/${selection.id}/preview?page=${page}&pageSize=5`,
        { token: viewer },
      );
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ total: expected.length, page, pageSize: 5 });
      seen.push(...res.body.items.map((p) => p.id));
    }
    expect(seen).toEqual(expected);
    const list = await api.request<Array<{ id: number }>>('GET', `/databases/${databaseId}/selections`, {
      token: viewer,
    });
    expect(list.body.map((s) => s.id)).toContain(selection.id);
  });

  it('selects subprofiles of a collection', async () => {
    const { body: collection } = await api.request<{ id: number }>('POST', `/databases/${databaseId}/collections`, {
      token: marketer,
      body: {
        name: 'Orders',
        fields: [
          { name: 'amount', type: 'NUMBER' },
          { name: 'product', type: 'TEXT' },
        ],
      },
    });
    const orders: Array<[number, number, string]> = [
      [1, 10, 'Book'],
      [1, 250, 'Bike'],
      [3, 99, 'book case'],
      [4, 300, 'Bicycle'],
    ];
    for (const [i, amount, product] of orders) {
      const res = await api.request('POST', `/profiles/${ids[i]}/subprofiles`, {
        token: marketer,
        body: { collectionId: collection.id, values: { amount, product } },
      });
      expect(res.status).toBe(201);
    }
    const conditions = {
      op: 'OR',
      conditions: [
        { field: 'amount', operator: 'range', min: 200 },
        { field: 'product', operator: 'startsWith', value: 'book' },
      ],
    };
    const live = await api.request<{ count: number }>('POST', `/databases/${databaseId}/selections/count`, {
      token: marketer,
      body: { conditions, collectionId: collection.id },
    });
    expect(live.body.count).toBe(4);
    const { body: selection } = await api.request<{ id: number }>('POST', `/databases/${databaseId}/selections`, {
      token: marketer,
      body: { name: 'Big or books', collectionId: collection.id, conditions },
    });
    const preview = await api.request<Page<{ profileId: number; values: Record<string, unknown> }>>(
      'GET',
      `/selections/${selection.id}/preview`,
      { token: viewer },
    );
    expect(preview.body.items.map((s) => s.values.product)).toEqual(['Book', 'Bike', 'book case', 'Bicycle']);
    // A field of the database is not a field of the collection.
    const wrong = await api.request<ErrorBody>('POST', `/databases/${databaseId}/selections/count`, {
      token: marketer,
      body: {
        conditions: { op: 'AND', conditions: [{ field: 'city', operator: 'equals', value: 'Delft' }] },
        collectionId: collection.id,
      },
    });
    expect(wrong.status).toBe(400);
  });

  it('refuses a bad tree with 400 naming the condition', async () => {
    const unknown = await api.request<ErrorBody>('POST', `/databases/${databaseId}/selections`, {
      token: marketer,
      body: {
        name: 'Bad',
        conditions: {
          op: 'AND',
          conditions: [
            { field: 'city', operator: 'equals', value: 'x' },
            { field: 'shoeSize', operator: 'equals', value: 42 },
          ],
        },
      },
    });
    expect(unknown.status).toBe(400);
    expect(unknown.body.issues?.map((i) => i.path)).toEqual(['conditions.conditions.1.field']);
    expect(unknown.body.message).toContain('shoeSize');
    const operator = await api.request<ErrorBody>('POST', `/databases/${databaseId}/selections/count`, {
      token: marketer,
      body: {
        conditions: {
          op: 'AND',
          conditions: [{ op: 'OR', conditions: [{ field: 'age', operator: 'contains', value: '3' }] }],
        },
      },
    });
    expect(operator.status).toBe(400);
    expect(operator.body.issues?.map((i) => i.path)).toEqual(['conditions.conditions.0.conditions.0.operator']);
    const shape = await api.request<ErrorBody>('POST', `/databases/${databaseId}/selections/count`, {
      token: marketer,
      body: { conditions: { op: 'XOR', conditions: [] } },
    });
    expect(shape.status).toBe(400);
    expect(await db.prisma.selection.count({ where: { name: 'Bad' } })).toBe(0);
  });

  it('scopes selections to the account and lets a viewer count but not save', async () => {
    const { body: selection } = await api.request<{ id: number }>('POST', `/databases/${databaseId}/selections`, {
      token: marketer,
      body: { name: 'Mine', conditions: TREE },
    });
    for (const [method, path, body] of [
      ['GET', `/selections/${selection.id}`],
      ['GET', `/selections/${selection.id}/count`],
      ['GET', `/selections/${selection.id}/preview`],
      ['PATCH', `/selections/${selection.id}`, { name: 'Theirs' }],
      ['DELETE', `/selections/${selection.id}`],
      ['GET', `/databases/${databaseId}/selections`],
      ['POST', `/databases/${databaseId}/selections/count`, { conditions: TREE }],
      ['POST', `/databases/${databaseId}/selections`, { name: 'x', conditions: TREE }],
    ] as Array<[string, string, unknown?]>) {
      const res = await api.request(method, path, { token: other, body });
      expect(`${method} ${path} ${res.status}`).toBe(`${method} ${path} 404`);
    }
    const viewerSave = await api.request('POST', `/databases/${databaseId}/selections`, {
      token: viewer,
      body: { name: 'Viewer', conditions: TREE },
    });
    expect(viewerSave.status).toBe(403);
  });
});
