import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import {
  CreatedApiKeyResponse,
  DatabaseDetailResponse,
  DatabaseSummaryResponse,
  DocumentResponse,
  ErrorResponse,
  LoginResponse,
  MailingReportResponse,
  MailingResponse,
  MeResponse,
  ProfileHistoryResponse,
  ProfileResponse,
  ProfilesPageResponse,
  SelectionCountResponse,
} from '@herald/contracts';
import type { RunningApi } from '../support/api';
import { startE2eStack, type E2eStack } from '../support/e2e';
import type { TestUser } from '../support/factories';

type JsonSchema = Record<string, unknown> & { $ref?: string };
interface DocumentedResponse {
  description?: string;
  content?: Record<string, { schema?: JsonSchema }>;
}
interface OpenApiDocument {
  paths: Record<string, Record<string, { responses?: Record<string, DocumentedResponse> }>>;
  components: { schemas: Record<string, JsonSchema> };
}

const METHODS = new Set(['get', 'post', 'put', 'patch', 'delete']);

/** Follows `$ref`s to the schema they name. */
function resolve(schema: JsonSchema, doc: OpenApiDocument): JsonSchema {
  let current = schema;
  for (let hops = 0; current.$ref && hops < 20; hops++) {
    const name = current.$ref.replace('#/components/schemas/', '');
    const target = doc.components.schemas[name];
    if (!target) throw new Error(`${current.$ref} names no schema`);
    current = target;
  }
  return current;
}

/** A schema that says nothing about the body: `{}`, or an object with no properties and no schema for its values. */
function isEmpty(schema: JsonSchema): boolean {
  const keys = Object.keys(schema).filter((key) => !['description', 'title', 'example', 'examples'].includes(key));
  if (keys.length === 0) return true;
  if (schema.type === 'object') {
    const properties = (schema.properties ?? {}) as Record<string, unknown>;
    const values = schema.additionalProperties;
    return (
      Object.keys(properties).length === 0 &&
      (typeof values !== 'object' || values === null || Object.keys(values).length === 0)
    );
  }
  return false;
}

/**
 * Validates a real body against its contract. `parse` drops keys the schema does not know, so a
 * parsed body equal to the one received also proves the API sent nothing the contract leaves out.
 */
function expectContract<S extends z.ZodType>(schema: S, body: unknown): z.infer<S> {
  const result = schema.safeParse(body);
  if (!result.success)
    throw new Error(`the body does not match its contract: ${JSON.stringify(result.error.issues.slice(0, 5))}`);
  expect(result.data).toEqual(body);
  return result.data;
}

describe('OpenAPI and the contracts', () => {
  let stack: E2eStack;
  let api: RunningApi;
  let admin: TestUser;
  let token: string;
  let doc: OpenApiDocument;

  beforeAll(async () => {
    stack = await startE2eStack({ catcher: false, worker: false, role: 'ADMIN' });
    ({ api, user: admin, token } = stack);
    const res = await fetch(`${api.url}/docs-json`);
    expect(res.status).toBe(200);
    doc = (await res.json()) as OpenApiDocument;
  });
  afterAll(async () => {
    await stack?.stop();
  });

  function operations(): Array<{ key: string; responses: Record<string, DocumentedResponse> }> {
    return Object.entries(doc.paths).flatMap(([path, ops]) =>
      Object.entries(ops)
        .filter(([method]) => METHODS.has(method))
        .map(([method, op]) => ({ key: `${method.toUpperCase()} ${path}`, responses: op.responses ?? {} })),
    );
  }

  it('documents a 2xx response with a schema for every operation (204 without a body)', () => {
    const ops = operations();
    expect(ops.length).toBeGreaterThan(60);
    const missing: string[] = [];
    for (const { key, responses } of ops) {
      const success = Object.entries(responses).filter(([status]) => /^2\d\d$/.test(status));
      if (success.length === 0) missing.push(`${key}: no 2xx response`);
      for (const [status, response] of success) {
        const schemas = Object.values(response.content ?? {}).map((media) => media.schema);
        if (status === '204') {
          if (schemas.length > 0) missing.push(`${key} ${status}: a body on No Content`);
        } else if (schemas.length === 0 || schemas.some((schema) => !schema)) {
          missing.push(`${key} ${status}: no schema`);
        }
      }
    }
    expect(missing).toEqual([]);
  });

  it('documents no response with an empty schema', () => {
    const empty: string[] = [];
    for (const { key, responses } of operations()) {
      for (const [status, response] of Object.entries(responses)) {
        for (const [media, { schema }] of Object.entries(response.content ?? {})) {
          if (!schema) continue;
          const resolved = resolve(schema, doc);
          const items =
            resolved.type === 'array' && resolved.items ? resolve(resolved.items as JsonSchema, doc) : undefined;
          if (isEmpty(resolved) || (items && isEmpty(items))) empty.push(`${key} ${status} ${media}`);
        }
      }
    }
    expect(empty).toEqual([]);
  });

  it("documents every operation's errors in the one error format", () => {
    const errorShape = ['statusCode', 'error', 'message', 'issues'];
    const wrong: string[] = [];
    for (const { key, responses } of operations()) {
      const errors = Object.entries(responses).filter(([status]) => status === 'default' || /^4\d\d$/.test(status));
      if (errors.length === 0) wrong.push(`${key}: no error response`);
      for (const [status, response] of errors) {
        const schema = response.content?.['application/json']?.schema;
        const properties = schema ? Object.keys((resolve(schema, doc).properties ?? {}) as object) : [];
        if (properties.join() !== errorShape.join())
          wrong.push(`${key} ${status}: ${properties.join() || 'no schema'}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it('answers real requests with bodies that match their contracts', async () => {
    const login = await api.request('POST', '/auth/login', { body: { email: admin.email, password: admin.password } });
    expect(login.status).toBe(200);
    expectContract(LoginResponse, login.body);
    expectContract(MeResponse, (await api.request('GET', '/auth/me', { token })).body);

    const created = await api.request('POST', '/databases', {
      token,
      body: {
        name: 'Newsletter',
        fields: [
          { name: 'firstname', type: 'TEXT' },
          { name: 'age', type: 'NUMBER' },
        ],
      },
    });
    expect(created.status).toBe(201);
    const database = expectContract(DatabaseDetailResponse, created.body);
    const list = await api.request<unknown[]>('GET', '/databases', { token });
    expect(list.status).toBe(200);
    expect(list.body).toHaveLength(1);
    expectContract(DatabaseSummaryResponse, list.body[0]);
    expectContract(DatabaseDetailResponse, (await api.request('GET', `/databases/${database.id}`, { token })).body);

    const profile = expectContract(
      ProfileResponse,
      (
        await api.request('POST', `/databases/${database.id}/profiles`, {
          token,
          body: { email: 'ann@example.test', values: { firstname: 'Ann', age: 41 } },
        })
      ).body,
    );
    expectContract(
      ProfilesPageResponse,
      (await api.request('GET', `/databases/${database.id}/profiles`, { token })).body,
    );
    expectContract(
      ProfileResponse,
      (await api.request('PATCH', `/profiles/${profile.id}`, { token, body: { values: { age: 42 } } })).body,
    );
    expectContract(
      ProfileHistoryResponse,
      (await api.request('GET', `/profiles/${profile.id}/history`, { token })).body,
    );
    expectContract(
      SelectionCountResponse,
      (
        await api.request('POST', `/databases/${database.id}/selections/count`, {
          token,
          body: { conditions: { op: 'AND', conditions: [] } },
        })
      ).body,
    );

    const document = expectContract(
      DocumentResponse,
      (
        await api.request('POST', '/documents', {
          token,
          body: {
            name: 'Welcome',
            fromAddress: 'news@example.test',
            subject: 'Hi {{ profile.firstname }}',
            html: '<p>Hello</p>',
          },
        })
      ).body,
    );
    const mailingCreated = await api.request('POST', '/mailings', {
      token,
      body: { name: 'Welcome mailing', documentId: document.id, targetType: 'DATABASE', databaseId: database.id },
    });
    expect(mailingCreated.status).toBe(201);
    const mailing = expectContract(MailingResponse, mailingCreated.body);
    expectContract(MailingResponse, (await api.request('GET', `/mailings/${mailing.id}`, { token })).body);
    const report = await api.request('GET', `/mailings/${mailing.id}/report`, { token });
    expect(report.status).toBe(200);
    expectContract(MailingReportResponse, report.body);

    const key = await api.request('POST', '/api-keys', { token, body: { name: 'ci' } });
    expect(key.status).toBe(201);
    expectContract(CreatedApiKeyResponse, key.body);
  });

  it('answers errors in the documented format', async () => {
    const notFound = await api.request('GET', '/mailings/999999', { token });
    expect(notFound.status).toBe(404);
    expectContract(ErrorResponse, notFound.body);
    const invalid = await api.request('POST', '/databases', { token, body: { name: '' } });
    expect(invalid.status).toBe(400);
    expect(expectContract(ErrorResponse, invalid.body).issues?.map((issue) => issue.path)).toContain('name');
  });
});
