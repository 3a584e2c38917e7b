import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PDFParse } from 'pdf-parse';
import type { PrismaClient } from '@herald/db';
import type { RunningApi } from '../support/api';
import { acknowledgeWarnings, mailingInStatus, startE2eStack, type E2eStack } from '../support/e2e';

type Mailing = { id: number; channel: string };

async function pdfText(content: Buffer): Promise<string> {
  const parser = new PDFParse({ data: new Uint8Array(content) });
  try {
    return (await parser.getText()).text;
  } finally {
    await parser.destroy();
  }
}

describe('a fax mailing: one personalised PDF per destination, to the email-to-fax gateway over SMTP', () => {
  let stack: E2eStack;
  let prisma: PrismaClient;
  let api: RunningApi;
  let token: string;
  let accountId: number;

  beforeAll(async () => {
    stack = await startE2eStack({ config: { FAX_GATEWAY_DOMAIN: 'fax.gateway.test' } });
    ({ prisma, api, token, accountId } = stack);
  }, 120_000);

  afterAll(async () => {
    await stack?.stop();
  });

  it('renders, attaches and addresses a PDF per fax number; invalid and missing numbers fail or are suppressed', async () => {
    const databaseId = (await prisma.database.create({ data: { accountId, name: 'Faxes' } })).id;
    await prisma.profile.createMany({
      data: [
        { accountId, databaseId, email: 'a@example.test', fax: '+31 20 123 4561', values: { company: 'Acme' } },
        { accountId, databaseId, email: 'b@example.test', fax: '+31201234562', values: { company: 'Globex' } },
        { accountId, databaseId, email: 'c@example.test', fax: '+31 20 12', values: { company: 'Broken' } },
        { accountId, databaseId, email: 'd@example.test', values: { company: 'None' } },
      ],
    });
    const document = await api.request<{ id: number; channel: string }>('POST', '/documents/text', {
      token,
      body: { name: 'Fax', channel: 'FAX', body: 'To {{ profile.company }}\n\nPrices change on 1 January.' },
    });
    expect(document.body.channel).toBe('FAX');
    const documentId = document.body.id;
    const created = await api.request<Mailing>('POST', '/mailings', {
      token,
      body: { name: 'Fax news', documentId, targetType: 'DATABASE', databaseId },
    });
    expect(created.status).toBe(201);
    expect(created.body.channel).toBe('FAX');
    await acknowledgeWarnings(api, token, created.body.id);
    expect((await api.request('POST', `/mailings/${created.body.id}/send`, { token })).status).toBe(202);
    await mailingInStatus(stack, created.body.id, 'SENT', { timeoutMs: 60_000 });

    const caught = stack.catcher.messages();
    expect(caught.map((m) => m.envelope.to[0]).sort()).toEqual([
      '31201234561@fax.gateway.test',
      '31201234562@fax.gateway.test',
    ]);
    for (const [to, company] of [
      ['31201234561@fax.gateway.test', 'Acme'],
      ['31201234562@fax.gateway.test', 'Globex'],
    ] as const) {
      const parsed = await stack.catcher.parsed(caught.find((m) => m.envelope.to[0] === to)!.id);
      expect(parsed.attachments.map((a) => a.contentType)).toEqual(['application/pdf']);
      const text = await pdfText(parsed.attachments[0]!.content);
      expect(text).toContain(`To ${company}`);
      expect(text).toContain('Prices change on 1 January.');
    }
    const destinations = await prisma.destination.findMany({
      where: { mailingId: created.body.id },
      orderBy: { recipientId: 'asc' },
      select: { status: true, lastErrorCode: true, suppressionReason: true },
    });
    expect(destinations).toEqual([
      { status: 'SENT', lastErrorCode: null, suppressionReason: null },
      { status: 'SENT', lastErrorCode: null, suppressionReason: null },
      { status: 'FAILED', lastErrorCode: 'invalid-number', suppressionReason: null },
      { status: 'SUPPRESSED', lastErrorCode: null, suppressionReason: 'no fax number' },
    ]);

    // The print run: one merged PDF, a page per destination that was not suppressed, in recipient order.
    const printed = await fetch(`${api.url}/mailings/${created.body.id}/print-run`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(printed.status).toBe(200);
    expect(printed.headers.get('content-type')).toBe('application/pdf');
    const parser = new PDFParse({ data: new Uint8Array(await printed.arrayBuffer()) });
    try {
      const result = await parser.getText();
      expect(result.total).toBe(3);
      expect(result.pages.map((page) => page.text.split('\n')[0])).toEqual(['To Acme', 'To Globex', 'To Broken']);
    } finally {
      await parser.destroy();
    }
    const stranger = await stack.userToken('ADMIN', await stack.newAccount());
    expect((await api.request('GET', `/mailings/${created.body.id}/print-run`, { token: stranger })).status).toBe(404);
  }, 120_000);
});
