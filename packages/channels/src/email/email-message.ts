import { domainToASCII } from 'node:url';
import { encodeDestinationAddresses, encodeHeraldMessageId } from '@herald/bounces';
import { DomainError } from '@herald/domain';
import {
  compileEmailDocument,
  listUnsubscribeHeaders,
  renderEmailMessage,
  type CompiledEmailDocument,
  type RenderedEmailMessage,
} from '@herald/templating';
import type { ChannelContent, ChannelMailing, ChannelMessage } from '../channel-port';
import type { DkimKey } from './dkim-signature';
import type { OutgoingEmail } from './email-transport';
import { composeSignedEmail } from './raw-email';

/** What every message of the platform carries: its links' base and secret, and its bounce domain. */
export interface EmailMessageOptions {
  /** Base URL of tracking, web-version and unsubscribe links. */
  publicUrl: string;
  trackingSecret: string;
  /** Domain of the signed return path, unsubscribe address and Message-ID. */
  bounceDomain: string;
}

/** The mailing's document compiled once for all its messages (throws a DomainError for a template error). */
export function compileMailingEmail(content: ChannelContent, trackingEnabled: boolean): CompiledEmailDocument {
  return compileEmailDocument(
    {
      fromName: content.fromName ?? undefined,
      fromAddress: content.fromAddress ?? '',
      replyTo: content.replyTo ?? undefined,
      subject: content.subject ?? '',
      html: content.html ?? '',
      text: content.text ?? undefined,
    },
    { trackingEnabled },
  ).compiled;
}

/** The document personalised for one destination (throws a DomainError when it does not render). */
export function renderDestinationEmail(
  document: CompiledEmailDocument,
  message: ChannelMessage,
  options: EmailMessageOptions,
): RenderedEmailMessage {
  return renderEmailMessage(document, {
    profile: message.profile,
    subprofile: message.subprofile,
    destinationId: message.trackingId,
    tracking: { baseUrl: options.publicUrl, secret: options.trackingSecret },
  });
}

/** The From address's domain as keys are stored: lower case, ASCII (punycode). */
export function senderDomainOf(fromAddress: string): string {
  return asciiDomain(fromAddress.split('@')[1] ?? '');
}

/** A domain as DNS and DKIM know it: lower case, an internationalised one in its ASCII (punycode) form. */
export function asciiDomain(domain: string): string {
  const lower = domain.toLowerCase();
  return /[^ -~]/.test(lower) ? domainToASCII(lower) : lower;
}

/**
 * The message to one destination as it is handed to the SMTP server: the VERP return path and the
 * unsubscribe mailto (one HMAC signs both), Herald's Message-ID, the one-click unsubscribe headers, and
 * the keys it is signed with.
 */
export function destinationEmail(
  rendered: RenderedEmailMessage,
  destination: { mailingId: number; destinationId: bigint; address: string },
  options: EmailMessageOptions,
  dkim: readonly DkimKey[],
): OutgoingEmail {
  const { returnPath, unsubscribeAddress } = encodeDestinationAddresses(destination.destinationId, {
    secret: options.trackingSecret,
    domain: options.bounceDomain,
  });
  return {
    envelopeFrom: returnPath,
    to: destination.address,
    from: { name: rendered.fromName, address: rendered.fromAddress },
    replyTo: rendered.replyTo,
    subject: rendered.subject,
    html: rendered.html,
    text: rendered.text,
    messageId: encodeHeraldMessageId(
      { mailingId: destination.mailingId, destinationId: destination.destinationId },
      options.bounceDomain,
    ),
    headers: {
      ...listUnsubscribeHeaders({
        baseUrl: options.publicUrl,
        token: rendered.unsubscribeToken,
        mailto: unsubscribeAddress,
      }),
      'X-Herald-Mailing': String(destination.mailingId),
    },
    dkim,
  };
}

/** A sample of a mailing's messages, signed, for the sender checks. */
export interface SampleEmail {
  source: Buffer;
  envelopeFrom: string;
  fromAddress: string;
  replyTo: string | null;
}

/**
 * One message of the mailing composed and signed exactly as the worker sends it (EmailChannel), for
 * `sample` as its destination: what a receiver would authenticate. Null when the document does not
 * compile or render, which the document checks report on their own.
 */
export async function composeSampleEmail(
  mailing: Pick<ChannelMailing, 'mailingId' | 'accountId' | 'content' | 'trackingEnabled'>,
  sample: ChannelMessage,
  options: EmailMessageOptions & {
    dkimKeysFor(accountId: number, domain: string): Promise<readonly DkimKey[]>;
  },
): Promise<SampleEmail | null> {
  let rendered: RenderedEmailMessage;
  try {
    rendered = renderDestinationEmail(compileMailingEmail(mailing.content, mailing.trackingEnabled), sample, options);
  } catch (error) {
    if (error instanceof DomainError) return null;
    throw error;
  }
  const dkim = await options.dkimKeysFor(mailing.accountId, senderDomainOf(rendered.fromAddress));
  const email = destinationEmail(
    rendered,
    { mailingId: mailing.mailingId, destinationId: sample.destinationId, address: sample.address },
    options,
    dkim,
  );
  // 8bit as a server offering 8BITMIME gets it: the signature covers the body either way.
  const { source } = await composeSignedEmail(email, { allow8Bit: true });
  return {
    source,
    envelopeFrom: email.envelopeFrom,
    fromAddress: rendered.fromAddress,
    replyTo: rendered.replyTo ?? null,
  };
}
