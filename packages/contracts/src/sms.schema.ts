import { z } from 'zod';

const count = z.number().int().min(0);

/** An SMS mailing's figures: where its messages ended, why those that failed did, and what they cost. */
export const SmsReportResponse = z.object({
  mailingId: z.number().int(),
  /** Messages to send (suppressed ones excluded). */
  destinations: count,
  /** Accepted by Twilio. */
  sent: count,
  /** Sent and not reported undelivered or failed since. */
  delivered: count,
  /** Of the delivered: those Twilio reported delivered (successful). */
  confirmed: count,
  /** Of the delivered: no delivery report yet (unknown; some carriers and gateways never send one). */
  awaitingReport: count,
  /** Never accepted (invalid number, Twilio refused it, could not be composed). */
  failed: count,
  /** Sent and reported undelivered or failed by a status callback. */
  undelivered: count,
  /** Not sent yet. */
  pending: count,
  /** Failed and undelivered messages by Twilio error code (or Herald's reason), most frequent first. */
  failures: z.array(z.object({ code: z.string(), kind: z.enum(['HARD', 'SOFT', 'COMPOSE']).nullable(), count })),
  segments: count,
  pricePerSegment: z.number().min(0),
  cost: z.number().min(0),
  currency: z.literal('USD'),
});
export type SmsReportResponse = z.infer<typeof SmsReportResponse>;

/** Twilio's senders: a number in E.164, or an alphanumeric sender id of up to 11 letters, digits and spaces with a letter. */
const SmsSender = z
  .string()
  .trim()
  .regex(
    /^(\+[1-9]\d{6,14}|(?=.*[A-Za-z])[A-Za-z0-9 ]{1,11})$/,
    'must be a number in E.164 (+31612345678) or a sender id of up to 11 letters, digits and spaces',
  );

/** An account's SMS sender; null sends from the platform's (TWILIO_FROM). */
export const SmsSettingsRequest = z.object({ sender: SmsSender.nullable() });
export type SmsSettingsRequest = z.infer<typeof SmsSettingsRequest>;

export const SmsSettingsResponse = z.object({
  sender: z.string().nullable(),
  /** What messages are sent from when `sender` is null. */
  platformSender: z.string(),
  /** What one segment costs, for the document editor's live cost counter (the report's price too). */
  pricePerSegment: z.number().min(0),
  currency: z.literal('USD'),
});
export type SmsSettingsResponse = z.infer<typeof SmsSettingsResponse>;
