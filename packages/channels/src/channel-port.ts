/**
 * What a channel (email, SMS, fax) must do for the shared mailing pipeline (docs/architecture.md,
 * Channels). Dispatch, the send job's lanes, rate limits, suppression at send time, retries and
 * the recording of outcomes are the pipeline's; a channel only prepares a mailing, sends one
 * message and says how its provider answered.
 */

export type ChannelKind = 'EMAIL' | 'SMS' | 'FAX';

/** The frozen document version a mailing sends; fields a channel does not use are null. */
export interface ChannelContent {
  fromName: string | null;
  fromAddress: string | null;
  replyTo: string | null;
  subject: string | null;
  html: string | null;
  text: string | null;
  /** SMS text, or the HTML a fax is rendered from. */
  body: string | null;
}

/** One mailing as a channel prepares it, once per worker process. */
export interface ChannelMailing {
  mailingId: number;
  accountId: number;
  content: ChannelContent;
  trackingEnabled: boolean;
  /** A sender domain the mailing's settings add to the account's. */
  senderDomain: string | null;
}

/** One message to one destination. */
export interface ChannelMessage {
  destinationId: bigint;
  address: string;
  /** The signed tracking id of the destination (links and opens carry it). */
  trackingId: string;
  /** The profile's field values, its id and its addresses, for personalisation. */
  profile: Record<string, unknown> & { id: number; email: string | null };
  subprofile: Record<string, unknown> | null;
}

/**
 * How the provider answered, classified by the channel. `code` is the provider's own (an SMTP
 * enhanced status, a Twilio error code). `senderSide`: the answer was about us (authentication,
 * reputation, rate), not about the recipient, so it must not count against the recipient.
 * `reason`: why, where the channel can say (an email's bounce reason: `userunknown`, `blocked`...).
 */
export type ChannelOutcome =
  /** `smsSegments`: the segments an SMS was sent in (its cost); absent for other channels. */
  | { kind: 'delivered'; response: string; messageId: string | null; smsSegments?: number }
  | { kind: 'hard'; code: string; text: string; reason?: string }
  | { kind: 'soft'; code: string; text: string; senderSide: boolean; reason?: string }
  /** The message could not be made for this destination (template or sender error); nothing was sent. */
  | { kind: 'not-composed'; text: string }
  /** The provider could not be reached at all: the batch waits for it, nothing counts against anyone. */
  | { kind: 'unavailable'; reason: string };

export interface PreparedChannelMailing {
  /** How many messages of this mailing one worker process may have in flight. */
  readonly concurrency: number;
  send(message: ChannelMessage): Promise<ChannelOutcome>;
}

export interface ChannelAdapter {
  readonly channel: ChannelKind;
  /** Compiles the content and opens (or reuses) the provider connection; a DomainError fails the mailing's jobs. */
  prepare(mailing: ChannelMailing): Promise<PreparedChannelMailing>;
  /** Closes provider connections when the worker stops. */
  close(): void | Promise<void>;
}

/** Where a channel's address comes from and when it is usable. */
export interface ChannelAddressRule {
  /** The Profile column (and subprofile value of the same name) that holds the address. */
  field: 'email' | 'mobile' | 'fax';
  /** A PostgreSQL regular expression a usable (trimmed) address matches. */
  validPattern: string;
  /** Named in suppression reasons: "no email address", "invalid mobile number". */
  noun: string;
  /** Whether two addresses that differ only in case are the same (duplicate suppression). */
  caseInsensitive: boolean;
}

// Numbers are checked loosely here (a digit, then at least five more of digits and separators);
// the SMS and fax adapters normalise them to E.164 and reject what their provider cannot reach.
const PHONE_PATTERN = '^\\+?[0-9][0-9 ().-]{5,}$';

const ADDRESS_RULES: Record<ChannelKind, ChannelAddressRule> = {
  EMAIL: { field: 'email', validPattern: '@', noun: 'email address', caseInsensitive: true },
  SMS: { field: 'mobile', validPattern: PHONE_PATTERN, noun: 'mobile number', caseInsensitive: false },
  FAX: { field: 'fax', validPattern: PHONE_PATTERN, noun: 'fax number', caseInsensitive: false },
};

/** The address rule of a channel: which column dispatch reads and what it suppresses as missing or invalid. */
export function channelAddressRule(channel: ChannelKind): ChannelAddressRule {
  return ADDRESS_RULES[channel];
}
