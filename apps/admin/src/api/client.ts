const TOKEN_KEY = 'herald.token';

export interface ApiIssue {
  path: string;
  message: string;
}

/** An error answered by the API, in its `{ statusCode, error, message, issues? }` shape. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly issues: ApiIssue[] = [],
  ) {
    super(message);
    this.name = 'ApiError';
  }

  /** The message of the issue on one input, to show beside that input. */
  issueAt(path: string): string | undefined {
    return this.issues.find((issue) => issue.path === path)?.message;
  }
}

export const tokenStore = {
  get: (): string | null => localStorage.getItem(TOKEN_KEY),
  set: (token: string): void => localStorage.setItem(TOKEN_KEY, token),
  clear: (): void => localStorage.removeItem(TOKEN_KEY),
};

type UnauthorizedListener = () => void;
const unauthorizedListeners = new Set<UnauthorizedListener>();

/** Called whenever the API answers 401 to an authenticated call: the session is over. */
export function onUnauthorized(listener: UnauthorizedListener): () => void {
  unauthorizedListeners.add(listener);
  return () => unauthorizedListeners.delete(listener);
}

function issuesOf(body: unknown): ApiIssue[] {
  if (!body || typeof body !== 'object' || !('issues' in body) || !Array.isArray(body.issues)) return [];
  return body.issues.map((issue: unknown) => {
    const { path, message } = (issue ?? {}) as { path?: unknown; message?: unknown };
    return {
      path: Array.isArray(path) ? path.join('.') : String(path ?? ''),
      message: String(message ?? ''),
    };
  });
}

function messageOf(body: unknown, fallback: string): string {
  if (body && typeof body === 'object' && 'message' in body) {
    const { message } = body;
    if (Array.isArray(message)) return message.join('; ');
    if (typeof message === 'string' && message) return message;
  }
  return fallback;
}

export interface RequestOptions {
  body?: unknown;
  query?: Record<string, string | number | undefined>;
  signal?: AbortSignal;
}

function withQuery(path: string, query: RequestOptions['query']): string {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== '') params.set(key, String(value));
  }
  const encoded = params.toString();
  return encoded ? `${path}?${encoded}` : path;
}

function failureOf(response: Response, parsed: unknown, token: string | null): ApiError {
  // A failed login is a 401 too, but it is not the end of a session.
  if (response.status === 401 && token) unauthorizedListeners.forEach((listener) => listener());
  const fallback =
    response.status >= 502 && response.status <= 504
      ? `The Herald API is not answering (${response.status}). Try again in a moment.`
      : `${response.status} ${response.statusText}`;
  return new ApiError(response.status, messageOf(parsed, fallback), issuesOf(parsed));
}

function parseBody(text: string): unknown {
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

async function send(url: string, init: RequestInit): Promise<Response> {
  try {
    return await fetch(url, init);
  } catch (error) {
    if (error instanceof DOMException && error.name === 'AbortError') throw error;
    throw new ApiError(0, 'The server cannot be reached. Check your connection and try again.');
  }
}

export async function request<T>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  const token = tokenStore.get();
  if (token) headers.authorization = `Bearer ${token}`;

  let body: BodyInit | undefined;
  if (options.body instanceof FormData) body = options.body;
  else if (options.body !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(options.body);
  }

  const response = await send(withQuery(path, options.query), { method, headers, body, signal: options.signal });
  const parsed = parseBody(await response.text());
  if (!response.ok) throw failureOf(response, parsed, token);
  return parsed as T;
}

/** The file name a download was sent with (`Content-Disposition`), or the fallback. */
export function fileNameOf(disposition: string | null, fallback: string): string {
  if (!disposition) return fallback;
  const encoded = /filename\*\s*=\s*UTF-8''([^;]+)/i.exec(disposition);
  if (encoded?.[1]) {
    try {
      return decodeURIComponent(encoded[1].trim());
    } catch {
      // A malformed encoding: try the plain name.
    }
  }
  const plain = /filename\s*=\s*"?([^";]+)"?/i.exec(disposition);
  return plain?.[1]?.trim() || fallback;
}

/**
 * Downloads a file the API streams (an export). A plain link would not carry the bearer token, so
 * the file is fetched, held as a blob and handed to the browser through a temporary object URL.
 */
export async function download(
  path: string,
  query: RequestOptions['query'],
  fallbackName: string,
  /** A body to POST (an export whose input does not fit a query string); without one the file is fetched with GET. */
  body?: unknown,
): Promise<string> {
  const headers: Record<string, string> = {};
  const token = tokenStore.get();
  if (token) headers.authorization = `Bearer ${token}`;
  if (body !== undefined) headers['content-type'] = 'application/json';
  const response = await send(
    withQuery(path, query),
    body === undefined ? { method: 'GET', headers } : { method: 'POST', headers, body: JSON.stringify(body) },
  );
  if (!response.ok) throw failureOf(response, parseBody(await response.text()), token);
  const blob = await response.blob();
  const name = fileNameOf(response.headers.get('content-disposition'), fallbackName);
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  // The click has started the download; the browser no longer needs the URL after this turn.
  setTimeout(() => URL.revokeObjectURL(url), 0);
  return name;
}

export const api = {
  get: <T>(path: string, options?: RequestOptions) => request<T>('GET', path, options),
  post: <T>(path: string, body?: unknown) => request<T>('POST', path, { body }),
  patch: <T>(path: string, body?: unknown) => request<T>('PATCH', path, { body }),
  put: <T>(path: string, body?: unknown) => request<T>('PUT', path, { body }),
  delete: <T>(path: string) => request<T>('DELETE', path),
};
