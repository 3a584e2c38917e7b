import { z } from 'zod';

/**
 * One finding of the issue checker (packages/checks): an `error` blocks sending, a `warning` holds it
 * until a user acknowledges it for the document's newest version, `info` informs.
 */
const CheckFinding = z.object({
  severity: z.enum(['error', 'warning', 'info']),
  code: z.string(),
  message: z.string(),
  where: z.object({
    part: z.enum(['fromName', 'fromAddress', 'replyTo', 'subject', 'html', 'text']).optional(),
    line: z.number().int().optional(),
    link: z.string().optional(),
    field: z.string().optional(),
  }),
  fix: z.string(),
  /** Names the finding across checks: what POST /mailings/:id/check/acknowledgements takes. */
  key: z.string(),
  /** A warning's acknowledgement for the document's newest version: by which user, when. */
  acknowledged: z.object({ by: z.number().int(), at: z.iso.datetime() }).nullable(),
});
export type CheckFinding = z.infer<typeof CheckFinding>;

const SpamRatingResponse = z.object({
  /** `heuristic`: SpamAssassin could not rate it (`note` says why); Herald's own rough score instead. */
  source: z.enum(['spamassassin', 'heuristic']),
  score: z.number(),
  rules: z.array(z.object({ name: z.string(), score: z.number(), description: z.string() })),
  /** What would lower the score, highest first. */
  advice: z.array(z.string()),
  note: z.string().nullable(),
});

/** POST /mailings/:id/check. */
export const MailingCheckResponse = z.object({
  findings: z.array(CheckFinding),
  /** Whether the mailing is held: an error, or a warning nobody acknowledged. */
  blocking: z.boolean(),
  /** E-mail only: SpamAssassin's rating of the message (or the heuristic's), as the findings use it. */
  spamRating: SpamRatingResponse.nullable(),
});
export type MailingCheckResponse = z.infer<typeof MailingCheckResponse>;

/** POST /mailings/:id/check/acknowledgements: the keys of the warnings the user read and accepts. */
export const acknowledgeFindingsSchema = z
  .object({ keys: z.array(z.string().min(1).max(2000)).min(1, 'name at least one warning').max(500) })
  .strict();
export type AcknowledgeFindingsRequest = z.infer<typeof acknowledgeFindingsSchema>;
