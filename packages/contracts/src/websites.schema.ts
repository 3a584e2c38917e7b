import { z } from 'zod';
import { Timestamp } from './common.schema';

export const CreateWebsiteRequest = z.strictObject({
  name: z.string().trim().min(1, 'is required').max(255),
  /** The site's host name, as visitors see it (shop.example.com). */
  domain: z
    .string()
    .trim()
    .toLowerCase()
    .max(253)
    .regex(
      /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/,
      'must be a host name such as shop.example.com',
    ),
});
export type CreateWebsiteRequest = z.infer<typeof CreateWebsiteRequest>;

export const WebsiteResponse = z.object({
  id: z.number().int(),
  name: z.string(),
  domain: z.string(),
  /** What the snippet names the site by. */
  publicKey: z.string(),
  /** The HTML to put on every page: the script, and a pixel for browsers without it. */
  snippet: z.string(),
  createdAt: Timestamp,
});
export type WebsiteResponse = z.infer<typeof WebsiteResponse>;

/** A report's days, [from, to] inclusive (UTC dates); at most a year, the last 30 days without them. */
export const WebsiteReportQuery = z
  .object({
    from: z.iso.date().optional(),
    to: z.iso.date().optional(),
  })
  .refine((q) => !q.from || !q.to || q.from <= q.to, { message: 'from must not be after to', path: ['from'] });
export type WebsiteReportQuery = z.infer<typeof WebsiteReportQuery>;

const Counts = { views: z.number().int().min(0), visitors: z.number().int().min(0) };

export const WebsiteReportResponse = z.object({
  websiteId: z.number().int(),
  from: z.string(),
  to: z.string(),
  totals: z.object(Counts),
  /** Views and unique visitors per day, every day of the period. */
  days: z.array(z.object({ date: z.string(), ...Counts })),
  /** The most viewed pages, with their own views and unique visitors. */
  pages: z.array(z.object({ path: z.string(), ...Counts })),
  /** Views that came through a mailing's link, per mailing, with the profiles they tie to. */
  mailings: z.array(
    z.object({ mailingId: z.number().int(), name: z.string(), views: z.number().int(), profiles: z.number().int() }),
  ),
});
export type WebsiteReportResponse = z.infer<typeof WebsiteReportResponse>;
