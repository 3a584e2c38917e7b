import { timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { PDFDocument } from 'pdf-lib';
import { faxCallbackSignature } from '@herald/channels';

/** How a fax ends, as its callback says: Phaxio's error types and codes for the ones that fail. */
export type SimulatedFaxFate =
  | { status: 'success' }
  | { status: 'failure'; errorType: 'lineError' | 'faxError' | 'fatalError'; errorCode: string; errorMessage: string };

/** The line was busy / nobody answered / the number is not a fax machine: the fates tests use most. */
export const FAX_FATES = {
  delivered: { status: 'success' },
  busy: { status: 'failure', errorType: 'lineError', errorCode: 'busy', errorMessage: 'The line was busy' },
  noAnswer: { status: 'failure', errorType: 'lineError', errorCode: 'no_answer', errorMessage: 'No answer' },
  notAFax: {
    status: 'failure',
    errorType: 'fatalError',
    errorCode: 'not_fax_machine',
    errorMessage: 'The number is not a fax machine',
  },
} as const satisfies Record<string, SimulatedFaxFate>;

export interface FaxSimulatorOptions {
  apiKey: string;
  apiSecret: string;
  /** The account's callback token, which signs callbacks (X-Phaxio-Signature). */
  callbackToken: string;
  port?: number;
  /** The fate of a fax by number; delivered when it says nothing. */
  fateOf?: (to: string) => SimulatedFaxFate | undefined;
  /** Delay before the callback, in ms. */
  callbackDelayMs?: number;
}

export interface SimulatedFax {
  id: number;
  to: string;
  pages: number;
  /** The uploaded PDF, to read back in a test. */
  pdf: Buffer;
  callbackUrl: string;
  fate: SimulatedFaxFate;
  /** The callback receiver's HTTP status; 0 until answered or when it could not be reached. */
  answered: number;
}

export interface FaxSimulator {
  readonly url: string;
  faxes(): SimulatedFax[];
  /** Resolves when no callback is waiting or in flight. */
  idle(): Promise<void>;
  close(): Promise<void>;
}

const MAX_REQUEST_BYTES = 10 * 1024 * 1024;
const E164 = /^\+[1-9]\d{6,14}$/;

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'Content-Type': 'application/json' });
  res.end(JSON.stringify(body));
}

function readBody(req: IncomingMessage): Promise<Buffer | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_REQUEST_BYTES) {
        resolve(null);
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/**
 * A local stand-in for an HTTP fax API in the shape of Phaxio's v2 (Sinch Fax): `POST /v2/faxes` with
 * HTTP Basic auth and a multipart upload of `to`, `file` and `callback_url`; Phaxio's JSON answers;
 * then a callback of form parameters `success` and `fax` (JSON, with `num_pages` and the recipient's
 * error), signed as Phaxio signs them.
 */
export async function startFaxSimulator(options: FaxSimulatorOptions): Promise<FaxSimulator> {
  const faxes: SimulatedFax[] = [];
  const pending = new Set<Promise<void>>();
  const timers = new Set<NodeJS.Timeout>();
  // A provider's fax ids are unique for good: numbered from the start time, a restarted simulator (npm
  // start's) does not hand out ids that the last run's faxes had, whose statuses Herald remembers.
  const firstId = Date.now();
  const expectedAuth = Buffer.from(`Basic ${Buffer.from(`${options.apiKey}:${options.apiSecret}`).toString('base64')}`);

  function authorised(req: IncomingMessage): boolean {
    const given = Buffer.from(req.headers.authorization ?? '');
    return given.length === expectedAuth.length && timingSafeEqual(given, expectedAuth);
  }

  async function callBack(fax: SimulatedFax): Promise<void> {
    const recipient =
      fax.fate.status === 'success'
        ? { phone_number: fax.to, status: 'success' }
        : {
            phone_number: fax.to,
            status: 'failure',
            error_type: fax.fate.errorType,
            error_code: fax.fate.errorCode,
            error_message: fax.fate.errorMessage,
          };
    const params = {
      success: String(fax.fate.status === 'success'),
      is_test: 'true',
      direction: 'sent',
      fax: JSON.stringify({
        id: fax.id,
        direction: 'sent',
        num_pages: fax.pages,
        status: fax.fate.status,
        is_test: true,
        completed_at: new Date().toISOString(),
        recipients: [recipient],
      }),
    };
    try {
      const response = await fetch(fax.callbackUrl, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/x-www-form-urlencoded',
          'X-Phaxio-Signature': faxCallbackSignature(options.callbackToken, fax.callbackUrl, params),
        },
        body: new URLSearchParams(params).toString(),
      });
      await response.arrayBuffer();
      fax.answered = response.status;
    } catch {
      fax.answered = 0;
    }
  }

  function schedule(fax: SimulatedFax): void {
    let done!: () => void;
    const finished = new Promise<void>((resolve) => (done = resolve));
    pending.add(finished);
    const timer = setTimeout(() => {
      timers.delete(timer);
      void callBack(fax).finally(() => {
        pending.delete(finished);
        done();
      });
    }, options.callbackDelayMs ?? 50);
    timers.add(timer);
  }

  async function create(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (!authorised(req)) return json(res, 401, { success: false, message: 'Invalid API key or secret' });
    const body = await readBody(req);
    if (body === null) return json(res, 413, { success: false, message: 'The request is too large' });
    let form: FormData;
    try {
      form = await new Response(new Uint8Array(body), {
        headers: { 'content-type': req.headers['content-type'] ?? '' },
      }).formData();
    } catch {
      return json(res, 422, { success: false, message: 'The request is not multipart/form-data' });
    }
    const to = form.get('to');
    const file = form.get('file');
    const callbackUrl = form.get('callback_url');
    if (typeof to !== 'string' || !E164.test(to))
      return json(res, 422, { success: false, message: `Phone number "${String(to)}" is invalid` });
    if (!(file instanceof Blob) || typeof callbackUrl !== 'string')
      return json(res, 422, { success: false, message: 'A fax needs a file and a callback_url' });
    const pdf = Buffer.from(await file.arrayBuffer());
    let pages: number;
    try {
      pages = (await PDFDocument.load(pdf)).getPageCount();
    } catch {
      return json(res, 422, { success: false, message: 'The file is not a PDF the fax service can convert' });
    }
    const fax: SimulatedFax = {
      id: firstId + faxes.length,
      to,
      pages,
      pdf,
      callbackUrl,
      fate: options.fateOf?.(to) ?? FAX_FATES.delivered,
      answered: 0,
    };
    faxes.push(fax);
    schedule(fax);
    json(res, 200, { success: true, message: 'Fax queued for sending', data: { id: fax.id } });
  }

  const server = createServer((req, res) => {
    if (req.method === 'POST' && req.url === '/v2/faxes') {
      create(req, res).catch(() => json(res, 500, { success: false, message: 'Internal error' }));
      return;
    }
    json(res, 404, { success: false, message: 'Not found' });
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    faxes: () => [...faxes],
    idle: async () => {
      while (pending.size > 0) await Promise.all([...pending]);
    },
    close: async () => {
      for (const timer of timers) clearTimeout(timer);
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
