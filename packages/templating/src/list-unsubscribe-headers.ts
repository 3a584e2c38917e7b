import { listUnsubscribeUrl } from './tracking-token';

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

/** RFC 8058 one-click unsubscribe: an HTTPS URL of its own that only a POST acts on, and the signed mailbox. */
export function listUnsubscribeHeaders({ baseUrl, token, mailto }: ListUnsubscribeOptions): ListUnsubscribeHeaders {
  const uris = [`<${listUnsubscribeUrl(baseUrl, token)}>`];
  const mailbox = mailto?.trim();
  if (mailbox) uris.push(`<${/^mailto:/i.test(mailbox) ? mailbox : `mailto:${mailbox}`}>`);
  return { 'List-Unsubscribe': uris.join(', '), 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' };
}
