import { afterEach, describe, expect, it } from 'vitest';
import { createTransport } from 'nodemailer';
import { PDFDocument } from 'pdf-lib';
import { startMailCatcher, type MailCatcher } from '@herald/mail-catcher';
import {
  startFaxGatewaySimulator,
  type FaxGatewaySimulator,
  type FaxGatewaySimulatorOptions,
} from './fax-gateway-simulator';

const open: Array<MailCatcher | FaxGatewaySimulator> = [];

async function pdfOf(pages: number): Promise<Buffer> {
  const pdf = await PDFDocument.create();
  for (let i = 0; i < pages; i++) pdf.addPage();
  return Buffer.from(await pdf.save());
}

/** The gateway, with a catcher standing in for Herald's inbound server where its status mail goes. */
async function gatewayWith(options: Partial<FaxGatewaySimulatorOptions> = {}) {
  const inbound = await startMailCatcher({ smtpPort: 0, keep: 'all' });
  const gateway = await startFaxGatewaySimulator({
    domain: 'fax.example.test',
    statusServer: () => ({ host: '127.0.0.1', port: inbound.smtpPort }),
    statusDelayMs: 0,
    ...options,
  });
  open.push(inbound, gateway);
  return { inbound, gateway };
}

async function fax(gateway: FaxGatewaySimulator, to: string, returnPath: string, pages = 2): Promise<void> {
  const transport = createTransport({ host: '127.0.0.1', port: gateway.smtpPort, secure: false, ignoreTLS: true });
  try {
    await transport.sendMail({
      from: 'fax@herald.example',
      to,
      envelope: { from: returnPath, to },
      subject: 'Fax 1',
      text: '',
      attachments: [{ filename: 'fax.pdf', content: await pdfOf(pages), contentType: 'application/pdf' }],
    });
  } finally {
    transport.close();
  }
}

afterEach(async () => {
  await Promise.all(open.splice(0).map((o) => o.close()));
});

describe('startFaxGatewaySimulator', () => {
  it('mails each fax’s status to its envelope sender: delivered with the PDF’s pages, or why not', async () => {
    const fates = new Map([['+31201234562', 'busy' as const]]);
    const { inbound, gateway } = await gatewayWith({ fateOf: (n) => fates.get(n) });
    await fax(gateway, '31201234561@fax.example.test', 'b-1-sig@bounces.example', 3);
    await fax(gateway, '31201234562@fax.example.test', 'b-2-sig@bounces.example');
    await fax(gateway, '31201234563@other.example.test', 'b-3-sig@bounces.example');
    await gateway.idle();

    expect(gateway.faxes()).toEqual([
      { number: '+31201234561', returnPath: 'b-1-sig@bounces.example', pages: 3, fate: 'delivered', status: 'sent' },
      { number: '+31201234562', returnPath: 'b-2-sig@bounces.example', pages: 2, fate: 'busy', status: 'sent' },
    ]);
    const statuses = inbound.messages();
    expect(statuses.map((m) => m.envelope)).toEqual([
      { from: 'confirm@fax.example.test', to: ['b-1-sig@bounces.example'] },
      { from: 'confirm@fax.example.test', to: ['b-2-sig@bounces.example'] },
    ]);
    const [delivered, busy] = await Promise.all(statuses.map((m) => inbound.parsed(m.id)));
    expect(delivered!.text).toContain('Pages sent: 3');
    expect(delivered!.text).toContain('Status: OK');
    expect(busy!.text).toContain('Status: Busy');
  });

  it('draws fates from a weighted mix, the same for the same seed, and records a refused status', async () => {
    const drawn = async (seed: number) => {
      const { gateway } = await gatewayWith({
        mix: [
          { weight: 1, fate: 'busy' },
          { weight: 1, fate: 'no-answer' },
        ],
        seed,
        statusServer: () => ({ host: '127.0.0.1', port: 1 }),
      });
      for (let i = 1; i <= 6; i++) await fax(gateway, `3120123456${i}@fax.example.test`, `b-${i}-sig@bounces.example`);
      await gateway.idle();
      return gateway.faxes();
    };
    const first = await drawn(7);
    expect(new Set(first.map((f) => f.fate))).toEqual(new Set(['busy', 'no-answer']));
    expect((await drawn(7)).map((f) => f.fate)).toEqual(first.map((f) => f.fate));
    // Nobody listens on port 1: the status could not be sent, and says why.
    expect(first.every((f) => f.status !== 'sent' && f.status !== 'pending')).toBe(true);
  });
});
