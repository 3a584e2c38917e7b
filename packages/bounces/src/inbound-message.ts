import type { BounceClassification, BounceReason } from './bounce-reason';

/** The Action of a DSN report (RFC 3464 section 2.3.3). */
export type DeliveryAction = 'failed' | 'delayed' | 'delivered' | 'relayed' | 'expanded';

export interface DeliveryReport {
  /** The recipient the report is about, without the `rfc822;` type, lower case. */
  finalRecipient: string;
  originalRecipient?: string;
  action: DeliveryAction;
  /**
   * The enhanced status code, e.g. `5.1.1`. When the Status field is generic (`5.0.0`) and the
   * diagnostic carries a more precise code of the same class, the precise one; when there is
   * no code at all, the generic code of the action (`5.0.0` failed, `4.0.0` delayed, `2.0.0` delivered).
   */
  status: string;
  diagnosticCode?: string;
  /** The action: null when the report is no error (delivered, relayed, expanded). */
  classification: BounceClassification | null;
  /** Why, in sisimai's terms (`userunknown`, `mailboxfull`, `blocked`...); `delivered` when no error. */
  bounceReason: BounceReason;
  /** Why it was classified so, in a few words. */
  reason: string;
  remoteMta?: string;
}

interface InboundBase {
  /** True when the input was longer than the parser reads (see `maxBytes`) and was cut. */
  truncated: boolean;
}

export interface DeliveryStatusNotification extends InboundBase {
  kind: 'DSN';
  /** RFC3464: read from a message/delivery-status part; TEXT: read from the words of a non-standard bounce. */
  format: 'RFC3464' | 'TEXT';
  reports: DeliveryReport[];
  /** Message-ID of the message that bounced, with angle brackets, e.g. `<abc@herald.localhost>`. */
  originalMessageId?: string;
  originalEnvelopeId?: string;
  originalRecipient?: string;
  reportingMta?: string;
  /** Addresses that may be Herald's VERP return path (To, Delivered-To, the returned message's Return-Path...), for `decodeReturnPath` when the envelope is lost. */
  returnPathCandidates: string[];
}

export interface ComplaintReport extends InboundBase {
  kind: 'COMPLAINT';
  /** `abuse`, `fraud`, `virus`, `other`, `not-spam`, `auth-failure`... lower case (RFC 5965). */
  feedbackType: string;
  originalMessageId?: string;
  originalMailFrom?: string;
  originalRcptTo?: string;
  userAgent?: string;
  /** As written in the report's Arrival-Date (or Received-Date). */
  arrivalDate?: string;
  sourceIp?: string;
  reportedDomain?: string;
  returnPathCandidates: string[];
}

export interface AutoReply extends InboundBase {
  kind: 'AUTO_REPLY';
  /** The evidence, e.g. `Auto-Submitted: auto-replied` or `Subject: Afwezigheidsmelding: ...`. */
  reason: string;
  subject?: string;
  /** The message replied to (In-Reply-To), when given. */
  originalMessageId?: string;
}

export interface OtherInboundMessage extends InboundBase {
  kind: 'OTHER';
  reason: string;
  subject?: string;
}

export type InboundMessage = DeliveryStatusNotification | ComplaintReport | AutoReply | OtherInboundMessage;
