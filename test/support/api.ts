import type { NestExpressApplication } from '@nestjs/platform-express';
import type { HeraldConfig } from '@herald/config';
import { createApiApp } from '../../apps/api/src/bootstrap';

export interface RunningApi {
  app: NestExpressApplication;
  url: string;
  /** fetch against the API with an optional bearer token; returns status and parsed JSON. */
  request<T = unknown>(
    method: string,
    path: string,
    options?: { token?: string; body?: unknown; headers?: Record<string, string> },
  ): Promise<{ status: number; body: T; headers: Headers }>;
  login(email: string, password: string): Promise<string>;
  close(): Promise<void>;
}

export async function startApi(config: HeraldConfig): Promise<RunningApi> {
  const app = await createApiApp(config);
  await app.listen(config.API_PORT, '127.0.0.1');
  const address = app.getHttpServer().address() as { port: number };
  const url = `http://127.0.0.1:${address.port}`;
  const request: RunningApi['request'] = async (method, path, options = {}) => {
    const headers: Record<string, string> = { ...(options.headers ?? {}) };
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    let body: BodyInit | undefined;
    if (options.body instanceof FormData) body = options.body;
    else if (options.body !== undefined) {
      headers['content-type'] = 'application/json';
      body = typeof options.body === 'string' ? options.body : JSON.stringify(options.body);
    }
    const response = await fetch(url + path, { method, headers, body, redirect: 'manual' });
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      // not JSON: keep the text
    }
    return { status: response.status, body: parsed as never, headers: response.headers };
  };
  return {
    app,
    url,
    request,
    async login(email, password) {
      const res = await request<{ token: string }>('POST', '/auth/login', { body: { email, password } });
      if (res.status !== 200) throw new Error(`login failed: ${res.status} ${JSON.stringify(res.body)}`);
      return res.body.token;
    },
    close: () => app.close(),
  };
}
