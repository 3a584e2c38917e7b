import { z } from 'zod';

/** One finding of the issue checker (packages/checks): an `error` blocks sending. */
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
});

/** POST /mailings/:id/check. */
export const MailingCheckResponse = z.object({
  findings: z.array(CheckFinding),
  /** Whether a finding keeps the mailing from being sent. */
  blocking: z.boolean(),
});
export type MailingCheckResponse = z.infer<typeof MailingCheckResponse>;
