import { z } from 'zod';
import { Timestamp } from './common.schema';

export const Channel = z.enum(['EMAIL', 'SMS', 'FAX']);
export type Channel = z.infer<typeof Channel>;

export const DocumentSummaryResponse = z.object({
  id: z.number().int(),
  name: z.string(),
  channel: Channel,
  updatedAt: Timestamp,
});
export type DocumentSummaryResponse = z.infer<typeof DocumentSummaryResponse>;

/** One saved version; fields a channel does not use are null. */
export const DocumentVersionResponse = z.object({
  id: z.number().int(),
  version: z.number().int().min(1),
  fromName: z.string().nullable(),
  fromAddress: z.string().nullable(),
  replyTo: z.string().nullable(),
  subject: z.string().nullable(),
  html: z.string().nullable(),
  text: z.string().nullable(),
  /** An SMS or fax document's Liquid text. */
  body: z.string().nullable(),
  /** An SMS document's segments as written (personalisation can change them per message). */
  smsSegments: z
    .object({
      encoding: z.enum(['GSM-7', 'UCS-2']),
      characters: z.number().int(),
      segments: z.number().int(),
    })
    .nullable(),
  createdAt: Timestamp,
});
export type DocumentVersionResponse = z.infer<typeof DocumentVersionResponse>;

export const DocumentResponse = z.object({
  id: z.number().int(),
  name: z.string(),
  channel: Channel,
  createdAt: Timestamp,
  updatedAt: Timestamp,
  latest: DocumentVersionResponse,
  /** Newest first, without their content. */
  versions: z.array(z.object({ id: z.number().int(), version: z.number().int().min(1), createdAt: Timestamp })),
});
export type DocumentResponse = z.infer<typeof DocumentResponse>;

export const EmailDocumentPart = z.enum(['fromName', 'fromAddress', 'replyTo', 'subject', 'html', 'text']);
export type EmailDocumentPart = z.infer<typeof EmailDocumentPart>;

/** A problem in a template: the part, the marketer's line in it when it has one, and what is wrong. */
export const TemplateErrorResponse = z.object({
  part: EmailDocumentPart,
  line: z.number().int().nullable(),
  message: z.string(),
});
export type TemplateErrorResponse = z.infer<typeof TemplateErrorResponse>;

export const DocumentPreviewResponse = z.object({
  /** The message as this profile would get it; null when a problem prevents rendering. */
  rendered: z
    .object({
      fromName: z.string(),
      fromAddress: z.string(),
      replyTo: z.string().optional(),
      subject: z.string(),
      html: z.string(),
      text: z.string(),
      unsubscribeToken: z.string(),
    })
    .nullable(),
  /** Variables the document reads that this profile does not have, e.g. `profile.city`. */
  unknownFields: z.array(z.string()),
  errors: z.array(TemplateErrorResponse),
});
export type DocumentPreviewResponse = z.infer<typeof DocumentPreviewResponse>;

export const TestMailResponse = z.object({
  sent: z.number().int().min(0),
  failures: z.array(z.object({ to: z.string(), profileId: z.number().int(), error: z.string() })),
});
export type TestMailResponse = z.infer<typeof TestMailResponse>;
