import { z } from 'zod';

const count = z.number().int().min(0);

/** A fax mailing's figures: where its faxes ended (delivered, busy, no answer, failed), why, and their pages. */
export const FaxReportResponse = z.object({
  mailingId: z.number().int(),
  /** Faxes to send (suppressed ones excluded). */
  destinations: count,
  /** Accepted by the fax provider (the gateway or the API). */
  sent: count,
  /** Sent and not reported failed since. */
  delivered: count,
  /** Of the delivered: those the fax provider reported delivered (successful). */
  confirmed: count,
  /** Of the delivered: no delivery report yet (unknown; some carriers and gateways never send one). */
  awaitingReport: count,
  /** Never accepted (invalid number, refused, could not be rendered). */
  failed: count,
  /** Sent and reported busy, unanswered or failed by the fax API's callback. */
  undelivered: count,
  /** Not sent yet. */
  pending: count,
  /** Failed and undelivered faxes by reason (`busy`, `no-answer`, the provider's code), most frequent first. */
  failures: z.array(z.object({ code: z.string(), kind: z.enum(['HARD', 'SOFT', 'COMPOSE']).nullable(), count })),
  /** Pages the fax API reported, sent or tried (the email gateway reports none). */
  pages: count,
});
export type FaxReportResponse = z.infer<typeof FaxReportResponse>;
