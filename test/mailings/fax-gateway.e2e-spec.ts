import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeReturnPath } from '@herald/bounces';
import type { FaxReportResponse } from '@herald/contracts';
import type { PrismaClient } from '@herald/db';
import { startFaxGatewaySimulator, type FaxGatewaySimulator, type GatewayFaxFate } from '@herald/twilio-simulator';
import { InboundSmtpServer } from '../../apps/worker/src/inbound/inbound-smtp.server';
import type { RunningApi } from '../support/api';
import { startE2eStack, waitFor, type E2eStack } from '../support/e2e';
import { sendFaxMailing } from '../support/fax';

const GATEWAY = 'fax.gateway.test';
/** Fax n's number: +31 20 500 00nn. */
const numberOf = (n: number): string => `+3120500${String(n).padStart(4, '0')}`;
const FATES = new Map<string, GatewayFaxFate>([
  [numberOf(2), 'busy'],
  [numberOf(3), 'no-answer'],
  [numberOf(4), 'not-a-fax'],
  [numberOf(5), 'unreported'],
]);

/** A gateway's status mail, as the simulator writes it, to any address. */
function statusMail(to: string, status: string, pages: number): string {
  return [
    `From: "Fax gateway" <confirm@${GATEWAY}>`,
    `To: ${to}`,
    `Subject: Fax to ${numberOf(1)}: ${status}`,
    'Content-Type: text/plain',
    '',
    `Destination fax: ${numberOf(1)}`,
    `Pages sent: ${pages}`,
    `Status: ${status}`,
    '',
  ].join('\r\n');
}

describe('a fax mailing through the email-to-fax gateway: its status mail gives delivered, busy, no answer and failed with pages', () => {
  let gateway: FaxGatewaySimulator;
  let stack: E2eStack;
  let prisma: PrismaClient;
  let api: RunningApi;
  let token: string;
  let mailingId: number;

  const report = async (): Promise<FaxReportResponse> =>
    (await api.request<FaxReportResponse>('GET', `/mailings/${mailingId}/fax-report`, { token })).body;
  const destinationOf = (n: number) =>
    prisma.destination.findFirstOrThrow({
      where: { mailingId, address: numberOf(n) },
      select: { id: true, faxPages: true, dominantResult: true, lastErrorCode: true, lastErrorText: true },
    });

  beforeAll(async () => {
    gateway = await startFaxGatewaySimulator({
      domain: GATEWAY,
      // The return path's mail server: the worker's inbound SMTP server, once it listens.
      statusServer: () => ({ host: '127.0.0.1', port: stack.worker.get(InboundSmtpServer).port }),
      fateOf: (number) => FATES.get(number),
    });
    stack = await startE2eStack({
      catcher: false,
      config: { FAX_GATEWAY_DOMAIN: GATEWAY, SMTP_PORT: String(gateway.smtpPort) },
    });
    ({ prisma, api, token } = stack);
  }, 120_000);

  afterAll(async () => {
    await stack?.stop();
    await gateway?.close();
  });

  it('records each fax as its gateway reports it, and the fax report counts them', async () => {
    mailingId = await sendFaxMailing(stack, 'Fax by gateway', [1, 2, 3, 4, 5].map(numberOf));
    await gateway.idle();

    // Each fax went from its destination's signed return path, and its status mail back to it.
    const faxes = gateway.faxes();
    expect(faxes.map((f) => f.number).sort()).toEqual([1, 2, 3, 4, 5].map(numberOf));
    for (const fax of faxes) {
      const { id } = await destinationOf(Number(fax.number.slice(-4)));
      expect(fax.returnPath).toBe(
        encodeReturnPath(id, { secret: stack.config.TRACKING_SECRET, domain: stack.config.BOUNCE_DOMAIN }),
      );
      expect(fax.pages).toBe(2);
      expect(fax.status).toBe(fax.fate === 'unreported' ? 'pending' : 'sent');
    }

    const figures = await waitFor(report, (r) => r.undelivered === 3 && r.pages === 2, {
      what: 'three faxes reported undelivered and the delivered one’s pages',
    });
    expect(figures).toMatchObject({
      mailingId,
      destinations: 6,
      sent: 5,
      delivered: 2,
      // Number 1's gateway reported it delivered; number 5's has sent no report.
      confirmed: 1,
      awaitingReport: 1,
      failed: 1,
      undelivered: 3,
      pending: 0,
      pages: 2,
    });
    expect(figures.failures).toEqual(
      expect.arrayContaining([
        { code: 'busy', kind: 'SOFT', count: 1 },
        { code: 'no-answer', kind: 'SOFT', count: 1 },
        { code: 'failed', kind: 'HARD', count: 1 },
        { code: 'invalid-number', kind: 'HARD', count: 1 },
      ]),
    );
    expect(await destinationOf(1)).toMatchObject({ faxPages: 2, lastErrorCode: null });
    expect(await destinationOf(2)).toMatchObject({
      faxPages: 0,
      lastErrorCode: 'busy',
      lastErrorText: 'Fax busy after 0 page(s): The line was busy after 3 attempts',
    });
    expect(await destinationOf(4)).toMatchObject({
      lastErrorCode: 'failed',
      lastErrorText: 'Fax failed after 0 page(s): The number is not a fax machine',
    });
    expect((await destinationOf(5)).faxPages).toBeNull();
  }, 120_000);

  it('changes nothing for a forged, repeated or malformed report, and still reads a DSN for a fax as failed', async () => {
    const delivered = await destinationOf(1);
    const busy = await destinationOf(2);
    const unreported = await destinationOf(5);
    const signed = { secret: stack.config.TRACKING_SECRET, domain: stack.config.BOUNCE_DOMAIN };
    const from = { from: `confirm@${GATEWAY}` };

    // Signed with another key (another installation, or a guess): refused before DATA.
    const forged = encodeReturnPath(delivered.id, { ...signed, secret: 'another-secret-of-32-characters!!' });
    await expect(stack.sendToInbound({ ...from, to: forged }, statusMail(forged, 'Busy', 0))).rejects.toThrow(/550/);
    // An address of the right shape without a valid signature, for a destination of any account.
    const unsigned = `b-${delivered.id}-aaaaaaaaaaaaaaaa@${signed.domain}`;
    await expect(stack.sendToInbound({ ...from, to: unsigned }, statusMail(unsigned, 'Busy', 0))).rejects.toThrow(
      /550/,
    );
    // A second report for a fax that has its status: the first final status wins.
    const busyPath = encodeReturnPath(busy.id, signed);
    await stack.sendToInbound({ ...from, to: busyPath }, statusMail(busyPath, 'OK', 2));
    // Malformed mail to a fax's return path is accepted and read as nothing.
    const unreportedPath = encodeReturnPath(unreported.id, signed);
    const info = await stack.sendToInbound(
      { ...from, to: unreportedPath },
      'Subject: fax\r\nContent-Type: multipart/mixed; boundary=""\r\n\r\n--\r\n\u0000\u00ff status: \r\n',
    );
    expect(info.accepted).toEqual([unreportedPath]);

    await new Promise((r) => setTimeout(r, 1_000));
    expect(await destinationOf(1)).toEqual(delivered);
    expect(await destinationOf(2)).toEqual(busy);
    expect(await destinationOf(5)).toEqual(unreported);
    expect(await report()).toMatchObject({ delivered: 2, undelivered: 3, pages: 2 });

    // A standard DSN from the gateway's mail server about the fax address: a failure, through the bounce path.
    const faxMail = gateway.catcher.messages().find((m) => m.envelope.to[0] === `${numberOf(5).slice(1)}@${GATEWAY}`)!;
    await stack.bounce(faxMail, '5.1.1', '550 5.1.1 No such fax number');
    const after = await waitFor(report, (r) => r.undelivered === 4, { what: 'the DSN recorded as a failure' });
    expect(after).toMatchObject({ delivered: 1, confirmed: 1, awaitingReport: 0, undelivered: 4 });
    expect((await destinationOf(5)).dominantResult).toBe('ERROR');
  }, 60_000);
});
