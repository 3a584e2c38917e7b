import { trackingUrl } from './tracking-token';

export interface ListUnsubscribeOptions {
  /** Public base URL of the tracking endpoints. */
  baseUrl: string;
  /** The destination's unsubscribe token (`RenderedEmailMessage.unsubscribeToken`). */
  token: string;
  /** Optional mailbox that unsubscribes on receipt: an address or a `mailto:` URI. */
  mailto?: string | null;
}

export interface ListUnsubscribeHeaders {
  'List-Unsubscribe': string;
  'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click';
}

/** RFC 8058 one-click unsubscribe: the HTTPS URL posts to the same endpoint as the document's link. */
export function listUnsubscribeHeaders({ baseUrl, token, mailto }: ListUnsubscribeOptions): ListUnsubscribeHeaders {
  const uris = [`<${trackingUrl(baseUrl, 'unsubscribe', token)}>`];
  const mailbox = mailto?.trim();
  if (mailbox) uris.push(`<${/^mailto:/i.test(mailbox) ? mailbox : `mailto:${mailbox}`}>`);
  return { 'List-Unsubscribe': uris.join(', '), 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' };
}
