import { createTransport } from 'nodemailer';
import { PDFDocument } from 'pdf-lib';
import { startMailCatcher, type MailCatcher, type MessageEnvelope } from '@herald/mail-catcher';

/**
 * How a fax through the gateway ends: the outcomes an email-to-fax gateway's status mail reports, or
 * `unreported`: delivered with no status mail (a gateway set to confirm failures only).
 */
export type GatewayFaxFate = 'delivered' | 'busy' | 'no-answer' | 'not-a-fax' | 'unreported';

export interface FaxGatewaySimulatorOptions {
  /** The gateway's domain: a fax to +31 20 123 4567 is mailed to 31201234567@<domain>. */
  domain: string;
  /** Where status mail goes (the return path's mail server: Herald's inbound SMTP); asked when a status is sent. */
  statusServer: () => { host: string; port: number };
  /** The fate of a fax by number (E.164, with +); when it says nothing, one drawn from `mix`. */
  fateOf?: (number: string) => GatewayFaxFate | undefined;
  /** Fates by weight for the numbers `fateOf` leaves open, e.g. 90 delivered, 6 busy, 4 no answer; all delivered without it. */
  mix?: ReadonlyArray<{ weight: number; fate: GatewayFaxFate }>;
  /** Seed of the draws from `mix`, so a run can be repeated. */
  seed?: number;
  /** Delay before the status mail, in ms. */
  statusDelayMs?: number;
  /** 0 (the default) picks a free port. */
  smtpPort?: number;
}

export interface SimulatedGatewayFax {
  /** E.164, from the recipient address's local part. */
  number: string;
  /** The envelope sender, where the status mail went. */
  returnPath: string;
  pages: number;
  fate: GatewayFaxFate;
  /** The status mail: 'sent', refused by the status server (its reply), or 'pending'. */
  status: 'pending' | 'sent' | string;
}

export interface FaxGatewaySimulator {
  readonly smtpPort: number;
  /** The catcher behind the gateway, to read the faxes' mail back. */
  readonly catcher: MailCatcher;
  faxes(): SimulatedGatewayFax[];
  /** Resolves when no status mail is waiting or in flight. */
  idle(): Promise<void>;
  close(): Promise<void>;
}

const NUMBER = /^(\d{7,15})@(.+)$/;

/** The status mail a gateway writes, as InterFAX-style plain text with its fields. */
function statusMail(fax: SimulatedGatewayFax, id: number, subject: string): { subject: string; text: string } {
  const head = [`Transaction ID: ${id}`, `Destination fax: ${fax.number}`, `Original subject: ${subject}`];
  switch (fax.fate) {
    case 'delivered':
    case 'unreported':
      return {
        subject: `Fax to ${fax.number} delivered`,
        text: [`Your fax was sent successfully.`, '', ...head, `Pages sent: ${fax.pages}`, 'Status: OK'].join('\r\n'),
      };
    case 'busy':
      return {
        subject: `Fax to ${fax.number} failed`,
        text: [
          'Your fax could not be delivered.',
          '',
          ...head,
          `Pages sent: 0 of ${fax.pages}`,
          'Status: Busy',
          'Reason: The line was busy after 3 attempts',
        ].join('\r\n'),
      };
    case 'no-answer':
      return {
        subject: `Fax to ${fax.number} failed`,
        text: [
          'Your fax could not be delivered.',
          '',
          ...head,
          `Pages sent: 0 of ${fax.pages}`,
          'Status: No answer',
          'Reason: No answer after 3 attempts',
        ].join('\r\n'),
      };
    case 'not-a-fax':
      return {
        subject: `Fax to ${fax.number} failed`,
        text: [
          'Your fax could not be delivered.',
          '',
          ...head,
          'Pages sent: 0',
          'Status: Failed',
          'Reason: The number is not a fax machine',
        ].join('\r\n'),
      };
  }
}

/**
 * A local email-to-fax gateway: a mail catcher that takes `<number>@<domain>` with a PDF attached,
 * counts its pages and, like a real gateway, mails a status back to the envelope sender (delivered with
 * the pages, busy, no answer, not a fax machine), through the status server it is given.
 */
export async function startFaxGatewaySimulator(options: FaxGatewaySimulatorOptions): Promise<FaxGatewaySimulator> {
  const faxes: SimulatedGatewayFax[] = [];
  const pending = new Set<Promise<void>>();
  const timers = new Set<NodeJS.Timeout>();
  const domain = options.domain.toLowerCase();
  const mix = (options.mix ?? []).filter((m) => m.weight > 0);
  const totalWeight = mix.reduce((sum, m) => sum + m.weight, 0);
  let state = (options.seed ?? 1) >>> 0 || 1;
  // xorshift32: the same seed draws the same fates.
  const draw = (): GatewayFaxFate => {
    if (totalWeight === 0) return 'delivered';
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    state >>>= 0;
    let at = (state / 2 ** 32) * totalWeight;
    for (const m of mix) {
      if (at < m.weight) return m.fate;
      at -= m.weight;
    }
    return mix[mix.length - 1]!.fate;
  };

  async function answer(fax: SimulatedGatewayFax, id: number, subject: string): Promise<void> {
    const server = options.statusServer();
    const transport = createTransport({ host: server.host, port: server.port, secure: false, ignoreTLS: true });
    const mail = statusMail(fax, id, subject);
    try {
      await transport.sendMail({
        from: `"Fax gateway" <confirm@${domain}>`,
        to: fax.returnPath,
        envelope: { from: `confirm@${domain}`, to: fax.returnPath },
        subject: mail.subject,
        text: mail.text,
      });
      fax.status = 'sent';
    } catch (error) {
      fax.status = (error as { response?: string }).response ?? (error as Error).message;
    } finally {
      transport.close();
    }
  }

  async function receive(id: string, envelope: MessageEnvelope): Promise<void> {
    const parsed = await catcher.parsed(id);
    const pdf = parsed.attachments.find((a) => a.contentType === 'application/pdf');
    const pages = pdf ? (await PDFDocument.load(pdf.content)).getPageCount() : 0;
    for (const to of envelope.to) {
      const match = NUMBER.exec(to.toLowerCase());
      // A gateway answers only for numbers at its own domain, and only to a sender it can answer.
      if (!match || match[2] !== domain || !envelope.from) continue;
      const number = `+${match[1]}`;
      const fax: SimulatedGatewayFax = {
        number,
        returnPath: envelope.from,
        pages,
        fate: options.fateOf?.(number) ?? draw(),
        status: 'pending',
      };
      faxes.push(fax);
      if (fax.fate !== 'unreported') schedule(fax, faxes.length, catcher.message(id)?.subject ?? '');
    }
  }

  function schedule(fax: SimulatedGatewayFax, id: number, subject: string): void {
    let done!: () => void;
    const finished = new Promise<void>((resolve) => (done = resolve));
    pending.add(finished);
    const timer = setTimeout(() => {
      timers.delete(timer);
      void answer(fax, id, subject).finally(() => {
        pending.delete(finished);
        done();
      });
    }, options.statusDelayMs ?? 20);
    timers.add(timer);
  }

  const catcher = await startMailCatcher({
    smtpPort: options.smtpPort ?? 0,
    keep: 'all',
    onMessage: (id, envelope) => {
      let done!: () => void;
      const read = new Promise<void>((resolve) => (done = resolve));
      pending.add(read);
      // A mail the gateway cannot read (no PDF it can open) gets no status, as a real one might drop it.
      void receive(id, envelope)
        .catch(() => undefined)
        .finally(() => {
          pending.delete(read);
          done();
        });
    },
  });

  return {
    smtpPort: catcher.smtpPort,
    catcher,
    faxes: () => faxes.map((fax) => ({ ...fax })),
    idle: async () => {
      while (pending.size > 0) await Promise.all([...pending]);
    },
    close: async () => {
      for (const timer of timers) clearTimeout(timer);
      await catcher.close();
    },
  };
}
