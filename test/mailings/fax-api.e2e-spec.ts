import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PDFParse } from 'pdf-parse';
import { faxCallbackSignature } from '@herald/channels';
import type { FaxReportResponse } from '@herald/contracts';
import type { PrismaClient } from '@herald/db';
import { FAX_FATES, startFaxSimulator, type FaxSimulator, type SimulatedFaxFate } from '@herald/twilio-simulator';
import type { RunningApi } from '../support/api';
import { startE2eStack, waitFor, type E2eStack } from '../support/e2e';
import { sendFaxMailing } from '../support/fax';

const apiKey = 'fax-e2e-key';
const apiSecret = 'fax-e2e-secret';
const callbackToken = 'fax-e2e-callback-token';

/** Fax n's number: +31 20 400 00nn. */
const numberOf = (n: number): string => `+3120400${String(n).padStart(4, '0')}`;
const FATES = new Map<string, SimulatedFaxFate>([
  [numberOf(2), FAX_FATES.busy],
  [numberOf(3), FAX_FATES.noAnswer],
  [numberOf(4), FAX_FATES.notAFax],
]);

async function pdfText(content: Buffer): Promise<string> {
  const parser = new PDFParse({ data: new Uint8Array(content) });
  try {
    return (await parser.getText()).text;
  } finally {
    await parser.destroy();
  }
}

/** Posts a callback as the fax API does, signed (or not) with a given token. */
async function postForm(url: string, params: Record<string, string>, signature: string | null): Promise<number> {
  const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded' };
  if (signature !== null) headers['x-phaxio-signature'] = signature;
  const response = await fetch(url, { method: 'POST', headers, body: new URLSearchParams(params).toString() });
  await response.arrayBuffer();
  return response.status;
}

describe('a fax mailing through the HTTP fax API: a PDF per number, signed callbacks with statuses and pages', () => {
  let simulator: FaxSimulator;
  let stack: E2eStack;
  let prisma: PrismaClient;
  let api: RunningApi;
  let token: string;
  let mailingId: number;

  beforeAll(async () => {
    simulator = await startFaxSimulator({
      apiKey,
      apiSecret,
      callbackToken,
      callbackDelayMs: 100,
      fateOf: (to) => FATES.get(to),
    });
    stack = await startE2eStack({
      publicUrl: true,
      catcher: false,
      config: {
        FAX_API_URL: simulator.url,
        FAX_API_KEY: apiKey,
        FAX_API_SECRET: apiSecret,
        FAX_CALLBACK_TOKEN: callbackToken,
      },
    });
    ({ prisma, api, token } = stack);
  }, 120_000);

  afterAll(async () => {
    await stack?.stop();
    await simulator?.close();
  });

  it('uploads one personalised PDF per number and records delivered, busy, no answer and failed with pages', async () => {
    mailingId = await sendFaxMailing(stack, 'Fax by API', [1, 2, 3, 4].map(numberOf));

    // One PDF per valid number, personalised, read back from what the API received.
    const faxes = simulator.faxes();
    expect(faxes.map((f) => f.to).sort()).toEqual([1, 2, 3, 4].map(numberOf));
    for (const fax of faxes) {
      const n = Number(fax.to.slice(-4));
      expect(await pdfText(fax.pdf)).toContain(`To Company${n}`);
      expect(fax.pages).toBe(2);
    }

    await simulator.idle();
    expect(simulator.faxes().map((f) => f.answered)).toEqual([204, 204, 204, 204]);
    const report = await waitFor(
      async () => (await api.request<FaxReportResponse>('GET', `/mailings/${mailingId}/fax-report`, { token })).body,
      (r) => r.undelivered === 3,
      { what: 'three faxes reported undelivered' },
    );
    expect(report).toMatchObject({
      mailingId,
      destinations: 5,
      sent: 4,
      delivered: 1,
      confirmed: 1,
      awaitingReport: 0,
      failed: 1,
      undelivered: 3,
      pending: 0,
      pages: 8,
    });
    expect(report.failures).toEqual(
      expect.arrayContaining([
        { code: 'busy', kind: 'SOFT', count: 1 },
        { code: 'no-answer', kind: 'SOFT', count: 1 },
        { code: 'not_fax_machine', kind: 'HARD', count: 1 },
        { code: 'invalid-number', kind: 'HARD', count: 1 },
      ]),
    );
    const byNumber = new Map(
      (
        await prisma.destination.findMany({
          where: { mailingId },
          select: { address: true, faxPages: true, providerMessageId: true, lastErrorText: true },
        })
      ).map((d) => [d.address, d]),
    );
    expect(byNumber.get(numberOf(1))).toMatchObject({ faxPages: 2, lastErrorText: null });
    expect(byNumber.get(numberOf(2))?.lastErrorText).toBe('Fax busy after 2 page(s): The line was busy');
    expect(byNumber.get(numberOf(1))?.providerMessageId).toBe(String(faxes.find((f) => f.to === numberOf(1))!.id));
  }, 120_000);

  it('refuses unsigned, forged and malformed callbacks, and changes nothing', async () => {
    const delivered = await prisma.destination.findFirstOrThrow({ where: { mailingId, address: numberOf(1) } });
    const url = `${stack.config.PUBLIC_URL}/fax/status?d=${mailingId}.${delivered.id}`;
    const failed = {
      success: 'false',
      fax: JSON.stringify({
        id: Number(delivered.providerMessageId),
        num_pages: 9,
        status: 'failure',
        recipients: [{ status: 'failure', error_type: 'fatalError', error_code: 'not_fax_machine' }],
      }),
    };
    expect(await postForm(url, failed, null)).toBe(403);
    expect(await postForm(url, failed, faxCallbackSignature('forged-token-of-16', url, failed))).toBe(403);
    // Signed for another destination: the signature covers the URL.
    expect(await postForm(url, failed, faxCallbackSignature(callbackToken, `${url}0`, failed))).toBe(403);
    const malformed = { success: 'true', fax: '{"id": 1' };
    expect(await postForm(url, malformed, faxCallbackSignature(callbackToken, url, malformed))).toBe(400);
    const noDestination = `${stack.config.PUBLIC_URL}/fax/status?d=x`;
    expect(await postForm(noDestination, failed, faxCallbackSignature(callbackToken, noDestination, failed))).toBe(400);
    // Oversized: a huge parameter is malformed (400); a body over the API's limit is refused unread (413).
    const huge = { success: 'false', fax: 'x'.repeat(2_000_000) };
    expect(await postForm(url, huge, faxCallbackSignature(callbackToken, url, huge))).toBe(400);
    const tooBig = { success: 'false', fax: 'x'.repeat(stack.config.API_BODY_LIMIT_BYTES + 1) };
    expect(await postForm(url, tooBig, faxCallbackSignature(callbackToken, url, tooBig))).toBe(413);
    // A signed status naming another fax for this destination is ignored; the delivered fax repeated too.
    const other = { ...failed, fax: failed.fax.replace(`"id":${delivered.providerMessageId}`, '"id":1') };
    expect(await postForm(url, other, faxCallbackSignature(callbackToken, url, other))).toBe(204);
    expect(await postForm(url, failed, faxCallbackSignature(callbackToken, url, failed))).toBe(204);
    await new Promise((r) => setTimeout(r, 1_000));
    expect(await prisma.destination.findUniqueOrThrow({ where: { id: delivered.id } })).toMatchObject({
      faxPages: 2,
      dominantResult: delivered.dominantResult,
      lastErrorCode: null,
    });
  });

  it('answers the fax report only for the account’s own fax mailings', async () => {
    const stranger = await stack.userToken('ADMIN', await stack.newAccount());
    expect((await api.request('GET', `/mailings/${mailingId}/fax-report`, { token: stranger })).status).toBe(404);
    expect((await api.request('GET', `/mailings/${mailingId}/fax-report`)).status).toBe(401);
    expect((await api.request('GET', '/mailings/x1/fax-report', { token })).status).toBe(400);
    expect((await api.request('GET', '/mailings/99999999999/fax-report', { token })).status).toBe(400);
    expect((await api.request('GET', `/mailings/${mailingId + 1000}/fax-report`, { token })).status).toBe(404);
  });
});
