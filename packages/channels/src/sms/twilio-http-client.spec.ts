import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { TwilioHttpClient } from './twilio-http-client';

describe('TwilioHttpClient: the twilio library requests on Node http', () => {
  let server: Server | undefined;

  afterEach(async () => {
    await new Promise((r) => server?.close(r) ?? r(undefined));
    server = undefined;
  });

  async function serve(
    answer: (req: IncomingMessage, body: string) => { status: number; body: string } | null,
  ): Promise<string> {
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString()));
      req.on('end', () => {
        const reply = answer(req, body);
        if (!reply) return; // never answers
        res.writeHead(reply.status, { 'content-type': 'application/json' }).end(reply.body);
      });
    });
    await new Promise<void>((r) => server!.listen(0, '127.0.0.1', r));
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }

  it('sends the form as the library does (a list as repeated keys), with basic auth and query params, and answers as text', async () => {
    let seen: { method?: string; url?: string; auth?: string; body?: string } = {};
    const base = await serve((req, body) => {
      seen = { method: req.method, url: req.url, auth: req.headers.authorization, body };
      return { status: 201, body: '{"sid":"SM1","status":"queued"}' };
    });
    const answer = await new TwilioHttpClient().request({
      method: 'post',
      uri: `${base}/2010-04-01/Accounts/AC1/Messages.json`,
      username: 'AC1',
      password: 'token',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      params: { PageSize: 2 },
      data: {
        To: '+31612345678',
        Body: 'Hi & bye, 20% off',
        MediaUrl: ['https://a.example/1', 'https://a.example/2'],
        Skip: undefined,
      },
    });
    expect(answer.statusCode).toBe(201);
    expect(JSON.parse(answer.body as unknown as string)).toEqual({ sid: 'SM1', status: 'queued' });
    expect(seen.method).toBe('POST');
    expect(seen.url).toBe('/2010-04-01/Accounts/AC1/Messages.json?PageSize=2');
    expect(seen.auth).toBe(`Basic ${Buffer.from('AC1:token').toString('base64')}`);
    const form = new URLSearchParams(seen.body);
    expect(form.get('Body')).toBe('Hi & bye, 20% off');
    expect(form.getAll('MediaUrl')).toEqual(['https://a.example/1', 'https://a.example/2']);
    expect(form.has('Skip')).toBe(false);
  });

  it("hands an error answer to the library as it came (the library makes Twilio's RestException of it)", async () => {
    const base = await serve(() => ({ status: 429, body: '{"code":20429,"message":"Too Many Requests"}' }));
    const answer = await new TwilioHttpClient().request({
      method: 'get',
      uri: `${base}/x`,
      username: 'a',
      password: 'b',
    });
    expect(answer.statusCode).toBe(429);
    expect(JSON.parse(answer.body as unknown as string)).toMatchObject({ code: 20429 });
  });

  it('gives up on a server that does not answer within the timeout, with an error and no status', async () => {
    const base = await serve(() => null);
    await expect(
      new TwilioHttpClient(100).request({ method: 'get', uri: `${base}/x`, username: 'a', password: 'b' }),
    ).rejects.toThrow(/did not answer within 100 ms/);
  });
});
