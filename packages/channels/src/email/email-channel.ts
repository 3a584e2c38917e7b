import { DomainError } from '@herald/domain';
import { classifySmtpReply, encodeDestinationAddresses, encodeHeraldMessageId } from '@herald/bounces';
import {
  compileEmailDocument,
  listUnsubscribeHeaders,
  renderEmailMessage,
  type CompiledEmailDocument,
} from '@herald/templating';
import type {
  ChannelAdapter,
  ChannelMailing,
  ChannelMessage,
  ChannelOutcome,
  PreparedChannelMailing,
} from '../channel-port';
import { EmailTransport, type SmtpSettings } from './email-transport';

/** The SMTP server an account sends through, and the sender domains it allows (empty: any). */
export interface AccountEmailRoute {
  settings: SmtpSettings;
  senderDomains: string[];
}

export interface EmailChannelOptions {
  /** Base URL of tracking, web-version and unsubscribe links. */
  publicUrl: string;
  trackingSecret: string;
  /** Domain of the signed return path, unsubscribe address and Message-ID. */
  bounceDomain: string;
  /** The account's own server or the platform's (looked up by the worker, which holds the secrets). */
  routeFor(accountId: number): Promise<AccountEmailRoute>;
}

/** Email as a channel: Liquid documents, SMTP through pooled connections, replies classified by code. */
export class EmailChannel implements ChannelAdapter {
  readonly channel = 'EMAIL' as const;
  private readonly transports = new Map<string, EmailTransport>();

  constructor(private readonly options: EmailChannelOptions) {}

  async prepare(mailing: ChannelMailing): Promise<PreparedChannelMailing> {
    const { content } = mailing;
    const document = compileEmailDocument(
      {
        fromName: content.fromName ?? undefined,
        fromAddress: content.fromAddress ?? '',
        replyTo: content.replyTo ?? undefined,
        subject: content.subject ?? '',
        html: content.html ?? '',
        text: content.text ?? undefined,
      },
      { trackingEnabled: mailing.trackingEnabled },
    ).compiled;
    const route = await this.options.routeFor(mailing.accountId);
    const transport = this.transportFor(route.settings);
    const senderDomains = [...route.senderDomains, ...(mailing.senderDomain ? [mailing.senderDomain] : [])];
    return {
      // Two lanes per connection keep every connection busy while the other lane renders.
      concurrency: Math.max(1, transport.settings.maxConnections * 2),
      send: (message) => this.send(mailing.mailingId, document, transport, senderDomains, message),
    };
  }

  close(): void {
    for (const transport of this.transports.values()) transport.close();
    this.transports.clear();
  }

  private async send(
    mailingId: number,
    document: CompiledEmailDocument,
    transport: EmailTransport,
    senderDomains: string[],
    message: ChannelMessage,
  ): Promise<ChannelOutcome> {
    let rendered;
    try {
      rendered = renderEmailMessage(document, {
        profile: message.profile,
        subprofile: message.subprofile,
        destinationId: message.trackingId,
        tracking: { baseUrl: this.options.publicUrl, secret: this.options.trackingSecret },
      });
      const domain = rendered.fromAddress.split('@')[1]?.toLowerCase() ?? '';
      if (senderDomains.length > 0 && !senderDomains.includes(domain)) {
        throw DomainError.validation(
          `Sender address ${rendered.fromAddress} is not in a configured sender domain (${senderDomains.join(', ')})`,
        );
      }
    } catch (error) {
      const text =
        error instanceof DomainError ? error.message : `Could not compose the message: ${(error as Error).message}`;
      return { kind: 'not-composed', text };
    }

    // One HMAC per message signs both addresses: the envelope sender and the unsubscribe mailto.
    const { returnPath, unsubscribeAddress } = encodeDestinationAddresses(message.destinationId, {
      secret: this.options.trackingSecret,
      domain: this.options.bounceDomain,
    });
    const messageId = encodeHeraldMessageId(
      { mailingId, destinationId: message.destinationId },
      this.options.bounceDomain,
    );
    const reply = await transport.send({
      envelopeFrom: returnPath,
      to: message.address,
      from: { name: rendered.fromName, address: rendered.fromAddress },
      replyTo: rendered.replyTo,
      subject: rendered.subject,
      html: rendered.html,
      text: rendered.text,
      messageId,
      headers: {
        ...listUnsubscribeHeaders({
          baseUrl: this.options.publicUrl,
          token: rendered.unsubscribeToken,
          mailto: unsubscribeAddress,
        }),
        'X-Herald-Mailing': String(mailingId),
      },
    });
    if (reply.ok) return { kind: 'delivered', response: reply.response, messageId };
    if (reply.code === null) return { kind: 'unavailable', reason: reply.response };
    const classified = classifySmtpReply({ code: reply.code, text: reply.response, command: reply.command });
    const reason = classified.bounceReason;
    if (classified.kind === 'HARD') return { kind: 'hard', code: classified.code, text: reply.response, reason };
    // Temporary (4xx) or about the sender: the pipeline retries it while attempts remain.
    return {
      kind: 'soft',
      code: classified.code,
      text: reply.response,
      senderSide: classified.kind === 'SENDER',
      reason,
    };
  }

  /** One pool per SMTP server, shared by all mailings that use it. */
  private transportFor(settings: SmtpSettings): EmailTransport {
    const key = JSON.stringify(settings);
    let transport = this.transports.get(key);
    if (!transport) {
      transport = new EmailTransport(settings);
      this.transports.set(key, transport);
    }
    return transport;
  }
}
