import { DomainError } from '@herald/domain';
import { classifySmtpReply } from '@herald/bounces';
import type { CompiledEmailDocument } from '@herald/templating';
import type {
  ChannelAdapter,
  ChannelMailing,
  ChannelMessage,
  ChannelOutcome,
  PreparedChannelMailing,
} from '../channel-port';
import type { DkimKey } from './dkim-signature';
import {
  asciiDomain,
  compileMailingEmail,
  destinationEmail,
  renderDestinationEmail,
  senderDomainOf,
  type EmailMessageOptions,
} from './email-message';
import { EmailTransport, type SmtpSettings } from './email-transport';

/** The SMTP server an account sends through, and the sender domains it allows (empty: any). */
export interface AccountEmailRoute {
  settings: SmtpSettings;
  senderDomains: string[];
}

export interface EmailChannelOptions extends EmailMessageOptions {
  /** The account's own server or the platform's (looked up by the worker, which holds the secrets). */
  routeFor(accountId: number): Promise<AccountEmailRoute>;
  /**
   * The DKIM keys of an account's sender domain (none when the account has not added it): every
   * message is signed with its From domain's keys. Called per message, so it answers from a cache.
   */
  dkimKeysFor(accountId: number, domain: string): Promise<readonly DkimKey[]>;
}

/** Email as a channel: Liquid documents, SMTP through pooled connections, replies classified by code. */
export class EmailChannel implements ChannelAdapter {
  readonly channel = 'EMAIL' as const;
  private readonly transports = new Map<string, EmailTransport>();

  constructor(private readonly options: EmailChannelOptions) {}

  async prepare(mailing: ChannelMailing): Promise<PreparedChannelMailing> {
    const document = compileMailingEmail(mailing.content, mailing.trackingEnabled);
    const route = await this.options.routeFor(mailing.accountId);
    const transport = this.transportFor(route.settings);
    // Compared in ASCII form, as the From domain is: an allowed domain may be written either way.
    const senderDomains = [...route.senderDomains, ...(mailing.senderDomain ? [mailing.senderDomain] : [])].map(
      asciiDomain,
    );
    return {
      // Two lanes per connection keep every connection busy while the other lane renders.
      concurrency: Math.max(1, transport.settings.maxConnections * 2),
      send: (message) => this.send(mailing, document, transport, senderDomains, message),
    };
  }

  close(): void {
    for (const transport of this.transports.values()) transport.close();
    this.transports.clear();
  }

  private async send(
    { mailingId, accountId }: ChannelMailing,
    document: CompiledEmailDocument,
    transport: EmailTransport,
    senderDomains: string[],
    message: ChannelMessage,
  ): Promise<ChannelOutcome> {
    let rendered;
    let domain: string;
    try {
      rendered = renderDestinationEmail(document, message, this.options);
      domain = senderDomainOf(rendered.fromAddress);
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

    let dkim;
    try {
      dkim = await this.options.dkimKeysFor(accountId, domain);
    } catch (error) {
      // Never sent unsigned for want of its key: tried again while attempts remain.
      return { kind: 'unavailable', reason: `DKIM key of ${domain} not available: ${(error as Error).message}` };
    }
    const email = destinationEmail(
      rendered,
      { mailingId, destinationId: message.destinationId, address: message.address },
      this.options,
      dkim,
    );
    const reply = await transport.send(email);
    const { messageId } = email;
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
