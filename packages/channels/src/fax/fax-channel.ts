import nodemailer, { type Transporter } from 'nodemailer';
import { classifySmtpReply, encodeReturnPath } from '@herald/bounces';
import { DomainError } from '@herald/domain';
import { compileTextDocument, type CompiledTextDocument } from '@herald/templating';
import type {
  ChannelAdapter,
  ChannelMailing,
  ChannelMessage,
  ChannelOutcome,
  PreparedChannelMailing,
} from '../channel-port';
import { composeFax } from './fax-compose';

/** An email-to-fax gateway (Sinch Fax's `{number}@sinchfax.com`, InterFAX, a local catcher): the PDF attached. */
export interface FaxGatewayOptions {
  smtp: { host: string; port: number; secure: boolean; ehloName?: string };
  /** The gateway's domain: a fax to +31 20 123 4567 goes to 31201234567@<domain>. */
  gatewayDomain: string;
  /** The sender address the gateway knows the account by (the From header). */
  from: string;
  /**
   * Where the gateway's status mail comes back: the envelope sender is the destination's signed VERP
   * return path at this domain, so only a signed address says whose a report is (docs/rules/sms.md, Fax).
   */
  bounceDomain: string;
  /** Base URL and secret of links a text may hold ({{ unsubscribe }}). */
  publicUrl: string;
  trackingSecret: string;
  concurrency: number;
}

interface SmtpFailure {
  responseCode?: number;
  response?: string;
  message?: string;
}

/** Fax as a channel: a Liquid text rendered to a PDF per destination, handed to an email-to-fax gateway over SMTP. */
export class FaxChannel implements ChannelAdapter {
  readonly channel = 'FAX' as const;
  private transport: Transporter | null = null;

  constructor(private readonly options: FaxGatewayOptions) {}

  async prepare(mailing: ChannelMailing): Promise<PreparedChannelMailing> {
    const body = mailing.content.body;
    if (body === null || body.trim() === '')
      throw DomainError.validation('The fax document has no text', [{ path: 'body', message: 'is empty' }]);
    const document = compileTextDocument(body);
    return {
      concurrency: this.options.concurrency,
      send: (message) => this.send(mailing.mailingId, document, message),
    };
  }

  close(): void {
    this.transport?.close();
    this.transport = null;
  }

  private transportNow(): Transporter {
    if (!this.transport) {
      const { ehloName, ...server } = this.options.smtp;
      this.transport = nodemailer.createTransport({
        ...server,
        name: ehloName,
        pool: true,
        maxConnections: Math.max(1, Math.min(this.options.concurrency, 4)),
      });
    }
    return this.transport;
  }

  private async send(
    mailingId: number,
    document: CompiledTextDocument,
    message: ChannelMessage,
  ): Promise<ChannelOutcome> {
    const fax = await composeFax(document, mailingId, message, this.options);
    if (!fax.ok) return fax.outcome;
    try {
      const to = `${fax.number.slice(1)}@${this.options.gatewayDomain}`;
      const returnPath = encodeReturnPath(message.destinationId, {
        secret: this.options.trackingSecret,
        domain: this.options.bounceDomain,
      });
      const info = (await this.transportNow().sendMail({
        from: this.options.from,
        to,
        envelope: { from: returnPath, to },
        subject: `Fax ${mailingId}`,
        text: '',
        headers: { 'X-Herald-Mailing': String(mailingId) },
        attachments: [
          { filename: `fax-${message.destinationId}.pdf`, content: fax.pdf, contentType: 'application/pdf' },
        ],
      })) as { response: string; messageId: string };
      return { kind: 'delivered', response: info.response, messageId: info.messageId };
    } catch (error) {
      const e = error as SmtpFailure;
      const text = e.response ?? e.message ?? 'no answer';
      if (e.responseCode === undefined) return { kind: 'unavailable', reason: text };
      const classified = classifySmtpReply({ code: e.responseCode, text });
      if (classified.kind === 'HARD') return { kind: 'hard', code: classified.code, text };
      return { kind: 'soft', code: classified.code, text, senderSide: classified.kind === 'SENDER' };
    }
  }
}
